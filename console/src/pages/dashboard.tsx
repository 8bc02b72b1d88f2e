/**
 * 数据看板 (SPEC §2.11): `GET /admin/metrics?from&to` as figures, ECharts charts and tables, each table with a CSV
 * export: activity, retention, tiers (distribution and movement), campaigns (participation, cost, ROI) and the
 * points liability (a snapshot of now, whatever the range).
 */
import { ReloadOutlined } from '@ant-design/icons'
import { CAMPAIGNS_NOTE, retentionNote, roiBasis, soFar } from '@/packages/admin/metrics-words'
import { Button, Card, Col, DatePicker, Flex, Row, Segmented, Statistic, Table, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { type ReactNode, useMemo, useState } from 'react'
import { api, type Metrics } from '../api'

type Rate = Metrics['paidMemberRate']
import { CsvButton } from '../components/csv-button'
import { EChart } from '../components/echart'
import { PageHeader } from '../components/page-header'
import { Loadable } from '../components/page-state'
import { CAMPAIGN_COLUMNS, type MetricsColumn, pct } from '../lib/campaign-metrics'
import { tierTooltip } from '../lib/chart-text'
import { currentRules, tierNamer } from '../lib/current-rules'
import { businessToday, fmtFen } from '../lib/format'
import { useRequest } from '../lib/hooks'

/** A rate's sample: "12 / 300". */
const ratio = (r: Rate) => `${r.numerator} / ${r.denominator}`
const rateNum = (r: Rate | null | undefined) => (r?.basisPoints === null || r?.basisPoints === undefined ? null : r.basisPoints / 100)

const RANGES = { '近 7 天': 7, '近 30 天': 30, '近 90 天': 90 } as const
/** The longest range the server sums, in days (MAX_RANGE_DAYS of server/core/use-cases/admin.ts). */
const MAX_RANGE_DAYS = 366

type ChartOption = Record<string, unknown>

/** A figure with what it is made of (12 / 300, 价值 / 成本, 可抵 ¥…) as text under it: read without a mouse too. */
function Kpi({ title, value, hint }: { title: string; value: string | number; hint?: string }) {
  return (
    <Card size="small" className="kpi" style={{ height: '100%' }}>
      <Statistic title={title} value={value} />
      {hint ? (
        <Typography.Text type="secondary" className="kpi-hint">
          {hint}
        </Typography.Text>
      ) : null}
    </Card>
  )
}

function TableCard<T extends object>({
  title,
  csvName,
  columns,
  rows,
  rowKey,
  chart,
  note,
  period,
}: {
  title: string
  csvName: string
  /** The range the rows are of (`2026-10-01_2026-10-15`), for figures of the chosen period: the CSV is named by it, and the table opens on its first page when it changes. */
  period?: string
  columns: MetricsColumn<T>[]
  rows: T[]
  rowKey: (r: T) => string
  chart?: ReactNode
  /** A line under the table: what a figure means, or why it is missing. */
  note?: ReactNode
}) {
  return (
    <Card title={title} size="small" extra={<CsvButton name={csvName} stamp={period} columns={columns} rows={rows} />} style={{ height: '100%' }}>
      {chart}
      <Table<T>
        key={period}
        size="small"
        rowKey={rowKey}
        dataSource={rows}
        pagination={rows.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        // Counts with thousands separators, as the KPI cards show them (the CSV keeps the plain numbers).
        columns={columns.map((c) => ({
          key: c.key,
          title: c.title,
          align: c.align,
          render: (_: unknown, r: T) => {
            if (c.render) return c.render(r)
            const v = c.value(r)
            return typeof v === 'number' ? v.toLocaleString('zh-CN') : v
          },
        }))}
      />
      {note ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {note}
        </Typography.Paragraph>
      ) : null}
    </Card>
  )
}

/** Two segments' D1/D7/D30 rates side by side (retention by segment, return by plan): one row per day key. */
interface PairedRow {
  key: string
  a: Rate | undefined
  b: Rate | undefined
}

function pairedRows(keys: string[], a: Record<string, Rate>, b: Record<string, Rate>): PairedRow[] {
  return keys.map((key) => ({ key, a: a[key], b: b[key] }))
}

function pairedRateBars(rows: PairedRow[], [a, b]: [string, string]): ChartOption {
  return {
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
    legend: { top: 0 },
    xAxis: { type: 'category', data: rows.map((r) => r.key.toUpperCase()) },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' }, max: 100 },
    series: [
      { name: a, type: 'bar', data: rows.map((r) => rateNum(r.a)) },
      { name: b, type: 'bar', data: rows.map((r) => rateNum(r.b)) },
    ],
  }
}

function pairedRateColumns(dayTitle: string, [a, b]: [string, string]): MetricsColumn<PairedRow>[] {
  return [
    { key: 'day', title: dayTitle, value: (r) => r.key.toUpperCase() },
    { key: 'a', title: a, value: (r) => pct(r.a), align: 'right' },
    { key: 'aN', title: `${a}样本`, value: (r) => (r.a ? ratio(r.a) : '—'), align: 'right' },
    { key: 'b', title: b, value: (r) => pct(r.b), align: 'right' },
    { key: 'bN', title: `${b}样本`, value: (r) => (r.b ? ratio(r.b) : '—'), align: 'right' },
  ]
}

const RETENTION_SEGMENTS: [string, string] = ['会员', '非会员']
// 未付费, not 普通会员: that is also the lowest tier's name, and members who earned a tier without a plan count here.
const RETURN_SEGMENTS: [string, string] = ['付费会员', '未付费会员']

function MetricsView({ m, tierName }: { m: Metrics; tierName: (id: string) => string }) {
  const daily = m.dailyActive
  const tiers = m.tierDistribution
  const campaigns = m.campaigns
  const liability = m.liability.expiringByMonth
  const { retentionRows, returnRows } = useMemo(() => {
    const keys = [...new Set([...Object.keys(m.retention.member), ...Object.keys(m.retention.nonMember)])].sort((a, b) => Number(a.replace(/\D/g, '')) - Number(b.replace(/\D/g, '')))
    return { retentionRows: pairedRows(keys, m.retention.member, m.retention.nonMember), returnRows: pairedRows(keys, m.returnByPlan.paid, m.returnByPlan.free) }
  }, [m.retention, m.returnByPlan])

  const { completeThrough } = m
  const period = `${m.from}_${m.to}`
  const dailyOption = useMemo<ChartOption>(() => {
    // Today has not ended: its figure is a point of its own (hollow, grey), not the line falling to a half day.
    const complete = daily.map((d) => (d.date <= completeThrough ? d.users : null))
    const partial = daily.map((d) => (d.date > completeThrough ? d.users : null))
    const hasPartial = daily.some((d) => d.date > completeThrough)
    return {
      grid: { left: 48, right: 16, top: hasPartial ? 36 : 24, bottom: daily.length > 31 ? 56 : 28 },
      tooltip: { trigger: 'axis' },
      legend: hasPartial ? { top: 0 } : undefined,
      xAxis: { type: 'category', data: daily.map((d) => d.date) },
      yAxis: { type: 'value', minInterval: 1 },
      dataZoom: daily.length > 31 ? [{ type: 'slider', height: 18, bottom: 8 }] : [],
      series: [
        { name: '日活跃用户', type: 'line', smooth: true, showSymbol: daily.length <= 31, areaStyle: { opacity: 0.12 }, data: complete },
        ...(hasPartial ? [{ name: '今日（截至目前）', type: 'line', data: partial, showSymbol: true, symbol: 'emptyCircle', symbolSize: 8, itemStyle: { color: '#8c8c8c' } }] : []),
      ],
    }
  }, [daily, completeThrough])
  // Each slice says the share the table and the CSV say (the server's), not the chart's own rounding to 100%.
  const tierOption = useMemo<ChartOption>(() => {
    const share = new Map(tiers.map((t) => [tierName(t.tierId), t.share.percent]))
    return {
      tooltip: { trigger: 'item', formatter: tierTooltip(share) },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['38%', '68%'],
          center: ['50%', '45%'],
          label: { formatter: (p: { name: string }) => `${p.name}\n${share.get(p.name)}` },
          data: tiers.map((t) => ({ name: tierName(t.tierId), value: t.members })),
        },
      ],
    }
  }, [tiers, tierName])
  const retentionOption = useMemo(() => pairedRateBars(retentionRows, RETENTION_SEGMENTS), [retentionRows])
  const returnOption = useMemo(() => pairedRateBars(returnRows, RETURN_SEGMENTS), [returnRows])
  const campaignOption = useMemo<ChartOption>(
    () => ({
      grid: { left: 48, right: 16, top: 36, bottom: 40 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
      legend: { top: 0 },
      xAxis: { type: 'category', data: campaigns.map((c) => c.name), axisLabel: { interval: 0, overflow: 'truncate', width: 90 } },
      yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
      series: [
        { name: '参与率', type: 'bar', data: campaigns.map((c) => rateNum(c.participation)) },
        { name: '完成率', type: 'bar', data: campaigns.map((c) => rateNum(c.completion)) },
      ],
    }),
    [campaigns],
  )
  const liabilityOption = useMemo<ChartOption>(
    () => ({
      grid: { left: 56, right: 16, top: 24, bottom: 28 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v} 积分` },
      xAxis: { type: 'category', data: liability.map((r) => r.month) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: '到期积分', type: 'bar', data: liability.map((r) => r.points) }],
    }),
    [liability],
  )

  const kpis: { title: string; value: string | number; hint?: string }[] = [
    { title: '新增会员', value: m.newMembers },
    { title: '付费会员转化率', value: m.paidMemberRate.percent, hint: ratio(m.paidMemberRate) },
    { title: '权益使用率', value: m.benefitUsage.percent, hint: ratio(m.benefitUsage) },
    { title: '签到参与率', value: m.signinParticipation.percent },
    // A range of today alone: today's figure so far, said so.
    { title: '日活 DAU', value: m.dau, hint: `${m.dauOn}${soFar(m.dauOn, m.completeThrough)}` },
    { title: '月活 MAU', value: m.mau },
    { title: 'DAU / MAU', value: m.dauMau.percent },
    { title: 'ROI（留存价值 / 奖品与券成本）', value: m.roi.display, hint: roiBasis(m.roi, fmtFen) },
    { title: '积分负债（未使用积分）', value: m.liability.outstandingPoints, hint: `可抵 ${fmtFen(m.liability.valueFen)}` },
    { title: '等级升级 / 降级（人次）', value: `${m.tierMovement.upgrades} / ${m.tierMovement.downgrades}` },
  ]

  return (
    <>
      <Typography.Paragraph type="secondary">
        统计区间 {m.from} 至 {m.to}，数据完整至 {m.completeThrough}（业务日期）；会员等级分布和积分负债为当前时点的数据，不随区间变化。
      </Typography.Paragraph>
      <Row gutter={[12, 12]}>
        {kpis.map((k) => (
          <Col key={k.title} xs={12} md={8} xl={6}>
            <Kpi {...k} />
          </Col>
        ))}
      </Row>

      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} xl={14}>
          <TableCard
            title="日活趋势"
            csvName="metrics-daily-active"
            period={period}
            rows={daily}
            rowKey={(r) => r.date}
            chart={<EChart option={dailyOption} label="日活跃用户趋势折线图" />}
            columns={[
              // Today has not ended: its row (and the CSV's) says its figure is so far, as the chart's legend does.
              { key: 'date', title: '日期', value: (r) => `${r.date}${soFar(r.date, completeThrough)}` },
              { key: 'users', title: '活跃用户', value: (r) => r.users, align: 'right' },
            ]}
          />
        </Col>
        <Col xs={24} xl={10}>
          <TableCard
            title="会员等级分布"
            csvName="metrics-tiers"
            rows={tiers}
            rowKey={(r) => r.tierId}
            chart={<EChart option={tierOption} label="会员等级分布环形图" height={260} />}
            columns={[
              { key: 'tier', title: '等级', value: (r) => tierName(r.tierId) },
              { key: 'members', title: '会员数', value: (r) => r.members, align: 'right' },
              { key: 'share', title: '占比', value: (r) => r.share.percent, align: 'right' },
            ]}
          />
        </Col>
        <Col xs={24} xl={12}>
          <TableCard
            title="留存：会员 vs 非会员"
            csvName="metrics-retention"
            period={period}
            rows={retentionRows}
            rowKey={(r) => r.key}
            chart={<EChart option={retentionOption} label="会员与非会员留存率柱状图" height={240} />}
            // Signing in makes a visitor a member (普通会员转化率 100%): a deployment without anonymous visitors has
            // no non-member to compare with, which is said rather than drawn as 0.
            note={retentionNote(m)}
            columns={pairedRateColumns('留存', RETENTION_SEGMENTS)}
          />
        </Col>
        <Col xs={24} xl={12}>
          <TableCard
            title="回访率：付费会员 vs 未付费会员"
            csvName="metrics-return-by-plan"
            period={period}
            rows={returnRows}
            rowKey={(r) => r.key}
            chart={<EChart option={returnOption} label="付费会员与未付费会员回访率柱状图" height={240} />}
            note="区间内每位活跃用户的每个活跃日算一个样本：当天已开通过付费会员的计入付费会员，N 天后再次活跃即为回访。"
            columns={pairedRateColumns('回访', RETURN_SEGMENTS)}
          />
        </Col>
        <Col xs={24}>
          <TableCard
            title="活动效果"
            note={CAMPAIGNS_NOTE}
            csvName="metrics-campaigns"
            period={period}
            rows={campaigns}
            rowKey={(r) => r.campaignId}
            chart={campaigns.length ? <EChart option={campaignOption} label="各活动参与率与完成率柱状图" height={240} /> : undefined}
            columns={CAMPAIGN_COLUMNS}
          />
        </Col>
        <Col xs={24} xl={12}>
          <TableCard
            title="等级变动"
            csvName="metrics-tier-movement"
            period={period}
            rows={m.tierMovement.flows}
            rowKey={(r) => `${r.from}>${r.to}`}
            columns={[
              { key: 'from', title: '原等级', value: (r) => tierName(r.from) },
              { key: 'to', title: '新等级', value: (r) => tierName(r.to) },
              { key: 'changes', title: '人次', value: (r) => r.changes, align: 'right' },
            ]}
          />
        </Col>
        <Col xs={24} xl={12}>
          <TableCard
            title="积分负债：按到期月份"
            csvName="metrics-points-liability"
            rows={liability}
            rowKey={(r) => r.month}
            chart={liability.length ? <EChart option={liabilityOption} label="未使用积分按到期月份柱状图" height={220} /> : undefined}
            columns={[
              { key: 'month', title: '到期月份', value: (r) => r.month },
              { key: 'points', title: '积分', value: (r) => r.points, align: 'right' },
            ]}
          />
        </Col>
      </Row>
    </>
  )
}

export default function DashboardPage() {
  const today = businessToday()
  const [range, setRange] = useState<[string, string]>([dayjs(today).subtract(29, 'day').format('YYYY-MM-DD'), today])
  const metrics = useRequest(() => api.metrics(range[0], range[1]), [range[0], range[1]])
  const rules = useRequest(() => currentRules(), [])
  const tierName = useMemo(() => tierNamer(rules.data?.document), [rules.data])
  const quick = Object.entries(RANGES).find(([, n]) => range[1] === today && range[0] === dayjs(today).subtract(n - 1, 'day').format('YYYY-MM-DD'))?.[0]
  return (
    <>
      <PageHeader
        title="数据看板"
        extra={
          <Flex gap={8} wrap align="center">
            <Segmented
              aria-label="快捷区间"
              value={quick ?? ''}
              options={Object.keys(RANGES)}
              onChange={(v) => setRange([dayjs(today).subtract(RANGES[v as keyof typeof RANGES] - 1, 'day').format('YYYY-MM-DD'), today])}
            />
            <DatePicker.RangePicker
              aria-label="统计区间"
              allowClear={false}
              value={[dayjs(range[0]), dayjs(range[1])]}
              // No future day, and at most the 366 days the server sums (a longer range answered 400 on every card).
              disabledDate={(d: Dayjs, info?: { from?: Dayjs }) => d.format('YYYY-MM-DD') > today || (info?.from !== undefined && Math.abs(d.diff(info.from, 'day')) >= MAX_RANGE_DAYS)}
              onChange={(v) => {
                if (v?.[0] && v[1]) setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')])
              }}
            />
            <Button icon={<ReloadOutlined />} onClick={metrics.reload} aria-label="刷新">
              刷新
            </Button>
          </Flex>
        }
      />
      <Loadable state={metrics} rows={10}>
        {(m) => <MetricsView m={m} tierName={tierName} />}
      </Loadable>
    </>
  )
}
