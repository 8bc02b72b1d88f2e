/**
 * `GET /coupons`: my coupons by status (coupons.ts decides status, expiring-soon and order) — every available one, and
 * the first page of the used and the expired ones, which grow with the member's history; `GET /coupons/history`
 * pages on through those.
 */
import type { CouponHistoryResponse, CouponsResponse } from '../../../src/api/contract'
import { myCoupons, type CouponView, type MyCoupons } from '../../../src/domain/coupons'
import type { RouteEntry } from '../route'
import { couponWire, type MemberTx } from '../tx'
import { KEYSET_CURSOR, keysetPage, oneOf, PAGE_SIZE, pageQuery } from '../validate'
import { overlay } from '../working-set'

async function mine(tx: MemberTx): Promise<MyCoupons> {
  const held = overlay(await tx.work.scope.coupons(tx.member.id), tx.member.wallet.coupons, (c) => c.id)
  return myCoupons({ ...tx.member.wallet, coupons: held }, tx.ctx)
}

/** What a used coupon's list is ordered by (the most recent first), and an expired one's (coupons.ts `myCoupons`). */
const keyOf = (c: CouponView) => (c.status === 'used' ? (c.usedAt ?? '') : c.validTo)

export const couponsRoutes: RouteEntry[] = [
  [
    'GET',
    '/coupons',
    {
      auth: 'member',
      handler: async (args) => {
        const tx = await args.me()
        const { available, used, expired } = await mine(tx)
        const wire = (list: CouponView[]) => list.map((c) => couponWire(c, tx.ctx))
        const usedPage = keysetPage(used, keyOf, null, PAGE_SIZE)
        const expiredPage = keysetPage(expired, keyOf, null, PAGE_SIZE)
        const body: CouponsResponse = {
          available: wire(available),
          used: wire(usedPage.rows),
          expired: wire(expiredPage.rows),
          nextCursor: { used: usedPage.nextCursor, expired: expiredPage.nextCursor },
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
        const tx = await args.me()
        const p = keysetPage((await mine(tx))[status], keyOf, cursor, limit)
        const body: CouponHistoryResponse = { coupons: p.rows.map((c) => couponWire(c, tx.ctx)), nextCursor: p.nextCursor }
        return { body }
      },
    },
  ],
]
