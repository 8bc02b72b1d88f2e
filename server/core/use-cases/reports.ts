/**
 * `GET /reports/monthly?month=YYYY-MM`: the member monthly report (reports.ts) and the months on offer. It reads
 * one month of history (ledger, sign-ins, daily metrics, coupons used), never the member's whole past. A past
 * month shows the tier held at its end (from the tier history), without today's progress advice.
 */
import type { MonthlyReportResponse } from '../../../src/api/contract'
import {
  addMonthsToMonth,
  businessDateOf,
  endOfBusinessDay,
  firstDayOfMonth,
  lastDayOfMonth,
  monthOf,
  parseInstant,
  startOfBusinessDay,
  toIso,
  type BusinessDate,
  type BusinessMonth,
} from '../../../src/domain/calendar'
import { expiringSummary } from '../../../src/domain/points'
import { monthlyReport, reportMonths, type MonthlyReportInput } from '../../../src/domain/reports'
import { findTier, nextTierProgress, type TierDefinition } from '../../../src/domain/tiers'
import type { RouteEntry } from '../route'
import type { MemberTx } from '../tx'
import { queryMonth } from '../validate'
import { overlay } from '../working-set'

/** The instants a business month starts and ends (the next one's start: 9999-12 has none in the calendar). */
function monthSpan(month: BusinessMonth, tx: MemberTx): { from: string; to: string } {
  const calendar = tx.rules.calendar
  return { from: toIso(startOfBusinessDay(firstDayOfMonth(month), calendar)), to: toIso(endOfBusinessDay(lastDayOfMonth(month), calendar) + 1) }
}

/** The effective tier at the end of a past month: the tier history says what it changed from after then. */
async function tierAtEndOf(tx: MemberTx, month: BusinessMonth): Promise<TierDefinition> {
  const end = monthSpan(month, tx).to
  const later = (await tx.work.scope.tierChanges(tx.member.id, 1000)).filter((c) => c.at >= end)
  const first = later.at(-1)
  return (first && findTier(tx.rules.tiers, first.from)) || tx.effective().tier
}

async function reportInput(tx: MemberTx, month: BusinessMonth): Promise<MonthlyReportInput> {
  const m = tx.member
  const scope = tx.work.scope
  const inMonth = (date: BusinessDate) => monthOf(date) === month
  const ledger = await scope.ledgerOfMonth(m.id, month)
  const signins = overlay(await scope.signinsOfMonth(m.id, month), m.signin.records.filter((r) => inMonth(r.date)), (r) => r.date).map((r) => ({ date: r.date }))
  const days = { ...(await scope.daysOfMonth(m.id, month)) }
  for (const [date, d] of Object.entries(m.metricsByDay)) if (inMonth(date)) days[date] = d
  const tasksClaimed: { date: BusinessDate }[] = []
  const growth: { amount: number; businessDate: BusinessDate }[] = []
  for (const [date, d] of Object.entries(days)) {
    for (let i = 0; i < (d.tasksCompleted ?? 0); i++) tasksClaimed.push({ date })
    // Gained that day, what refunds took back since included; taken back that day (reports.ts: gained / reversed).
    const gained = (d.growth ?? 0) + (d.growthWithdrawn ?? 0)
    if (gained > 0) growth.push({ amount: gained, businessDate: date })
    if (d.growthReversed) growth.push({ amount: -d.growthReversed, businessDate: date })
  }
  const span = monthSpan(month, tx)
  const couponsUsed = []
  for (const c of await scope.couponsUsedBetween(m.id, span.from, span.to)) {
    const order = c.usedOrderId ? await scope.order(m.id, c.usedOrderId) : null
    // Used on an order refunded since (its coupon kept: past its validity), it saved nothing: the money came back whole.
    const savedFen = order && order.status !== 'refunded' ? (order.quote.coupon?.discountFen ?? 0) : 0
    couponsUsed.push({ usedOn: businessDateOf(parseInstant(c.usedAt as string), tx.rules.calendar), savedFen })
  }
  const current = month >= monthOf(tx.today)
  const effective = current ? tx.effective().tier : await tierAtEndOf(tx, month)
  // A past month's report says the tier the member held then, and no advice for today.
  const progress = current ? nextTierProgress(tx.metrics(), effective.id, tx.rules.tiers) : { nextTierName: null, words: [] }
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
    pointsExpiringNextMonth: current
      ? expiringSummary(m.points, tx.ctx.now)
          .filter((g) => monthOf(g.date) === nextMonth)
          .reduce((s, g) => s + g.amount, 0)
      : 0,
  }
}

export const reportsRoutes: RouteEntry[] = [
  [
    'GET',
    '/reports/monthly',
    {
      auth: 'member',
      handler: async (args) => {
        const tx = await args.me()
        const month = queryMonth(args.query, 'month') ?? monthOf(tx.today)
        const input = await reportInput(tx, month)
        const body: MonthlyReportResponse = { ...monthlyReport(input, month, tx.ctx), availableMonths: reportMonths(tx.member.registeredAt, tx.ctx) }
        return { body }
      },
    },
  ],
]
