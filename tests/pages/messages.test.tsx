import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import MessagesPage from '@/packages/settings/messages/index'
import { api } from '@/api/http'
import { platform } from '@/platform'
import { useSessionStore } from '@/stores/session'
import type { MessagePayloads, MessageTemplateId } from '@/domain/messages'
import { calls } from '../support/taro-mock'
import { newMemberCode, startTestBackend, type TestBackend } from '../support/backend'
import { startSubscriptionBackend, TEMPLATE_IDS } from '../support/subscription-backend'
import { found } from '../support/dom'

afterEach(() => jest.restoreAllMocks())

describe('notification center', () => {
  let t: TestBackend
  beforeEach(async () => {
    t = await startTestBackend()
    await t.loginAs('demo')
  })

  test('shows the newest notifications first with the unread count; opening one reads it', async () => {
    const { container } = render(<MessagesPage />)
    const list = await found(container, '#notification-list')
    const server = await api.messages()
    expect(container.querySelector('#messages-unread')).toHaveTextContent(`${server.unread} 条未读`)
    const items = list.querySelectorAll('.notification')
    expect(items).toHaveLength(Math.min(server.notifications.length, 10)) // the first page; older ones behind a button
    expect(items[0]).toHaveTextContent(server.notifications[0].body)

    const first = items[0] as HTMLElement
    expect(first.className).toContain('notification--unread')
    expect(first.querySelector('.notification__dot')).not.toBeNull()
    fireEvent.click(first)
    await waitFor(() => expect(container.querySelector(`#notification-${server.notifications[0].id}`)!.className).not.toContain('--unread'))
    expect(container.querySelector(`#notification-${server.notifications[0].id} .notification__dot`)).toBeNull()
    expect(container.querySelector('#messages-unread')).toHaveTextContent(`${server.unread - 1} 条未读`)
    expect((await api.messages()).unread).toBe(server.unread - 1)
  })

  test('two unread notifications opened one after the other, quickly: both are read', async () => {
    const { container } = render(<MessagesPage />)
    await found(container, '#notification-list')
    const unread = (await api.messages()).notifications.filter((n) => !n.read).slice(0, 2)
    expect(unread).toHaveLength(2)
    for (const n of unread) fireEvent.click(container.querySelector(`#notification-${n.id}`)!)
    await waitFor(async () => expect((await api.messages()).notifications.filter((n) => unread.some((u) => u.id === n.id)).every((n) => n.read)).toBe(true))
    for (const n of unread) await waitFor(() => expect(container.querySelector(`#notification-${n.id}`)!.className).not.toContain('--unread'))
  })

  /** A message the backend sends the member, as the message centre lists it: its id and its line. */
  async function shown<T extends MessageTemplateId>(template: T, payload: MessagePayloads[T]): Promise<{ id: string; item: HTMLElement }> {
    await t.backend.core.write(t.now(), async (work) => {
      const tx = await work.member(useSessionStore.getState().memberId!)
      tx.message(template, payload)
    })
    const { container } = render(<MessagesPage />)
    const list = await found(container, '#notification-list')
    const { id } = (await api.messages()).notifications.find((n) => n.template === template)!
    return { id, item: list.querySelector(`#notification-${id}`) as HTMLElement }
  }

  test('礼品已发货 says the carrier\'s number, and opening it leads to 兑换记录', async () => {
    const { id: shippedId, item } = await shown('gift_shipped', { itemName: '帆布托特包', trackingNo: 'SF1234567890' })
    expect(item).toHaveTextContent('礼品已发货')
    expect(item).toHaveTextContent('你兑换的「帆布托特包」已发货，快递单号 SF1234567890。')
    fireEvent.click(item)
    expect(calls.navigations.at(-1)?.url).toMatch(/\/packages\/mall\/redemptions\/index/)
    await waitFor(async () => expect((await api.messages()).notifications.find((n) => n.id === shippedId)?.read).toBe(true))
  })

  test('会员即将到期 names the plan\'s last day and the tier after it, and opening it leads to 会员权益, where it is renewed', async () => {
    const { item } = await shown('tier_expiring', { tierName: '黄金会员', until: '2026-11-30', nextTierName: '白银会员', cause: 'paid' })
    expect(item).toHaveTextContent('会员即将到期')
    expect(item).toHaveTextContent('你的付费会员（黄金会员）将于 11月30日 到期，之后会员等级为白银会员。如需继续享受权益，可在会员权益页续费。')
    fireEvent.click(item)
    expect(calls.navigations.at(-1)?.url).toMatch(/\/benefits\/index/)
  })

  test('全部已读 clears every unread mark', async () => {
    const { container } = render(<MessagesPage />)
    fireEvent.click(await found(container, '#mark-all-read'))
    await waitFor(() => expect(container.querySelector('#messages-unread')).toHaveTextContent('全部已读'))
    expect(container.querySelectorAll('.notification--unread')).toHaveLength(0)
    expect(calls.toasts.at(-1)?.title).toBe('已全部标为已读')
  })

  test('ten at a time: older notifications appear on demand', async () => {
    // Given a member with 25 notifications (the demo has a handful): the backend sends the rest.
    const have = (await api.messages()).notifications.length
    await t.backend.core.write(t.now(), async (work) => {
      const tx = await work.member(useSessionStore.getState().memberId!)
      for (let i = have; i < 25; i++) tx.message('tier_upgraded', { tierName: '白银会员' })
    })
    const total = (await api.messages()).notifications.length
    expect(total).toBe(25)
    expect(total).toBeGreaterThan(10)
    const { container } = render(<MessagesPage />)
    const more = await found(container, '#messages-more')
    expect(container.querySelectorAll('.notification')).toHaveLength(10)
    expect(more).toHaveTextContent(`还有 ${total - 10} 条`)
    fireEvent.click(more)
    await waitFor(() => expect(container.querySelectorAll('.notification')).toHaveLength(Math.min(total, 20)))
  })

  test('subscription settings (a platform with subscription messages, the brand’s templates set up): every reminder with its quota and the weekly cap', async () => {
    const sub = await startSubscriptionBackend('weapp')
    try {
      await sub.loginAs(newMemberCode())
      jest.replaceProperty(platform, 'subscribeMessages', true)
      const { container } = render(<MessagesPage />)
      await found(container, '#subscriptions')
      expect(container.querySelector('#subscription-cap')).toHaveTextContent('每周最多提醒 2 次')
      const signin = (await api.messages()).subscriptions.templates.find((x) => x.id === 'signin_reminder')!
      expect(container.querySelector('#subscription-signin_reminder')).toHaveTextContent(signin.quota > 0 ? `可提醒 ${signin.quota} 次` : '未订阅')
      expect(container.querySelector('#subscription-points_expiring')).toHaveTextContent('积分即将过期')
    } finally {
      sub.restore()
    }
  })

  test('the demo (no template set up for the platform) lists no reminders to subscribe: it says they all come here', async () => {
    jest.replaceProperty(platform, 'subscribeMessages', true)
    const { container } = render(<MessagesPage />)
    await found(container, '#subscribe-unsupported')
    expect(container.querySelector('#subscribe-unsupported')).toHaveTextContent('所有提醒都会发送到站内「消息」中心')
    expect(container.querySelector('#subscribe-button')).toBeNull()
  })
})

test('a new member with no messages sees the empty state', async () => {
  const t = await startTestBackend()
  await t.loginAs(newMemberCode())
  render(<MessagesPage />)
  expect(await screen.findByText('暂无消息')).toBeInTheDocument()
})

describe('订阅提醒 button', () => {
  let sub: Awaited<ReturnType<typeof startSubscriptionBackend>>
  afterEach(() => sub.restore())

  test('WeChat: showing the page asks nothing; one tap asks once for the configured templates and shows the new quota', async () => {
    sub = await startSubscriptionBackend('weapp')
    await sub.loginAs(newMemberCode())
    const request = jest.spyOn(platform, 'requestSubscribe').mockResolvedValue({ accepted: [TEMPLATE_IDS.weapp.points_expiring], supported: true })
    const { container } = render(<MessagesPage />)
    const button = await found(container, '#subscribe-button')
    expect(container.querySelector('#subscription-points_expiring')).toHaveTextContent('未订阅')
    expect(request).not.toHaveBeenCalled()

    fireEvent.click(button)
    await waitFor(() => expect(container.querySelector('#subscription-points_expiring')).toHaveTextContent('可提醒 1 次'))
    expect(request).toHaveBeenCalledTimes(1)
    expect([...request.mock.calls[0][0]].sort()).toEqual(Object.values(TEMPLATE_IDS.weapp).sort())
    expect(calls.toasts.at(-1)?.title).toBe('已订阅 1 项提醒')
  })

  test('H5: no 订阅提醒 is offered (the platform has no subscription messages); the panel says where reminders go', async () => {
    sub = await startSubscriptionBackend('h5')
    await sub.loginAs(newMemberCode())
    const request = jest.spyOn(platform, 'requestSubscribe')
    const { container } = render(<MessagesPage />)
    await found(container, '#subscribe-unsupported')
    expect(container.querySelector('#subscribe-unsupported')).toHaveTextContent('所有提醒都会发送到站内「消息」中心')
    expect(container.querySelector('#subscribe-button')).toBeNull()
    expect(container.querySelector('#subscription-cap')).toBeNull()
    expect(container.textContent).not.toContain('暂不可用')
    expect(request).not.toHaveBeenCalled()
  })
})
