/**
 * Refresh by tags, held to the registry (src/stores/request.ts) — no hand list of "which view shows what":
 *
 * 1. Which views show the balance is read from what they actually answer: every registered view is loaded for
 *    a member, and a view whose answer carries a balance (`balance`, a ledger's `balanceAfter`) must say 'balance'.
 * 2. Which actions change the balance is read from the backend: every registered action is run (the scenario
 *    table must cover the registry), with every view loaded first; when the member's balance moved, every view
 *    that shows the balance must have been loaded again and show the new figure.
 */
import { waitFor } from '@testing-library/react'
import { api } from '@/api/http'
import { useConfigStore } from '@/stores/config'
import { useInvitesStore } from '@/stores/invites'
import { useMessagesStore } from '@/stores/messages'
import { useOrdersStore } from '@/stores/orders'
import { type Action, registeredActions, tagsChangedBy, tagsInAnswer } from '@/stores/action'
import { LAUNCH_CHANGES, useLifecycleStore } from '@/stores/lifecycle'
import { registeredViews } from '@/stores/request'
import type { View } from '@/stores/request'
import { TAGS } from '@/stores/tags'
import { newMemberCode, startTestBackend, winPhysicalPrize, type TestBackend, paidOrder } from '../support/backend'
import { loadAllStores } from '../support/all-stores'
import { requestsSettled } from '../support/requests'
import { useSessionStore } from '@/stores/session'

loadAllStores()

jest.setTimeout(60_000)
const NOW = '2026-11-24T03:00:00.000Z'

/** Views loaded with a parameter, and the one each is loaded with here. */
const VIEW_PARAMS: Record<string, () => unknown> = {
  'signin.calendar': () => null,
  'reports.monthly': () => null,
  'campaigns.detail': () => 'points-race',
  'campaigns.winners': () => 'lucky-wheel',
  'orders.quote': () => useOrdersStore.getState().draft,
}

/** Views not loaded for a member, and why. */
const NOT_MEMBER_VIEWS: Record<string, string> = {
  'points.ledger-more': 'the next page of points.ledger: it follows that view and is never refreshed on its own',
  'orders.list-more': 'the next page of orders.list, likewise',
  'mall.redemptions-more': 'the next page of mall.redemptions, likewise',
  'admin.metrics': 'the operator dashboard, with an operator token',
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyView = View<any, any>

/** The balance an answer shows, if any: a `balance` anywhere in it, or the newest ledger line's `balanceAfter`. */
function balanceShown(answer: unknown): number | null {
  if (typeof answer !== 'object' || answer === null) return null
  const a = answer as Record<string, unknown>
  if (typeof a.balance === 'number') return a.balance
  if (Array.isArray(a.entries) && typeof (a.entries[0] as { balanceAfter?: unknown })?.balanceAfter === 'number') return (a.entries[0] as { balanceAfter: number }).balanceAfter
  for (const value of Object.values(a)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const inner = balanceShown(value)
      if (inner !== null) return inner
    }
  }
  return null
}

interface Spied {
  view: AnyView
  fetches: jest.SpyInstance
  applied: unknown[]
}

/** Loads every member view (spying on what each fetches and applies). */
async function loadEveryView(): Promise<Spied[]> {
  const spied = registeredViews()
    .filter((v) => !(v.name in NOT_MEMBER_VIEWS))
    .map((view): Spied => {
      const applied: unknown[] = []
      const apply = view.apply
      jest.spyOn(view, 'apply').mockImplementation((answer: unknown, params: unknown) => {
        applied.push(answer)
        apply(answer, params)
      })
      return { view, fetches: jest.spyOn(view, 'fetch'), applied }
    })
  await Promise.all(spied.map(({ view }) => view.load(VIEW_PARAMS[view.name]?.())))
  await requestsSettled()
  return spied
}

const serverBalance = async () => (await api.pointsSummary()).balance

/**
 * Besides the balance, what the server says before and after each action, by the tag a view of it listens to: an
 * action that changed it must say so (its declaration or its answer), or a view on screen keeps the old state.
 */
const OBSERVED: { tag: 'tasks' | 'messages'; read: () => Promise<unknown> }[] = [
  { tag: 'tasks', read: async () => (await api.tasks()).tasks.map((x) => [x.id, x.progress, x.status]) },
  { tag: 'messages', read: async () => (await api.messages()).notifications.map((n) => [n.id, n.read]) },
]
const observe = () => Promise.all(OBSERVED.map((o) => o.read()))

/** Logs in as `code` and lets the launch run to its end (app_open and the refreshes it sets off). */
async function launchAs(t: TestBackend, code: string) {
  useLifecycleStore.setState({ opened: false, openResult: null })
  useSessionStore.setState({ consent: 'unknown' }) // the login's consent change starts the launch
  await t.loginAs(code)
  await waitFor(() => expect(useLifecycleStore.getState().openResult).not.toBeNull())
  await requestsSettled()
}
const loginDemo = (t: TestBackend) => launchAs(t, 'demo')
const loginNew = (t: TestBackend) => launchAs(t, newMemberCode())

/** A member with a complete card set and a duplicate card (collect-cards campaign), earned through the API. */
async function cardCollector(t: TestBackend) {
  await loginNew(t)
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

interface Scenario {
  /** Log in and prepare; the demo member by default. */
  setup?: (t: TestBackend) => Promise<void>
  run: (action: Action) => Promise<unknown>
  /** A request of the launch (src/stores/lifecycle.ts) rather than a registered action. */
  launch?: keyof typeof LAUNCH_CHANGES
}

let inviteCode = ''
/** The line of 兑换记录 a physical prize made (mall.giveAddress). */
let prizeLine = ''

/** An order the demo member paid in this scenario's setup (orders.refund). */
let refundable = ''

/** An order the demo member created and left unpaid. */
async function unpaidOrderId(): Promise<string> {
  const [product] = (await api.catalogue()).products
  return (await api.createOrder({ items: [{ sku: product.sku, qty: 1 }] })).order.id
}

/** How to run each registered action (and each of the launch's requests) once. */
const SCENARIOS: Record<string, Scenario> = {
  'signin.signIn': { setup: loginNew, run: (a) => a() },
  'signin.quoteMakeup': { run: async (a) => a((await api.signinCalendar()).days.filter((d) => d.canMakeUp).at(-1)!.date) },
  'signin.makeUp': { run: async (a) => a((await api.signinCalendar()).days.filter((d) => d.canMakeUp).at(-1)!.date) },
  'tasks.claim': {
    setup: async (t) => {
      await loginDemo(t)
      await api.event({ type: 'guide_read' })
    },
    run: (a) => a('daily-guide-read'),
  },
  // Reading the guide moves its daily task.
  'tasks.report': { setup: loginNew, run: (a) => a('guide_read') },
  'campaigns.draw': {
    setup: async (t) => {
      await loginDemo(t)
      await api.draw('lucky-wheel') // today's free draw: the next one costs points
    },
    run: (a) => a('lucky-wheel'),
  },
  'campaigns.giftCard': {
    setup: cardCollector,
    run: async (a) => {
      const friend = await api.login({ platform: 'h5', code: newMemberCode() })
      const kind = (await api.campaign('spring-cards')).cards!.kinds.find((k) => k.giftable)!
      return a('spring-cards', friend.member.inviteCode, kind.id)
    },
  },
  'campaigns.claimCards': { setup: cardCollector, run: (a) => a('spring-cards') },
  'mall.redeem': { run: (a) => a('rw-coupon-10') },
  'mall.giveAddress': {
    setup: async (t) => {
      await loginNew(t)
      prizeLine = await winPhysicalPrize(t)
    },
    run: (a) => a(prizeLine, { name: '张三', phone: '13800138000', address: '上海市徐汇区漕溪北路 88 号' }),
  },
  // A new member's first order: it also completes 完成首笔订单 (tasks).
  'orders.checkout': {
    setup: loginNew,
    run: async (a) => {
      const [product] = (await api.catalogue()).products
      useOrdersStore.setState({ draft: { items: [{ sku: product.sku, qty: 2 }], usePoints: false } })
      return a()
    },
  },
  'orders.buyPlan': { run: async (a) => a((await api.config()).rules.tiers.paidPlans[0].id) },
  'orders.refund': {
    setup: async (t) => {
      await loginDemo(t)
      refundable = await paidOrder()
    },
    run: (a) => a(refundable),
  },
  // 去支付 on an order left unpaid: paid, it earns points like a checkout.
  'orders.payPending': { setup: loginNew, run: async (a) => a(await unpaidOrderId()) },
  'orders.cancel': { run: async (a) => a(await unpaidOrderId()) },
  'member.updateProfile': { setup: loginNew, run: (a) => a({ nickname: '小明', birthday: '1990-05-01' }) },
  // The demo member's tier has free services.
  'member.freeService': { run: (a) => a() },
  'messages.markAllRead': { run: (a) => a() },
  'messages.markRead': { run: async (a) => a(useMessagesStore.getState().notifications!.find((n) => !n.read)!.id) },
  'messages.subscribe': { run: (a) => a() },
  'invites.copyLink': { run: (a) => a() },
  'support.feedback': { run: (a) => a({ content: '希望增加更多兑换商品' }) },
  'support.export': { run: (a) => a() },
  'support.deletion': { run: (a) => a() },
  // The launch's requests (not actions: no control) refresh by LAUNCH_CHANGES.
  'launch.appOpen': {
    launch: 'appOpen',
    setup: async (t) => {
      await loginDemo(t)
      t.advanceDays(1) // the first open of a new day earns
    },
    run: async () => {
      useLifecycleStore.setState({ opened: false })
      await useLifecycleStore.getState().open()
      return useLifecycleStore.getState().openResult
    },
  },
  'launch.acceptInvite': {
    launch: 'acceptInvite',
    setup: async (t) => {
      await loginDemo(t)
      inviteCode = (await api.invites()).code
      await loginNew(t)
    },
    run: async () => {
      useSessionStore.setState({ pendingInviteCode: inviteCode, isNewMember: true })
      useLifecycleStore.setState({ opened: false })
      await useLifecycleStore.getState().open()
      return useLifecycleStore.getState().invite
    },
  },
}

let t: TestBackend
beforeEach(async () => {
  t = await startTestBackend(NOW)
})
afterEach(() => jest.restoreAllMocks())

test('every tag names something a view shows, and every view and action uses known tags', () => {
  const shown = new Set(registeredViews().flatMap((v) => [...v.tags]))
  expect(TAGS.filter((tag) => !shown.has(tag))).toEqual([])
  for (const a of registeredActions()) expect(TAGS).toEqual(expect.arrayContaining([...a.definition.changes]))
})

test('a view whose answer carries the balance says it shows the balance', async () => {
  await loginDemo(t)
  useOrdersStore.setState({ draft: { items: [{ sku: (await api.catalogue()).products[0].sku, qty: 1 }], usePoints: false } })
  const views = await loadEveryView()
  const missingParams = registeredViews().filter((v) => !(v.name in NOT_MEMBER_VIEWS) && v.fetch.length > 0 && !(v.name in VIEW_PARAMS))
  expect(missingParams.map((v) => v.name)).toEqual([])
  const showing = views.filter((s) => s.applied.some((a) => balanceShown(a) !== null)).map((s) => s.view.name)
  // What the contract's answers carry today (a new view that shows the balance joins this list by itself).
  expect(showing).toEqual(expect.arrayContaining(['member', 'points.summary', 'points.ledger', 'mall.rewards']))
  for (const name of showing) expect({ name, tags: registeredViews().find((v) => v.name === name)!.tags }).toEqual({ name, tags: expect.arrayContaining(['balance']) })
})

test('every registered action has a scenario, and so has each request of the launch', () => {
  expect(registeredActions().map((a) => a.definition.name).filter((name) => !(name in SCENARIOS))).toEqual([])
  expect(Object.keys(LAUNCH_CHANGES).filter((name) => !(`launch.${name}` in SCENARIOS))).toEqual([])
})

/** The actions whose scenario moved the balance (a check that the scenarios below keep their teeth). */
const moved = new Set<string>()

describe('every action that changes the balance refreshes every view that shows it', () => {
  afterAll(() => {
    expect([...moved].sort()).toEqual(
      expect.arrayContaining(['campaigns.claimCards', 'campaigns.draw', 'launch.appOpen', 'mall.redeem', 'orders.checkout', 'orders.payPending', 'orders.refund', 'signin.makeUp', 'signin.signIn', 'tasks.claim']),
    )
  })

  test.each(Object.keys(SCENARIOS))('%s', async (name) => {
    const scenario = SCENARIOS[name]
    const action = registeredActions().find((a) => a.definition.name === name)!
    expect(scenario.launch ? true : action).toBeTruthy()
    await (scenario.setup ?? loginDemo)(t)
    await Promise.all([useConfigStore.getState().load(), useInvitesStore.getState().load(), useMessagesStore.getState().load()])
    const views = await loadEveryView()
    const showing = views.filter((s) => s.applied.some((a) => balanceShown(a) !== null))
    const before = await serverBalance()
    const observedBefore = await observe()
    const fetchesBefore = new Map(views.map((s) => [s.view.name, s.fetches.mock.calls.length]))

    const answer = await scenario.run(action)
    await requestsSettled()
    const after = await serverBalance()
    const observedAfter = await observe()
    const tags = scenario.launch ? LAUNCH_CHANGES[scenario.launch] : tagsChangedBy(action.definition, answer)

    // The launch's declared tags cover what its answers prove; an action's, what a refusal reloads (no answer proves it).
    if (scenario.launch) expect([...LAUNCH_CHANGES[scenario.launch]]).toEqual(expect.arrayContaining(tagsInAnswer(answer)))
    else expect({ name, refusalReloads: [...action.definition.changes, ...(action.definition.answers ?? [])] }).toEqual({ name, refusalReloads: expect.arrayContaining(tagsInAnswer(answer)) })
    OBSERVED.forEach(({ tag }, i) => {
      if (JSON.stringify(observedAfter[i]) !== JSON.stringify(observedBefore[i])) expect({ name, changed: tag, says: tags.includes(tag) }).toEqual({ name, changed: tag, says: true })
    })
    if (after === before) return // this action (here) left the balance alone
    moved.add(name)
    // It says so — through its answer or its declaration — and every view showing the balance followed.
    expect(tags).toContain('balance')
    for (const s of showing) {
      expect({ view: s.view.name, loadedAgain: s.fetches.mock.calls.length > fetchesBefore.get(s.view.name)! }).toEqual({ view: s.view.name, loadedAgain: true })
      await waitFor(() => expect({ view: s.view.name, shows: balanceShown(s.applied.at(-1)) }).toEqual({ view: s.view.name, shows: after }))
    }
  })
})

test('tagsInAnswer reads the contract field names', () => {
  expect(tagsInAnswer({ balance: 3, calendar: {}, coupon: { id: 'c' }, followUpTasks: [] }).sort()).toEqual(['balance', 'coupons', 'signin'])
  expect(tagsInAnswer({ task: {}, coupon: undefined, balance: 1 }).sort()).toEqual(['balance', 'tasks'])
  expect(tagsInAnswer({ order: {}, member: {}, balance: 1 }).sort()).toEqual(['balance', 'growth', 'member', 'orders'])
  expect(tagsInAnswer({ cards: {}, coupon: {}, balance: 1 }).sort()).toEqual(['balance', 'campaigns', 'coupons'])
  expect(tagsInAnswer({ notifications: [], unread: 0 })).toEqual(['messages'])
  expect(tagsInAnswer(null)).toEqual([])
})
