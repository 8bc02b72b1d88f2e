import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type {
  CampaignDetail,
  CampaignSummary,
  CardClaimResponse,
  CardGiftResponse,
  DrawResponse,
  ThemeWire,
  WinnersResponse,
} from '@/api/contract'
import { api } from '@/api/http'
import { useCouponsStore } from './coupons'
import { useLifecycleStore } from './lifecycle'
import { useMemberStore } from './member'
import { discardOlderVersion, nowIso, persistStorage } from './persist-storage'
import { usePointsStore } from './points'
import { IDLE, type RequestState, track } from './request'
import { useSessionStore } from './session'
import { themeColorsFrom, useThemeStore } from './theme'

/**
 * Campaigns (活动): the list for this member with the festival theme in force, one campaign's lottery / cards
 * / leaderboard, and the mutations (draw, gift a card, claim the card set). Every outcome is the server's:
 * the store asks and shows what comes back.
 */
interface CampaignsState {
  /** Campaigns this member can see (the server filters exclusive ones and orders running first). */
  campaigns: CampaignSummary[] | null
  /** The festival theme in force for this member, null = brand default. */
  theme: ThemeWire | null
  signinMultiplier: number
  savedAt: string | null
  details: Record<string, CampaignDetail>
  winners: Record<string, WinnersResponse>
  requests: { list: RequestState; detail: RequestState; winners: RequestState; draw: RequestState; gift: RequestState; claim: RequestState }
  /** `GET /campaigns`; also switches the page tokens to the festival theme (or back to the brand default). */
  loadList: () => Promise<void>
  loadDetail: (id: string) => Promise<void>
  loadWinners: (id: string) => Promise<void>
  /**
   * One lottery draw. Draws left and balance follow the answer at once; "my prizes" and the odds (stock) are
   * left for the page to refresh with `loadDetail` once its animation has landed, so the list does not give
   * the prize away. Rejects with the ApiError (daily limit, points insufficient, not running).
   */
  draw: (id: string) => Promise<DrawResponse>
  /** Give one duplicate card to the friend with this member code. Rejects with the ApiError. */
  giftCard: (id: string, friendCode: string, kindId: string) => Promise<CardGiftResponse>
  /** Claim the set prize (once). Rejects with the ApiError. */
  claimCards: (id: string) => Promise<CardClaimResponse>
}

/** The page tokens of the server's theme; an unusable colour keeps the brand default. */
export function applyCampaignTheme(theme: ThemeWire | null): void {
  useThemeStore.getState().setTheme(theme ? themeColorsFrom(theme.primaryColor) : null)
}

function withCards(details: Record<string, CampaignDetail>, id: string, cards: CardGiftResponse['cards']): Record<string, CampaignDetail> {
  const detail = details[id]
  return detail ? { ...details, [id]: { ...detail, cards } } : details
}

export const useCampaignsStore = create<CampaignsState>()(
  persist(
    (set) => ({
      campaigns: null,
      theme: null,
      signinMultiplier: 1,
      savedAt: null,
      details: {},
      winners: {},
      requests: { list: IDLE, detail: IDLE, winners: IDLE, draw: IDLE, gift: IDLE, claim: IDLE },
      loadList: () =>
        track(set, 'list', async () => {
          await useSessionStore.getState().ensureSession()
          const res = await api.campaigns()
          set({ campaigns: res.campaigns, theme: res.theme, signinMultiplier: res.signinMultiplier, savedAt: nowIso() })
          applyCampaignTheme(res.theme)
        }).catch(() => undefined),
      loadDetail: (id) =>
        track(set, 'detail', async () => {
          await useSessionStore.getState().ensureSession()
          const detail = await api.campaign(id)
          set((s) => ({ details: { ...s.details, [id]: detail } }))
        }).catch(() => undefined),
      loadWinners: (id) =>
        track(set, 'winners', async () => {
          await useSessionStore.getState().ensureSession()
          const winners = await api.winners(id)
          set((s) => ({ winners: { ...s.winners, [id]: winners } }))
        }).catch(() => undefined),
      draw: (id) =>
        track(set, 'draw', async () => {
          await useSessionStore.getState().ensureSession()
          const res = await api.draw(id)
          set((s) => {
            const detail = s.details[id]
            if (!detail?.lottery) return {}
            return { details: { ...s.details, [id]: { ...detail, lottery: { ...detail.lottery, draws: res.draws } } } }
          })
          usePointsStore.getState().applyBalance(res.balance)
          void usePointsStore.getState().loadSummary()
          if (res.coupon) void useCouponsStore.getState().load()
          return res
        }),
      giftCard: (id, friendCode, kindId) =>
        track(set, 'gift', async () => {
          await useSessionStore.getState().ensureSession()
          const res = await api.giftCard(id, { friendCode, kindId })
          set((s) => ({ details: withCards(s.details, id, res.cards) }))
          return res
        }),
      claimCards: (id) =>
        track(set, 'claim', async () => {
          await useSessionStore.getState().ensureSession()
          const res = await api.claimCardSet(id)
          set((s) => ({ details: withCards(s.details, id, res.cards) }))
          usePointsStore.getState().applyBalance(res.balance)
          void usePointsStore.getState().loadSummary()
          void useCouponsStore.getState().load()
          // The prize points count as growth: tier progress may move.
          void useMemberStore.getState().load()
          return res
        }),
    }),
    {
      name: 'campaigns-snapshot',
      version: 1,
      migrate: discardOlderVersion,
      storage: persistStorage,
      // The list only (small): enough for the 热门活动 section offline. Details are always fetched fresh.
      partialize: (s) => ({ campaigns: s.campaigns, theme: s.theme, signinMultiplier: s.signinMultiplier, savedAt: s.savedAt }),
    },
  ),
)

// The launch's app_open has a session: load the campaigns then, so the festival theme reaches every page.
useLifecycleStore.subscribe((s, prev) => {
  if (s.openResult && s.openResult !== prev.openResult) void useCampaignsStore.getState().loadList()
})
