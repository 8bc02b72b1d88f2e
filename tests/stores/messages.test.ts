import { ApiError } from '@/api/errors'
import { api } from '@/api/http'
import { platform } from '@/platform'
import { useConfigStore } from '@/stores/config'
import { ME_TAB_INDEX, messagesView, subscribeBatch, subscribeResultText, subscribeTemplates, useMessagesStore } from '@/stores/messages'
import { requestState } from '@/stores/request'
import { useSessionStore } from '@/stores/session'
import { newMemberCode, startTestBackend, type TestBackend } from '../support/backend'
import { startSubscriptionBackend, TEMPLATE_IDS } from '../support/subscription-backend'

afterEach(() => jest.restoreAllMocks())

describe('notification center (demo member)', () => {
  let t: TestBackend
  beforeEach(async () => {
    t = await startTestBackend()
    await t.loginAs('demo')
  })

  test('loads the notifications newest first with the unread count, and shows the count on the 我的 tab', async () => {
    const badge = jest.spyOn(platform, 'setTabBadge')
    await useMessagesStore.getState().load()
    const s = useMessagesStore.getState()
    expect(s.notifications!.length).toBeGreaterThan(5)
    const times = s.notifications!.map((n) => n.createdAt)
    expect(times).toEqual([...times].sort().reverse())
    expect(s.unread).toBe(s.notifications!.filter((n) => !n.read).length)
    expect(s.unread).toBeGreaterThan(0)
    expect(s.subscriptions?.weeklyCap).toBe(2)
    expect(badge).toHaveBeenLastCalledWith(ME_TAB_INDEX, String(s.unread))
  })

  test('opening one notification marks it read on the server; the count drops by one', async () => {
    await useMessagesStore.getState().load()
    const before = useMessagesStore.getState().unread
    const target = useMessagesStore.getState().notifications!.find((n) => !n.read)!
    await useMessagesStore.getState().markRead(target.id)
    expect(useMessagesStore.getState().unread).toBe(before - 1)
    expect(useMessagesStore.getState().notifications!.find((n) => n.id === target.id)!.read).toBe(true)
    // The server kept it: a fresh load agrees.
    expect((await api.messages()).unread).toBe(before - 1)
  })

  test('mark all read clears the unread count and the tab badge; a second tap sends nothing', async () => {
    const badge = jest.spyOn(platform, 'setTabBadge')
    await useMessagesStore.getState().load()
    await useMessagesStore.getState().markAllRead()
    expect(useMessagesStore.getState().unread).toBe(0)
    expect(useMessagesStore.getState().notifications!.every((n) => n.read)).toBe(true)
    expect(badge).toHaveBeenLastCalledWith(ME_TAB_INDEX, null)
    expect((await api.messages()).unread).toBe(0)
    const markRead = jest.spyOn(api, 'markRead')
    await useMessagesStore.getState().markAllRead()
    expect(markRead).not.toHaveBeenCalled()
  })

  test('撤回同意 takes the notifications and the 我的 tab badge away', async () => {
    const badge = jest.spyOn(platform, 'setTabBadge')
    await useMessagesStore.getState().load()
    expect(useMessagesStore.getState().unread).toBeGreaterThan(0)
    await useSessionStore.getState().declinePrivacy()
    expect(useMessagesStore.getState()).toMatchObject({ notifications: null, unread: 0 })
    expect(badge).toHaveBeenLastCalledWith(ME_TAB_INDEX, null)
  })

  test('offline: the last-known notifications stay, with an offline error', async () => {
    await useMessagesStore.getState().load()
    const known = useMessagesStore.getState().notifications
    t.offline()
    await useMessagesStore.getState().load()
    expect(useMessagesStore.getState().notifications).toEqual(known)
    expect(requestState(messagesView.key()).error?.isNetwork).toBe(true)
  })
})

describe('订阅提醒: platform dialog, then POST /subscriptions with what was accepted', () => {
  let sub: Awaited<ReturnType<typeof startSubscriptionBackend>>
  afterEach(() => sub.restore())

  test('requests exactly the template ids the brand configured for WeChat and records the accepted ones', async () => {
    sub = await startSubscriptionBackend('weapp')
    await sub.loginAs(newMemberCode())
    await Promise.all([useConfigStore.getState().load(), useMessagesStore.getState().load()])
    const request = jest.spyOn(platform, 'requestSubscribe').mockResolvedValue({ accepted: [TEMPLATE_IDS.weapp.points_expiring, TEMPLATE_IDS.weapp.signin_reminder], supported: true })

    const res = await useMessagesStore.getState().requestSubscriptions()

    expect(request).toHaveBeenCalledTimes(1)
    expect([...request.mock.calls[0][0]].sort()).toEqual(Object.values(TEMPLATE_IDS.weapp).sort())
    expect(res).toEqual({ supported: true, accepted: ['points_expiring', 'signin_reminder'] })
    const quota = (id: string) => useMessagesStore.getState().subscriptions!.templates.find((x) => x.id === id)!.quota
    expect(quota('points_expiring')).toBe(1)
    expect(quota('signin_reminder')).toBe(1)
    expect(quota('coupon_expiring')).toBe(0)
    // Recorded on the server: one acceptance = one send.
    const server = (await api.messages()).subscriptions.templates
    expect(server.find((x) => x.id === 'points_expiring')!.quota).toBe(1)
  })

  test('on Alipay the Alipay template ids are requested', async () => {
    sub = await startSubscriptionBackend('alipay')
    await sub.loginAs(newMemberCode())
    await useConfigStore.getState().load()
    const request = jest.spyOn(platform, 'requestSubscribe').mockResolvedValue({ accepted: [TEMPLATE_IDS.alipay.coupon_expiring], supported: true })
    const res = await useMessagesStore.getState().requestSubscriptions()
    expect([...request.mock.calls[0][0]].sort()).toEqual(Object.values(TEMPLATE_IDS.alipay).sort())
    expect(res.accepted).toEqual(['coupon_expiring'])
  })

  test('declining everything records nothing', async () => {
    sub = await startSubscriptionBackend('weapp')
    await sub.loginAs(newMemberCode())
    await useConfigStore.getState().load()
    jest.spyOn(platform, 'requestSubscribe').mockResolvedValue({ accepted: [], supported: true })
    const subscribe = jest.spyOn(api, 'subscribe')
    expect(await useMessagesStore.getState().requestSubscriptions()).toEqual({ supported: true, accepted: [] })
    expect(subscribe).not.toHaveBeenCalled()
    expect((await api.messages()).subscriptions.templates.every((x) => x.quota === 0)).toBe(true)
  })

  test('the platform dialog is the first thing the action does: it is requested before any await', async () => {
    sub = await startSubscriptionBackend('weapp')
    await sub.loginAs(newMemberCode())
    await useConfigStore.getState().load()
    const request = jest.spyOn(platform, 'requestSubscribe').mockResolvedValue({ accepted: [], supported: true })
    const pending = useMessagesStore.getState().requestSubscriptions()
    // Synchronously, still inside the (simulated) tap.
    expect(request).toHaveBeenCalledTimes(1)
    await pending
  })

  test('H5 (no subscription messages): nothing is recorded and the store remembers it is unsupported', async () => {
    sub = await startSubscriptionBackend('h5')
    await sub.loginAs(newMemberCode())
    await useConfigStore.getState().load()
    expect(subscribeTemplates(useConfigStore.getState().config)).toEqual([])
    const request = jest.spyOn(platform, 'requestSubscribe')
    const subscribe = jest.spyOn(api, 'subscribe')
    expect(await useMessagesStore.getState().requestSubscriptions()).toEqual({ supported: false, accepted: [] })
    expect(useMessagesStore.getState().subscribeSupported).toBe(false)
    expect(request).not.toHaveBeenCalled()
    expect(subscribe).not.toHaveBeenCalled()
  })

  test('a platform without the API answers supported: false and nothing is recorded', async () => {
    sub = await startSubscriptionBackend('weapp')
    await sub.loginAs(newMemberCode())
    await useConfigStore.getState().load()
    jest.spyOn(platform, 'requestSubscribe').mockResolvedValue({ accepted: [], supported: false })
    const subscribe = jest.spyOn(api, 'subscribe')
    expect((await useMessagesStore.getState().requestSubscriptions()).supported).toBe(false)
    expect(useMessagesStore.getState().subscribeSupported).toBe(false)
    expect(subscribe).not.toHaveBeenCalled()
  })

  test('subscription messages switched off in WeChat’s settings (20004): nothing recorded, and the member is told where, not that they refused', async () => {
    sub = await startSubscriptionBackend('weapp')
    await sub.loginAs(newMemberCode())
    await useConfigStore.getState().load()
    jest.spyOn(platform, 'requestSubscribe').mockResolvedValue({ accepted: [], supported: true, switchedOff: true })
    const subscribe = jest.spyOn(api, 'subscribe')
    const res = await useMessagesStore.getState().requestSubscriptions()
    expect(res).toEqual({ supported: true, accepted: [], switchedOff: true })
    expect(subscribeResultText(res)).toBe('订阅消息已在微信设置中关闭，开启后可再次订阅；提醒仍会发送到站内消息中心')
    expect(subscribeResultText({ supported: true, accepted: [] })).toBe('未开启提醒，可随时再次订阅')
    expect(subscribe).not.toHaveBeenCalled()
  })

  test('before the rules config has loaded, the tap is refused with a message and no dialog', async () => {
    sub = await startSubscriptionBackend('weapp')
    await sub.loginAs(newMemberCode())
    const request = jest.spyOn(platform, 'requestSubscribe')
    jest.spyOn(useConfigStore.getState(), 'load').mockResolvedValue(undefined)
    const err = await useMessagesStore.getState().requestSubscriptions().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).message).toMatch(/稍后再试/)
    expect(request).not.toHaveBeenCalled()
  })
})

describe('one subscription dialog asks for at most three templates (the platforms refuse a longer list whole)', () => {
  const ids = ['points_expiring', 'coupon_expiring', 'signin_reminder', 'tier_upgraded', 'campaign_starting'] as const
  const templates = ids.map((template) => ({ template, platformId: `wx-${template}` }))
  const withQuota = (quota: Partial<Record<(typeof ids)[number], number>>) => ({
    templates: ids.map((id) => ({ id, title: id, quota: quota[id] ?? 0 })),
    sendsThisWeek: 0,
    weeklyCap: 2,
  })

  test('the ones with the fewest sends left first, then in the brand’s order; a page may ask for its own only', () => {
    expect(subscribeBatch(templates, null).map((t) => t.template)).toEqual(['points_expiring', 'coupon_expiring', 'signin_reminder'])
    // Having accepted those, the next tap asks for the rest first.
    const next = subscribeBatch(templates, withQuota({ points_expiring: 1, coupon_expiring: 1, signin_reminder: 2 }))
    expect(next.map((t) => t.template)).toEqual(['tier_upgraded', 'campaign_starting', 'points_expiring'])
    expect(subscribeBatch(templates, withQuota({ signin_reminder: 3 }), ['signin_reminder']).map((t) => t.platformId)).toEqual(['wx-signin_reminder'])
    expect(subscribeBatch(templates, null, ['benefit_available'])).toEqual([])
  })
})
