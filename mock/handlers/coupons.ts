/** `GET /coupons`: my coupons by status (coupons.ts decides status, expiring-soon and order). */
import type { CouponsResponse } from '../../src/api/contract'
import { myCoupons } from '../../src/domain/coupons'
import { couponWire, readTx, type RouteEntry } from '../state'

export const couponsRoutes: RouteEntry[] = [
  [
    'GET',
    '/coupons',
    {
      auth: 'member',
      handler: (args) => {
        const tx = readTx(args)
        const mine = myCoupons(tx.member.wallet, tx.ctx)
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
