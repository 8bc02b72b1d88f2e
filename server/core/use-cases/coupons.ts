/** `GET /coupons`: my coupons by status (coupons.ts decides status, expiring-soon and order). */
import type { CouponsResponse } from '../../../src/api/contract'
import { myCoupons } from '../../../src/domain/coupons'
import type { RouteEntry } from '../route'
import { couponWire } from '../tx'
import { overlay } from '../working-set'

export const couponsRoutes: RouteEntry[] = [
  [
    'GET',
    '/coupons',
    {
      auth: 'member',
      handler: async (args) => {
        const tx = await args.me()
        const held = overlay(await args.work.scope.coupons(tx.member.id), tx.member.wallet.coupons, (c) => c.id)
        const mine = myCoupons({ ...tx.member.wallet, coupons: held }, tx.ctx)
        const body: CouponsResponse = {
          available: mine.available.map((c) => couponWire(c, tx.ctx)),
          used: mine.used.map((c) => couponWire(c, tx.ctx)),
          expired: mine.expired.map((c) => couponWire(c, tx.ctx)),
        }
        return { body }
      },
    },
  ],
]
