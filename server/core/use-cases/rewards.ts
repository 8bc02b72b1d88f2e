/**
 * The points mall: `GET /rewards`, `POST /rewards/{id}/redeem`. A redemption spends points FIFO (points.ts),
 * takes one from stock (a conditional decrement in the storage: 50 members redeeming a stock-5 item at once get
 * exactly 5 successes) and, for coupon items, issues the coupon — all in one write.
 */
import type { RedeemResponse, RewardItem, RewardsResponse } from '../../../src/api/contract'
import type { Coupon } from '../../../src/domain/coupons'
import { assertRedeemable } from '../../../src/domain/mall'
import { HttpError } from '../http'
import type { RewardDef } from '../records'
import type { RouteEntry } from '../route'
import { couponWire, memberScopedId, type MemberTx } from '../tx'
import { objectBody, pathId } from '../validate'

function itemWire(item: RewardDef, stock: Record<string, number>, memberRedeemed: Record<string, number>): RewardItem {
  return {
    id: item.id,
    name: item.name,
    description: item.description,
    kind: item.kind,
    pointsPrice: item.pointsPrice,
    stock: Math.max(0, stock[item.id] ?? item.initialStock),
    perMemberLimit: item.perMemberLimit,
    redeemedByMe: memberRedeemed[item.id] ?? 0,
  }
}

export async function redeemOp(tx: MemberTx, itemId: string): Promise<{ item: RewardDef; stockLeft: number; redemptionId: string; coupon: Coupon | null }> {
  const item = (await tx.work.scope.rewardDefs()).find((r) => r.id === itemId)
  if (!item) throw new HttpError(404, 'REWARD_NOT_FOUND', '商品不存在', { itemId })
  const stock = (await tx.work.scope.rewardStock())[item.id] ?? item.initialStock
  assertRedeemable(item, stock, tx.member.redeemed[item.id] ?? 0)
  const n = tx.member.seq.redemption + 1
  const redemptionId = memberScopedId('rd', tx.member.id, n)
  tx.spend({ amount: item.pointsPrice, reason: `积分商城兑换 ${item.name}`, ref: `redeem:${redemptionId}` })
  const coupon = item.couponTemplateId ? tx.issue(item.couponTemplateId, `redeem:${redemptionId}`, 'mall') : null
  tx.member = {
    ...tx.member,
    redeemed: { ...tx.member.redeemed, [item.id]: (tx.member.redeemed[item.id] ?? 0) + 1 },
    seq: { ...tx.member.seq, redemption: n },
  }
  tx.work.takeStock({ kind: 'reward', id: item.id })
  tx.work.redemptions.push({ id: redemptionId, memberId: tx.member.id, itemId: item.id, points: item.pointsPrice, at: tx.iso, couponId: coupon?.id ?? null })
  tx.log('benefit_use')
  return { item, stockLeft: stock - 1, redemptionId, coupon }
}

export const rewardsRoutes: RouteEntry[] = [
  [
    'GET',
    '/rewards',
    {
      auth: 'member',
      handler: async (args) => {
        const tx = await args.me()
        const stock = await args.work.scope.rewardStock()
        const defs = await args.work.scope.rewardDefs()
        const body: RewardsResponse = { items: defs.map((r) => itemWire(r, stock, tx.member.redeemed)), balance: tx.balance }
        return { body }
      },
    },
  ],
  [
    'POST',
    '/rewards/:id/redeem',
    {
      auth: 'member',
      handler: async (args) => {
        objectBody(args.body)
        const tx = await args.me()
        const { item, stockLeft, redemptionId, coupon } = await redeemOp(tx, pathId(args.params, 'id'))
        const body: RedeemResponse = { item: itemWire(item, { [item.id]: stockLeft }, tx.member.redeemed), balance: tx.balance, redemptionId }
        if (coupon) body.coupon = couponWire(coupon, tx.ctx)
        return { body }
      },
    },
  ],
]
