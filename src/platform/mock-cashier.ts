import { showModal } from './dialog'
import type { PaymentOutcome, PaymentRequest } from './types'

/** The cashier of the demo backend: a confirmation dialog stands in for the platform's payment sheet. */
export async function mockCashier(request: PaymentRequest): Promise<PaymentOutcome> {
  const yuan = (request.amountFen / 100).toFixed(2)
  const { confirm } = await showModal({
    title: '模拟收银台',
    content: `${request.description}\n需支付 ¥${yuan}（演示环境，不会真实扣款）`,
    confirmText: '确认支付',
    cancelText: '取消',
  })
  return confirm ? 'paid' : 'cancelled'
}
