/**
 * `GET /coupons`: my coupons by status (coupons.ts decides status, expiring-soon and the order) — every available one, and
 * the first page of the used and the expired ones, which grow with the member's history; `GET /coupons/history`
 * pages on through those. Only a page of them is read: the working set holds the available ones, the storage pages
 * through the rest.
 */
import type { CouponHistoryResponse, CouponsResponse } from '../../../src/api/contract'
import { availableCoupons, couponHistory, couponHistoryKey, type Coupon, type CouponHistoryList } from '../../../src/domain/coupons'
import type { RouteEntry } from '../route'
import { couponWire, type MemberTx } from '../tx'
import { KEYSET_CURSOR, keysetPage, oneOf, PAGE_SIZE, pageQuery } from '../validate'
import { overlay } from '../working-set'

/**
 * A page of one of the member's coupon lists, as the member's lists show its coupons: the storage's page, with what
 * the working set holds of the same coupons (the recent ones; the demo's storage may have folded an old page away).
 */
export async function couponsPage(tx: MemberTx, list: CouponHistoryList, cursor: string | null, limit: number) {
  const p = await keysetPage(cursor, limit, (c: Coupon) => couponHistoryKey(list, c), async (after, n) => {
    const q = { list, today: tx.today, after, limit: n }
    return couponHistory(overlay(await tx.work.scope.couponPage(tx.member.id, q), tx.member.wallet.coupons, (c) => c.id), q)
  })
  return { coupons: p.rows.map((c) => couponWire(c, tx.ctx)), nextCursor: p.nextCursor }
}

export const couponsRoutes: RouteEntry[] = [
  [
    'GET',
    '/coupons',
    {
      auth: 'member',
      handler: async (args) => {
        const tx = await args.me()
        const used = await couponsPage(tx, 'used', null, PAGE_SIZE)
        const expired = await couponsPage(tx, 'expired', null, PAGE_SIZE)
        const body: CouponsResponse = {
          available: availableCoupons(tx.member.wallet, tx.ctx).map((c) => couponWire(c, tx.ctx)),
          used: used.coupons,
          expired: expired.coupons,
          nextCursor: { used: used.nextCursor, expired: expired.nextCursor },
        }
        return { body }
      },
    },
  ],
  [
    'GET',
    '/coupons/history',
    {
      auth: 'member',
      handler: async (args) => {
        const status = oneOf(args.query, 'status', ['used', 'expired'] as const)
        const { cursor, limit } = pageQuery(args.query, KEYSET_CURSOR)
        const body: CouponHistoryResponse = await couponsPage(await args.me(), status, cursor, limit)
        return { body }
      },
    },
  ],
]
