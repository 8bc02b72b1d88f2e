/**
 * SPEC §2.2 caps: "an award that would cross a cap is truncated to what remains; the response says how much was capped
 * and why" — also where the capped award rides on another answer: a payment's 下单, a make-up's streak bonus.
 */
import { createLoyaltyBackend } from '../../mock/app'
import { memoryKvPersistence } from '../../mock/kv-persistence'
import { DEFAULT_RULES_CONFIG, type RulesConfig } from '../../src/domain/config'
import { seededRng } from '../../src/domain/context'

/** The default rules without campaigns (no card or multiplier on the way). */
function plainRules(): RulesConfig {
  const c = structuredClone(DEFAULT_RULES_CONFIG)
  c.campaigns = []
  c.tasks.definitions = c.tasks.definitions.filter((d) => d.kind !== 'campaign')
  return c
}

async function backendAt(iso: string) {
  let now = Date.parse(iso)
  const backend = await createLoyaltyBackend({ persistence: memoryKvPersistence(), clock: () => now, rng: seededRng(7), history: false, config: plainRules() })
  let n = 0
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answers of several routes, read field by field
  const call = async (method: 'GET' | 'POST', path: string, token?: string, body: unknown = {}): Promise<{ status: number; body: any }> =>
    backend.handle({
      method,
      path,
      query: {},
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(method === 'POST' ? { 'idempotency-key': `cap-${++n}` } : {}) },
      rawBody: method === 'GET' ? undefined : JSON.stringify(body),
    }) as Promise<{ status: number; body: never }>
  const login = async (code: string) => (await call('POST', '/auth/login', undefined, { platform: 'h5', code })).body.token as string
  const order = async (token: string) => {
    const placed = await call('POST', '/orders', token, { items: [{ sku: 'latte', qty: 1 }], couponId: null })
    return call('POST', `/orders/${placed.body.order.id}/pay`, token, { result: 'paid' })
  }
  /** Fills the day's cap: sign-in 5, first open 10, an order's 下单 15, its two tasks 50 + 20. */
  const fillDay = async (token: string) => {
    await call('POST', '/signin', token)
    await call('POST', '/events', token, { type: 'app_open' })
    await order(token)
    for (const task of ['growth-first-order', 'newcomer-first-core-use']) expect((await call('POST', `/tasks/${task}/claim`, token)).status).toBe(200)
    const { caps } = (await call('GET', '/points/summary', token)).body
    expect(caps.dayUsed).toBe(caps.dayLimit)
  }
  return { call, login, order, fillDay, set: (at: string) => (now = Date.parse(at)) }
}

test('a payment whose 下单 award the day cap cuts says how much and why; the purchase points are whole', async () => {
  const b = await backendAt('2026-11-10T02:00:00.000Z')
  const token = await b.login('cap-pay')
  await b.fillDay(token)
  const pay = await b.order(token)
  expect(pay.status).toBe(200)
  expect(pay.body.awarded).toEqual({ points: pay.body.order.quote.pointsToEarn, growth: expect.any(Number), settled: 0, capped: 15, cappedBy: 'day' })
})

test('a payment with room under the cap answers capped 0, by nothing', async () => {
  const b = await backendAt('2026-11-10T02:00:00.000Z')
  const pay = await b.order(await b.login('cap-pay-room'))
  expect(pay.body.awarded).toMatchObject({ points: pay.body.order.quote.pointsToEarn + 15, capped: 0, cappedBy: null })
})

test('a make-up whose streak bonus the day cap cuts says how much and why', async () => {
  const b = await backendAt('2026-11-01T02:00:00.000Z')
  const token = await b.login('cap-makeup')
  await b.call('POST', '/signin', token)
  b.set('2026-11-03T02:00:00.000Z')
  await b.fillDay(token)
  // 11-02 joins 11-01 and 11-03: day 3 of the run, +10 — none of it under a full day's cap.
  const made = await b.call('POST', '/signin/makeup', token, { date: '2026-11-02' })
  expect(made.status).toBe(200)
  expect(made.body).toMatchObject({ bonus: 10, capped: 10, cappedBy: 'day', streak: 3 })
})
