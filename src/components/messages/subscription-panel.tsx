import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import type { SubscriptionState } from '@/api/contract'
import './subscription-panel.scss'

export interface SubscriptionPanelProps {
  subscriptions: SubscriptionState
  /**
   * Subscription messages can be asked for here: false on H5, or once the brand's setup turned out to have none.
   * Then nothing offers a subscription; the panel says where reminders go instead.
   */
  available: boolean
  busy: boolean
  /** The 订阅提醒 tap: the only place a subscription dialog may come from. */
  onSubscribe: () => void
}

/**
 * Subscription settings: each reminder with what is left of its quota (one acceptance = one reminder), the
 * weekly cap, and the 订阅提醒 button — where the platform has subscription messages at all.
 */
export function SubscriptionPanel({ subscriptions, available, busy, onSubscribe }: SubscriptionPanelProps) {
  if (!available) {
    return (
      <View className='subscriptions' id='subscriptions'>
        <Text className='subscriptions__note' id='subscribe-unsupported'>
          所有提醒都会发送到站内「消息」中心（本页上方），无需订阅。
        </Text>
      </View>
    )
  }
  return (
    <View className='subscriptions' id='subscriptions'>
      <Text className='subscriptions__cap' id='subscription-cap'>
        每周最多提醒 {subscriptions.weeklyCap} 次，本周已提醒 {subscriptions.sendsThisWeek} 次
      </Text>
      <View className='subscriptions__list'>
        {subscriptions.templates.map((t) => (
          <View key={t.id} className='subscriptions__row' id={`subscription-${t.id}`}>
            <Text>{t.title}</Text>
            <Text className={t.quota > 0 ? 'subscriptions__quota subscriptions__quota--on' : 'subscriptions__quota'}>
              {t.quota > 0 ? `可提醒 ${t.quota} 次` : '未订阅'}
            </Text>
          </View>
        ))}
      </View>
      <Button
        id='subscribe-button'
        className={`btn btn--block ${busy ? 'btn--disabled' : 'btn--primary'}`}
        hoverClass='pressed'
        disabled={busy}
        loading={busy}
        onClick={onSubscribe}
      >
        订阅提醒
      </Button>
      <Text className='subscriptions__note'>每次订阅可收到 1 次对应提醒，可随时再次订阅；所有提醒也会保存在站内「消息」中心。</Text>
    </View>
  )
}
