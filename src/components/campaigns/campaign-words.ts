import type { CampaignSummary } from '@/api/contract'
import { durationWords } from '@/domain/benefit-words'
import { formatEnd, formatInstant } from '@/utils/format'

/** Display words for the campaign list (zh-CN). They only put the server's answer into words. */
export const CAMPAIGN_TYPE_LABEL: Record<CampaignSummary['type'], string> = {
  lottery: '抽奖',
  cards: '集卡',
  leaderboard: '排行榜',
  festival: '节日活动',
}

/** Where the campaign stands for this member: "进行中 · 3月2日 24:00 结束", "即将开始 · 开始时间 …", "已结束". */
export function scheduleWords(c: CampaignSummary): string {
  if (c.status === 'ended') return `已结束 · ${formatEnd(c.endsAt)}`
  if (c.status === 'upcoming') return `即将开始 · 开始时间 ${formatInstant(c.opensAt)}`
  if (c.inEarlyAccess) return `提前参与中 · ${formatInstant(c.startsAt)} 正式开始`
  return `进行中 · ${formatEnd(c.endsAt)} 结束`
}

/** Who may enter when the member cannot: "仅钻石会员可参与"; null when nothing keeps them out. */
export function gateWords(c: CampaignSummary): string | null {
  const audience = c.audience
  if (!audience) return null
  if (audience.kind === 'tier' && audience.minTier) return `仅${audience.minTier.name}可参与`
  if (audience.kind === 'new') return '仅新会员可参与'
  if (audience.kind === 'dormant') return '回归会员专享'
  return null
}

/** Tags under a campaign: "钻石会员专享", "黄金会员提前 1 小时参与". */
export function campaignTags(c: CampaignSummary): string[] {
  const tags: string[] = []
  if (c.exclusive && c.audience?.minTier) tags.push(`${c.audience.minTier.name}专享`)
  if (c.priority && c.earlyAccess) tags.push(`${c.earlyAccess.tier.name}提前 ${durationWords(c.earlyAccess.minutes)}参与`)
  if (c.signinMultiplier > 1 && c.status !== 'ended') tags.push(`签到积分 ×${c.signinMultiplier}`)
  return tags
}

/** A running campaign the server keeps this member out of (audience / tier gate): shown, entry disabled. */
export function isGated(c: CampaignSummary): boolean {
  return c.status === 'running' && !c.canEnter
}
