/**
 * Tier benefits as members read them, one name each wherever they appear: the tiers' benefit lines (tiers.ts), the
 * 会员权益 table, the mark on a task a benefit raised. No imports: the task list (main package) takes the words
 * without the tier rules.
 */

/**
 * The monthly free service as a tier's benefit: its own name (the 会员权益 card, 兑换记录 and the 权益可用 message use
 * it), then how many a month — "会员月度免费饮品（每月 3 次）".
 */
export function freeServiceBenefitWords(name: string, perMonth: number): string {
  return `${name}（每月 ${perMonth} 次）`
}

/**
 * The benefit `campaignTaskDoublePoints`: the tasks marked `memberDouble` (the campaign tasks) pay
 * `memberDoublePercent` of their points (tasks.ts; 200 = double) — "活动任务积分翻倍".
 */
export function campaignTaskDoubleWords(memberDoublePercent = 200): string {
  return memberDoublePercent === 200 ? '活动任务积分翻倍' : `活动任务积分 ×${memberDoublePercent / 100}`
}

/** How long ahead a tier may join a campaign, one wording everywhere: "60" → "1 小时", "90" → "90 分钟". */
export function durationWords(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60} 小时` : `${minutes} 分钟`
}
