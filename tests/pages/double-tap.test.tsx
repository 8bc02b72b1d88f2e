/**
 * Every action's pending state drives its control: each control is tapped twice in quick succession and the
 * member gets one effect (one request to the backend, one run of the action) and at most one dialog, and the
 * control shows disabled + loading while the journey (quote, dialog, request, animation) is under way.
 *
 * The table is held to the registry (src/stores/request.ts): every action the stores define has a case here or
 * a reason it has no control of its own, so a new action cannot be added without its double tap being tried.
 */
import { fireEvent, render, waitFor } from '@testing-library/react'
import type { AxiosAdapter } from 'axios'
import type { ComponentType } from 'react'
import { api, setApiAdapter } from '@/api/http'
import CardsPage from '@/packages/campaign/cards/index'
import InvitePage from '@/packages/campaign/invite/index'
import LotteryPage from '@/packages/campaign/lottery/index'
import MallPage from '@/packages/mall/mall/index'
import OrdersPage from '@/packages/mall/orders/index'
import RedemptionsPage from '@/packages/mall/redemptions/index'
import ShopPage from '@/packages/mall/shop/index'
import BenefitsPage from '@/packages/member/benefits/index'
import FollowPage from '@/packages/member/follow/index'
import ProfilePage from '@/packages/member/profile/index'
import SigninPage from '@/packages/member/signin/index'
import MessagesPage from '@/packages/settings/messages/index'
import SettingsPage from '@/packages/settings/settings/index'
import TasksPage from '@/pages/tasks/index'
import { platform } from '@/platform'
import { type Action, registeredActions } from '@/stores/action'
import { useSessionStore } from '@/stores/session'
import { createInProcessAdapter } from '../../mock/adapter'
import { fillDelivery, found } from '../support/dom'
import { loadAllStores } from '../support/all-stores'
import { requestsSettled } from '../support/requests'
import { newMemberCode, startTestBackend, winPhysicalPrize, type TestBackend, paidOrder } from '../support/backend'
import { startSubscriptionBackend, TEMPLATE_IDS } from '../support/subscription-backend'
import { calls, routerParams } from '../support/taro-mock'

const NOW = '2026-11-24T03:00:00.000Z'
jest.setTimeout(60_000)

/** Actions no control starts by itself, and why. */
const NO_CONTROL: Record<string, string> = {
  'signin.quoteMakeup': 'the first step of the 补签 journey (the signin.makeUp case)',
}

interface Case {
  /** The registered action (or a flow key's name for journeys that are not a store action). */
  name: string
  page: ComponentType
  route?: Record<string, string>
  /** Log in and prepare what the action needs; the demo member by default. */
  setup?: (t: TestBackend) => Promise<void>
  /** What the member does before the double tap (pick a day, fill a form). */
  before?: (c: HTMLElement) => Promise<void> | void
  control: string
  /** The request that is the action's effect: exactly one must reach the backend. */
  request?: RegExp
  /** Extra effect, counted by a spy (platform calls that never reach the backend). */
  spy?: () => jest.SpyInstance
  /** Dialogs shown in all: the confirmation, and a receipt too long for a toast where there is one. */
  dialogs: number
  /** How long the journey may take (the lottery's highlight runs a few seconds). */
  timeout?: number
}

const demo = (t: TestBackend) => t.loginAs('demo')
const newMember = (t: TestBackend) => t.loginAs(newMemberCode())

/** Earns collect-cards cards through the API, day by day, until the set is complete and one card is a duplicate. */
async function completeCardSetWithDuplicate(t: TestBackend): Promise<void> {
  await newMember(t)
  for (let day = 0; day < 20; day++) {
    t.setNow(new Date(Date.parse(NOW) + day * 86_400_000).toISOString())
    await api.signin()
    await paidOrder()
    await api.claimTask('daily-core-use')
    const cards = (await api.campaign('spring-cards')).cards!
    if (cards.complete && cards.kinds.some((k) => k.giftable)) return
  }
  throw new Error('no complete card set with a duplicate in 20 days')
}

/** A new member with one order left unpaid (a cashier closed by a reload). */
async function withUnpaidOrder(t: TestBackend): Promise<void> {
  await newMember(t)
  const { products } = await api.catalogue()
  await api.createOrder({ items: [{ sku: products[0].sku, qty: 1 }] })
}

async function withPaidOrder(t: TestBackend): Promise<void> {
  await demo(t)
  await paidOrder()
}

const CASES: Case[] = [
  { name: 'signin.signIn', page: SigninPage, setup: newMember, control: '#signin-button', request: /^POST \/signin$/, dialogs: 0 },
  { name: 'signin.makeUp', page: SigninPage, control: '#makeup-button', request: /^POST \/signin\/makeup$/, dialogs: 1 },
  {
    name: 'tasks.claim',
    page: TasksPage,
    setup: async (t) => {
      await demo(t)
      await api.event({ type: 'guide_read' })
    },
    control: '#task-button-daily-guide-read',
    request: /^POST \/tasks\/daily-guide-read\/claim$/,
    dialogs: 0,
  },
  { name: 'tasks.report', page: FollowPage, control: '#follow-confirm', request: /^POST \/events$/, dialogs: 0 },
  { name: 'mall.redeem', page: MallPage, control: '#redeem-rw-coupon-10', request: /^POST \/rewards\/rw-coupon-10\/redeem$/, dialogs: 1 },
  {
    // A gift: the delivery sheet's 确认兑换 is the confirmation (no dialog).
    name: 'mall.redeem',
    page: MallPage,
    before: async (c) => {
      const open = await found(c, '#redeem-rw-tote')
      await waitFor(() => expect(open).not.toHaveAttribute('disabled'))
      fireEvent.click(open)
      await found(c, '#delivery-sheet')
      fillDelivery(c)
    },
    control: '#delivery-submit',
    request: /^POST \/rewards\/rw-tote\/redeem$/,
    dialogs: 0,
  },
  {
    // A prize's address: the delivery sheet's 提交地址 sends it (no dialog).
    name: 'mall.giveAddress',
    page: RedemptionsPage,
    setup: async (t) => {
      await newMember(t)
      await winPhysicalPrize(t)
    },
    before: async (c) => {
      fireEvent.click(await found(c, '[id^="redemption-address-"]'))
      await found(c, '#delivery-sheet')
      fillDelivery(c)
    },
    control: '#delivery-submit',
    request: /^POST \/redemptions\/[^/]+\/delivery$/,
    dialogs: 0,
  },
  { name: 'orders.refund', page: OrdersPage, setup: withPaidOrder, control: '[id^="refund-ord"]', request: /^POST \/orders\/[^/]+\/refund$/, dialogs: 1 },
  { name: 'orders.payPending', page: OrdersPage, setup: withUnpaidOrder, control: '[id^="pay-ord"]', request: /^POST \/orders\/[^/]+\/payment$/, dialogs: 0 },
  { name: 'orders.cancel', page: OrdersPage, setup: withUnpaidOrder, control: '[id^="cancel-ord"]', request: /^POST \/orders\/[^/]+\/cancel$/, dialogs: 1 },
  { name: 'orders.buyPlan', page: BenefitsPage, control: '[id^="buy-"]', request: /^POST \/membership\/purchase$/, dialogs: 1 },
  { name: 'member.freeService', page: BenefitsPage, control: '#claim-free-service', request: /^POST \/member\/free-service$/, dialogs: 0 },
  {
    name: 'orders.checkout',
    page: ShopPage,
    before: async (c) => {
      fireEvent.click(await found(c, '[id^="add-"]'))
      await found(c, '#pay-button')
    },
    control: '#pay-button',
    request: /^POST \/orders$/,
    dialogs: 0,
  },
  {
    name: 'campaigns.draw',
    page: LotteryPage,
    route: { id: 'lucky-wheel' },
    setup: newMember,
    control: '#lottery-draw',
    request: /^POST \/campaigns\/lucky-wheel\/draw$/,
    dialogs: 0,
    timeout: 10_000,
  },
  {
    name: 'campaigns.giftCard',
    page: CardsPage,
    route: { id: 'spring-cards' },
    setup: completeCardSetWithDuplicate,
    before: async (c) => {
      const friend = await api.login({ platform: 'h5', code: newMemberCode() })
      fireEvent.click(await found(c, '[id^="gift-kind-"]'))
      fireEvent.change(c.querySelector('#gift-friend-code')!, { target: { value: friend.member.inviteCode } })
    },
    control: '#gift-button',
    request: /^POST \/campaigns\/spring-cards\/cards\/gift$/,
    dialogs: 1,
  },
  {
    name: 'campaigns.claimCards',
    page: CardsPage,
    route: { id: 'spring-cards' },
    setup: completeCardSetWithDuplicate,
    control: '#cards-claim',
    request: /^POST \/campaigns\/spring-cards\/cards\/claim$/,
    dialogs: 0,
  },
  { name: 'member.updateProfile', page: ProfilePage, control: '#profile-save', request: /^POST \/member\/profile$/, dialogs: 0 },
  { name: 'messages.markAllRead', page: MessagesPage, control: '#mark-all-read', request: /^POST \/messages\/read$/, dialogs: 0 },
  {
    name: 'messages.markRead',
    page: MessagesPage,
    control: '.notification--unread',
    request: /^POST \/messages\/read$/,
    dialogs: 0,
  },
  // On WeChat with the brand's templates (H5 offers no 订阅提醒): the platform's dialog is asked once.
  {
    name: 'messages.subscribe',
    page: MessagesPage,
    setup: async () => {
      jest.replaceProperty(platform, 'name', 'weapp')
      jest.replaceProperty(platform, 'subscribeMessages', true)
      await (await startSubscriptionBackend('weapp')).loginAs(newMemberCode())
    },
    control: '#subscribe-button',
    spy: () => jest.spyOn(platform, 'requestSubscribe').mockResolvedValue({ accepted: [TEMPLATE_IDS.weapp.points_expiring], supported: true }),
    dialogs: 0,
  },
  { name: 'invites.copyLink', page: InvitePage, control: '#invite-share', spy: () => jest.spyOn(platform.share, 'copyLink'), dialogs: 0 },
  {
    name: 'support.feedback',
    page: SettingsPage,
    before: (c) => void fireEvent.change(c.querySelector('#feedback-content')!, { target: { value: '希望增加更多兑换商品' } }),
    control: '#feedback-submit',
    request: /^POST \/feedback$/,
    dialogs: 0,
  },
  { name: 'support.export', page: SettingsPage, control: '#request-export', request: /^POST \/privacy\/export$/, dialogs: 2 },
  { name: 'support.deletion', page: SettingsPage, control: '#request-deletion', request: /^POST \/privacy\/deletion$/, dialogs: 2 },
  {
    name: 'session.withdraw',
    page: SettingsPage,
    control: '#withdraw-consent',
    spy: () => jest.spyOn(useSessionStore.getState(), 'declinePrivacy'),
    dialogs: 1,
  },
]

loadAllStores()
const actionsByName = new Map<string, Action>(registeredActions().map((a) => [a.definition.name, a]))

test('every registered action has a double-tap case below or a reason it has no control', () => {
  const covered = new Set(CASES.map((c) => c.name))
  const missing = [...actionsByName.keys()].filter((name) => !covered.has(name) && !(name in NO_CONTROL))
  expect(missing).toEqual([])
})

let t: TestBackend
let sent: string[]
beforeEach(async () => {
  t = await startTestBackend(NOW)
  const inProcess = createInProcessAdapter(t.backend)
  sent = []
  const counting: AxiosAdapter = (config) => {
    sent.push(`${(config.method ?? 'get').toUpperCase()} ${config.url}`)
    return inProcess(config)
  }
  setApiAdapter(counting)
})
afterEach(() => jest.restoreAllMocks())

test.each(CASES)('$name: two quick taps on $control, one effect and $dialogs dialog(s)', async (c) => {
  routerParams.current = c.route ?? {}
  await (c.setup ?? demo)(t)
  const action = actionsByName.get(c.name)
  const runs = action ? jest.spyOn(action.definition, 'run') : null
  const spy = c.spy?.()
  const { container } = render(<c.page />)
  await requestsSettled()
  await c.before?.(container)
  const control = await found(container, c.control)
  await waitFor(() => expect(control).not.toHaveAttribute('disabled'))
  await requestsSettled()
  sent.length = 0

  fireEvent.click(control)
  // The first tap's journey is under way and the control says so: a button disabled + loading (the lottery's
  // centre button: its busy look and 抽奖中), a text link without its handler.
  if (control.tagName === 'BUTTON') {
    expect(control.hasAttribute('disabled') || control.className.includes('--busy')).toBe(true)
    expect(control.getAttribute('data-loading') === 'true' || !!container.querySelector('[data-loading="true"]') || control.className.includes('--busy')).toBe(true)
  }
  fireEvent.click(control)

  const options = { timeout: c.timeout ?? 4000 }
  if (c.request) await waitFor(() => expect(sent.filter((s) => c.request!.test(s))).toHaveLength(1), options)
  if (spy) await waitFor(() => expect(spy).toHaveBeenCalledTimes(1), options)
  if (runs) await waitFor(() => expect(runs).toHaveBeenCalledTimes(1), options)
  // The journey and the refreshes it set off end, with still one effect and no second dialog.
  await requestsSettled(options)
  if (c.request) expect(sent.filter((s) => c.request!.test(s))).toHaveLength(1)
  if (runs) expect(runs).toHaveBeenCalledTimes(1)
  expect(calls.modals).toHaveLength(c.dialogs)
})
