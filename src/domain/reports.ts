/**
 * The member monthly report (会员月报, SPEC §2.9), computed per BUSINESS month from structural inputs so this
 * module needs none of the other modules' types.
 *
 * Months: any past month since the registration month, and the current month as "本月至今" (partial: true).
 * A future month is refused (REPORT_MONTH_IN_FUTURE, 422), as is a month before registration
 * (REPORT_MONTH_BEFORE_REGISTRATION, 422); a malformed month is REPORT_MONTH_INVALID (400).
 *
 * Ledger amounts: earn / grant / spend / expire are read by magnitude (either sign convention works);
 * refund and adjust must be signed (+ credit, − debit), since either direction is possible.
 */
import {
  addMonthsToMonth,
  businessDateOf,
  businessMonthOf,
  daysBetween,
  isBusinessMonth,
  monthOf,
  parseInstant,
  type BusinessDate,
  type BusinessMonth,
  type CalendarRules,
} from './calendar'
import type { Ctx } from './context'
import { RuleError } from './errors'

export type ReportLedgerType = 'earn' | 'spend' | 'expire' | 'refund' | 'grant' | 'adjust'

export interface MonthlyReportInput {
  registeredAt?: string
  ledger: { type: ReportLedgerType; amount: number; businessDate: BusinessDate }[]
  /** Sign-in records including make-ups (a make-up day counts as signed). */
  signins: { date: BusinessDate }[]
  tasksClaimed: { date: BusinessDate }[]
  couponsUsed: { usedOn: BusinessDate; savedFen: number }[]
  /** Signed growth changes (refund reversals negative). */
  growth: { amount: number; businessDate: BusinessDate }[]
  /** Tier and progress as the tiers module words them today. */
  tier: { name: string; nextTierName: string | null; progressLines: string[] }
  /** Benefits the member will have next month (zh-CN lines). */
  nextMonthBenefits: string[]
  /** Points that will expire during next month, for the preview. */
  pointsExpiringNextMonth?: number
}

export interface MonthlyReport {
  month: BusinessMonth
  /** True for the current month (data up to today). */
  partial: boolean
  /** '2026年1月' or '2026年2月(本月至今)'. */
  label: string
  /** `adjusted`: the month's operator adjustments (客服调整), signed — in none of the other figures, but in `netChange`. */
  points: { earned: number; spent: number; expired: number; returned: number; reversed: number; adjusted: number; netChange: number }
  signin: { days: number; bestStreak: number }
  tasksDone: number
  coupons: { used: number; savedFen: number }
  growth: { gained: number; reversed: number }
  tier: { name: string; nextTierName: string | null; progressLines: string[] }
  nextMonth: { month: BusinessMonth; benefits: string[]; pointsExpiring: number }
}

/**
 * A month with nothing to report: no points moved, no sign-in, task, coupon or growth. The member sees an empty
 * state for it, not a page of zeros (the tier held and next month's preview still apply).
 */
export function reportIsEmpty(report: Pick<MonthlyReport, 'points' | 'signin' | 'tasksDone' | 'coupons' | 'growth'>): boolean {
  const { points, signin, coupons, growth } = report
  return (
    points.earned + points.spent + points.expired + points.returned + points.reversed === 0 &&
    // A server from before `adjusted` sends none: nothing adjusted.
    !points.adjusted &&
    signin.days === 0 &&
    report.tasksDone === 0 &&
    coupons.used === 0 &&
    growth.gained + growth.reversed === 0
  )
}

function labelOf(month: BusinessMonth, partial: boolean): string {
  const [y, m] = month.split('-').map(Number)
  return `${y}年${m}月${partial ? '（本月至今）' : ''}`
}

/** Longest run of consecutive signed days inside the month. */
function bestStreakIn(dates: BusinessDate[]): number {
  const sorted = [...new Set(dates)].sort()
  let best = 0
  let run = 0
  for (let i = 0; i < sorted.length; i++) {
    run = i > 0 && daysBetween(sorted[i - 1], sorted[i]) === 1 ? run + 1 : 1
    best = Math.max(best, run)
  }
  return best
}

export function monthlyReport(
  input: MonthlyReportInput,
  month: string,
  ctx: Pick<Ctx<{ calendar: CalendarRules }>, 'now' | 'config'>,
): MonthlyReport {
  if (!isBusinessMonth(month)) throw new RuleError('REPORT_MONTH_INVALID', '月份格式不正确', 400, { month })
  const current = businessMonthOf(ctx.now, ctx.config.calendar)
  if (month > current) throw new RuleError('REPORT_MONTH_IN_FUTURE', '这个月的月报还没有生成', 422, { month })
  if (input.registeredAt !== undefined) {
    const registered = parseInstant(input.registeredAt)
    if (!Number.isNaN(registered) && month < businessMonthOf(registered, ctx.config.calendar)) {
      throw new RuleError('REPORT_MONTH_BEFORE_REGISTRATION', '这个月你还没有成为会员', 422, { month })
    }
  }
  const partial = month === current
  const inMonth = (date: BusinessDate) => monthOf(date) === month

  const points = { earned: 0, spent: 0, expired: 0, returned: 0, reversed: 0, adjusted: 0, netChange: 0 }
  for (const e of input.ledger) {
    if (!inMonth(e.businessDate)) continue
    const size = Math.abs(e.amount)
    switch (e.type) {
      case 'earn':
      case 'grant':
        points.earned += size
        points.netChange += size
        break
      case 'spend':
        points.spent += size
        points.netChange -= size
        break
      case 'expire':
        points.expired += size
        points.netChange -= size
        break
      case 'refund':
        if (e.amount > 0) points.returned += e.amount
        else points.reversed += size
        points.netChange += e.amount
        break
      case 'adjust':
        points.adjusted += e.amount
        points.netChange += e.amount
        break
    }
  }

  const signedDates = input.signins.map((s) => s.date).filter(inMonth)
  const coupons = input.couponsUsed.filter((c) => inMonth(c.usedOn))
  const growth = { gained: 0, reversed: 0 }
  for (const g of input.growth) {
    if (!inMonth(g.businessDate)) continue
    if (g.amount > 0) growth.gained += g.amount
    else growth.reversed += -g.amount
  }
  const nextMonth = addMonthsToMonth(month, 1)
  return {
    month,
    partial,
    label: labelOf(month, partial),
    points,
    signin: { days: new Set(signedDates).size, bestStreak: bestStreakIn(signedDates) },
    tasksDone: input.tasksClaimed.filter((t) => inMonth(t.date)).length,
    coupons: { used: coupons.length, savedFen: coupons.reduce((s, c) => s + c.savedFen, 0) },
    growth,
    tier: { name: input.tier.name, nextTierName: input.tier.nextTierName, progressLines: [...input.tier.progressLines] },
    nextMonth: { month: nextMonth, benefits: [...input.nextMonthBenefits], pointsExpiring: input.pointsExpiringNextMonth ?? 0 },
  }
}

/** Months the report page offers: from the registration month to the current month, newest first. */
export function reportMonths(registeredAt: string, ctx: Pick<Ctx<{ calendar: CalendarRules }>, 'now' | 'config'>): BusinessMonth[] {
  const registered = parseInstant(registeredAt)
  const current = businessMonthOf(ctx.now, ctx.config.calendar)
  const first = Number.isNaN(registered) ? current : monthOf(businessDateOf(registered, ctx.config.calendar))
  const out: BusinessMonth[] = []
  for (let m = current; m >= first; m = addMonthsToMonth(m, -1)) out.push(m)
  return out
}
