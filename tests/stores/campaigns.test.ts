import { waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { ApiError } from '@/api/errors'
import { api } from '@/api/http'
import { platform } from '@/platform'
import { CAMPAIGN_LIST_KEY, useCampaignsStore } from '@/stores/campaigns'
import { useCouponsStore } from '@/stores/coupons'
import { useLifecycleStore } from '@/stores/lifecycle'
import { usePointsStore } from '@/stores/points'
import { useSessionStore } from '@/stores/session'
import { useTasksStore } from '@/stores/tasks'
import { themeColorsFrom, useThemeStore } from '@/stores/theme'
import { defaultRules } from '../../mock/seed'
import { requestsSettled } from '../support/requests'
import { DIAMOND_SALON, newMemberCode, startTestBackend, type TestBackend, paidOrder } from '../support/backend'
import { requestState } from '@/stores/request'
import { claimCards, draw, giftCard, loadDetail, loadWinners } from '@/stores/campaign-detail'
import { signIn } from '@/stores/signin-actions'

// 2026-11-24 10:00 in Shanghai: the mock seeds its demo campaigns around this instant — the lucky wheel
// (11-21 … 12-05), Spring Festival cards with a red theme and sign-in ×2 (11-23 … 12-08), a points
// leaderboard that ended on 11-21, and a diamond-only draw opening at 20:00 today.
const NOW = '2026-11-24T02:00:00.000Z'
let t: TestBackend

beforeEach(async () => {
  t = await startTestBackend(NOW)
})

const detailOf = (id: string) => useCampaignsStore.getState().details[id]

describe('the campaign list and the festival theme', () => {
  test('a member sees the running campaigns first, not the diamond-only one, and the theme reaches every page', async () => {
    await t.loginAs(newMemberCode())
    await useCampaignsStore.getState().loadList()
    // (Logging in also runs the launch's app_open, which loads the list again: wait for the last answer.)
    await waitFor(() => expect(requestState(CAMPAIGN_LIST_KEY).status).toBe('success'))
    const s = useCampaignsStore.getState()
    const ids = s.campaigns!.map((c) => c.id)
    expect(ids).toEqual(expect.arrayContaining(['lucky-wheel', 'spring-cards', 'points-race']))
    expect(ids).not.toContain('diamond-night') // exclusive: hidden outside its audience
    expect(s.campaigns!.map((c) => c.status)).toEqual([...s.campaigns!.map((c) => c.status)].sort((a, b) => ['running', 'upcoming', 'ended'].indexOf(a) - ['running', 'upcoming', 'ended'].indexOf(b)))
    expect(s.campaigns!.find((c) => c.id === 'lucky-wheel')).toMatchObject({ canEnter: true, audience: { kind: 'all', minTier: null }, earlyAccess: null })
    expect(s.theme).toMatchObject({ key: 'spring', primaryColor: '#c41d16' })
    expect(s.signinMultiplier).toBe(2)
    // The page tokens every PageShell reads.
    expect(useThemeStore.getState().theme).toEqual({ primary: '#c41d16', primarySoft: expect.stringMatching(/^#f\w{5}$/), onPrimary: '#ffffff' })
  })

  test('once the festival is over the pages return to the brand colours', async () => {
    await t.loginAs(newMemberCode())
    await requestsSettled() // the launch's app_open and the list load it sets off
    await useCampaignsStore.getState().loadList()
    expect(useThemeStore.getState().theme).not.toBeNull()
    t.setNow('2026-12-09T02:00:00.000Z')
    await useCampaignsStore.getState().loadList()
    expect(useCampaignsStore.getState().theme).toBeNull()
    expect(useThemeStore.getState().theme).toBeNull()
  })

  test('theme colours: a light tint for soft backgrounds, dark text on a pale colour, nothing from a bad colour', () => {
    expect(themeColorsFrom('#C41D16')).toEqual({ primary: '#c41d16', primarySoft: '#f8e4e3', onPrimary: '#ffffff' })
    expect(themeColorsFrom('#ffd75e')?.onPrimary).toBe('#1f2329')
    expect(themeColorsFrom('red')).toBeNull()
  })

  test('the launch loads the list (after app_open), so a page opened first is themed too', async () => {
    await t.loginAs(newMemberCode())
    await useLifecycleStore.getState().open()
    await waitFor(() => expect(useThemeStore.getState().theme?.primary).toBe('#c41d16'))
  })

  test('offline: the last list stays, with a network error', async () => {
    await t.loginAs(newMemberCode())
    await requestsSettled() // the launch's app_open and the list load it sets off
    await useCampaignsStore.getState().loadList()
    const known = useCampaignsStore.getState().campaigns
    t.offline()
    await useCampaignsStore.getState().loadList()
    expect(useCampaignsStore.getState().campaigns).toEqual(known)
    expect(requestState(CAMPAIGN_LIST_KEY).error?.isNetwork).toBe(true)
  })
})

describe('tier gates and early access', () => {
  test('a tier-gated campaign names its tier and is not enterable below it; priority names the early tier', async () => {
    const rules = defaultRules(Date.parse(NOW))
    t = await startTestBackend(NOW, { history: false, config: { ...rules, campaigns: [...rules.campaigns, DIAMOND_SALON] } })
    await t.loginAs(newMemberCode())
    await useCampaignsStore.getState().loadList()
    const salon = useCampaignsStore.getState().campaigns!.find((c) => c.id === 'diamond-salon')!
    expect(salon).toMatchObject({ status: 'running', canEnter: false, audience: { kind: 'tier', minTier: { id: 'diamond', name: '钻石会员' } } })
    expect(salon.earlyAccess).toEqual({ tier: { id: 'gold', name: '黄金会员' }, minutes: 60 })
    await expect(draw('diamond-salon')).rejects.toMatchObject({ status: 422, code: 'CAMPAIGN_NOT_ELIGIBLE' })
  })
})

describe('lottery', () => {
  test('the free draw: the server picks the prize; draws left and balance follow its answer', async () => {
    await t.loginAs(newMemberCode())
    await loadDetail('lucky-wheel')
    const before = detailOf('lucky-wheel').lottery!
    expect(before.draws).toMatchObject({ freeLeft: 1, nextDrawCost: 0, maxPerDay: 3, paidCost: 20 })
    // Odds are published per tier as percentages, never as a promise of a win.
    expect(before.odds.every((o) => /^(\d+\.\d\d|<0\.01)%$/.test(o.percent))).toBe(true)
    expect(before.odds.map((o) => o.percent)).not.toContain('100.00%')

    const res = await draw('lucky-wheel')

    expect(res).toMatchObject({ free: true, cost: 0 })
    expect(before.prizes.map((p) => p.id)).toContain(res.prize.id)
    expect(detailOf('lucky-wheel').lottery!.draws).toEqual(res.draws)
    expect(res.draws).toMatchObject({ freeLeft: 0, nextDrawCost: 20 })
    expect(usePointsStore.getState().summary?.balance ?? res.balance).toBe(res.balance)
    if (res.coupon) await waitFor(() => expect(useCouponsStore.getState().coupons?.available.some((c) => c.id === res.coupon!.id)).toBe(true))
    // My prizes are refreshed by the page once its animation has landed.
    await loadDetail('lucky-wheel')
    if (res.prize.kind !== 'empty') expect(detailOf('lucky-wheel').lottery!.myPrizes[0]).toMatchObject({ drawId: res.drawId, prizeName: res.prize.name })
  })

  test('refusals reach the page as ApiErrors: points insufficient, then the daily limit', async () => {
    await t.loginAs(newMemberCode())
    await draw('lucky-wheel')
    const poor = await draw('lucky-wheel').catch((e: unknown) => e)
    expect(poor).toBeInstanceOf(ApiError)
    expect(poor).toMatchObject({ status: 422, code: 'POINTS_INSUFFICIENT' })
    expect((poor as ApiError).message).toMatch(/积分不足/)

    await t.loginAs('demo')
    await draw('lucky-wheel')
    await draw('lucky-wheel')
    const third = await draw('lucky-wheel')
    expect(third.draws.nextDrawCost).toBeNull()
    await expect(draw('lucky-wheel')).rejects.toMatchObject({ code: 'LOTTERY_DAILY_LIMIT', message: expect.stringMatching(/已用完/) })
  })

  test('after the end: no more draws, and the winners are published', async () => {
    await t.loginAs('demo')
    await loadWinners('lucky-wheel')
    expect(useCampaignsStore.getState().winners['lucky-wheel']).toEqual({ published: false, winners: [] })
    t.setNow('2026-12-06T02:00:00.000Z')
    await expect(draw('lucky-wheel')).rejects.toMatchObject({ code: 'LOTTERY_NOT_RUNNING', message: '活动已结束' })
    await loadWinners('lucky-wheel')
    const winners = useCampaignsStore.getState().winners['lucky-wheel']
    expect(winners.published).toBe(true)
    expect(winners.winners.length).toBeGreaterThan(0)
    expect(winners.winners.every((w) => w.nickname.includes('*'))).toBe(true)
  })
})

describe('leaderboard', () => {
  test('an ended leaderboard is published with masked nicknames and prizes by rank', async () => {
    await t.loginAs('demo')
    await loadDetail('points-race')
    const board = detailOf('points-race').leaderboard!
    expect(board.published).toBe(true)
    expect(board.standings.length).toBeGreaterThan(0)
    expect(board.standings.every((s) => s.nickname.includes('*'))).toBe(true)
    expect(board.prizes[0]).toMatchObject({ rankFrom: 1, rankTo: 1, text: '500 积分' })
  })
})

describe('collect cards, without ever sharing', () => {
  /** A member on WeChat, where share rewards are off (SPEC §1.6). */
  async function loginOnWeapp(): Promise<void> {
    const res = await api.login({ platform: 'weapp', code: newMemberCode() })
    useSessionStore.setState({ consent: 'accepted', token: res.token, memberId: res.member.id })
  }

  test('sign-ins, core uses and task claims day by day collect all five; the set prize arrives once', async () => {
    const copyLink = jest.spyOn(platform.share, 'copyLink')
    const event = jest.spyOn(api, 'event')
    await loginOnWeapp()
    let day = 0
    let complete = false
    while (!complete && day < 13) {
      t.setNow(new Date(Date.parse('2026-11-24T03:00:00.000Z') + day * 86_400_000).toISOString())
      await signIn()
      await paidOrder()
      await useTasksStore.getState().claim('daily-core-use')
      await loadDetail('spring-cards')
      const cards = detailOf('spring-cards').cards!
      expect(cards.actionsLeftToday).not.toContain('share')
      complete = cards.complete
      day++
    }
    expect(complete).toBe(true)
    const cards = detailOf('spring-cards').cards!
    expect(cards.collected).toBe(5)
    // The coupons and the balance on screen follow the claim (refreshed by its tags).
    await Promise.all([useCouponsStore.getState().load(), usePointsStore.getState().loadSummary()])
    const balance = usePointsStore.getState().summary?.balance

    const prize = await claimCards('spring-cards')

    expect(prize.points).toBe(200)
    expect(prize.coupon).toMatchObject({ name: '新春福袋 满100减20', status: 'available' })
    expect(detailOf('spring-cards').cards!.claimed).toBe(true)
    if (balance !== undefined) expect(prize.balance).toBe(balance + 200)
    await waitFor(() => expect(useCouponsStore.getState().coupons?.available.some((c) => c.id === prize.coupon?.id)).toBe(true))
    await waitFor(() => expect(usePointsStore.getState().summary?.balance).toBe(prize.balance))
    await expect(claimCards('spring-cards')).rejects.toMatchObject({ status: 409, code: 'CARD_SET_ALREADY_CLAIMED' })

    // Nothing was shared on the way: no share link, no share event, no platform share sheet.
    expect(copyLink).not.toHaveBeenCalled()
    expect(event.mock.calls.filter(([body]) => body.type === 'share')).toEqual([])
    expect(Taro.setClipboardData).not.toHaveBeenCalled()
  })

  test('a duplicate goes to a friend by member code; refusals come back as ApiErrors', async () => {
    const friend = await api.login({ platform: 'h5', code: newMemberCode() })
    await loginOnWeapp()
    let dup: string | undefined
    for (let day = 0; day < 6 && !dup; day++) {
      t.setNow(new Date(Date.parse('2026-11-24T03:00:00.000Z') + day * 86_400_000).toISOString())
      await signIn()
      await paidOrder()
      await loadDetail('spring-cards')
      dup = detailOf('spring-cards').cards!.kinds.find((k) => k.giftable)?.id
    }
    expect(dup).toBeDefined()
    const count = detailOf('spring-cards').cards!.kinds.find((k) => k.id === dup)!.count
    await expect(giftCard('spring-cards', 'NOSUCHCODE', dup!)).rejects.toMatchObject({ status: 404, code: 'FRIEND_NOT_FOUND' })
    const res = await giftCard('spring-cards', friend.member.inviteCode, dup!)
    expect(res.cards.kinds.find((k) => k.id === dup)!.count).toBe(count - 1)
    expect(detailOf('spring-cards').cards).toEqual(res.cards)
  })
})

describe('festival chrome on mini programs (src/platform/taro-chrome, used by chrome.weapp / chrome.alipay)', () => {
  test('tab bar and navigation bar take the festival colour, and return to the defaults after it', async () => {
    const { applyNavigationBarTheme, applyTabBarTheme } = await import('@/platform/taro-chrome')
    const taro = Taro as unknown as Record<string, jest.Mock>
    taro.setTabBarStyle = jest.fn(async () => undefined)
    const colors = themeColorsFrom('#c41d16')!
    applyTabBarTheme(colors)
    applyNavigationBarTheme(colors)
    await waitFor(() => expect(taro.setTabBarStyle).toHaveBeenCalledTimes(1))
    expect(taro.setTabBarStyle.mock.calls[0][0]).toMatchObject({ selectedColor: '#c41d16', color: '#646a73', backgroundColor: '#ffffff' })
    await waitFor(() => expect(taro.setNavigationBarColor).toHaveBeenLastCalledWith({ frontColor: '#ffffff', backgroundColor: '#c41d16' }))
    applyTabBarTheme(null)
    applyNavigationBarTheme(null)
    await waitFor(() => expect(taro.setTabBarStyle.mock.calls.at(-1)?.[0]).toMatchObject({ selectedColor: '#c8372e' }))
    await waitFor(() => expect(taro.setNavigationBarColor).toHaveBeenLastCalledWith({ frontColor: '#000000', backgroundColor: '#ffffff' }))
    // WeChat refuses the tab bar call from a non-tab page: that is not an error of the app.
    taro.setTabBarStyle = jest.fn(async () => Promise.reject(new Error('setTabBarStyle:fail not TabBar page')))
    expect(() => applyTabBarTheme(colors)).not.toThrow()
    await waitFor(() => expect(taro.setTabBarStyle).toHaveBeenCalled())
  })
})
