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
