import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { api } from '@/api/http'
import CardsPage from '@/packages/campaign/cards/index'
import InvitePage from '@/packages/campaign/invite/index'
import * as config from '@/stores/config'
import { useCampaignsStore } from '@/stores/campaigns'
import { useCouponsStore } from '@/stores/coupons'
import { useSessionStore } from '@/stores/session'
import { useTasksStore } from '@/stores/tasks'
import { calls, modalAnswer, routerParams } from '../support/taro-mock'
import { newMemberCode, oweAfterRefund, startTestBackend, type TestBackend, paidOrder } from '../support/backend'
import { useMemberStore } from '@/stores/member'
import { found } from '../support/dom'
import { loadDetail } from '@/stores/campaign-detail'
import { signIn } from '@/stores/signin-actions'
import { businessDateOf } from '@/domain/calendar'
import { defaultRules } from '../../mock/seed'

const NOW = '2026-11-24T03:00:00.000Z'
let t: TestBackend
beforeEach(async () => {
  t = await startTestBackend(NOW)
  routerParams.current = { id: 'spring-cards' }
})
afterEach(() => jest.restoreAllMocks())

/** A member on WeChat (share rewards off there, SPEC §1.6); the page reads the switch for its platform. */
async function weappMember(): Promise<{ inviteCode: string }> {
  const res = await api.login({ platform: 'weapp', code: newMemberCode() })
  useSessionStore.setState({ consent: 'accepted', token: res.token, memberId: res.member.id })
  jest.spyOn(config, 'useShareRewards').mockReturnValue(false)
  return res.member
}

const dayAt = (day: number) => new Date(Date.parse(NOW) + day * 86_400_000).toISOString()

/** Earns cards day by day through the stores (sign-in, an order, its task) until `done` says stop. */
async function earnUntil(done: () => boolean, maxDays = 13): Promise<void> {
  for (let day = 0; day < maxDays; day++) {
    t.setNow(dayAt(day))
    await signIn()
    await paidOrder()
    await useTasksStore.getState().claim('daily-core-use')
    await loadDetail('spring-cards')
    if (done()) return
  }
}
const cards = () => useCampaignsStore.getState().details['spring-cards'].cards!

test('five cards with counts and rarity, how to earn them today — and no "分享" where sharing earns nothing', async () => {
  await weappMember()
  await signIn()
  const { container } = render(<CardsPage />)
  await found(container, '#card-grid')
  expect(container.querySelectorAll('.fu-card')).toHaveLength(5)
  expect(container.querySelector('#cards-progress')).toHaveTextContent('已集 1/5 种')
  expect(container.querySelectorAll('.fu-card--missing')).toHaveLength(4)
  expect(container.querySelector('#card-grid')).toHaveTextContent('珍稀') // 敬业福, the rarest
  expect(container.querySelector('#cards-set-prize')).toHaveTextContent('集齐可得：200 积分 + 新春福袋 满100减20')
  expect(container.querySelector('#cards-claim')).toHaveTextContent('还差 4 种福卡')

  const earn = container.querySelector('#cards-earn')!
  await waitFor(() => expect(earn.querySelectorAll('.cards-earn')).toHaveLength(4))
  expect(container.querySelector('#cards-earn-signin')).toHaveTextContent('今日已得')
  expect(container.querySelector('#cards-earn-core_use')).toHaveTextContent('去完成')
  expect(earn).toHaveTextContent('邀请好友注册')
  expect(container.textContent).not.toContain('分享')
  fireEvent.click(container.querySelector('#cards-earn-core_use .btn')!)
  expect(calls.navigations.at(-1)).toEqual({ kind: 'navigateTo', url: '/packages/mall/shop/index' })
})

test('where sharing is rewarded (H5 by default) it is listed as one more way', async () => {
  await t.loginAs(newMemberCode())
  const { container } = render(<CardsPage />)
  await found(container, '#cards-earn-share')
  expect(container.querySelector('#cards-earn-share')).toHaveTextContent('分享活动给好友')
})

test('H5: 分享活动给好友 can be completed — it leads to 邀请好友, and copying the link there earns the day\'s share card', async () => {
  await t.loginAs(newMemberCode())
  const page = render(<CardsPage />)
  const go = await found(page.container, '#cards-earn-share .btn')
  expect(page.container.querySelector('#cards-earn-share')).toHaveTextContent('去完成')
  fireEvent.click(go)
  expect(calls.navigations.at(-1)).toEqual({ kind: 'navigateTo', url: '/packages/campaign/invite/index' })
  page.unmount()

  const invite = render(<InvitePage />)
  await found(invite.container, '#invite-link')
  fireEvent.click(await found(invite.container, '#invite-share'))
  await waitFor(async () => expect((await api.campaign('spring-cards')).cards!.actionsLeftToday).not.toContain('share'))
  invite.unmount()

  const again = render(<CardsPage />)
  await waitFor(() => expect(again.container.querySelector('#cards-earn-share')).toHaveTextContent('今日已得'))
  expect(again.container.querySelector('#cards-progress')).toHaveTextContent('已集 1/5 种')
})

test('all five collected without sharing: the set prize is claimed once and shown', async () => {
  await weappMember()
  await earnUntil(() => cards().complete)
  expect(cards().complete).toBe(true)
  // The coupon count of 我的 was loaded earlier in the session: the claim's coupon reaches it.
  await useCouponsStore.getState().load()
  const { container } = render(<CardsPage />)
  const claim = await found(container, '#cards-claim')
  await waitFor(() => expect(claim).toHaveTextContent('领取集齐奖励'))
  expect(claim.className).toContain('btn--primary')
  fireEvent.click(claim)
  const sheet = await found(container, '#cards-prize')
  expect(sheet).toHaveTextContent('+200 积分')
  expect(sheet).toHaveTextContent('新春福袋 满100减20')
  await waitFor(() => expect(container.querySelector('#cards-claim')).toHaveTextContent('已领取集齐奖励'))
  await waitFor(() => expect(useCouponsStore.getState().coupons?.available.some((c) => c.name === '新春福袋 满100减20')).toBe(true))
  fireEvent.click(screen.getByText('知道了'))
  expect(container.querySelector('#cards-prize')).toBeNull()
})

test('claimed after the prize coupon’s fixed dates ended: the page and the prize sheet offer the points alone', async () => {
  const rules = defaultRules(Date.parse(NOW))
  const spring = rules.campaigns.find((c) => c.id === 'spring-cards')!
  const lastDay = businessDateOf(Date.parse(spring.endsAt) - 1, rules.calendar)
  const templates = rules.coupons.templates.map((x) => (x.id === 'festival-spring' ? { ...x, validity: { kind: 'fixed' as const, from: '2026-11-01', to: lastDay } } : x))
  t = await startTestBackend(NOW, { config: { ...rules, coupons: { ...rules.coupons, templates } } })
  await weappMember()
  await earnUntil(() => cards().complete)
  t.setNow(new Date(Date.parse(spring.endsAt) + 86_400_000).toISOString())
  const { container } = render(<CardsPage />)
  await waitFor(() => expect(container.querySelector('#cards-set-prize')).toHaveTextContent(/^集齐可得：200 积分$/))
  fireEvent.click(await found(container, '#cards-claim'))
  const sheet = await found(container, '#cards-prize')
  expect(sheet).toHaveTextContent('+200 积分')
  expect(sheet).not.toHaveTextContent('新春福袋')
  expect(sheet).not.toHaveTextContent('查看优惠券')
})

test('set prize points that settle what an earlier refund could not take back say so on the prize sheet', async () => {
  await weappMember()
  await earnUntil(() => cards().complete)
  await oweAfterRefund()
  const { owed } = await api.pointsSummary()
  expect(owed).toBeGreaterThan(0)
  const settled = Math.min(200, owed)
  const { container } = render(<CardsPage />)
  fireEvent.click(await found(container, '#cards-claim'))
  const sheet = await found(container, '#cards-prize')
  expect(sheet).toHaveTextContent('+200 积分')
  expect(container.querySelector('#cards-prize-settled')).toHaveTextContent(`其中 ${settled} 积分用于扣回此前订单退款时已使用的积分`)
  expect((await api.pointsSummary()).owed).toBe(owed - settled)
})

/** A friend to give to, and the member on the cards page with a duplicate chosen to give: its kind and the code field. */
async function givingADuplicate() {
  const friend = await api.login({ platform: 'h5', code: newMemberCode() })
  await weappMember()
  await earnUntil(() => cards().kinds.some((k) => k.giftable), 6)
  const dup = cards().kinds.find((k) => k.giftable)!
  const { container } = render(<CardsPage />)
  fireEvent.click(await found(container, `#gift-kind-${dup.id}`))
  return { friend, dup, container, input: container.querySelector<HTMLInputElement>('#gift-friend-code')! }
}

test('a duplicate goes to a friend by member code, after a confirmation; a wrong code is toasted', async () => {
  const { friend, dup, container, input } = await givingADuplicate()

  fireEvent.change(input, { target: { value: 'NOBODY99' } })
  fireEvent.click(container.querySelector('#gift-button')!)
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toBe('没有找到这位好友，请核对邀请码'))

  // The member's own code (as typed, in any case) is refused before the irreversible dialog.
  const modals = calls.modals.length
  await waitFor(() => expect(useMemberStore.getState().me?.inviteCode).toBeTruthy())
  fireEvent.change(input, { target: { value: useMemberStore.getState().me!.inviteCode.toLowerCase() } })
  fireEvent.click(container.querySelector('#gift-button')!)
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toBe('不能把福卡送给自己'))
  expect(calls.modals.length).toBe(modals)

  modalAnswer.confirm = true
  fireEvent.change(input, { target: { value: friend.member.inviteCode } })
  fireEvent.click(container.querySelector('#gift-button')!)
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toBe(`已把 1 张${dup.name}送给好友`))
  expect(calls.modals.at(-1)?.content).toContain(`把 1 张「${dup.name}」送给邀请码为 ${friend.member.inviteCode} 的好友`)
  await waitFor(() => expect(container.querySelector(`#card-count-${dup.id}`)).toHaveTextContent(`×${dup.count - 1}`))
})

test('a friend’s code typed in lower case shows in capitals, as codes read everywhere, and the card goes to that friend', async () => {
  const { friend, dup, container, input } = await givingADuplicate()
  const typed = ` ${friend.member.inviteCode.toLowerCase()}`
  expect(typed.trim()).not.toBe(friend.member.inviteCode)
  fireEvent.change(input, { target: { value: typed } })
  expect(input.value).toBe(` ${friend.member.inviteCode}`)
  modalAnswer.confirm = true
  fireEvent.click(container.querySelector('#gift-button')!)
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toBe(`已把 1 张${dup.name}送给好友`))
  expect(calls.modals.at(-1)?.content).toBe(`把 1 张「${dup.name}」送给邀请码为 ${friend.member.inviteCode} 的好友？送出后不能撤回。`)
  await waitFor(() => expect(container.querySelector(`#card-count-${dup.id}`)).toHaveTextContent(`×${dup.count - 1}`))
})

test('after the campaign ends the cards stay, and the page says it ended instead of offering ways to earn or give', async () => {
  await weappMember()
  await earnUntil(() => cards().kinds.some((k) => k.giftable), 6)
  const held = cards().collected
  const endsAt = useCampaignsStore.getState().details['spring-cards'].endsAt
  t.setNow(new Date(Date.parse(endsAt) + 86_400_000).toISOString())
  const { container } = render(<CardsPage />)
  await waitFor(() => expect(container.querySelector('#cards-earn')).toHaveTextContent('活动已结束，不能再获得福卡。'))
  expect(container.querySelector('#cards-progress')).toHaveTextContent(`已集 ${held}/5 种`)
  expect(container.querySelectorAll('.cards-earn')).toHaveLength(0)
  expect(container.querySelector('#cards-gift')).toHaveTextContent('活动已结束，福卡不能赠送。')
  expect(container.querySelector('#gift-button')).toBeNull()
  expect(container.textContent).not.toContain('活动未开放')
})
