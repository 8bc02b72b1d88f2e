import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import SigninPage from '@/packages/member/signin/index'
import HomePage from '@/pages/home/index'
import { api } from '@/api/http'
import { useLifecycleStore } from '@/stores/lifecycle'
import { useSessionStore } from '@/stores/session'
import { calls } from '../support/taro-mock'
import { newMemberCode, startTestBackend, type TestBackend } from '../support/backend'
import { found, tapToOpen } from '../support/dom'

const NOW = '2026-11-24T02:00:00.000Z' // Spring Festival cards run (red theme, sign-in ×2)
let t: TestBackend
beforeEach(async () => {
  t = await startTestBackend(NOW)
})


test('during a festival: the banner on home, the page in the festival colour, the newcomer offer kept', async () => {
  await t.loginAs(newMemberCode())
  const { container } = render(<HomePage />)
  const banner = await found(container, '#festival-banner')
  expect(banner).toHaveTextContent('春节集福卡 · 集五福领福袋')
  expect(banner).toHaveTextContent('活动期间签到积分 ×2')
  expect(container.querySelector('#page-home')!.getAttribute('data-style')).toContain('--color-primary:#c41d16')
  await found(container, '#newcomer-offer')
  await tapToOpen(banner)
  expect(calls.navigations.at(-1)?.url).toBe('/packages/campaign/cards/index?id=spring-cards')
  await tapToOpen(container.querySelector('#home-entry-campaigns')!)
  expect(calls.navigations.at(-1)?.url).toBe('/packages/campaign/list/index')
})

test('the sign-in page shows the festival multiplier, themed like home', async () => {
  await t.loginAs(newMemberCode())
  const home = render(<HomePage />)
  await found(home.container, '#festival-banner')
  home.unmount()
  const { container } = render(<SigninPage />)
  await waitFor(() => expect(container.querySelector('#signin-multiplier')).toHaveTextContent('活动期间签到积分 ×2'))
  expect(container.querySelector('#page-signin')!.getAttribute('data-style')).toContain('--color-primary:#c41d16')
})

test('no festival, no banner and the brand colours', async () => {
  t.setNow('2026-12-20T02:00:00.000Z')
  await t.loginAs(newMemberCode())
  const { container } = render(<HomePage />)
  await found(container, '#tier-name')
  await waitFor(() => expect(container.querySelector('#page-home')!.getAttribute('data-style')).toBeNull())
  expect(container.querySelector('#festival-banner')).toBeNull()
})

/** A member who last opened the app `daysAway` days ago, opening it now (the launch's app_open). */
async function returningAfter(daysAway: number): Promise<void> {
  t.setNow(new Date(Date.parse(NOW) - daysAway * 86_400_000).toISOString())
  await t.loginAs(newMemberCode())
  await waitFor(() => expect(useLifecycleStore.getState().openResult).not.toBeNull())
  t.setNow(NOW)
  useLifecycleStore.setState({ opened: false, openResult: null, winback: null })
  await useLifecycleStore.getState().open()
}

test('back after 7+ days: "好久不见" with the ¥10 coupon; 知道了 closes it and it does not come back', async () => {
  await returningAfter(8)
  const { container } = render(<HomePage />)
  const sheet = await found(container, '#winback-sheet')
  expect(container.querySelector('#winback-text')).toHaveTextContent('好久不见，送你一张 ¥10 无门槛券（3 天内有效）')
  expect(sheet).toHaveTextContent('去使用')
  fireEvent.click(screen.getByText('知道了'))
  expect(container.querySelector('#winback-sheet')).toBeNull()
  // Once per dormancy is the server's rule: the next open today brings nothing.
  // The page is mounted and re-renders with the store: let React settle what the open sets.
  await act(async () => {
    useLifecycleStore.setState({ opened: false })
    await useLifecycleStore.getState().open()
  })
  expect(useLifecycleStore.getState().winback).toBeNull()
  expect(container.querySelector('#winback-sheet')).toBeNull()
})

test('"去使用" takes the member to place an order with it', async () => {
  await returningAfter(10)
  const { container } = render(<HomePage />)
  await found(container, '#winback-sheet')
  fireEvent.click(container.querySelector('#winback-use')!)
  expect(calls.navigations.at(-1)?.url).toBe('/packages/mall/shop/index')
  expect(container.querySelector('#winback-sheet')).toBeNull()
})

test('a member away for less than 7 days gets no win-back sheet', async () => {
  await returningAfter(5)
  const { container } = render(<HomePage />)
  await found(container, '#tier-name')
  expect(container.querySelector('#winback-sheet')).toBeNull()
})

test('a member who registered through a friend’s invite is welcomed with the invitee coupon, once', async () => {
  await t.loginAs('demo')
  const code = (await api.me()).inviteCode
  // Logging the test in as the demo opened its launch: let that finish, then start a new visitor's launch —
  // someone who opened the friend's link and has just agreed to the privacy notice.
  await waitFor(() => expect(useLifecycleStore.getState().openResult).not.toBeNull())
  useLifecycleStore.setState(useLifecycleStore.getInitialState(), true)
  useSessionStore.setState({ consent: 'accepted', token: null, memberId: null, pendingInviteCode: code })
  await useLifecycleStore.getState().open()
  expect(useLifecycleStore.getState().invite).not.toBeNull()
  const { container } = render(<HomePage />)
  expect(await found(container, '#invite-text')).toHaveTextContent(/邀请你加入会员，送你一张 ¥5 无门槛券（\d+ 天内有效）/)
  fireEvent.click(container.querySelector('#invite-close')!)
  await waitFor(() => expect(container.querySelector('#invite-sheet')).toBeNull())
  expect(useLifecycleStore.getState().inviteWelcomeSeen).toBe(true)
})

test('an invite that cannot be accepted says so on home, in words, until dismissed', async () => {
  await t.loginAs('demo')
  await waitFor(() => expect(useLifecycleStore.getState().openResult).not.toBeNull())
  useLifecycleStore.setState(useLifecycleStore.getInitialState(), true)
  // A new visitor opened a link whose code matches no member.
  useSessionStore.setState({ consent: 'accepted', token: null, memberId: null, pendingInviteCode: 'ZZZZ9999' })
  await useLifecycleStore.getState().open()
  expect(useLifecycleStore.getState().invite).toBeNull()
  const { container } = render(<HomePage />)
  const notice = await found(container, '#invite-error')
  expect(notice).toHaveTextContent(/^好友邀请未生效：[\u4e00-\u9fa5]/)
  expect(container.querySelector('#invite-sheet')).toBeNull()
  fireEvent.click(container.querySelector('#invite-error-close')!)
  await waitFor(() => expect(container.querySelector('#invite-error')).toBeNull())
})
