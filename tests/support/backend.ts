/**
 * Store and page tests run against the real mock backend, in-process, with a clock the test controls.
 * The stores reach it through the same axios client as the app (src/api/http.ts).
 */
import type { AxiosAdapter } from 'axios'
import { AxiosError } from 'axios'
import { api, setApiAdapter } from '@/api/http'
import type { CampaignDefinition } from '@/domain/campaigns'
import type { RulesConfig } from '@/domain/config'
import { seededRng } from '@/domain/context'
import { platform } from '@/platform'
import { useSessionStore } from '@/stores/session'
import { createInProcessAdapter } from '../../mock/adapter'
import { createLoyaltyBackend, type LoyaltyBackend } from '../../mock/app'
import { memoryKvPersistence } from '../../mock/kv-persistence'
import { prizeRedemption } from '../../server/core/use-cases/rewards'

export interface TestBackend {
  backend: LoyaltyBackend
  now(): number
  setNow(iso: string): void
  advanceDays(days: number): void
  /** Log the stores in as a member (the seeded `demo` member, or a new one per code). */
  loginAs(code: string): Promise<void>
  /** Every request fails as if the network were down, until `online()`. */
  offline(): void
  online(): void
}

/** 10:00 in Shanghai on a Tuesday. */
export const DEFAULT_NOW = '2026-11-24T02:00:00.000Z'

let counter = 0

export interface TestBackendOptions {
  /** The rules document (default: the mock's, with its demo campaigns around `nowIso`). */
  config?: RulesConfig
  /** false: no members' history (faster when the demo is not needed). */
  history?: boolean
  /** `none`: a backend that takes no payment. */
  payments?: 'mock' | 'none'
}

export async function startTestBackend(nowIso: string = DEFAULT_NOW, options: TestBackendOptions = {}): Promise<TestBackend> {
  let now = Date.parse(nowIso)
  const backend = await createLoyaltyBackend({
    persistence: memoryKvPersistence(),
    clock: () => now,
    rng: seededRng(20261124),
    config: options.config,
    history: options.history ?? true,
    payments: options.payments,
  })
  const inProcess = createInProcessAdapter(backend)
  const down: AxiosAdapter = (config) => Promise.reject(new AxiosError('Network Error', AxiosError.ERR_NETWORK, config))
  setApiAdapter(inProcess)
  await platform.privacy.accept()
  return {
    backend,
    now: () => now,
    setNow: (iso) => {
      now = Date.parse(iso)
    },
    advanceDays: (days) => {
      now += days * 86_400_000
    },
    async loginAs(code) {
      const res = await api.login({ platform: 'h5', code })
      useSessionStore.setState({ consent: 'accepted', token: res.token, memberId: res.member.id })
    },
    offline: () => setApiAdapter(down),
    online: () => setApiAdapter(inProcess),
  }
}

/** A code no member has used yet: logging in with it registers a new member. */
export function newMemberCode(): string {
  counter += 1
  return `jest-member-${counter}-${Date.now()}`
}

/** A diamond-only lottery with gold early access, running 23–30 Nov 2026 (tier gates and early access). */
export const DIAMOND_SALON: CampaignDefinition = {
  id: 'diamond-salon',
  type: 'lottery',
  name: '钻石会员沙龙抽奖',
  description: '钻石会员可参与。',
  startsAt: '2026-11-23T00:00:00+08:00',
  endsAt: '2026-11-30T00:00:00+08:00',
  audience: { kind: 'tier', minTierRank: 3 },
  priority: true,
  lottery: { freeDrawsPerDay: 1, paidDrawCostPoints: 20, maxDrawsPerDay: 1, prizes: [{ id: 'thanks', name: '谢谢参与', kind: 'empty', weight: 1, stock: null }] },
}

/** The logged-in member's day of capped points all taken (as tasks would take it), no growth with it. */
export async function fillTheDayCap(t: TestBackend): Promise<void> {
  const memberId = useSessionStore.getState().memberId!
  await t.backend.core.write(t.now(), async (work) => {
    const tx = await work.member(memberId)
    tx.grant({ amount: tx.rules.points.caps.dayPoints, source: 'task', ref: 'fill-the-day', reason: '任务奖励', growth: 0 })
  })
}

/**
 * The logged-in member wins 品牌保温杯 in 幸运大转盘 (a physical prize: a line of 兑换记录 waiting for an address), as a
 * draw would make it — without leaving it to the draw's odds. Returns the line's id.
 */
export async function winPhysicalPrize(t: TestBackend): Promise<string> {
  const memberId = useSessionStore.getState().memberId!
  return t.backend.core.write(t.now(), async (work) => prizeRedemption(await work.member(memberId), 'lucky-wheel', { id: 'gift-cup', name: '品牌保温杯' }).id)
}

/**
 * A goods order of the logged-in member's, paid at the mock cashier: the payment records the day's 下单
 * (`core_use`: its points, tasks and card); a 有效评价 (`review`) event names the order as its ref.
 */
export async function paidOrder(): Promise<string> {
  const { products } = await api.catalogue()
  const cheapest = products.reduce((a, b) => (b.priceFen < a.priceFen ? b : a))
  const placed = await api.createOrder({ items: [{ sku: cheapest.sku, qty: 1 }], couponId: null })
  await api.pay(placed.order.id, { result: 'paid' })
  return placed.order.id
}

/**
 * Leaves the logged-in member owing points: order A (five of the dearest product) paid, then B, as large, paid with
 * as many points as it may use — A's among them — and A refunded, which cannot take back what B used. Returns what
 * is owed and B's items (a purchase as large earns what A did: enough to settle it all).
 */
export async function oweAfterRefund(): Promise<{ owed: number; items: { sku: string; qty: number }[] }> {
  const { products } = await api.catalogue()
  const items = [{ sku: products.reduce((x, y) => (y.priceFen > x.priceFen ? y : x)).sku, qty: 5 }]
  const a = (await api.createOrder({ items, couponId: null })).order.id
  await api.pay(a, { result: 'paid' })
  const { maxPointsUsable } = await api.quote({ items, couponId: null })
  await api.pay((await api.createOrder({ items, couponId: null, pointsToUse: maxPointsUsable })).order.id, { result: 'paid' })
  const { reversed } = await api.refund(a)
  return { owed: reversed.shortfall, items }
}
