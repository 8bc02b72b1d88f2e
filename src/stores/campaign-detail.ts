import type { CardGiftResponse, CampaignDetail } from '@/api/contract'
import { api } from '@/api/http'
import { useCampaignsStore } from './campaigns'
import { defineAction } from './action'
import { defineView, type RequestKey } from './request'

/*
 * One campaign: its lottery, cards or leaderboard, and the actions on it. Loaded by the campaign pages only
 * (the list and the festival theme, in src/stores/campaigns.ts, are loaded at launch).
 */

export const campaignKey = (id: string): RequestKey => ['campaign', id]

function withCards(details: Record<string, CampaignDetail>, id: string, cards: CardGiftResponse['cards']): Record<string, CampaignDetail> {
  const detail = details[id]
  return detail ? { ...details, [id]: { ...detail, cards } } : details
}

/**
 * `GET /campaigns/:id`: a lottery's odds, draws and prizes, a collect-cards board, a leaderboard's standings.
 * Not tagged 'balance': a draw must not reload it (the prize would show before the animation lands).
 */
export const campaignView = defineView({
  name: 'campaigns.detail',
  tags: ['campaigns'],
  key: campaignKey,
  fetch: (id: string) => api.campaign(id),
  apply: (detail: CampaignDetail, id) => useCampaignsStore.setState((s) => ({ details: { ...s.details, [id]: detail } })),
})

export const winnersView = defineView({
  name: 'campaigns.winners',
  tags: ['campaigns'],
  key: (id: string) => ['campaign-winners', id],
  fetch: (id: string) => api.winners(id),
  apply: (winners, id) => useCampaignsStore.setState((s) => ({ winners: { ...s.winners, [id]: winners } })),
})

/**
 * One lottery draw. Draws left and balance follow the answer at once; "my prizes" and the odds (stock) are left
 * for the page to refresh with `loadDetail` once its animation has landed, so the list does not give the prize
 * away. Rejects with the ApiError (daily limit, points insufficient, not running).
 */
export const draw = defineAction({
  name: 'campaigns.draw',
  key: ['campaigns', 'draw'],
  // Not 'campaigns' (see campaignView): the page reloads the detail once the animation has landed. A refusal (a
  // cost changed since it was shown: 409 POINTS_PRICE_CHANGED) reloads it at once.
  changes: ['balance'],
  answers: ['campaigns'],
  run: async (id: string, expectedPoints?: number) => {
    const res = await api.draw(id, expectedPoints === undefined ? {} : { expectedPoints })
    useCampaignsStore.setState((s) => {
      const detail = s.details[id]
      if (!detail?.lottery) return {}
      return { details: { ...s.details, [id]: { ...detail, lottery: { ...detail.lottery, draws: res.draws } } } }
    })
    return res
  },
})

/** Give one duplicate card to the friend with this member code. Rejects with the ApiError. */
export const giftCard = defineAction({
  name: 'campaigns.giftCard',
  key: ['campaigns', 'gift'],
  changes: ['campaigns'],
  run: async (id: string, friendCode: string, kindId: string) => {
    const res = await api.giftCard(id, { friendCode, kindId })
    useCampaignsStore.setState((s) => ({ details: withCards(s.details, id, res.cards) }))
    return res
  },
})

/** Claim the set prize (once). Rejects with the ApiError. */
export const claimCards = defineAction({
  name: 'campaigns.claimCards',
  key: ['campaigns', 'claim'],
  // The prize points count as growth: tier progress may move.
  changes: ['campaigns', 'growth'],
  answers: ['balance', 'coupons'],
  run: async (id: string) => {
    const res = await api.claimCardSet(id)
    useCampaignsStore.setState((s) => ({ details: withCards(s.details, id, res.cards) }))
    return res
  },
})


export const loadDetail = (id: string): Promise<void> => campaignView.load(id)
/** After a draw: a load of the detail started before it (the page's own, as it showed) must not be the answer. */
export const reloadDetail = (id: string): Promise<void> => campaignView.load(id, { force: true })
export const loadWinners = (id: string): Promise<void> => winnersView.load(id)
