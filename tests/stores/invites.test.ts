import { act, render, waitFor } from '@testing-library/react'
import { createElement } from 'react'
import App from '@/app'
import { api } from '@/api/http'
import { platform } from '@/platform'
import { useConfigStore } from '@/stores/config'
import { useCouponsStore } from '@/stores/coupons'
import { inviteLink, shareBase, shareCardOf, useInvitesStore } from '@/stores/invites'
import { useLifecycleStore } from '@/stores/lifecycle'
import { useSessionStore } from '@/stores/session'
import { newMemberCode, startTestBackend, type TestBackend } from '../support/backend'

/** The launch options the next render of <App> receives (`useLaunch`), like a share card or link opening the app. */
const launch: { query: Record<string, string> } = { query: {} }

jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('@tarojs/taro')
  // An ES module as the original is (the spread drops its non-enumerable __esModule): `Taro.x` stays the mock's default.
  return { ...actual, __esModule: true, useLaunch: (cb: (o: unknown) => void) => actual.useDidShow(() => cb({ path: 'pages/home/index', query: launch.query })) }
})

let t: TestBackend
beforeEach(async () => {
  t = await startTestBackend()
  launch.query = {}
})
afterEach(() => jest.restoreAllMocks())

async function demoInviteCode(): Promise<string> {
  await t.loginAs('demo')
  return (await api.me()).inviteCode
}

/** A visitor who has never used the app: no session, consent not given yet, nothing opened this launch. */
async function freshVisitor(): Promise<void> {
  // Logging the test in as the demo member above opened a launch (app_open) for it: let that finish, then forget it.
  if (useLifecycleStore.getState().opened) await waitFor(() => expect(useLifecycleStore.getState().openResult).not.toBeNull())
  useLifecycleStore.setState(useLifecycleStore.getInitialState(), true)
  await platform.privacy.decline()
  useSessionStore.setState({ consent: 'unknown', token: null, memberId: null, isNewMember: false, pendingInviteCode: null })
}

describe('my invites', () => {
  test('the demo member sees the code, the share card path carrying it, the rewards and the friends who registered', async () => {
    const code = await demoInviteCode()
    await useInvitesStore.getState().load()
    const inv = useInvitesStore.getState().invites!
    expect(inv.code).toBe(code)
    expect(inv.sharePath).toBe(`/pages/home/index?inviteCode=${code}`)
    expect(inv.rewardPerInvite).toEqual({ points: 50, growth: 100, inviteeCoupon: expect.stringContaining('¥5') })
    expect(inv.invites.length).toBeGreaterThan(0)
    expect(inv.invites.every((i) => i.nickname.includes('*'))).toBe(true)
    expect(shareCardOf(inv)).toEqual({ title: inv.shareTitle, path: inv.sharePath })
    // The card promises what the friend gets: the invite coupon, by its template's name.
    expect(inv.shareTitle).toContain('邀请你加入')
    expect(inv.shareTitle.endsWith(`，注册即得「${inv.rewardPerInvite.inviteeCoupon}」`)).toBe(true)
    expect(inv.shareTitle).not.toContain('新人礼券')
  })

  test('before my invites are loaded, the card carries no code and promises the invite coupon the rules name', async () => {
    expect(shareCardOf(null, null)).toEqual({ title: '邀请你加入会员', path: '/pages/home/index' })
    await useConfigStore.getState().load()
    const config = useConfigStore.getState().config!
    const coupon = config.rules.coupons.templates.find((c) => c.id === config.rules.invite.inviteeCouponTemplateId)!
    expect(shareCardOf(null)).toEqual({ title: `邀请你加入${config.brand.name}，注册即得「${coupon.name}」`, path: '/pages/home/index' })
  })

  test('H5 copies a link to the hash-routed H5 app with the code: where the app is served from, unless the brand sets an address', async () => {
    const code = await demoInviteCode()
    await Promise.all([useInvitesStore.getState().load(), useConfigStore.getState().load()])
    const copy = jest.spyOn(platform.share, 'copyLink')
    // The demo configures no address: the page's own (jsdom serves the tests at http://localhost/).
    expect(useConfigStore.getState().config?.brand.shareBaseUrl).toBe('')
    const url = await useInvitesStore.getState().copyLink()
    expect(url).toBe(`${location.origin}${location.pathname}#/pages/home/index?inviteCode=${code}`)
    expect(copy).toHaveBeenCalledWith(url)
    expect(shareBase('https://brand.cn/h5/')).toBe('https://brand.cn/h5/')
    // A mini program has no address of its own and no link to show.
    jest.spyOn(platform.share, 'appUrl').mockReturnValue(null)
    expect(shareBase('')).toBeNull()
  })

  test('inviteLink joins any base and path once', () => {
    expect(inviteLink('https://a.cn/h5', '/pages/home/index?inviteCode=AB12')).toBe('https://a.cn/h5/#/pages/home/index?inviteCode=AB12')
    expect(inviteLink('https://a.cn/', 'pages/home/index')).toBe('https://a.cn/#/pages/home/index')
  })
})

describe('launch with ?inviteCode= (src/app.ts + src/stores/lifecycle.ts)', () => {
  test('a brand-new visitor: after consent and login the invite is accepted; the coupon is theirs and the inviter is rewarded', async () => {
    const code = await demoInviteCode()
    const inviterBefore = await api.me()
    const invitesBefore = (await api.invites()).invitedCount
    await freshVisitor()

    launch.query = { inviteCode: code }
    render(createElement(App))
    await waitFor(() => expect(useSessionStore.getState().consent).toBe('required'))
    expect(useSessionStore.getState().pendingInviteCode).toBe(code)
    expect(useLifecycleStore.getState().invite).toBeNull() // nothing before consent
    // 我的优惠券 open behind the sheet: it shows the consent notice now and the invite coupon once accepted.
    await useCouponsStore.getState().load()

    await act(() => useSessionStore.getState().acceptPrivacy()) // the consent sheet's agree button

    await waitFor(() => expect(useLifecycleStore.getState().invite).not.toBeNull())
    const session = useSessionStore.getState()
    expect(session.isNewMember).toBe(true)
    expect(session.memberId).not.toBe(inviterBefore.id) // a new member, not the demo login
    expect(session.pendingInviteCode).toBeNull()
    const invite = useLifecycleStore.getState().invite!
    expect(invite.coupon?.source).toBe('invite')
    expect(invite.inviterNickname).toContain('*')
    await waitFor(() => expect(useCouponsStore.getState().coupons?.available.map((c) => c.id)).toContain(invite.coupon!.id))

    await t.loginAs('demo')
    const inviterAfter = await api.me()
    expect(inviterAfter.balance).toBe(inviterBefore.balance + 50)
    expect(inviterAfter.growth).toBe(inviterBefore.growth + 100)
    expect((await api.invites()).invitedCount).toBe(invitesBefore + 1)
  })

  test('an app that already has a session ignores the code', async () => {
    const code = await demoInviteCode()
    launch.query = { inviteCode: code }
    const accept = jest.spyOn(api, 'acceptInvite')
    render(createElement(App))
    await waitFor(() => expect(useLifecycleStore.getState().opened).toBe(true))
    expect(useSessionStore.getState().pendingInviteCode).toBeNull()
    expect(accept).not.toHaveBeenCalled()
  })

  test('a malformed code is ignored', async () => {
    await freshVisitor()
    launch.query = { inviteCode: '<script>' }
    render(createElement(App))
    await waitFor(() => expect(useSessionStore.getState().consent).toBe('required'))
    expect(useSessionStore.getState().pendingInviteCode).toBeNull()
  })

  test('a returning member (not newly registered) does not accept, and the code is dropped', async () => {
    const code = await demoInviteCode()
    await freshVisitor()
    // This device already registered a member before.
    await api.login({ platform: 'h5', code: await platform.loginCode() })
    const accept = jest.spyOn(api, 'acceptInvite')
    launch.query = { inviteCode: code }
    render(createElement(App))
    await waitFor(() => expect(useSessionStore.getState().consent).toBe('required'))
    await act(() => useSessionStore.getState().acceptPrivacy())
    await waitFor(() => expect(useLifecycleStore.getState().opened).toBe(true))
    await waitFor(() => expect(useSessionStore.getState().token).not.toBeNull())
    await waitFor(() => expect(useSessionStore.getState().pendingInviteCode).toBeNull())
    expect(useSessionStore.getState().isNewMember).toBe(false)
    expect(accept).not.toHaveBeenCalled()
  })
})

describe('the server refuses self-invites and repeats', () => {
  test('inviting yourself: 422; a second accept: 409; the invitee gets exactly one coupon', async () => {
    await t.loginAs(newMemberCode())
    const a = await api.me()
    await expect(api.acceptInvite({ code: a.inviteCode })).rejects.toMatchObject({ status: 422, code: 'INVITE_SELF' })

    await t.loginAs(newMemberCode())
    const first = await api.acceptInvite({ code: a.inviteCode })
    expect(first.coupon?.source).toBe('invite')
    await expect(api.acceptInvite({ code: a.inviteCode })).rejects.toMatchObject({ status: 409, code: 'INVITE_ALREADY_ACCEPTED' })
    const demo = await demoInviteCode()
    await t.loginAs(newMemberCode())
    await api.acceptInvite({ code: demo })
    await expect(api.acceptInvite({ code: a.inviteCode })).rejects.toMatchObject({ status: 409 })
    expect((await api.coupons()).available.filter((c) => c.source === 'invite')).toHaveLength(1)
  })

  test('a member who registered long ago cannot be claimed as an invitee', async () => {
    await t.loginAs(newMemberCode())
    const a = await api.me()
    await t.loginAs('demo')
    await expect(api.acceptInvite({ code: a.inviteCode })).rejects.toMatchObject({ status: 422, code: 'INVITE_NOT_NEW_MEMBER' })
  })
})
