import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import { useReachBottom } from '@tarojs/taro'
import type { OrderWire } from '@/api/contract'
import { announceOrderPaid } from '@/components/mall/order-paid'
import { AsyncView } from '@/components/ui/async-view'
import { definePage } from '@/components/ui/page-shell'
import { ListFooter } from '@/components/ui/list-footer'
import { EmptyState } from '@/components/ui/state-views'
import { useEffect, useState } from 'react'
import { useAction } from '@/hooks/use-action'
import { useNow } from '@/hooks/use-now'
import { useSessionLoad } from '@/hooks/use-session-load'
import { loadConfigIfMissing, useConfigStore } from '@/stores/config'
import { useMemberStore } from '@/stores/member'
import { cancelOrder, orderPages, payPending, refund, useOrdersStore } from '@/stores/orders'
import { useMoreState } from '@/stores/paged'
import { useRequest } from '@/stores/request'
import { confirm, inform, toast } from '@/utils/feedback'
import { amountLabel, minutesLeftToPay, refundConfirmWords, refundNotes } from '@/domain/orders'
import { formatDate, formatFen, formatInstant } from '@/utils/format'
import { go } from '@/utils/routes'
import './index.scss'

const STATUS: Record<OrderWire['status'], string> = { pending_payment: '待支付', paid: '已支付', refunded: '已退款', cancelled: '已取消' }

/**
 * What a refund gave back and took, in the figures of its ledger lines — only what it did: the money, the used points
 * back in the balance (and those that were not), the earned points taken back (and those still owed), a leaderboard
 * prize they had won taken back, and when.
 */
function refundedParts(o: OrderWire, refundedAt: string): string[] {
  const p = o.refundPoints
  return [
    `已退款 ${formatFen(o.quote.payableFen)}`,
    p?.restored ? `退回 ${p.restored} 积分` : '',
    p?.expired ? `${p.expired} 积分已过期未退回` : '',
    p?.settled ? `${p.settled} 积分抵扣此前未扣回的积分` : '',
    p?.reversed ? `扣回 ${p.reversed} 积分` : '',
    p?.shortfall ? `${p.shortfall} 积分待扣回` : '',
    p?.leaderboardPrize ? `收回排行榜奖励 ${p.leaderboardPrize} 积分` : '',
    formatInstant(refundedAt),
  ].filter(Boolean)
}

/** Parts of a line, each whole (nowrap) in a wrapping row: a narrow screen breaks between them, never inside "498 积分 -¥49.80". */
function Parts({ parts, className = '', id }: { parts: string[]; className?: string; id?: string }) {
  return (
    <View className={`order__lines ${className}`} id={id}>
      {parts.map((part, i) => (
        <Text key={i} className={i > 0 ? 'muted order__amount order__amount--next' : 'muted order__amount'}>
          {i > 0 ? `· ${part}` : part}
        </Text>
      ))}
    </View>
  )
}

function OrdersPage() {
  const orders = useOrdersStore((s) => s.orders)
  const complete = useOrdersStore((s) => s.ordersComplete)
  const request = useRequest(orderPages.view.key())
  const { loadingMore, moreFailed } = useMoreState(orderPages)
  const loadMore = () => void useOrdersStore.getState().loadMoreOrders()
  useReachBottom(loadMore)
  const refunding = useAction(refund)
  const [refundingId, setRefundingId] = useState<string | null>(null)
  // 去支付 and 取消 share one key: while either runs for an order, neither control takes another tap.
  const pending = useAction(payPending)
  const [pendingId, setPendingId] = useState<{ id: string; act: 'pay' | 'cancel' } | null>(null)
  const load = () => useOrdersStore.getState().loadOrders()
  useSessionLoad(load)
  // The time left to pay counts down while an order waits; once one is past its time the list is read again (the
  // backend cancelled it and returned its coupon and points).
  const now = useNow(!!orders?.some((o) => o.payBefore))
  const overdue = !!orders?.some((o) => o.payBefore && Date.parse(o.payBefore) <= now)
  useEffect(() => {
    if (overdue) void load()
  }, [overdue])

  const onRefund = (order: OrderWire) =>
    refunding.run(
      async () => {
        setRefundingId(order.id)
        try {
          // The dialog names the leaderboards the order counted in (the rules) and the free services a lower tier
          // takes back (the member): read first when nothing before this page did (opened straight from a launch).
          await Promise.all([loadConfigIfMissing(), !useMemberStore.getState().me && useMemberStore.getState().load()])
          const leaderboards = useConfigStore.getState().config?.rules.campaigns.filter((c) => c.leaderboard) ?? []
          const freeServices = useMemberStore.getState().me?.freeServices.used ?? 0
          const ok = await confirm('申请退款', refundConfirmWords(order, leaderboards, formatFen, freeServices), '确认退款')
          return ok ? await refund(order.id) : null
        } finally {
          setRefundingId(null)
        }
      },
      (res) => {
        if (!res) return
        const notes = refundNotes(res.reversed, res.order.quote.coupon?.name)
        // Two notes do not fit a toast's two short lines.
        if (notes.length > 1) void inform('退款成功', `${notes.join('；')}。`)
        else toast(['退款成功', ...notes].join('，'))
      },
    )

  const onPay = (order: OrderWire) =>
    pending.run(
      async () => {
        setPendingId({ id: order.id, act: 'pay' })
        try {
          return await payPending(order.id)
        } finally {
          setPendingId(null)
        }
      },
      (res) => (res ? announceOrderPaid(res) : toast('未完成支付，订单已保留')),
    )

  const onCancel = (order: OrderWire) =>
    pending.run(
      async () => {
        setPendingId({ id: order.id, act: 'cancel' })
        try {
          const ok = await confirm('取消订单', '取消后订单不能再支付；本单选用的优惠券和积分不会被扣除。', '取消订单', '保留订单')
          return ok ? await cancelOrder(order.id) : null
        } finally {
          setPendingId(null)
        }
      },
      (res) => res && toast('订单已取消'),
    )

  return (
    <>
      <AsyncView request={request} hasData={!!orders} onRetry={load}>
        <View id='order-list'>
          {orders && orders.length === 0 ? (
            <View>
              <EmptyState title='还没有订单' art='bag' />
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
              {o.payBefore ? (
                <Text className='order__due' id={`pay-before-${o.id}`}>
                  {`剩 ${minutesLeftToPay(o.payBefore, now)} 分钟支付，${formatInstant(o.payBefore)} 前未支付将自动取消`}
                </Text>
              ) : null}
              <Parts
                parts={[
                  `商品 ${formatFen(o.quote.listFen)}`,
                  o.quote.tierDiscountFen ? `会员折扣 -${formatFen(o.quote.tierDiscountFen)}` : '',
                  o.quote.coupon ? `券 -${formatFen(o.quote.coupon.discountFen)}` : '',
                  o.quote.pointsUsed ? `${o.quote.pointsUsed} 积分 -${formatFen(o.quote.pointsOffsetFen)}` : '',
                ].filter(Boolean)}
              />
              <View className='row row--between'>
                <Text className='order__payable' id={`amount-${o.id}`}>
                  {amountLabel(o.status)} {formatFen(o.quote.payableFen)}
                </Text>
                {o.status === 'pending_payment' ? (
                  <View className='order__actions'>
                    <Button
                      id={`cancel-${o.id}`}
                      className='btn btn--small order__cancel'
                      hoverClass='pressed'
                      disabled={pending.busy}
                      loading={pendingId?.id === o.id && pendingId.act === 'cancel'}
                      onClick={() => onCancel(o)}
                    >
                      取消
                    </Button>
                    <Button
                      id={`pay-${o.id}`}
                      className='btn btn--small btn--primary'
                      hoverClass='pressed'
                      disabled={pending.busy}
                      loading={pendingId?.id === o.id && pendingId.act === 'pay'}
                      onClick={() => onPay(o)}
                    >
                      去支付
                    </Button>
                  </View>
                ) : null}
                {o.refundableUntil ? (
                  <Button
                    id={`refund-${o.id}`}
                    className='btn btn--small'
                    hoverClass='pressed'
                    disabled={refunding.busy}
                    loading={refundingId === o.id}
                    onClick={() => onRefund(o)}
                  >
                    申请退款
                  </Button>
                ) : null}
              </View>
              {/* Its own line: beside 实付 and the button, a 320 px screen broke both over two lines. */}
              {o.refundableUntil ? (
                <Text className='muted order__refund-until' id={`refund-until-${o.id}`}>{`可申请退款至 ${formatDate(o.refundableUntil)}`}</Text>
              ) : null}
              {/* A refunded order says what went back and what was taken, and when. */}
              {o.status === 'refunded' && o.refundedAt ? <Parts parts={refundedParts(o, o.refundedAt)} className='order__refunded' id={`refunded-${o.id}`} /> : null}
            </View>
          ))}
          {orders && orders.length > 0 ? <ListFooter id='orders-footer' complete={complete} loadingMore={loadingMore} moreFailed={moreFailed} onRetry={loadMore} /> : null}
        </View>
      </AsyncView>
    </>
  )
}

export default definePage('page-orders', OrdersPage)
