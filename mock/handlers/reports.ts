/** `GET /reports/monthly?month=YYYY-MM`: the member monthly report (reports.ts) and the months on offer. */
import type { MonthlyReportResponse } from '../../src/api/contract'
import { addMonthsToMonth, businessDateOf, monthOf, parseInstant, type BusinessDate } from '../../src/domain/calendar'
import { expiringSummary } from '../../src/domain/points'
import { monthlyReport, reportMonths, type MonthlyReportInput, type ReportLedgerType } from '../../src/domain/reports'
import { nextTierProgress } from '../../src/domain/tiers'
import { readTx, type RouteEntry, type Tx } from '../state'
import { queryMonth } from '../validate'

function reportInput(tx: Tx): MonthlyReportInput {
  const m = tx.member
  const ledger: MonthlyReportInput['ledger'] = m.points.ledger.map((e) => ({ type: e.type, amount: e.amount, businessDate: e.businessDate }))
  // Months folded by storage compaction come back as one line per type.
  for (const [month, a] of Object.entries(m.ledgerArchive)) {
    const day = `${month}-01`
    const lines: [ReportLedgerType, number][] = [
      ['earn', a.earn],
      ['grant', a.grant],
      ['spend', -a.spend],
      ['expire', -a.expire],
      ['refund', a.refundIn],
      ['refund', -a.refundOut],
      ['adjust', a.adjust],
    ]
    for (const [type, amount] of lines) if (amount !== 0) ledger.push({ type, amount, businessDate: day })
  }
  const tasksClaimed: { date: BusinessDate }[] = []
  const growth: { amount: number; businessDate: BusinessDate }[] = []
  for (const [date, d] of Object.entries(m.metricsByDay)) {
    for (let i = 0; i < (d.tasksCompleted ?? 0); i++) tasksClaimed.push({ date })
    if (d.growth) growth.push({ amount: d.growth, businessDate: date })
  }
  const signins = m.signin.records.map((r) => ({ date: r.date }))
  for (const [month, a] of Object.entries(m.metricsArchive)) {
    const day = `${month}-01`
    for (let i = 0; i < a.tasksCompleted; i++) tasksClaimed.push({ date: day })
    if (a.growthGained) growth.push({ amount: a.growthGained, businessDate: day })
    if (a.growthReversed) growth.push({ amount: -a.growthReversed, businessDate: day })
  }
  for (const [month, mask] of Object.entries(m.signinArchive)) {
    for (let d = 1; d <= 31; d++) if (mask & (1 << (d - 1))) signins.push({ date: `${month}-${String(d).padStart(2, '0')}` })
  }
  const couponsUsed = m.wallet.coupons
    .filter((c) => c.usedAt !== null)
    .map((c) => ({
      usedOn: businessDateOf(parseInstant(c.usedAt as string), tx.rules.calendar),
      savedFen: (c.usedOrderId && tx.db.orders[c.usedOrderId]?.quote.coupon?.discountFen) || 0,
    }))
  const effective = tx.effective().tier
  const progress = nextTierProgress(tx.metrics(), effective.id, tx.rules.tiers)
  const nextMonth = addMonthsToMonth(monthOf(tx.today), 1)
  return {
    registeredAt: m.registeredAt,
    ledger,
    signins,
    tasksClaimed,
    couponsUsed,
    growth,
    tier: { name: effective.name, nextTierName: progress.nextTierName, progressLines: progress.words },
    nextMonthBenefits: effective.benefits,
    pointsExpiringNextMonth: expiringSummary(m.points, tx.ctx.now)
      .filter((g) => monthOf(g.date) === nextMonth)
      .reduce((s, g) => s + g.amount, 0),
  }
}

export const reportsRoutes: RouteEntry[] = [
  [
    'GET',
    '/reports/monthly',
    {
      auth: 'member',
      handler: (args) => {
        const tx = readTx(args)
        const month = queryMonth(args.query, 'month') ?? monthOf(tx.today)
        const body: MonthlyReportResponse = { ...monthlyReport(reportInput(tx), month, tx.ctx), availableMonths: reportMonths(tx.member.registeredAt, tx.ctx) }
        return { body }
      },
    },
  ],
]
