import { Button, Text, View } from '@tarojs/components'
import type { OrderWire } from '@/api/contract'
import { AsyncView } from '@/components/ui/async-view'
import { PageShell } from '@/components/ui/page-shell'
import { EmptyState } from '@/components/ui/state-views'
import { useSessionLoad } from '@/hooks/use-session-load'
import { useOrdersStore } from '@/stores/orders'
import { confirm, toast, toastError } from '@/utils/feedback'
import { formatFen, formatInstant } from '@/utils/format'
import { go } from '@/utils/routes'
import './index.scss'

const STATUS: Record<OrderWire['status'], string> = { pending_payment: '待支付', paid: '已支付', refunded: '已退款', cancelled: '已取消' }

export default function OrdersPage() {
  const orders = useOrdersStore((s) => s.orders)
  const requests = useOrdersStore((s) => s.requests)
  const load = () => useOrdersStore.getState().loadOrders()
  useSessionLoad(load)

  const refund = async (order: OrderWire) => {
    const ok = await confirm('申请退款', `退款后将退回 ${formatFen(order.quote.payableFen)}，本单获得的积分和成长值会扣回，使用的积分和优惠券会退还。`, '确认退款')
    if (!ok) return
    try {
      const res = await useOrdersStore.getState().refund(order.id)
      toast(res.reversed.shortfall > 0 ? `退款成功，${res.reversed.shortfall} 积分已使用无法扣回` : '退款成功')
    } catch (e) {
      toastError(e)
    }
  }

  return (
    <PageShell id='page-orders'>
      <AsyncView request={requests.orders} hasData={!!orders} onRetry={load}>
        <View id='order-list'>
          {orders && orders.length === 0 ? (
            <View>
              <EmptyState title='还没有订单' />
              <Button className='btn btn--primary orders__go' hoverClass='pressed' onClick={() => go('shop')}>
                去下单
              </Button>
            </View>
          ) : null}
          {orders?.map((o) => (
            <View key={o.id} className='order' id={`order-${o.id}`}>
              <View className='row row--between'>
                <Text className='order__title'>{o.title}</Text>
                <Text className={`order__status order__status--${o.status}`}>{STATUS[o.status]}</Text>
              </View>
              <Text className='muted'>{formatInstant(o.createdAt)}</Text>
              <View className='order__lines'>
                <Text className='muted'>
                  商品 {formatFen(o.quote.listFen)}
                  {o.quote.tierDiscountFen ? ` · 会员折扣 -${formatFen(o.quote.tierDiscountFen)}` : ''}
                  {o.quote.coupon ? ` · 券 -${formatFen(o.quote.coupon.discountFen)}` : ''}
                  {o.quote.pointsUsed ? ` · ${o.quote.pointsUsed} 积分 -${formatFen(o.quote.pointsOffsetFen)}` : ''}
                </Text>
              </View>
              <View className='row row--between'>
                <Text className='order__payable'>实付 {formatFen(o.quote.payableFen)}</Text>
                {o.refundableUntil ? (
                  <Button
                    id={`refund-${o.id}`}
                    className='btn btn--small'
                    hoverClass='pressed'
                    loading={requests.refund.status === 'loading'}
                    onClick={() => refund(o)}
                  >
                    申请退款
                  </Button>
                ) : null}
              </View>
            </View>
          ))}
        </View>
      </AsyncView>
    </PageShell>
  )
}
