import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import { useRef, useState } from 'react'
import type { NotificationWire } from '@/api/contract'
import { NotificationList } from '@/components/messages/notification-list'
import { SubscriptionPanel } from '@/components/messages/subscription-panel'
import { AsyncView } from '@/components/ui/async-view'
import { definePage } from '@/components/ui/page-shell'
import { Section } from '@/components/ui/section'
import { EmptyState } from '@/components/ui/state-views'
import { useAction } from '@/hooks/use-action'
import { useSessionLoad } from '@/hooks/use-session-load'
import { useConfigStore } from '@/stores/config'
import { markAllRead, markRead, messagesView, requestSubscriptions, subscribeResultText, useMessagesStore, useSubscribeAvailable } from '@/stores/messages'
import { useRequest } from '@/stores/request'
import { toast, toastError } from '@/utils/feedback'
import { go } from '@/utils/routes'
import './index.scss'
import { a11yRole, ariaState } from '@/components/ui/a11y'

/** Notifications shown at once; "查看更早的消息" adds as many again (keeps each setData small). */
const PAGE_SIZE = 10

function MessagesPage() {
  const notifications = useMessagesStore((s) => s.notifications)
  const unread = useMessagesStore((s) => s.unread)
  const subscriptions = useMessagesStore((s) => s.subscriptions)
  const subscribeAvailable = useSubscribeAvailable()
  const request = useRequest(messagesView.key())
  const reading = useAction(markAllRead)
  const subscribing = useAction(requestSubscriptions)
  const savedAt = useMessagesStore((s) => s.savedAt)
  const [shown, setShown] = useState(PAGE_SIZE)
  const marking = useRef(new Set<string>())
  const load = () => Promise.all([useMessagesStore.getState().load(), useConfigStore.getState().load()])
  useSessionLoad(load)

  const open = (n: NotificationWire) => {
    // Each notification its own call (two opened quickly are both marked read), once (a double tap is one); a
    // failure says so.
    if (!n.read && !marking.current.has(n.id)) {
      marking.current.add(n.id)
      markRead(n.id)
        .catch(toastError)
        .finally(() => marking.current.delete(n.id))
    }
    // A gift on its way: 兑换记录 has its status and carrier's number.
    if (n.template === 'gift_shipped') go('redemptions')
    // A data request answered: 设置 lists it with the reply.
    if (n.template === 'privacy_handled') go('settings')
    // A paid plan ending: 会员权益 is where it is renewed.
    if (n.template === 'tier_expiring') go('benefits')
  }
  const onMarkAllRead = () =>
    reading.run(
      () => markAllRead(),
      () => toast('已全部标为已读'),
    )
  // The subscription dialog is requested here and nowhere else: synchronously inside the member's tap.
  const subscribe = () =>
    subscribing.run(
      () => requestSubscriptions(),
      (r) => toast(subscribeResultText(r)),
    )

  const list = notifications ?? []
  return (
    <>
      <AsyncView request={request} hasData={!!notifications} savedAt={savedAt} onRetry={load}>
        <Section
          title='通知'
          id='notifications'
          extra={
            unread > 0 ? (
              <View className='messages__head'>
                <Text className='messages__unread' id='messages-unread'>
                  {unread} 条未读
                </Text>
                <Text className='link' id='mark-all-read' onClick={reading.busy ? undefined : onMarkAllRead} {...a11yRole('button', true)} aria-disabled={ariaState(reading.busy)}>
                  全部已读
                </Text>
              </View>
            ) : (
              <Text id='messages-unread'>全部已读</Text>
            )
          }
        >
          {list.length === 0 ? (
            <EmptyState title='暂无消息' hint='积分到期、优惠券到期、等级变化等提醒会出现在这里' />
          ) : (
            <NotificationList notifications={list.slice(0, shown)} onOpen={open} />
          )}
          {list.length > shown ? (
            <Button id='messages-more' className='btn btn--small btn--block messages__more' hoverClass='pressed' onClick={() => setShown(shown + PAGE_SIZE)}>
              查看更早的消息（还有 {list.length - shown} 条）
            </Button>
          ) : null}
        </Section>
        {subscriptions ? (
          <Section title={subscribeAvailable ? '订阅提醒' : '提醒'} id='subscription-settings'>
            <SubscriptionPanel subscriptions={subscriptions} available={subscribeAvailable} busy={subscribing.busy} onSubscribe={subscribe} />
          </Section>
        ) : null}
      </AsyncView>
    </>
  )
}

export default definePage('page-messages', MessagesPage)
