/**
 * The points mall: `GET /rewards`, `POST /rewards/{id}/redeem`. A redemption spends points FIFO (points.ts),
 * takes one from stock and, for coupon items, issues the coupon — all in one serialised step, so 50 members
 * redeeming a stock-5 item at once get exactly 5 successes.
 *
 */
import type { RedeemResponse, RewardItem, RewardsResponse } from '../../src/api/contract'
import { assertRedeemable } from '../../src/domain/mall'
import type { Coupon } from '../../src/domain/coupons'
import type { LoyaltyDb, RewardDef } from '../db'
import { HttpError } from '../http-types'
import { beginTx, couponWire, done, readTx, type RouteEntry, type Tx } from '../state'
import { objectBody, pathId } from '../validate'

function itemWire(db: LoyaltyDb, item: RewardDef, memberRedeemed: Record<string, number>): RewardItem {
  return {
    id: item.id,
    name: item.name,
    description: item.description,
    kind: item.kind,
    pointsPrice: item.pointsPrice,
    stock: Math.max(0, db.rewardStock[item.id] ?? item.initialStock),
    perMemberLimit: item.perMemberLimit,
    redeemedByMe: memberRedeemed[item.id] ?? 0,
  }
}

export function redeemOp(tx: Tx, itemId: string): { item: RewardDef; redemptionId: string; coupon: Coupon | null } {
  const item = tx.db.rewards.find((r) => r.id === itemId)
  if (!item) throw new HttpError(404, 'REWARD_NOT_FOUND', '商品不存在', { itemId })
  const stock = tx.db.rewardStock[item.id] ?? item.initialStock
  assertRedeemable(item, stock, tx.member.redeemed[item.id] ?? 0)
  const seq = tx.db.seq.redemption + 1
  const redemptionId = `rd-${seq}`
  tx.spend({ amount: item.pointsPrice, reason: `积分商城兑换 ${item.name}`, ref: `redeem:${redemptionId}` })
  const coupon = item.couponTemplateId ? tx.issue(item.couponTemplateId, `redeem:${redemptionId}`, 'mall') : null
  tx.member = { ...tx.member, redeemed: { ...tx.member.redeemed, [item.id]: (tx.member.redeemed[item.id] ?? 0) + 1 } }
  tx.db = {
    ...tx.db,
    rewardStock: { ...tx.db.rewardStock, [item.id]: stock - 1 },
    redemptions: tx.db.redemptions.concat({ id: redemptionId, memberId: tx.member.id, itemId: item.id, points: item.pointsPrice, at: tx.iso, couponId: coupon?.id ?? null }),
    seq: { ...tx.db.seq, redemption: seq },
  }
  tx.log('benefit_use')
  return { item, redemptionId, coupon }
}

export const rewardsRoutes: RouteEntry[] = [
  [
    'GET',
    '/rewards',
    {
      auth: 'member',
      handler: (args) => {
        const tx = readTx(args)
        const body: RewardsResponse = { items: tx.db.rewards.map((r) => itemWire(tx.db, r, tx.member.redeemed)), balance: tx.balance }
        return { body }
      },
    },
  ],
  [
    'POST',
    '/rewards/:id/redeem',
    {
      auth: 'member',
      handler: (args) => {
        objectBody(args.body)
        const tx = beginTx(args)
        const { item, redemptionId, coupon } = redeemOp(tx, pathId(args.params, 'id'))
        const body: RedeemResponse = { item: itemWire(tx.db, item, tx.member.redeemed), balance: tx.balance, redemptionId }
        if (coupon) body.coupon = couponWire(coupon, tx.ctx)
        return done(tx, body)
      },
    },
  ],
]
