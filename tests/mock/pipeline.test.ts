/**
 * The request pipeline (server/core/pipeline.ts) on the mock's storage: routing, auth, serialised writes, the
 * Idempotency-Key replay, durability of answers, and what an adversarial client can send.
 */
import { createLoyaltyBackend } from '../../mock/app'
import { defaultRules } from '../../mock/seed'
import { memoryKvPersistence } from '../../mock/kv-persistence'
import type { KvPersistence } from '../../mock/kv-storage'
import type { CoreRequest } from '../../server/core/http'
import { SESSION_TTL_MS } from '../../server/core/limits'
import { reminderSweep } from '../../server/core/reminder-sweep'
import type { RulesConfig } from '@/domain/config'
import { seededRng } from '@/domain/context'

const HOUR = 3600_000

/** The demo's rules with the surveys these tests name running (none runs by default). */
function surveysRunning(rules: RulesConfig): RulesConfig {
  const survey = { ...rules.points.earningRules.survey, refs: Array.from({ length: 20 }, (_, i) => `r${i}`) }
  return { ...rules, points: { ...rules.points, earningRules: { ...rules.points.earningRules, survey } } }
}

async function setup(opts: { persistence?: KvPersistence } = {}) {
  let now = Date.parse('2026-03-01T10:00:00+08:00')
  const config = surveysRunning(defaultRules(now))
  const backend = await createLoyaltyBackend({ persistence: opts.persistence ?? memoryKvPersistence(), clock: () => now, rng: seededRng(1), history: false, operatorToken: 'op', config })
  const login = async (code: string) => ((await backend.handle(post('/auth/login', { platform: 'h5', code }))).body as { token: string }).token
  return { backend, login, advance: (ms: number) => (now += ms) }
}

const post = (path: string, body: unknown, key?: string, token?: string): CoreRequest => ({
  method: 'POST',
  path,
  query: {},
  headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json', ...(key ? { 'Idempotency-Key': key } : {}) },
  rawBody: body === undefined ? undefined : JSON.stringify(body),
})
const get = (path: string, token?: string): CoreRequest => ({ method: 'GET', path, query: {}, headers: token ? { authorization: `Bearer ${token}` } : {} })
const feedback = (content: string, key: string, token: string) => post('/feedback', { content }, key, token)

describe('routing and auth', () => {
  test('404 unknown, 405 wrong method, 401 without a session, 403 for the wrong role', async () => {
    const { backend, login } = await setup()
    const a = await login('a')
    expect((await backend.handle(get('/nope'))).status).toBe(404)
    expect((await backend.handle({ ...get('/member/me', a), method: 'DELETE' })).status).toBe(405)
    expect((await backend.handle(get('/member/me'))).status).toBe(401)
    expect((await backend.handle(get('/admin/metrics', a))).status).toBe(403)
    expect((await backend.handle(get('/admin/metrics', 'op'))).status).toBe(200)
    expect((await backend.handle(get('/member/me', 'op'))).status).toBe(403)
  })

  test('malformed JSON 400, body over the limit 413, missing or oversized Idempotency-Key 400, nothing stored', async () => {
    const { backend, login } = await setup()
    const a = await login('a')
    expect((await backend.handle({ ...feedback('x', 'k', a), rawBody: '{"content":' })).body).toMatchObject({ error: { code: 'MALFORMED_JSON' } })
    expect((await backend.handle(feedback('x'.repeat(70 * 1024), 'k', a))).status).toBe(413)
    expect((await backend.handle(post('/feedback', { content: 'x' }, undefined, a))).body).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REQUIRED' } })
    expect((await backend.handle(feedback('x', 'k'.repeat(200), a))).status).toBe(400)
    expect(await backend.storage.read((s) => s.idempotency('mbr-1', 'k'))).toBeNull()
  })
})

describe('Idempotency-Key', () => {
  test('a replay answers the first result and changes nothing; another body with the key is 422; key order does not matter', async () => {
    const { backend, login } = await setup()
    const a = await login('a')
    const first = await backend.handle(post('/events', { type: 'survey', ref: 'r1' }, 'k1', a))
    const replay = await backend.handle(post('/events', { type: 'survey', ref: 'r1' }, 'k1', a))
    expect(replay).toMatchObject({ status: 200, body: first.body, headers: { 'Idempotent-Replay': 'true' } })
    expect(((await backend.handle(get('/points/summary', a))).body as { balance: number }).balance).toBe((first.body as { balance: number }).balance)
    expect((await backend.handle(post('/events', { type: 'survey', ref: 'r2' }, 'k1', a))).body).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } })
    expect((await backend.handle({ ...post('/events', undefined, 'k1', a), rawBody: '{"ref":"r1","type":"survey"}' })).headers?.['Idempotent-Replay']).toBe('true')
  })

  test('keys are per member: B reusing A’s key is a new request', async () => {
    const { backend, login } = await setup()
    const [a, b] = [await login('a'), await login('b')]
    await backend.handle(feedback('好', 'same', a))
    expect((await backend.handle(feedback('好', 'same', b))).headers?.['Idempotent-Replay']).toBeUndefined()
  })

  test('a refusal is replayed as a refusal', async () => {
    const { backend, login } = await setup()
    const a = await login('a')
    expect((await backend.handle(post('/signin/makeup', { date: '2026-03-01' }, 'neg', a))).status).toBe(422)
    expect((await backend.handle(post('/signin/makeup', { date: '2026-03-01' }, 'neg', a))).headers?.['Idempotent-Replay']).toBe('true')
  })

  test('records live 24 hours', async () => {
    const { backend, login, advance } = await setup()
    const a = await login('a')
    await backend.handle(feedback('好', 'day', a))
    advance(23 * HOUR)
    expect((await backend.handle(feedback('好', 'day', a))).headers?.['Idempotent-Replay']).toBe('true')
    advance(2 * HOUR)
    expect((await backend.handle(feedback('好', 'day', a))).headers?.['Idempotent-Replay']).toBeUndefined()
  })
})

describe('serialised, durable writes', () => {
  test('concurrent writes apply one at a time, each persisted before its answer', async () => {
    const inner = memoryKvPersistence()
    let inFlight = 0
    let overlapped = false
    const slow: KvPersistence = {
      load: inner.load,
      commit: async (changes, generation) => {
        inFlight++
        overlapped ||= inFlight > 1
        await new Promise((r) => setTimeout(r, 2))
        await inner.commit(changes, generation)
        inFlight--
      },
    }
    const { backend, login } = await setup({ persistence: slow })
    const a = await login('a')
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => backend.handle(post('/events', { type: 'survey', ref: `r${i}` }, `c${i}`, a))))
    expect(overlapped).toBe(false)
    const balances = answers.map((r) => (r.body as { balance: number }).balance)
    // A survey pays 50, a day's behaviour is capped at 100: each answer saw the one before it.
    expect(balances.sort((x, y) => x - y)).toEqual([50, ...Array<number>(19).fill(100)])
    const restarted = await createLoyaltyBackend({ persistence: inner, clock: () => Date.parse('2026-03-01T11:00:00+08:00'), rng: seededRng(2), history: false })
    expect(((await restarted.handle(get('/points/summary', a))).body as { balance: number }).balance).toBe(100)
  })

  test('a failed commit is not acknowledged and leaves the state as it was', async () => {
    const inner = memoryKvPersistence()
    let fail = false
    const flaky: KvPersistence = { load: inner.load, commit: async (c, g) => (fail ? Promise.reject(new Error('disk full')) : inner.commit(c, g)) }
    const { backend, login } = await setup({ persistence: flaky })
    const a = await login('a')
    fail = true
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    expect((await backend.handle(post('/signin', {}, 'x', a))).status).toBe(500)
    spy.mockRestore()
    fail = false
    expect(((await backend.handle(get('/signin/calendar', a))).body as { signedToday: boolean }).signedToday).toBe(false)
    expect((await backend.handle(post('/signin', {}, 'x', a))).status).toBe(200)
  })

  test('the state is stored at once, and a restart loads it instead of seeding again', async () => {
    const store = memoryKvPersistence()
    const { backend, login } = await setup({ persistence: store })
    const a = await login('a')
    await backend.handle(post('/signin', {}, 'k', a))
    const again = await setup({ persistence: store })
    expect(((await again.backend.handle(get('/signin/calendar', a))).body as { signedToday: boolean }).signedToday).toBe(true)
  })
})

describe('what an adversarial client can send (the pipeline answers, never throws)', () => {
  test('a session lives SESSION_TTL_MS after its login; then its token is 401 like an unknown one', async () => {
    const { backend, login, advance } = await setup()
    const a = await login('a')
    advance(SESSION_TTL_MS - 1)
    expect((await backend.handle(get('/member/me', a))).status).toBe(200)
    advance(1)
    expect((await backend.handle(get('/member/me', a))).body).toMatchObject({ error: { code: 'UNAUTHORIZED' } })
    expect((await backend.handle(post('/events', { type: 'core_use' }, 'late', a))).status).toBe(401)
  })

  test('a token or key spelling an Object.prototype member is unknown (401), and works as an ordinary key', async () => {
    const { backend, login } = await setup()
    const a = await login('a')
    for (const t of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect((await backend.handle(get('/member/me', t))).status).toBe(401)
      expect((await backend.handle(get('/admin/metrics', t))).status).toBe(401)
      expect((await backend.handle(feedback('好', t, a))).status).toBe(201)
      expect((await backend.handle(feedback('好', t, a))).headers?.['Idempotent-Replay']).toBe('true')
    }
    const records = (await backend.storage.read(async () => [...backend.storage.entries()])).find(([k]) => k === 'idem/mbr-1')![1] as object
    expect(Object.keys(records).sort()).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString'])
  })

  test('the fingerprint is SHA-256: two bodies a 32-bit FNV-1a fingerprint took for the same are 422', async () => {
    const fnv1a = (text: string) => {
      let h = 0x811c9dc5
      for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
      return h >>> 0
    }
    // The old fingerprint's collision (the pair); it must still collide under FNV-1a.
    const [a, b] = ['{"content":"反馈4pf8"}', '{"content":"反馈lrj6"}']
    expect(fnv1a(`POST /feedback\n${a}`)).toBe(fnv1a(`POST /feedback\n${b}`))
    const { backend, login } = await setup()
    const token = await login('a')
    expect((await backend.handle({ ...feedback('', 'fb', token), rawBody: a })).status).toBe(201)
    expect((await backend.handle({ ...feedback('', 'fb', token), rawBody: b })).body).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } })
    expect((await backend.storage.read((s) => s.idempotency('mbr-1', 'fb')))!.hash).toMatch(/^[0-9a-f]{64}$/)
  })

  test('JSON nested past 400 levels is 400 JSON_TOO_DEEP before anything parses or hashes it; 400 levels are fine', async () => {
    const { backend, login } = await setup()
    const a = await login('a')
    for (const rawBody of ['['.repeat(401) + ']'.repeat(401), '['.repeat(400) + '{"a":"]]]"}' + ']'.repeat(400), '['.repeat(20000) + ']'.repeat(20000)]) {
      expect((await backend.handle({ ...post('/auth/login', undefined), rawBody })).body).toMatchObject({ error: { code: 'JSON_TOO_DEEP' } })
    }
    expect((await backend.handle({ ...feedback('', 'deep', a), rawBody: `{"content":"x","x":${'['.repeat(399)}${']'.repeat(399)}}` })).status).toBe(201)
    expect((await backend.handle({ ...feedback('', 'deeper', a), rawBody: `{"content":"x","x":${'['.repeat(400)}${']'.repeat(400)}}` })).status).toBe(400)
  })

  test('a malformed percent-encoding, an over-long id or a control character in a path id is 400, never a URIError', async () => {
    const { backend, login } = await setup()
    const a = await login('a')
    for (const bad of ['%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AF', 'x'.repeat(65), '%00', 'a%0Ab']) {
      expect((await backend.handle(get(`/campaigns/${bad}`, a))).body).toMatchObject({ error: { code: 'INVALID_INPUT', details: { field: 'id' } } })
      expect((await backend.handle(post(`/orders/${bad}/pay`, { result: 'paid' }, `k-${bad}`, a))).status).toBe(400)
    }
    expect((await backend.handle(get('/campaigns/%E5%8F%8D%E9%A6%88', a))).body).toMatchObject({ error: { code: 'CAMPAIGN_NOT_FOUND' } })
  })

  test('a body not sent as JSON is 415; a GET body is ignored; the head over 16 KB is 431', async () => {
    const { backend, login } = await setup()
    const a = await login('a')
    const r = await backend.handle({ ...feedback('x', 'plain', a), headers: { authorization: `Bearer ${a}`, 'content-type': 'text/plain', 'idempotency-key': 'plain' } })
    expect(r).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } })
    expect((await backend.handle({ ...get('/member/me', a), rawBody: '{"oops' })).status).toBe(200)
    expect((await backend.handle({ ...get('/member/me', a), headers: { authorization: `Bearer ${a}`, 'x-pad': 'x'.repeat(16 * 1024) } })).status).toBe(431)
    expect((await backend.handle({ ...get('/member/me', a), query: { q: 'x'.repeat(16 * 1024) } })).status).toBe(431)
  })
})

describe('会员注销 (POST /admin/members/{id}/erase)', () => {
  test("the member's notification centre goes with them, and operators can no longer give them points or coupons", async () => {
    const { backend, login } = await setup()
    const a = await login('erase-me')
    const me = (await backend.handle(get('/member/me', a))).body as { id: string }
    const sent = (await backend.handle(post('/feedback', { content: '我的手机号是 13912345678' }, 'fb-1', a))).body as { id: string }
    const replied = await backend.handle(post(`/admin/members/${me.id}/feedback/${sent.id}/reply`, { reply: '已回电 13912345678' }, 'reply-1', 'op'))
    expect(replied.status).toBe(200)
    // What 消息中心 reads, and what the member's record carries.
    const inbox = async () => [...(await backend.storage.read((s) => s.notifications(me.id, 100))), ...(await backend.storage.read((s) => s.member(me.id)))!.messages.notifications]
    expect(JSON.stringify(await inbox())).toMatch(/13912345678/)

    expect((await backend.handle(post(`/admin/members/${me.id}/erase`, { reason: '会员申请删除数据' }, 'erase-1', 'op'))).status).toBe(200)
    expect(await inbox()).toEqual([])
    for (const [path, body] of [
      [`/admin/members/${me.id}/adjustments`, { amount: 100, reason: '补偿' }],
      [`/admin/members/${me.id}/coupons`, { templateId: 'welcome-10', reason: '补发' }],
    ] as const) {
      expect((await backend.handle(post(path, body, `after-${path}`, 'op'))).body).toMatchObject({ error: { code: 'MEMBER_ERASED', message: '该会员已注销' } })
    }
  })

  test('the account stays as it was closed: the sweep passes it by, its tier is never reviewed, no tier change is counted', async () => {
    const { backend, login, advance } = await setup()
    const a = await login('erase-tiered')
    const placed = (await backend.handle(post('/orders', { items: [{ sku: 'tumbler', qty: 5 }], couponId: null }, 'order-1', a))).body as { order: { id: string } }
    expect((await backend.handle(post(`/orders/${placed.order.id}/pay`, { result: 'paid' }, 'pay-1', a))).status).toBe(200)
    const me = (await backend.handle(get('/member/me', a))).body as { id: string; tier: { id: string } }
    expect(me.tier.id).not.toBe('normal')
    const changes = () => backend.storage.read((s) => s.tierChangeCounts('2000-01-01T00:00:00Z', '2999-01-01T00:00:00Z'))
    const upgraded = await changes()
    expect((await backend.handle(post(`/admin/members/${me.id}/erase`, { reason: '会员申请删除数据' }, 'erase-2', 'op'))).status).toBe(200)
    const tierOf = async () => (await backend.storage.read((s) => s.member(me.id)))!.tier
    const closedWith = await tierOf()
    // Past the end of the earned tier's period (a year and more), a sweep every ten days.
    const sweep = reminderSweep(backend.core, backend.storage)
    for (let day = 0; day < 400; day += 10) {
      const now = advance(10 * 86_400_000)
      expect(await sweep(() => now)).toEqual({ members: 0, sent: 0 })
    }
    expect(await changes()).toEqual(upgraded)
    expect(await tierOf()).toEqual(closedWith)
  })
})
