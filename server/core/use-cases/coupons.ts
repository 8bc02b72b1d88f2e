/**
 * `GET /coupons`: my coupons by status (coupons.ts decides status, expiring-soon and order) — every available one, and
 * the first page of the used and the expired ones, which grow with the member's history; `GET /coupons/history`
 * pages on through those.
 */
import type { CouponHistoryResponse, CouponsResponse } from '../../../src/api/contract'
import { myCoupons, type CouponView, type MyCoupons } from '../../../src/domain/coupons'
import type { RouteEntry } from '../route'
import { couponWire, type MemberTx } from '../tx'
import { oneOf, pageQuery } from '../validate'
import { overlay } from '../working-set'

const PAGE = 20

async function mine(tx: MemberTx): Promise<MyCoupons> {
  const held = overlay(await tx.work.scope.coupons(tx.member.id), tx.member.wallet.coupons, (c) => c.id)
  return myCoupons({ ...tx.member.wallet, coupons: held }, tx.ctx)
}

/** What a used coupon's list is ordered by (the most recent first), and an expired one's. */
const keyOf = (c: CouponView) => (c.status === 'used' ? (c.usedAt ?? '') : c.validTo)

/** `<usedAt or validTo>~<id>` of a page's last coupon: the next page starts after it. */
const cursorOf = (c: CouponView) => `${keyOf(c)}~${c.id}`
const CURSOR = /^([^~]{1,40})~([^~]{1,64})$/

/**
 * A page of a used or expired list, as myCoupons orders it (key newest first, then id): the coupons after `cursor`.
 * A keyset, not an offset: a coupon that leaves the list meanwhile (a refund gives a used one back) moves no other.
 */
function page(list: CouponView[], cursor: string | null, limit: number): { coupons: CouponView[]; nextCursor: string | null } {
  let from = 0
  if (cursor !== null) {
    const [, key, id] = CURSOR.exec(cursor)!
    from = list.findIndex((c) => key.localeCompare(keyOf(c)) > 0 || (key === keyOf(c) && c.id.localeCompare(id) > 0))
    if (from < 0) from = list.length
  }
  const coupons = list.slice(from, from + limit)
  return { coupons, nextCursor: from + limit < list.length ? cursorOf(coupons[coupons.length - 1]) : null }
}

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
        const usedPage = page(used, null, PAGE)
        const expiredPage = page(expired, null, PAGE)
        const body: CouponsResponse = {
          available: wire(available),
          used: wire(usedPage.coupons),
          expired: wire(expiredPage.coupons),
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
        const { cursor, limit } = pageQuery(args.query, CURSOR)
        const tx = await args.me()
        const p = page((await mine(tx))[status], cursor, limit)
        const body: CouponHistoryResponse = { coupons: p.coupons.map((c) => couponWire(c, tx.ctx)), nextCursor: p.nextCursor }
        return { body }
      },
    },
  ],
]
