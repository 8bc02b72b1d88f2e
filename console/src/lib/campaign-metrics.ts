/** 数据看板's 活动效果 table and its CSV export: one row per campaign, with what each figure is made of. */
import { liftWords } from '@/packages/admin/metrics-words'
import type { Metrics } from '../api'
import type { CsvColumn } from './csv'
import { fmtCost } from './format'

type Rate = Metrics['paidMemberRate']
type Campaign = Metrics['campaigns'][number]

/** A column of a metrics table: the CSV's value, and the table's words where they differ from it. */
export type MetricsColumn<T> = CsvColumn<T> & { key: string; align?: 'right'; render?: (row: T) => string }

/** A rate as the server words it (12.50%), '—' for none. */
export const pct = (r: Rate | null | undefined): string => (r ? r.percent : '—')

/**
 * A retention lift in percentage points: signed in the table (+1.98 pp, or why there is none: liftWords, shared with
 * the H5 page); a plain number in the CSV, under a title that says pp, so a spreadsheet reads a number (a cell of text
 * starting with + is written guarded, '+1.98 pp).
 */
const liftPp = (bp: number | null): number | null => (bp === null ? null : bp / 100)

export const CAMPAIGN_COLUMNS: MetricsColumn<Campaign>[] = [
  { key: 'name', title: '活动', value: (r) => r.name },
  { key: 'participants', title: '参与人数', value: (r) => r.participants, align: 'right' },
  { key: 'participation', title: '参与率', value: (r) => r.participation.percent, align: 'right' },
  { key: 'completion', title: '完成率', value: (r) => r.completion.percent, align: 'right' },
  // Not started yet: its before-window is not over, and there is no after; said, not shown as a figure.
  { key: 'before', title: '活动前 7 日留存', value: (r) => (r.started ? r.retentionBefore.percent : '活动未开始'), align: 'right' },
  { key: 'after', title: '活动后 7 日留存', value: (r) => pct(r.retentionAfter), align: 'right' },
  { key: 'lift', title: '留存提升（pp）', value: (r) => liftPp(r.retentionLiftBasisPoints) ?? '—', render: (r) => liftWords(r, 'pp'), align: 'right' },
  { key: 'cost', title: '奖品与券成本', value: (r) => fmtCost(r.roi), align: 'right' },
  { key: 'roi', title: 'ROI', value: (r) => r.roi.display, align: 'right' },
]
