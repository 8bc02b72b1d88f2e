/**
 * The points mall (SPEC §2.2 spending (a)): an item can be redeemed while it has stock and the member is under
 * its per-member limit. The price is paid through the points module (FIFO over lots) in the same step.
 */
import { RuleError } from './errors'

export interface MallItemLimits {
  id: string
  perMemberLimit: number
}

/** Refuses a redemption that stock or the per-member limit does not allow; stock never goes below 0. */
export function assertRedeemable(item: MallItemLimits, stock: number, redeemedByMe: number): void {
  if (stock <= 0) throw new RuleError('REWARD_SOLD_OUT', '该商品已兑完', 409, { itemId: item.id })
  if (redeemedByMe >= item.perMemberLimit) {
    throw new RuleError('REWARD_LIMIT_REACHED', `每人限兑 ${item.perMemberLimit} 次，你已经兑换过了`, 422, { itemId: item.id, limit: item.perMemberLimit })
  }
}
