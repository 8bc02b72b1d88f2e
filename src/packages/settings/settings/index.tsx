import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import { useState } from 'react'
import { SubscriptionPanel } from '@/components/messages/subscription-panel'
import { definePage } from '@/components/ui/page-shell'
import { Section } from '@/components/ui/section'
import { usesEmbeddedMock } from '@/api/env'
import { ContactEntry, TextField } from '@/platform/ui'
import { useAction } from '@/hooks/use-action'
import { useSessionLoad } from '@/hooks/use-session-load'
import { useConfigStore } from '@/stores/config'
import { requestSubscriptions, subscribeResultText, useMessagesStore, useSubscribeAvailable } from '@/stores/messages'
import { useSessionStore } from '@/stores/session'
import { useRequest } from '@/stores/request'
import { privacyRequestsView, requestDeletion, requestExport, sendFeedback, useSupportStore } from '@/stores/support'
import { confirm, inform, toast } from '@/utils/feedback'
import { formatInstant } from '@/utils/format'
import { go } from '@/utils/routes'
import './index.scss'
import { a11yRole } from '@/components/ui/a11y'

const FEEDBACK_MAX = 500
const DEMO_UNHANDLED = '演示版没有运营人员处理申请，将一直显示处理中'

function SettingsPage() {
  const consent = useSessionStore((s) => s.consent)
  const serviceUrl = useConfigStore((s) => s.config?.brand.serviceUrl)
  const privacyRequests = useSupportStore((s) => s.privacyRequests)
  const privacyLoad = useRequest(privacyRequestsView.key())
  const sending = useAction(sendFeedback)
  const requesting = useAction(requestExport)
  const withdrawing = useAction(['session', 'withdraw'])
  const [requestingKind, setRequestingKind] = useState<'export' | 'deletion' | null>(null)
  const subscriptions = useMessagesStore((s) => s.subscriptions)
  const subscribeAvailable = useSubscribeAvailable()
  const subscribing = useAction(requestSubscriptions)
  const unread = useMessagesStore((s) => s.unread)
  const [content, setContent] = useState('')
  const [contact, setContact] = useState('')
  useSessionLoad(() => Promise.all([useConfigStore.getState().load(), useMessagesStore.getState().load(), privacyRequestsView.load()]))

  // The subscription dialog comes only from this tap (and the same button on the 消息 page).
  const subscribe = () =>
    subscribing.run(
      () => requestSubscriptions(),
      (r) => toast(subscribeResultText(r)),
    )
  const withdraw = () =>
    withdrawing.run(async () => {
      if (!(await confirm('撤回隐私授权', '撤回后将无法使用会员服务，直到你重新同意。确定撤回吗？', '撤回'))) return
      await useSessionStore.getState().declinePrivacy()
    })
  // Nothing to send until something is written: the button waits for it (the second tap of a double tap, after
  // the first has sent the text and cleared the box, once answered "请填写反馈内容" over the thanks).
  const blank = !content.trim()
  const submitFeedback = () => {
    if (blank) return
    void sending.run(
      () => sendFeedback({ content: content.trim(), ...(contact.trim() ? { contact: contact.trim() } : {}) }),
      () => {
        setContent('')
        setContact('')
        toast('感谢反馈，我们会尽快处理')
      },
    )
  }
  // Export and deletion share one key: one personal-data request (and one dialog) at a time.
  const privacyRequest = (kind: 'export' | 'deletion') =>
    requesting.run(
      async () => {
        setRequestingKind(kind)
        try {
          // On the demo no notice of a handling no one will do is promised (its receipt and row say so).
          const ok =
            kind === 'export'
              ? await confirm('申请导出数据', `我们将整理你的会员资料、积分、签到和订单记录${usesEmbeddedMock ? '' : '，处理完成后通知你'}。`, '提交申请')
              : await confirm('申请删除数据', '删除后会员等级、积分、优惠券和核销码随账户作废，无法恢复。确定提交删除申请吗？', '提交申请')
          if (!ok) return null
          return kind === 'export' ? await requestExport() : await requestDeletion()
        } finally {
          setRequestingKind(null)
        }
      },
      // The demo's embedded backend has no operator to answer (the console works on a server): it says so.
      (res) => res && inform('申请已提交', usesEmbeddedMock ? `编号 ${res.requestNo}。${DEMO_UNHANDLED}` : res.message),
    )

  return (
    <>
      <Section title='隐私' id='settings-privacy'>
        <View className='settings-row' hoverClass='pressed' onClick={() => go('privacy')} {...a11yRole('link', true)}>
          <Text>会员隐私保护指引</Text>
          <Text className='muted'>查看 ›</Text>
        </View>
        <View className='settings-row'>
          <Text>授权状态</Text>
          <Text className={consent === 'accepted' ? 'settings-ok' : 'muted'} id='consent-state'>
            {consent === 'accepted' ? '已同意' : '未同意'}
          </Text>
        </View>
        {consent === 'accepted' ? (
          <Button
            id='withdraw-consent'
            className='btn btn--small settings-button'
            hoverClass='pressed'
            disabled={withdrawing.busy}
            loading={withdrawing.busy}
            onClick={withdraw}
          >
            撤回同意
          </Button>
        ) : null}
      </Section>
      <Section title='消息提醒' id='settings-subscriptions'>
        <View className='settings-row' id='settings-messages' hoverClass='pressed' onClick={() => go('messages')} {...a11yRole('link', true)}>
          <Text>消息中心</Text>
          <Text className='muted'>{unread > 0 ? `${unread} 条未读 ›` : '查看 ›'}</Text>
        </View>
        {subscriptions ? (
          <View className='settings-subscriptions'>
            <SubscriptionPanel subscriptions={subscriptions} available={subscribeAvailable} busy={subscribing.busy} onSubscribe={subscribe} />
          </View>
        ) : null}
      </Section>
      <Section title='我的数据'>
        <View className='settings-actions'>
          <Button
            id='request-export'
            className='btn btn--small btn--ghost'
            hoverClass='pressed'
            disabled={requesting.busy}
            loading={requestingKind === 'export'}
            onClick={() => privacyRequest('export')}
          >
            申请导出数据
          </Button>
          <Button
            id='request-deletion'
            className='btn btn--small'
            hoverClass='pressed'
            disabled={requesting.busy}
            loading={requestingKind === 'deletion'}
            onClick={() => privacyRequest('deletion')}
          >
            申请删除数据
          </Button>
        </View>
        {privacyRequests && privacyRequests.length > 0 ? (
          <View id='privacy-requests'>
            {privacyRequests.map((r) => (
              <View key={r.requestId} className='privacy-request' id={`privacy-request-${r.requestId}`}>
                <View className='settings-row'>
                  <Text>
                    {r.kind === 'export' ? '数据导出' : '数据删除'}申请 · {formatInstant(r.at)}
                  </Text>
                  <Text className={r.status === 'done' ? 'settings-ok' : 'muted'}>{r.status === 'done' ? '已处理' : '处理中'}</Text>
                </View>
                <Text className='muted privacy-request__detail'>
                  编号 {r.requestNo}
                  {r.reply ? `。处理结果：${r.reply}` : usesEmbeddedMock ? `。${DEMO_UNHANDLED}` : '。我们会在 15 个工作日内处理，完成后在消息中心通知你'}
                </Text>
              </View>
            ))}
          </View>
        ) : privacyLoad.status === 'error' ? (
          <View className='settings-row' id='privacy-requests-error'>
            <Text className='muted'>申请记录加载失败</Text>
            <Button className='btn btn--small btn--ghost' hoverClass='pressed' onClick={() => void privacyRequestsView.load(undefined, { force: true })}>
              重试
            </Button>
          </View>
        ) : null}
      </Section>
      {/* The brand's own number or page only: nothing to dial or open until the config says which. */}
      {serviceUrl ? (
        <Section title='联系客服'>
          <ContactEntry id='contact-service' className='btn btn--ghost btn--block' serviceUrl={serviceUrl} />
        </Section>
      ) : null}
      <Section title='意见反馈' id='feedback'>
        <TextField id='feedback-content' className='feedback__content' multiline value={content} maxLength={FEEDBACK_MAX} placeholder='说说你的建议或遇到的问题' onChange={setContent} />
        <Text className='muted feedback__count'>
          {content.length}/{FEEDBACK_MAX}
        </Text>
        <TextField id='feedback-contact' className='feedback__contact' value={contact} maxLength={50} placeholder='联系方式（选填）' onChange={setContact} />
        <Button
          id='feedback-submit'
          className={`btn btn--block ${blank ? 'btn--disabled' : 'btn--primary'}`}
          hoverClass='pressed'
          loading={sending.busy}
          disabled={sending.busy || blank}
          onClick={submitFeedback}
        >
          提交反馈
        </Button>
      </Section>
    </>
  )
}

export default definePage('page-settings', SettingsPage)
