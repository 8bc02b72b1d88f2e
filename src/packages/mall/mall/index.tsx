import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { RewardItem } from '@/api/contract'
import { AsyncView } from '@/components/ui/async-view'
import { definePage } from '@/components/ui/page-shell'
import { EmptyState } from '@/components/ui/state-views'
import { useAction } from '@/hooks/use-action'
import { useSessionLoad } from '@/hooks/use-session-load'
import { redeem, rewardsView, useMallStore } from '@/stores/mall'
import { usePointsStore } from '@/stores/points'
import { useRequest } from '@/stores/request'
import { confirm, toast } from '@/utils/feedback'
import { go } from '@/utils/routes'
import './index.scss'

const KIND_LABEL: Record<RewardItem['kind'], string> = { coupon: '优惠券', gift: '实物礼品', service: '免费服务' }

function unavailableReason(item: RewardItem, balance: number): string | null {
  if (item.stock <= 0) return '已兑完'
  if (item.redeemedByMe >= item.perMemberLimit) return '已达兑换上限'
  if (balance < item.pointsPrice) return '积分不足'
  return null
}

function MallPage() {
  const items = useMallStore((s) => s.items)
  const request = useRequest(rewardsView.key())
  const savedAt = useMallStore((s) => s.savedAt)
  // The catalogue's answer carries the balance; until it is there, the last one known.
  const cachedBalance = usePointsStore((s) => s.summary?.balance)
  const balance = useMallStore((s) => s.balance) ?? cachedBalance ?? 0
  const redeeming = useAction(redeem)
  const [redeemingId, setRedeemingId] = useState<string | null>(null)
  const load = () => useMallStore.getState().load()
  useSessionLoad(load)

  // Confirm and redeem are one journey: a second tap during the dialog does nothing.
  const onRedeem = (item: RewardItem) =>
    redeeming.run(
      async () => {
        setRedeemingId(item.id)
        try {
          if (!(await confirm('确认兑换', `使用 ${item.pointsPrice} 积分兑换「${item.name}」？兑换后积分不退回。`, '确认兑换'))) return null
          return await redeem(item.id)
        } finally {
          setRedeemingId(null)
        }
      },
      (res) => res && toast(res.coupon ? '兑换成功，可在「我的优惠券」查看' : '兑换成功'),
    )

  return (
    <>
      <View className='mall-header'>
        <Text>可用积分</Text>
        <Text className='mall-header__balance' id='mall-balance'>
          {balance}
        </Text>
        <Text className='link' onClick={() => go('coupons')}>
          我的优惠券 ›
        </Text>
      </View>
      <AsyncView request={request} hasData={!!items} savedAt={savedAt} onRetry={load}>
        <View className='mall-grid' id='reward-list'>
          {items && items.length === 0 ? <EmptyState title='商城暂无商品' /> : null}
          {items?.map((item) => {
            const reason = unavailableReason(item, balance)
            return (
              <View key={item.id} className='reward' id={`reward-${item.id}`}>
                <View className={`reward__art reward__art--${item.kind}`}>
                  <Text>{KIND_LABEL[item.kind]}</Text>
                </View>
                <Text className='reward__name'>{item.name}</Text>
                <Text className='muted reward__desc'>{item.description}</Text>
                <Text className='reward__price'>{item.pointsPrice} 积分</Text>
                <Text className='muted'>
                  {item.stock > 0 ? `库存 ${item.stock}` : '已兑完'} · 每人限 {item.perMemberLimit} 次{item.redeemedByMe ? `（已兑 ${item.redeemedByMe}）` : ''}
                </Text>
                <Button
                  id={`redeem-${item.id}`}
                  className={`btn btn--small btn--block reward__button ${reason ? 'btn--disabled' : 'btn--primary'}`}
                  hoverClass='pressed'
                  disabled={!!reason || redeeming.busy}
                  loading={redeemingId === item.id}
                  onClick={() => onRedeem(item)}
                >
                  {reason ?? '立即兑换'}
                </Button>
              </View>
            )
          })}
        </View>
      </AsyncView>
    </>
  )
}

export default definePage('page-mall', MallPage)
