/**
 * The console's CSV (console/src/lib/csv.ts `toCsv`, behind every 导出 CSV): a text cell a spreadsheet would run as a
 * formula is written guarded, a number is written as a number — and 数据看板's 活动效果 export gives the retention
 * lift as a number under a title that says pp, not as the guarded text '+1.98 pp.
 */
import { CAMPAIGN_COLUMNS } from '../../console/src/lib/campaign-metrics'
import { toCsv } from '../../console/src/lib/csv'

const rows = (csv: string) => csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n')

test('a formula-like text is guarded; a signed number, as a number or as text, is written as it is', () => {
  const cells = ['=HYPERLINK("http://x","y")', '+1.98 pp', '-cmd', '@SUM(A1)', '+1.98', '-0.5', -0.5, 1.98, '12.50%']
  expect(rows(toCsv([{ title: '值', value: (v: string | number) => v }], cells))).toEqual([
    '值',
    `"'=HYPERLINK(""http://x"",""y"")"`,
    "'+1.98 pp",
    "'-cmd",
    "'@SUM(A1)",
    '+1.98',
    '-0.5',
    '-0.5',
    '1.98',
    '12.50%',
  ])
})

test('活动效果 CSV: the lift in pp as a signed number, none as —', () => {
  const rate = (bp: number) => ({ numerator: bp, denominator: 10_000, basisPoints: bp, percent: `${bp / 100}%` })
  const campaign = (name: string, lift: number | null) => ({
    campaignId: name,
    name,
    participants: 1200,
    participation: rate(1250),
    completion: rate(800),
    started: true,
    retentionBefore: rate(3000),
    retentionAfter: rate(3000 + (lift ?? 0)),
    retentionLiftBasisPoints: lift,
    roi: { valueFen: 0, costFen: 0, creditFen: 0, ratioHundredths: null, display: '—' },
  })
  const csv = rows(toCsv(CAMPAIGN_COLUMNS, [campaign('双十二', 198), campaign('春节', -50), campaign('新活动', null)]))
  expect(csv[0]).toBe('活动,参与人数,参与率,完成率,活动前 7 日留存,活动后 7 日留存,留存提升（pp）,奖品与券成本,ROI')
  expect(csv.slice(1).map((line) => line.split(',')[6])).toEqual(['1.98', '-0.5', '—'])
  // The table keeps the signed words.
  const lift = CAMPAIGN_COLUMNS.find((c) => c.key === 'lift')!
  expect([198, -50, null].map((bp) => lift.render!(campaign('x', bp)))).toEqual(['+1.98 pp', '-0.50 pp', '—'])
  // Without a lift, why, in the words of the H5 运营看板 (liftWords): not started, or its after-window not over.
  expect(lift.render!({ ...campaign('x', null), started: false, retentionAfter: null })).toBe('活动未开始')
  expect(lift.render!({ ...campaign('x', null), retentionAfter: null })).toBe('观察期未结束')
})
