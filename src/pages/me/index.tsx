import { Text, View } from '@tarojs/components'
import { AsyncView } from '@/components/ui/async-view'
import { definePage } from '@/components/ui/page-shell'
import { useSessionLoad } from '@/hooks/use-session-load'
import { useCouponsStore } from '@/stores/coupons'
import { memberView, useMemberStore } from '@/stores/member'
import { useMessagesStore } from '@/stores/messages'
import { useRequest } from '@/stores/request'
import { go, type RouteName } from '@/utils/routes'
import './index.scss'
import { a11yRole } from '@/components/ui/a11y'

const ENTRIES: { label: string; hint?: string; route: RouteName }[] = [
  { label: '消息', route: 'messages' },
  { label: '积分明细', route: 'points' },
  { label: '积分商城', route: 'mall' },
  { label: '我的优惠券', route: 'coupons' },
  { label: '我的订单', route: 'orders' },
  // Vouchers from the mall, 会员权益 and draws, and the gifts on their way: one place to find them at the counter.
  { label: '兑换记录', hint: '核销码与礼品进度', route: 'redemptions' },
  { label: '会员权益', route: 'benefits' },
  { label: '会员月报', hint: '看看这个月的收获', route: 'report' },
  { label: '每日签到', route: 'signin' },
  { label: '邀请有礼', hint: '好友注册得积分', route: 'invite' },
  { label: '完善资料', route: 'profile' },
  { label: '设置与隐私', route: 'settings' },
]

function MePage() {
  const me = useMemberStore((s) => s.me)
  const request = useRequest(memberView.key())
  const savedAt = useMemberStore((s) => s.savedAt)
  const couponCount = useCouponsStore((s) => s.coupons?.available.length)
  const unread = useMessagesStore((s) => s.unread)
  const load = () => Promise.all([useMemberStore.getState().load(), useCouponsStore.getState().load(), useMessagesStore.getState().load()])
  useSessionLoad(load)

  return (
    <>
      <AsyncView request={request} hasData={!!me} savedAt={savedAt} onRetry={load}>
        {me ? (
          <View>
            <View className='me-header'>
              <View className='me-header__avatar'>
                <Text>{me.nickname.slice(0, 1)}</Text>
              </View>
              <View className='me-header__info'>
                <Text className='me-header__name'>{me.nickname}</Text>
                <Text className='me-header__tier' id='me-tier' onClick={() => go('benefits')} {...a11yRole('link', true)}>
                  {me.tier.name} ›
                </Text>
              </View>
            </View>
            <View className='me-stats'>
              <View className='me-stats__item' hoverClass='pressed' onClick={() => go('points')} {...a11yRole('link', true)}>
                <Text className='me-stats__value' id='me-balance'>
                  {me.balance}
                </Text>
                <Text className='muted'>积分</Text>
              </View>
              <View className='me-stats__item' hoverClass='pressed' onClick={() => go('coupons')} {...a11yRole('link', true)}>
                <Text className='me-stats__value'>{couponCount ?? '-'}</Text>
                <Text className='muted'>优惠券</Text>
              </View>
              <View className='me-stats__item' hoverClass='pressed' onClick={() => go('benefits')} {...a11yRole('link', true)}>
                <Text className='me-stats__value'>{me.growth}</Text>
                <Text className='muted'>成长值</Text>
              </View>
            </View>
            <View className='me-entries'>
              {ENTRIES.map((e) => (
                <View key={e.route} className='me-entry' id={`me-entry-${e.route}`} hoverClass='pressed' onClick={() => go(e.route)} {...a11yRole('link', true)}>
                  <Text>{e.label}</Text>
                  <View className='me-entry__end'>
                    {e.route === 'messages' && unread > 0 ? (
                      <Text className='me-entry__badge' id='me-messages-badge'>
                        {unread > 99 ? '99+' : unread}
                      </Text>
                    ) : null}
                    {e.hint ? <Text className='muted me-entry__hint'>{e.hint}</Text> : null}
                    <Text className='muted'>›</Text>
                  </View>
                </View>
              ))}
            </View>
          </View>
        ) : null}
      </AsyncView>
    </>
  )
}

export default definePage('page-me', MePage)
