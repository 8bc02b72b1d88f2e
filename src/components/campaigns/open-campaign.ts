import type { CampaignSummary } from '@/api/contract'
import { go, type RouteName } from '@/utils/routes'

/** Each campaign type opens its own page; a festival (theme and sign-in multiplier) is lived on the sign-in page. */
const PAGE_OF: Record<CampaignSummary['type'], RouteName> = { lottery: 'lottery', cards: 'cards', leaderboard: 'leaderboard', festival: 'signin' }

export function openCampaign(c: Pick<CampaignSummary, 'id' | 'type'>): void {
  const page = PAGE_OF[c.type]
  if (page === 'signin') go(page)
  else go(page, { id: c.id })
}
