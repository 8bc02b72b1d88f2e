import type { PayResponse } from '@/api/contract'
import { recordBehaviour } from '@/stores/tasks'
import { toast } from '@/utils/feedback'

/**
 * What a member is told once an order is paid, wherever it was paid (the shop's checkout, 去支付 in 我的订单):
 * the points it earned; paying for goods is also the day's 下单 (the `core_use` behaviour: the 下单 tasks, its points, a card).
 */
export function announceOrderPaid(res: PayResponse): void {
  if (res.order.kind === 'membership') {
    toast(`开通成功，当前等级：${res.member.tier.name}`)
    return
  }
  toast(`支付成功，获得 ${res.awarded.points} 积分`)
  recordBehaviour('core_use', res.order.id)
}
