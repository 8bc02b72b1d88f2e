import { create } from 'zustand'
import type { CouponsResponse, CouponWire } from '@/api/contract'
import { api } from '@/api/http'
import type { CouponStatus } from '@/domain/coupons'
import { nowIso } from './persist-storage'
import { defineMorePages, type MorePages } from './paged'
import { defineView, forget } from './request'

type PastStatus = Exclude<CouponStatus, 'available'>

interface CouponsState {
  /** Every available coupon; the used and expired ones loaded so far (`nextCursor`: where each list goes on). */
  coupons: CouponsResponse | null
  savedAt: string | null
  load: () => Promise<void>
  /** The next page of the used or the expired ones, for infinite scroll; nothing at the end or while one loads. */
  loadMore: (status: PastStatus) => Promise<void>
}

/** `GET /coupons`: my coupons by status — 我的优惠券 and the count on 我的. */
export const couponsView = defineView({
  name: 'coupons',
  tags: ['coupons'],
  key: () => ['coupons'],
  fetch: () => api.coupons(),
  apply: (coupons) => {
    useCouponsStore.setState({ coupons, savedAt: nowIso() })
    // The lists start again: a next page that failed (or is on its way) belonged to the lists before.
    forget(couponPages.used.moreKey)
    forget(couponPages.expired.moreKey)
  },
})

/** The used and the expired coupons grow with the member's history: past the first 20, `GET /coupons/history`. */
function pastPages(status: PastStatus): MorePages {
  return defineMorePages({
    name: `coupons.${status}-more`,
    key: ['coupons', `${status}-more`],
    firstKey: couponsView.key(),
    fetch: (cursor, limit) => api.couponHistory(status, cursor, limit),
    pageOf: (p) => ({ items: p.coupons, nextCursor: p.nextCursor }),
    read: () => {
      const c = useCouponsStore.getState().coupons
      return { items: c?.[status] ?? [], cursor: c?.nextCursor[status] ?? null, complete: !c || c.nextCursor[status] === null }
    },
    write: (list: { items: CouponWire[]; cursor: string | null }) =>
      useCouponsStore.setState((s) => (s.coupons ? { coupons: { ...s.coupons, [status]: list.items, nextCursor: { ...s.coupons.nextCursor, [status]: list.cursor } } } : {})),
  })
}

export const couponPages: Record<PastStatus, MorePages> = { used: pastPages('used'), expired: pastPages('expired') }

export const useCouponsStore = create<CouponsState>()((): CouponsState => ({
  coupons: null,
  savedAt: null,
  load: () => couponsView.load(),
  loadMore: (status) => couponPages[status].loadMore(),
}))
