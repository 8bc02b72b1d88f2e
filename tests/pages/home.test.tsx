import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { api } from '@/api/http'
import HomePage from '@/pages/home/index'
import { platform } from '@/platform'
import { useConfigStore } from '@/stores/config'
import { useLifecycleStore } from '@/stores/lifecycle'
import { useMemberStore } from '@/stores/member'
import { ME_TAB_INDEX } from '@/stores/messages'
import { usePointsStore } from '@/stores/points'
import { useSessionStore } from '@/stores/session'
import { dueWords } from '@/utils/format'
import { newMemberCode, oweAfterRefund, startTestBackend, type TestBackend } from '../support/backend'
import { calls } from '../support/taro-mock'
import { defaultRules } from '../../mock/seed'

let t: TestBackend
beforeEach(async () => {
  t = await startTestBackend()
})

test('the member sees tier name, progress in words, balance and the points expiring soon', async () => {
  await t.loginAs('demo')
  const { container } = render(<HomePage />)
  await waitFor(() => expect(container.querySelector('#tier-name')).not.toBeNull())
  const me = useMemberStore.getState().me!
  expect(container.querySelector('#tier-name')).toHaveTextContent(me.tier.name)
  for (const words of me.progress.words) expect(screen.getByText(words)).toBeInTheDocument()
  expect(me.progress.words.join()).toMatch(/还差|即可升级|再/)
  await waitFor(() => expect(container.querySelector('#points-balance')).toHaveTextContent(String(usePointsStore.getState().summary?.balance)))
  const soon = usePointsStore.getState().summary!.expiryNotice!
  expect(soon.daysLeft).toBeLessThanOrEqual(30)
  // In the points page's words: 将在今天（…）, 明天（…）, N 天后（…）过期.
  expect(container.querySelector('#points-expiry-note')).toHaveTextContent(`${soon.amount} 积分将在${soon.daysLeft > 1 ? ' ' : ''}${dueWords(soon.daysLeft, soon.date)}过期`)
  expect(container.querySelector('#signin-entry')).toHaveTextContent(/签到/)
})

test('the 我的 tab shows the unread count from the first screen, before 我的 has been opened', async () => {
  await t.loginAs('demo')
  const badge = jest.spyOn(platform, 'setTabBadge')
  const { container } = render(<HomePage />)
  await waitFor(() => expect(container.querySelector('#tier-name')).not.toBeNull())
  const { unread } = await api.messages()
  expect(unread).toBeGreaterThan(0)
  await waitFor(() => expect(badge).toHaveBeenLastCalledWith(ME_TAB_INDEX, String(unread)))
  badge.mockRestore()
})

test('a new member sees 普通会员, the words to reach 白银会员 and the balance of their first open', async () => {
  await t.loginAs(newMemberCode())
  const { container } = render(<HomePage />)
  await waitFor(() => expect(container.querySelector('#tier-name')).toHaveTextContent('普通会员'))
  // The launch's app_open (first open of the day) pays its points while the page loads; the page follows it.
  await waitFor(() => expect(useLifecycleStore.getState().openResult).not.toBeNull())
  const { balance } = useLifecycleStore.getState().openResult!
  await waitFor(() => expect(container.querySelector('#points-balance')).toHaveTextContent(String(balance)))
  expect(screen.getByText(`距离白银会员还差 ${100 - balance} 成长值`)).toBeInTheDocument()
  // The bar says what it tracks; the lowest tier has no term to keep, so the card says nothing about one.
  expect(container.querySelector('#tier-progress-label')).toHaveTextContent(`升级白银会员：成长值 ${balance} / 100`)
  expect(container.querySelector('#tier-expiry')).toBeNull()
  expect(container.querySelector('.tier-card__nickname')?.textContent).toMatch(/^会员\d{4}$/)
  expect(container.querySelector('#points-expiry-note')).toBeNull()
  expect(container.querySelector('#newcomer-offer')).toHaveTextContent('新人专享')
})

test('the bar is labelled with the requirement that blocks the upgrade, not always growth', async () => {
  await t.loginAs('demo')
  const { container } = render(<HomePage />)
  await waitFor(() => expect(container.querySelector('#tier-progress-label')).not.toBeNull())
  const me = useMemberStore.getState().me!
  const label = container.querySelector('#tier-progress-label')!.textContent!
  expect(label.startsWith(`升级${me.nextTier!.name}：`)).toBe(true)
  // The demo member has the growth for the next tier but not the spending: the bar tracks spending.
  expect(me.progress.requirements.map((r) => r.metric)).toEqual(['spendFen'])
  const spend = me.progress.requirements[0]
  const yuan = (fen: number) => (fen % 100 === 0 ? `¥${fen / 100}` : `¥${(fen / 100).toFixed(2)}`)
  expect(label).toBe(`升级${me.nextTier!.name}：消费 ${yuan(spend.current)} / ${yuan(spend.required)}`)
  expect(container.querySelector('#tier-expiry')).toHaveTextContent(`等级有效期还剩 ${me.levelWillExpireInDays} 天`)
})

test('points a refund could not take back are on the home page too, not only on the points page', async () => {
  await t.loginAs(newMemberCode())
  const { owed } = await oweAfterRefund()
  expect(owed).toBeGreaterThan(0)
  const { container } = render(<HomePage />)
  await waitFor(() => expect(container.querySelector('#points-owed-note')).toHaveTextContent(`待扣回 ${owed} 积分，将从之后获得的积分中扣除`))
  expect(container.querySelector('#points-balance')).toHaveTextContent('0')
})

test('the tier card names every condition still missing to keep the tier, not only the first', async () => {
  const { container } = render(<HomePage />)
  await waitFor(() => expect(container.querySelector('#tier-expiry')).not.toBeNull())
  const me = useMemberStore.getState().me!
  // As the server words a member short of both growth and active days (each must be met to keep the tier).
  act(() => useMemberStore.setState({ me: { ...me, tier: { ...me.tier, source: 'earned' }, retention: { ...me.retention, applies: true, met: false, words: ['保级还需 394 成长值', '保级还需活跃 7 天'] } } }))
  expect(container.querySelector('#tier-expiry')).toHaveTextContent(`等级有效期还剩 ${me.levelWillExpireInDays} 天 · 保级还需 394 成长值、活跃 7 天`)
})

test('before consent the page explains that member service needs the privacy notice', async () => {
  useSessionStore.setState({ consent: 'required', token: null })
  render(<HomePage />)
  expect(await screen.findByText('同意隐私保护指引后即可使用会员服务')).toBeInTheDocument()
  expect(screen.getByText('隐私保护提示')).toBeInTheDocument()
})

test('the backend out of reach (the device connected) with nothing cached: an error state with retry, which recovers', async () => {
  await t.loginAs('demo')
  t.offline()
  const { container } = render(<HomePage />)
  // The client retries a network failure twice (with backoff) before the page gives up.
  expect(await screen.findByText('加载失败', undefined, { timeout: 4000 })).toBeInTheDocument()
  // The device is connected (the backend is what failed): the member is not told to check their network.
  expect(screen.getByText('暂时连不上服务，请稍后重试')).toBeInTheDocument()
  t.online()
  fireEvent.click(screen.getByText('重新加载'))
  await waitFor(() => expect(container.querySelector('#tier-name')).not.toBeNull())
})

test('the backend out of reach with last-known data: the data stays, under a banner that says so and is the retry', async () => {
  await t.loginAs('demo')
  await useMemberStore.getState().load()
  t.offline()
  const { container } = render(<HomePage />)
  expect(await screen.findByText(/^暂时连不上服务，当前显示的是 .+ 保存的数据（点击重试）$/, undefined, { timeout: 4000 })).toBeInTheDocument()
  expect(container.querySelector('#tier-name')).toHaveTextContent(useMemberStore.getState().me!.tier.name)
  // The device stayed connected: nothing brings the page back by itself. A tap on the banner does, once it answers.
  const banner = container.querySelector('#offline-banner')!
  expect(banner).toHaveAttribute('role', 'button')
  t.online()
  fireEvent.click(banner)
  await waitFor(() => expect(container.querySelector('#offline-banner')).toBeNull())
  expect(container.querySelector('#tier-name')).toHaveTextContent(useMemberStore.getState().me!.tier.name)
})

test('the sign-in entry says where it goes: 去签到 with the points, and tapping it opens the sign-in page (issue 13 item 11)', async () => {
  await t.loginAs(newMemberCode())
  const { container } = render(<HomePage />)
  await waitFor(() => expect(container.querySelector('#signin-entry .btn')).toHaveTextContent(/^去签到 \+\d+$/))
  fireEvent.click(container.querySelector('#signin-entry')!)
  expect(calls.navigations.at(-1)).toEqual({ kind: 'navigateTo', url: '/packages/member/signin/index' })
})

test('a double tap on a shortcut opens its page once; once it has opened, the next tap opens another', async () => {
  await t.loginAs('demo')
  const { container } = render(<HomePage />)
  await waitFor(() => expect(container.querySelector('#signin-entry')).not.toBeNull())
  const before = calls.navigations.length
  fireEvent.click(container.querySelector('#signin-entry')!)
  fireEvent.click(container.querySelector('#signin-entry')!)
  await act(async () => undefined)
  expect(calls.navigations.slice(before)).toEqual([{ kind: 'navigateTo', url: '/packages/member/signin/index' }])
  fireEvent.click(container.querySelector('#signin-entry')!)
  expect(calls.navigations.slice(before)).toHaveLength(2)
})

test('launched straight onto 首页, 去签到 +N is what the points caps leave of the sign-in — the rules are read for it', async () => {
  const base = await startTestBackend('2026-11-24T02:00:00.000Z')
  const rules = defaultRules(base.now())
  const survey = { ...rules.points.earningRules.survey, refs: ['s1', 's2'] }
  const points = { ...rules.points, earningRules: { ...rules.points.earningRules, survey }, caps: { ...rules.points.caps, dayPoints: 102 } }
  const t = await startTestBackend('2026-11-24T02:00:00.000Z', { config: { ...rules, points } })
  await t.loginAs(newMemberCode())
  for (const ref of ['s1', 's2']) await api.event({ type: 'survey', ref })
  // What the day's cap leaves of the sign-in's points, less than all of them.
  useConfigStore.setState({ config: null })
  const { basePoints } = await api.signinCalendar()
  const { caps } = await api.pointsSummary()
  const pays = Math.max(0, Math.min(basePoints, caps.dayLimit - caps.dayUsed))
  expect(pays).toBeLessThan(basePoints)
  const { container } = render(<HomePage />)
  const entry = () => container.querySelector('#signin-entry')?.textContent ?? ''
  // The calendar and the caps are there (the streak words, the summary) …
  await waitFor(() => expect(entry()).toContain('再签'))
  await waitFor(() => expect(usePointsStore.getState().summary).not.toBeNull())
  // … and the rules, which say the caps apply to sign-in points.
  await waitFor(() => expect(entry()).toMatch(new RegExp(`去签到${pays > 0 ? ` \\+${pays}` : ''}$`)))
})
