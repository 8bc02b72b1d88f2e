/**
 * The points mall: `GET /rewards`, `POST /rewards/{id}/redeem {delivery?}`, `GET /redemptions` (兑换记录). A
 * redemption spends points FIFO (points.ts), takes one from stock (a conditional count in the storage: 50
 * members redeeming a stock-5 item at once get exactly 5 successes) and gives what the item is — a coupon in
 * the wallet, a voucher the staff redeem in store (核销码), or a parcel to the address given — all in one write.
 * `POST /member/free-service`: one of the tier's monthly free services, as a voucher.
 */
import type { FreeServiceClaimResponse, RedeemResponse, RedemptionsResponse, RedemptionWire, RewardItem, RewardsResponse } from '../../../src/api/contract'
import { monthOf, type BusinessDate } from '../../../src/domain/calendar'
import type { Coupon } from '../../../src/domain/coupons'
import { checkDeliveryAddress } from '../../../src/domain/delivery'
import { assertDeliveryGiven, assertRedeemable, awaitsAddress, freeServiceItemId, newVoucher, PRIZE_ITEM_PREFIX, voucherCode, voucherStatus, type DeliveryAddress } from '../../../src/domain/mall'
import { assertFreeServiceLeft } from '../../../src/domain/tiers'
import { HttpError } from '../http'
import type { Redemption, RewardDef } from '../records'
import type { RouteEntry } from '../route'
import { couponWire, memberScopedId, type MemberTx, stockLeft } from '../tx'
import { freeServicesOf } from '../views'
import { assertPointsSeen, expectedPointsOf, field, invalid, listPage, objectBody, pathId, requiredString } from '../validate'

export function redemptionWire(r: Redemption, today: BusinessDate): RedemptionWire {
  return {
    id: r.id,
    itemId: r.itemId,
    itemName: r.itemName,
    kind: r.kind,
    points: r.points,
    at: r.at,
    couponId: r.couponId,
    voucher: r.voucher ? { code: r.voucher.code, status: voucherStatus(r.voucher, today), validTo: r.voucher.validTo, usedAt: r.voucher.usedAt } : null,
    delivery: r.delivery ? { name: r.delivery.name, phone: r.delivery.phone, address: r.delivery.address, status: r.delivery.status, trackingNo: r.delivery.trackingNo ?? null } : null,
  }
}

/**
 * A delivery address (a redeem request's optional `delivery`, or a prize's address): its shape checked (400), then
 * what it says checked as the app's form checks it (delivery.ts: a blank name, a short address — 422
 * `DELIVERY_INVALID` per field), trimmed.
 */
/** `at`: where the address is in the body ('' at the top, `delivery.` inside a redemption). */
function addressOf(input: Record<string, unknown>, at = ''): DeliveryAddress {
  const checked = checkDeliveryAddress({
    name: requiredString(input, 'name', { min: 1, max: 20 }, `${at}name`),
    phone: requiredString(input, 'phone', { max: 11, pattern: /^1\d{10}$/ }, `${at}phone`),
    address: requiredString(input, 'address', { min: 5, max: 120 }, `${at}address`),
  })
  if (!checked.ok) {
    const first = Object.values(checked.errors)[0]
    throw new HttpError(422, 'DELIVERY_INVALID', first ?? '收货信息有误', { errors: checked.errors })
  }
  return checked.address
}

function deliveryOf(body: Record<string, unknown>): DeliveryAddress | undefined {
  const d = field(body, 'delivery')
  if (d === undefined) return undefined
  if (typeof d !== 'object' || d === null || Array.isArray(d)) throw invalid('delivery', 'must be an object')
  return addressOf(d as Record<string, unknown>, 'delivery.')
}

function itemWire(item: RewardDef, left: number, memberRedeemed: Record<string, number>): RewardItem {
  return {
    id: item.id,
    name: item.name,
    description: item.description,
    kind: item.kind,
    pointsPrice: item.pointsPrice,
    stock: left,
    perMemberLimit: item.perMemberLimit,
    redeemedByMe: memberRedeemed[item.id] ?? 0,
  }
}

export async function redeemOp(
  tx: MemberTx,
  itemId: string,
  delivery?: DeliveryAddress,
): Promise<{ item: RewardDef; left: number; redemption: Redemption; coupon: Coupon | null }> {
  const item = tx.rules.mall.items.find((r) => r.id === itemId)
  if (!item) throw new HttpError(404, 'REWARD_NOT_FOUND', '商品不存在', { itemId })
  const stock = stockLeft(item.initialStock, (await tx.work.scope.rewardsTaken())[item.id])
  assertRedeemable(item, stock, tx.member.redeemed[item.id] ?? 0)
  const n = tx.member.seq.redemption + 1
  const redemptionId = memberScopedId('rd', tx.member.id, n)
  tx.spend({ amount: item.pointsPrice, reason: `积分商城兑换 ${item.name}`, ref: `redeem:${redemptionId}` })
  // After the points check: a member who cannot afford the gift is not asked for an address first.
  assertDeliveryGiven(item, delivery)
  const coupon = item.couponTemplateId ? tx.issue(item.couponTemplateId, `redeem:${redemptionId}`, 'mall') : null
  tx.member = {
    ...tx.member,
    redeemed: { ...tx.member.redeemed, [item.id]: (tx.member.redeemed[item.id] ?? 0) + 1 },
    seq: { ...tx.member.seq, redemption: n },
  }
  tx.work.takeStock({ kind: 'reward', id: item.id })
  const redemption: Redemption = {
    id: redemptionId,
    memberId: tx.member.id,
    itemId: item.id,
    itemName: item.name,
    kind: item.kind,
    points: item.pointsPrice,
    at: tx.iso,
    couponId: coupon?.id ?? null,
    voucher: item.kind === 'service' ? { ...newVoucher(voucherCode(tx.ctx.rng), tx.today, tx.rules.mall), usedBy: null } : null,
    delivery: item.kind === 'gift' && delivery ? { ...delivery, status: 'pending' } : null,
  }
  tx.work.redemptions.push(redemption)
  tx.log('benefit_use')
  return { item, left: stock - 1, redemption, coupon }
}

/**
 * A physical prize won in a draw: a line of 兑换记录 (0 points) whose delivery waits for the member's address
 * (`POST /redemptions/{id}/delivery`); staff then send it as they send a mall gift.
 */
export function prizeRedemption(tx: MemberTx, campaignId: string, prize: { id: string; name: string }): Redemption {
  const n = tx.member.seq.redemption + 1
  tx.member = { ...tx.member, seq: { ...tx.member.seq, redemption: n } }
  const redemption: Redemption = {
    id: memberScopedId('rd', tx.member.id, n),
    memberId: tx.member.id,
    itemId: `${PRIZE_ITEM_PREFIX}${campaignId}:${prize.id}`,
    itemName: prize.name,
    kind: 'gift',
    points: 0,
    at: tx.iso,
    couponId: null,
    voucher: null,
    delivery: null,
  }
  tx.work.redemptions.push(redemption)
  return redemption
}

/**
 * One of the month's free services of the member's tier (tiers.ts): a voucher the counter uses (核销), valid to the
 * month's last day, in 兑换记录 like a mall service (0 points). Refused when the tier has none or the month's are taken.
 */
export function freeServiceOp(tx: MemberTx): Redemption {
  const status = freeServicesOf(tx)
  assertFreeServiceLeft(status, tx.effective().tier.name)
  const itemId = freeServiceItemId(monthOf(tx.today))
  const n = tx.member.seq.redemption + 1
  tx.member = {
    ...tx.member,
    redeemed: { ...tx.member.redeemed, [itemId]: status.used + 1 },
    seq: { ...tx.member.seq, redemption: n },
  }
  const redemption: Redemption = {
    id: memberScopedId('rd', tx.member.id, n),
    memberId: tx.member.id,
    itemId,
    itemName: status.name,
    kind: 'service',
    points: 0,
    at: tx.iso,
    couponId: null,
    voucher: { ...newVoucher(voucherCode(tx.ctx.rng), tx.today, tx.rules.mall), validTo: status.validTo, usedBy: null },
    delivery: null,
  }
  tx.work.redemptions.push(redemption)
  tx.log('benefit_use')
  return redemption
}

export const rewardsRoutes: RouteEntry[] = [
  [
    'POST',
    '/member/free-service',
    {
      auth: 'member',
      handler: async (args) => {
        objectBody(args.body)
        const tx = await args.me()
        const redemption = freeServiceOp(tx)
        const body: FreeServiceClaimResponse = { redemption: redemptionWire(redemption, tx.today), freeServices: freeServicesOf(tx) }
        return { status: 201, body }
      },
    },
  ],
  [
    'GET',
    '/rewards',
    {
      auth: 'member',
      handler: async (args) => {
        const tx = await args.me()
        const taken = await args.work.scope.rewardsTaken()
        const body: RewardsResponse = { items: tx.rules.mall.items.map((r) => itemWire(r, stockLeft(r.initialStock, taken[r.id]), tx.member.redeemed)), balance: tx.balance }
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
        const input = objectBody(args.body)
        const delivery = deliveryOf(input)
        const expected = expectedPointsOf(input)
        const tx = await args.me()
        const { item, left, redemption, coupon } = await redeemOp(tx, pathId(args.params, 'id'), delivery)
        assertPointsSeen(expected, item.pointsPrice)
        const body: RedeemResponse = {
          item: itemWire(item, left, tx.member.redeemed),
          balance: tx.balance,
          redemptionId: redemption.id,
          redemption: redemptionWire(redemption, tx.today),
        }
        if (coupon) body.coupon = couponWire(coupon, tx.ctx)
        return { body }
      },
    },
  ],
  [
    'GET',
    '/redemptions',
    {
      auth: 'member',
      handler: async (args) => {
        const tx = await args.me()
        const page = await listPage(args.query, (before, limit) => args.work.scope.redemptionsPage(tx.member.id, before, limit), (r) => redemptionWire(r, tx.today))
        const body: RedemptionsResponse = { redemptions: page.items, nextCursor: page.nextCursor }
        return { body }
      },
    },
  ],
  [
    'POST',
    '/redemptions/:id/delivery',
    {
      auth: 'member',
      handler: async (args) => {
        const address = addressOf(objectBody(args.body))
        const tx = await args.me()
        const id = pathId(args.params, 'id')
        const r = await args.work.scope.redemption(tx.member.id, id)
        if (!r) throw new HttpError(404, 'REDEMPTION_NOT_FOUND', '兑换记录不存在', { id })
        if (r.kind !== 'gift') throw new HttpError(409, 'DELIVERY_NOT_NEEDED', '这条记录不需要收货地址', { id })
        if (!awaitsAddress(r)) throw new HttpError(409, 'DELIVERY_ADDRESS_GIVEN', '收货地址已提交，如需修改请联系客服', { id, status: r.delivery?.status })
        const next: Redemption = { ...r, delivery: { ...address, status: 'pending' } }
        tx.work.redemptions.push(next)
        const answer: { redemption: RedemptionWire } = { redemption: redemptionWire(next, tx.today) }
        return { body: answer }
      },
    },
  ],
]
