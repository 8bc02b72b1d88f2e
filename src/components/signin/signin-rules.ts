import type { SigninCalendarResponse } from '@/api/contract'
import type { PointsCaps } from '@/domain/points'
import type { SigninRules } from '@/domain/signin'

/** The sign-in rules in words, from the configured rules (so the page never repeats a number). */
export function signinRuleLines(rules: SigninRules): string[] {
  const bonuses = rules.bonuses
    .map((b) => `第 ${b.day} 天额外得 ${b.points} 积分${b.couponTemplateId ? '和专属优惠券' : ''}`)
    .join('，')
  return [
    `每天可签到 1 次，基础积分随会员等级提高。连续签到${bonuses}。`,
    `每 ${rules.cycleDays} 天为一个周期，之后重新计算奖励，连续天数继续累计；中断一天连续天数清零。`,
    `补签仅限本月已错过的日期，每次消耗 ${rules.makeup.costPoints} 积分，每月最多 ${rules.makeup.maxPerMonth} 次，补签后连续天数按已签到计算。`,
  ]
}

type TodaysCalendar = Pick<SigninCalendarResponse, 'basePoints' | 'signedToday' | 'nextBonus'>

/** The points caps as the points summary last told them, and whether they cut sign-in points (`grantSources.signin.capped`). */
export interface SigninCaps {
  caps: PointsCaps
  capped: boolean
}

/**
 * Points a sign-in today pays, as its buttons say it (立即签到 +54 积分, 去签到 +54): the base, plus the streak bonus
 * when today's sign-in is the one that reaches it — what the result sheet then shows (基础 24 + 连签奖励 30) — and,
 * with the caps known, no more than the day's and the month's caps leave.
 */
export function todaysSigninPoints(calendar: TodaysCalendar, under?: SigninCaps | null): number {
  const bonusToday = !calendar.signedToday && calendar.nextBonus?.inDays === 1 ? calendar.nextBonus.points : 0
  const points = calendar.basePoints + bonusToday
  if (!under?.capped) return points
  const { dayLimit, dayUsed, monthLimit, monthUsed } = under.caps
  return Math.max(0, Math.min(points, dayLimit - dayUsed, monthLimit - monthUsed))
}

/** Said under 立即签到 when the caps cut today's sign-in points (the sign-in still counts for the streak); null otherwise. */
export function signinCapNote(calendar: TodaysCalendar, under?: SigninCaps | null): string | null {
  if (calendar.signedToday || !under?.capped) return null
  const gets = todaysSigninPoints(calendar, under)
  if (gets >= todaysSigninPoints(calendar)) return null
  const { dayLimit, dayUsed, monthLimit, monthUsed } = under.caps
  const when = monthLimit - monthUsed < dayLimit - dayUsed ? '本月' : '今日'
  return gets > 0 ? `${when}积分即将达到上限，本次签到只能得 ${gets} 积分，仍计入连续签到` : `${when}积分已达上限，本次签到不得积分，仍计入连续签到`
}
