/**
 * The app's default transport: the mock in-process, its state in (size-limited) app storage. A write stores
 * only what it changed; two tabs on one storage never lose each other's writes.
 */
import { createEmbeddedAdapter, EMBEDDED_STORAGE } from '../../mock/embedded'
import { createApiClient } from '@/api/client'
import { createEndpoints } from '@/api/endpoints'
import { limitedStore } from './support/storage'
import { DEFAULT_NOW } from '../support/backend'
import { createLoyaltyBackend } from '../../mock/app'
import { memoryKvPersistence } from '../../mock/kv-persistence'
import { seededRng } from '@/domain/context'

/** The device's clock, pinned: the demo's history and "signed today" never depend on the day the tests run. */
const pinned = () => Date.parse(DEFAULT_NOW)

function app(store: ReturnType<typeof limitedStore>, online?: () => boolean, clock: () => number = pinned) {
  let token: string | null = null
  const api = createEndpoints(
    createApiClient({ baseURL: '', adapter: createEmbeddedAdapter(store, { online, clock }), auth: { getToken: () => token, relogin: async () => null }, retryDelaysMs: [] }),
  )
  return {
    api,
    login: async (code: string) => {
      const r = await api.login({ platform: 'weapp', code })
      token = r.token
      return r
    },
  }
}

/** Bytes written to the store while `fn` runs. */
function counting(store: ReturnType<typeof limitedStore>) {
  let written = 0
  const setItem = store.setItem.bind(store)
  store.setItem = (k, v) => {
    written += Buffer.byteLength(k) + Buffer.byteLength(v)
    setItem(k, v)
  }
  return async (fn: () => Promise<unknown>) => {
    written = 0
    await fn()
    return written
  }
}

test('the demo logs in on first launch; state survives a restart; keys stay under 200 KB and the total under 1 MB', async () => {
  const store = limitedStore()
  let peak = 0
  const setItem = store.setItem.bind(store)
  store.setItem = (k, v) => {
    setItem(k, v)
    peak = Math.max(peak, store.bytes())
  }
  const first = app(store)
  const demo = await first.login('demo')
  expect(demo.isNew).toBe(false)
  expect(demo.member.balance).toBeGreaterThan(0)
  const signed = await first.api.signin()
  for (const [k, v] of store.map) expect(Buffer.byteLength(k) + Buffer.byteLength(v)).toBeLessThan(200 * 1024)
  expect(store.bytes()).toBeLessThanOrEqual(EMBEDDED_STORAGE.budgetBytes)
  // A commit's journal holds a second copy of what it changes: still inside SPEC §6's 1 MB.
  expect(peak).toBeLessThanOrEqual(1024 * 1024)

  const restarted = app(store)
  await restarted.login('demo')
  expect((await restarted.api.signinCalendar()).signedToday).toBe(true)
  expect((await restarted.api.pointsSummary()).balance).toBe(signed.balance)
  // The demo's history survives the storage budget: the ledger still pages back months.
  const months = new Set<string>()
  for (let cursor: string | null = null, i = 0; i < 20; i++) {
    const page = await restarted.api.pointsLedger(cursor, 100)
    page.entries.forEach((e) => months.add(e.businessDate.slice(0, 7)))
    cursor = page.nextCursor
    if (!cursor) break
  }
  expect(months.size).toBeGreaterThanOrEqual(4)
})

test('a sign-in stores only what it changed: a small part of the state', async () => {
  const store = limitedStore()
  const a = app(store)
  await a.login('demo')
  const measure = counting(store)
  const total = store.bytes()
  const written = await measure(() => a.api.signin())
  console.log(`embedded storage: one sign-in wrote ${(written / 1024).toFixed(1)} KB of a ${(total / 1024).toFixed(0)} KB state`)
  expect(written).toBeLessThan(total / 4)
})

/** The demo member logged in in two tabs that share one storage. */
async function twoTabs() {
  const store = limitedStore()
  const tabA = app(store)
  await tabA.login('demo')
  const tabB = app(store)
  await tabB.login('demo')
  return { store, tabA, tabB }
}

test('two tabs on one storage: a redemption in each, both kept (the second tab reloads before writing)', async () => {
  const { store, tabA, tabB } = await twoTabs()
  const before = (await tabA.api.pointsSummary()).balance
  const inA = await tabA.api.redeem('rw-coupon-10')
  const inB = await tabB.api.redeem('rw-coupon-10')
  expect(inB.balance).toBe(inA.balance - 100)
  const reloaded = app(store)
  await reloaded.login('demo')
  expect((await reloaded.api.pointsSummary()).balance).toBe(before - 200)
  const coupons = await reloaded.api.coupons()
  expect(coupons.available.filter((c) => c.templateId === 'mall-10').length).toBeGreaterThanOrEqual(2)
})

test('a tab shown again reads what the other tab wrote, without writing first', async () => {
  const { store, tabA, tabB } = await twoTabs()
  const before = await tabB.api.pointsSummary()
  const couponsBefore = (await tabB.api.coupons()).available.length
  const redeemed = await tabA.api.redeem('rw-coupon-10')
  const reads = counting(store)
  const written = await reads(async () => {
    expect((await tabB.api.pointsSummary()).balance).toBe(redeemed.balance)
    expect((await tabB.api.coupons()).available.length).toBe(couponsBefore + 1)
    expect((await tabB.api.pointsLedger(null, 1)).entries[0]).toMatchObject({ type: 'spend', amount: -100, balanceAfter: before.balance - 100 })
  })
  expect(written).toBe(0)
})

test('offline (the platform says so) every request fails as the network does and nothing is stored; back online it works', async () => {
  const store = limitedStore()
  let online = true
  const member = app(store, () => online)
  await member.login('offline-member')
  await expect(member.api.signinCalendar()).resolves.toMatchObject({ signedToday: false })
  const stored = new Map(store.map)
  const written = counting(store)

  online = false
  const bytes = await written(async () => {
    await expect(member.api.signin()).rejects.toMatchObject({ code: 'NETWORK', status: 0, isNetwork: true })
    await expect(member.api.signinCalendar()).rejects.toMatchObject({ code: 'NETWORK' })
  })
  expect(bytes).toBe(0)
  expect(store.map).toEqual(stored)

  online = true
  await expect(member.api.signinCalendar()).resolves.toMatchObject({ signedToday: false })
  await expect(member.api.signin()).resolves.toMatchObject({ calendar: expect.objectContaining({ signedToday: true }) })
})

test('a stored document that cannot be read is refused with 503 STORAGE_CORRUPTED, never loaded without it, and nothing is written', async () => {
  const store = limitedStore()
  const member = app(store)
  await member.login('demo')
  const balance = (await member.api.pointsSummary()).balance
  // One history page lost (a truncated write the platform's storage cannot parse reads as nothing).
  const page = [...store.map.keys()].find((k) => k.startsWith(`${EMBEDDED_STORAGE.prefix}:h/`))!
  const value = store.map.get(page)!
  store.map.delete(page)
  const stored = new Map(store.map)
  const again = app(store)
  const corrupted = { status: 503, code: 'STORAGE_CORRUPTED', message: expect.stringContaining('演示数据已损坏') }
  await expect(again.login('demo')).rejects.toMatchObject(corrupted)
  await expect(again.api.pointsSummary()).rejects.toMatchObject(corrupted)
  expect(store.map).toEqual(stored)
  // Cut short (a truncated write the platform still returns): refused the same way.
  store.map.set(page, value.slice(0, Math.floor(value.length / 2)))
  await expect(app(store).login('demo')).rejects.toMatchObject(corrupted)
  // Put back, it loads as it was.
  store.map.set(page, value)
  const restored = app(store)
  await restored.login('demo')
  expect((await restored.api.pointsSummary()).balance).toBe(balance)
})

test('a phone whose clock is wrong (reset to 1970, or set centuries ahead) is told to set it, and nothing is played or stored until it is', async () => {
  const store = limitedStore()
  let now = Date.parse('1970-01-02T00:00:00.000Z')
  const member = app(store, undefined, () => now)
  const wrongClock = { status: 503, code: 'CLOCK_OUT_OF_RANGE', message: '手机时间不正确，请在系统设置中校准日期和时间后重试' }
  await expect(member.login('demo')).rejects.toMatchObject(wrongClock)
  expect(store.map.size).toBe(0)
  // Set right: the same app starts its demo and logs in.
  now = pinned()
  await expect(member.login('demo')).resolves.toMatchObject({ isNew: false })
  // Then set far ahead: refused again, the member's state as it was.
  const stored = new Map(store.map)
  now = Date.parse('9999-12-31T10:00:00.000Z')
  await expect(member.api.signin()).rejects.toMatchObject(wrongClock)
  expect(store.map).toEqual(stored)
})

test('the core answers a clock outside 2000 … 2999 with 503 CLOCK_OUT_OF_RANGE, never a 500, and changes nothing', async () => {
  let now = pinned()
  const backend = await createLoyaltyBackend({ persistence: memoryKvPersistence(), clock: () => now, rng: seededRng(7), history: false })
  const login = { method: 'POST', path: '/auth/login', query: {}, headers: { 'content-type': 'application/json', 'idempotency-key': 'k-1' }, rawBody: JSON.stringify({ platform: 'h5', code: 'clock-member' }) }
  for (const at of ['9999-12-31T10:00:00.000Z', '1970-01-02T00:00:00.000Z', '1999-12-31T23:59:59.999Z', '3000-01-01T00:00:00.000Z']) {
    now = Date.parse(at)
    const res = await backend.handle(login)
    expect({ at, status: res.status, code: (res.body as { error: { code: string } }).error.code }).toEqual({ at, status: 503, code: 'CLOCK_OUT_OF_RANGE' })
  }
  now = pinned()
  const res = await backend.handle(login)
  expect(res.status).toBe(200)
  expect((res.body as { isNew: boolean }).isNew).toBe(true)
})
