import type { CampaignSummary } from '@/api/contract'
import { go, replaceWith, type RouteName } from '@/utils/routes'

/** Each campaign type opens its own page; a festival (theme and sign-in multiplier) is lived on the sign-in page. */
const PAGE_OF: Record<CampaignSummary['type'], RouteName> = { lottery: 'lottery', cards: 'cards', leaderboard: 'leaderboard', festival: 'signin' }

/**
 * What opening a campaign does, in words on its card: a festival is the sign-in page ("去签到 ›") while it runs or is
 * to come, and once it has ended there is nothing to open (null); the others open their own page.
 */
export function campaignGoWords(c: Pick<CampaignSummary, 'type' | 'status'>): string | null {
  if (c.type === 'festival') return c.status === 'ended' ? null : '去签到 ›'
  return c.status === 'ended' ? '看结果 ›' : '去参与 ›'
}

export function openCampaign(c: Pick<CampaignSummary, 'id' | 'type'>): void {
  const page = PAGE_OF[c.type]
  if (page === 'signin') go(page)
  else go(page, { id: c.id })
}

/**
 * A campaign page asked for a campaign of another type (a link to 抽奖 with a 集卡 campaign's id: an old share, a
 * campaign made again under its id): that campaign's own page takes this one's place.
 */
export function reopenCampaign(c: Pick<CampaignSummary, 'id' | 'type'>): void {
  const page = PAGE_OF[c.type]
  if (page === 'signin') replaceWith(page)
  else replaceWith(page, { id: c.id })
}
