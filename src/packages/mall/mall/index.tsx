import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import { useState } from 'react'
import type { DeliveryAddress, RedeemResponse, RedemptionWire, RewardItem, Voucher } from '@/api/contract'
import { DeliverySheet } from '@/components/mall/delivery-sheet'
import { RewardArt } from '@/components/mall/reward-art'
import { VoucherSheet } from '@/components/mall/voucher-sheet'
import { AsyncView } from '@/components/ui/async-view'
import { definePage } from '@/components/ui/page-shell'
import { RulesNote } from '@/components/ui/rules-note'
import { EmptyState } from '@/components/ui/state-views'
import { mallRulesWords } from '@/domain/mall'
import { useAction } from '@/hooks/use-action'
import { useSessionLoad } from '@/hooks/use-session-load'
import { useConfigStore } from '@/stores/config'
import { redeem, rewardsView, useMallStore } from '@/stores/mall'
import { usePointsStore } from '@/stores/points'
import { useRequest } from '@/stores/request'
import { confirm, toast } from '@/utils/feedback'
import { go } from '@/utils/routes'
import './index.scss'
import { a11yRole } from '@/components/ui/a11y'

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
  // The catalogue's answer carries the balance; until it is there, the last one known (none known: —, not 0).
  const cachedBalance = usePointsStore((s) => s.summary?.balance)
  const balance = useMallStore((s) => s.balance) ?? cachedBalance
  const redeeming = useAction(redeem)
  const [redeemingId, setRedeemingId] = useState<string | null>(null)
  /** The gift whose delivery address is being asked. */
  const [deliveryFor, setDeliveryFor] = useState<RewardItem | null>(null)
  /** The in-store item just redeemed, whose 核销码 shows. */
  const [voucherOf, setVoucherOf] = useState<(RedemptionWire & { voucher: Voucher }) | null>(null)
  const mallRules = useConfigStore((s) => s.config?.rules.mall)
  const load = () => Promise.all([useMallStore.getState().load(), useConfigStore.getState().load()])
  useSessionLoad(load)

  const redeemed = (res: RedeemResponse | null) => {
    if (!res) return
    if (res.redemption.voucher) setVoucherOf({ ...res.redemption, voucher: res.redemption.voucher })
    else toast(res.coupon ? '兑换成功，可在「我的优惠券」查看' : '兑换成功')
  }

  // A gift asks where to send it; the sheet's 确认兑换 is the confirmation. A member who cannot afford it reads
  // 积分不足 on the button and is never asked for an address (the server, too, checks the points first).
  const onRedeemGift = (item: RewardItem, delivery: DeliveryAddress) =>
    redeeming.run(
      () => redeem(item.id, { delivery, expectedPoints: item.pointsPrice }),
      () => {
        setDeliveryFor(null)
        toast('兑换成功，可在「兑换记录」查看发货进度')
      },
    )

  // Confirm and redeem are one journey: a second tap during the dialog does nothing.
  const onRedeem = (item: RewardItem) => {
    if (item.kind === 'gift') {
      if (!redeeming.busy) setDeliveryFor(item)
      return
    }
    return redeeming.run(
      async () => {
        setRedeemingId(item.id)
        try {
          if (!(await confirm('确认兑换', `使用 ${item.pointsPrice} 积分兑换「${item.name}」？兑换后积分不退回。`, '确认兑换'))) return null
          return await redeem(item.id, { expectedPoints: item.pointsPrice })
        } finally {
          setRedeemingId(null)
        }
      },
      redeemed,
    )
  }

  return (
    <>
      <View className='mall-header'>
        <Text className='mall-header__label'>可用积分</Text>
        <Text className='mall-header__balance' id='mall-balance'>
          {balance ?? '—'}
        </Text>
        <Text className='link mall-header__link' id='mall-coupons' onClick={() => go('coupons')} {...a11yRole('link', true)}>
          我的优惠券 ›
        </Text>
        <Text className='link mall-header__link' id='mall-redemptions' onClick={() => go('redemptions')} {...a11yRole('link', true)}>
          兑换记录 ›
        </Text>
      </View>
      <AsyncView request={request} hasData={!!items} savedAt={savedAt} onRetry={load}>
        <View className='mall-grid' id='reward-list'>
          {items && items.length === 0 ? <EmptyState title='商城暂无商品' art='bag' /> : null}
          {items?.map((item) => {
            const reason = unavailableReason(item, balance ?? 0)
            return (
              <View key={item.id} className='reward' id={`reward-${item.id}`}>
                <RewardArt item={item} />
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
        {mallRules ? <RulesNote id='mall-rules' title='兑换说明' lines={mallRulesWords(mallRules)} /> : null}
      </AsyncView>
      {deliveryFor ? (
        <DeliverySheet intro={`使用 ${deliveryFor.pointsPrice} 积分兑换「${deliveryFor.name}」，兑换后积分不退回`} busy={redeeming.busy} onSubmit={(delivery) => void onRedeemGift(deliveryFor, delivery)} onClose={() => setDeliveryFor(null)} />
      ) : null}
      {voucherOf ? (
        <VoucherSheet
          redemption={voucherOf}
          onClose={() => setVoucherOf(null)}
          onRecords={() => {
            setVoucherOf(null)
            go('redemptions')
          }}
        />
      ) : null}
    </>
  )
}

export default definePage('page-mall', MallPage)
