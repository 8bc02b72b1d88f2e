import type { CardsDetail } from '@/api/contract'
import type { RouteName } from '@/utils/routes'

type Action = CardsDetail['actionsLeftToday'][number]

/** How a card is earned, and where the member does it. 'share' is listed only where sharing is rewarded. */
export const CARD_ACTIONS: Record<Action, { label: string; route: RouteName }> = {
  signin: { label: '每日签到', route: 'signin' },
  core_use: { label: '下单', route: 'shop' },
  task: { label: '完成任务', route: 'tasks' },
  invite_registered: { label: '邀请好友注册', route: 'invite' },
  share: { label: '分享活动给好友', route: 'invite' },
}

/**
 * The ways to earn a card in this campaign: the configured actions when known (else today's), without 'share'
 * unless the platform rewards it (SPEC §1.6: never on mini programs by default).
 */
export function cardEarnActions(configured: Action[] | undefined, leftToday: Action[], shareRewards: boolean): Action[] {
  const all = configured ?? leftToday
  return all.filter((a) => a !== 'share' || shareRewards)
}
