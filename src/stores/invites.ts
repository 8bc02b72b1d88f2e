import { create } from 'zustand'
import type { ConfigResponse, InviteLine, InvitesResponse } from '@/api/contract'
import { inviteeCouponName, inviteShareTitle } from '@/domain/invites'
import { ApiError } from '@/api/errors'
import { api } from '@/api/http'
import { platform } from '@/platform'
import { useConfigStore } from './config'
import { appNow } from '@/platform/clock'
import { nowIso } from './persist-storage'
import { defineAction } from './action'
import { defineMorePages, type MorePages } from './paged'
import { defineView, forget } from './request'

/** Mini programs share through the native sheet (the page's share card); H5 copies a link instead. */
export const sharesNatively: boolean = platform.share.native

/** The card a mini program's share sheet sends (onShareAppMessage). */
export interface ShareCard {
  title: string
  path: string
}

interface InvitesState {
  invites: InvitesResponse | null
  savedAt: string | null
  load: () => Promise<void>
  /** The next page of the friends, for infinite scroll; nothing at the end or while one loads. */
  loadMore: () => Promise<void>
  /** Copies the H5 invite link (platforms without a native share sheet); resolves the link. */
  copyLink: typeof copyLink
}

/**
 * The H5 address of an in-app path: the H5 build routes by hash (config/index.ts `router.mode: 'hash'`), so
 * `https://x/h5/` + `/pages/home/index?inviteCode=A` → `https://x/h5/#/pages/home/index?inviteCode=A`.
 */
export function inviteLink(shareBaseUrl: string, sharePath: string): string {
  const base = shareBaseUrl.endsWith('/') ? shareBaseUrl : `${shareBaseUrl}/`
  return `${base}#${sharePath.startsWith('/') ? sharePath : `/${sharePath}`}`
}

/**
 * Where an invite link leads: the brand's configured address (`brand.shareBaseUrl`, the server's
 * BRAND_SHARE_BASE_URL) or, when it sets none, the address this H5 app is served from. Null on the mini programs
 * (they share a card, not a link) and while the config is not loaded.
 */
export function shareBase(configured: string | undefined): string | null {
  if (configured === undefined) return null
  return configured || platform.share.appUrl()
}

/**
 * The share card of the invite page: the server's title and path, which carry the inviter's code. Before they are
 * loaded, a card without a code, promising the invitee coupon as the rules name it (when they are loaded).
 */
export function shareCardOf(invites: InvitesResponse | null, config: ConfigResponse | null = useConfigStore.getState().config): ShareCard {
  if (invites) return { title: invites.shareTitle, path: invites.sharePath }
  const inviteeCoupon = config ? inviteeCouponName(config.rules, appNow()) : undefined
  return { title: inviteShareTitle({ brandName: config?.brand.name, inviteeCoupon }), path: '/pages/home/index' }
}

/** `GET /invites`: my code, share card and the friends who registered with it (the last 20; `invitePages` the rest). */
export const invitesView = defineView({
  name: 'invites',
  tags: ['invites'],
  key: () => ['invites'],
  fetch: () => api.invites(),
  apply: (invites) => {
    useInvitesStore.setState({ invites, savedAt: nowIso() })
    // The list starts again: a next page that failed (or is on its way) belonged to the list before.
    forget(invitePages.moreKey)
  },
})

/** A member who invites for years may have hundreds of friends: past the first 20, `GET /invites/list`. */
export const invitePages: MorePages = defineMorePages({
  name: 'invites-more',
  key: ['invites', 'more'],
  firstKey: invitesView.key(),
  fetch: (cursor, limit) => api.inviteList(cursor, limit),
  pageOf: (p) => ({ items: p.invites, nextCursor: p.nextCursor }),
  read: () => {
    const i = useInvitesStore.getState().invites
    return { items: i?.invites ?? [], cursor: i?.nextCursor ?? null, complete: !i || i.nextCursor === null }
  },
  write: (list: { items: InviteLine[]; cursor: string | null }) =>
    useInvitesStore.setState((s) => (s.invites ? { invites: { ...s.invites, invites: list.items, nextCursor: list.cursor } } : {})),
})

export const copyLink = defineAction({
  name: 'invites.copyLink',
  key: ['invites', 'copy'],
  changes: [],
  run: async () => {
    const invites = useInvitesStore.getState().invites
    const base = shareBase(useConfigStore.getState().config?.brand.shareBaseUrl)
    if (!invites || !base) throw new ApiError(0, 'INVITE_NOT_LOADED', '邀请信息还在加载，请稍后再试')
    const url = inviteLink(base, invites.sharePath)
    await platform.share.copyLink(url)
    return url
  },
})

export const useInvitesStore = create<InvitesState>()((): InvitesState => ({
  invites: null,
  savedAt: null,
  load: () => invitesView.load(),
  loadMore: invitePages.loadMore,
  copyLink,
}))
