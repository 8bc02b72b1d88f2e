import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { RewardItem } from '@/api/contract'
import { AsyncView } from '@/components/ui/async-view'
import { PageShell } from '@/components/ui/page-shell'
import { EmptyState } from '@/components/ui/state-views'
import { useSessionLoad } from '@/hooks/use-session-load'
import { useMallStore } from '@/stores/mall'
import { usePointsStore } from '@/stores/points'
import { confirm, toast, toastError } from '@/utils/feedback'
import { go } from '@/utils/routes'
import './index.scss'

const KIND_LABEL: Record<RewardItem['kind'], string> = { coupon: '优惠券', gift: '实物礼品', service: '免费服务' }

function unavailableReason(item: RewardItem, balance: number): string | null {
  if (item.stock <= 0) return '已兑完'
  if (item.redeemedByMe >= item.perMemberLimit) return '已达兑换上限'
  if (balance < item.pointsPrice) return '积分不足'
  return null
}

export default function MallPage() {
  const items = useMallStore((s) => s.items)
  const request = useMallStore((s) => s.requests.load)
  const savedAt = useMallStore((s) => s.savedAt)
  const balance = usePointsStore((s) => s.summary?.balance ?? 0)
  const [redeemingId, setRedeemingId] = useState<string | null>(null)
  const load = () => Promise.all([useMallStore.getState().load(), usePointsStore.getState().loadSummary()])
  useSessionLoad(load)

  const redeem = async (item: RewardItem) => {
    const ok = await confirm('确认兑换', `使用 ${item.pointsPrice} 积分兑换「${item.name}」？兑换后积分不退回。`, '确认兑换')
    if (!ok) return
    setRedeemingId(item.id)
    try {
      const res = await useMallStore.getState().redeem(item.id)
      toast(res.coupon ? '兑换成功，可在「我的优惠券」查看' : '兑换成功')
    } catch (e) {
      toastError(e)
      void load()
    } finally {
      setRedeemingId(null)
    }
  }

  return (
    <PageShell id='page-mall'>
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
                  disabled={!!reason || redeemingId !== null}
                  loading={redeemingId === item.id}
                  onClick={() => redeem(item)}
                >
                  {reason ?? '立即兑换'}
                </Button>
              </View>
            )
          })}
        </View>
      </AsyncView>
    </PageShell>
  )
}
