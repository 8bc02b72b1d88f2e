import type { PayResponse } from '@/api/contract'
import { capWords, settledNote } from '@/domain/points'
import { toast } from '@/utils/feedback'

/**
 * What a member is told once an order is paid, wherever it was paid (the shop's checkout, 去支付 in 我的订单):
 * the points it earned. The payment is also the day's 下单 (the 下单 tasks, their points, a card): the backend
 * records it with the payment, and the payment's tags reload what it moved (src/stores/orders.ts).
 */
export function announceOrderPaid(res: PayResponse): void {
  if (res.order.kind === 'membership') {
    toast(`开通成功，当前等级：${res.member.tier.name}`)
    return
  }
  // The checkout promised the purchase points; what is more is the day's 下单 award, named so the figures agree.
  const extra = res.awarded.points - res.order.quote.pointsToEarn
  const { capped, cappedBy } = res.awarded
  const notes = [extra > 0 ? `含下单奖励 ${extra} 积分` : '', capped > 0 ? `${capWords(cappedBy)}，下单奖励少得 ${capped} 积分` : '', settledNote(res.awarded.settled)].filter(Boolean)
  toast(`支付成功，获得 ${res.awarded.points} 积分${notes.length > 0 ? `（${notes.join('；')}）` : ''}`)
}
