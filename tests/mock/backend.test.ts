/** The request pipeline (mock/backend.ts): routing, auth, serialised writes, idempotent replay, durability of answers. */
import { createMockBackend, type CoreDb, type Persistence } from '../../mock/backend'
import type { MockRequest } from '../../mock/http-types'
import { memoryPersistence } from '../../mock/persistence'
import { seededRng } from '@/domain/context'
import { RuleError } from '@/domain/errors'

interface TestDb extends CoreDb {
  count: number
  log: number[]
}

const HOUR = 3600_000

async function setup(opts: { persistence?: Persistence<TestDb>; now?: () => number } = {}) {
  let now = Date.parse('2026-03-01T10:00:00+08:00')
  const backend = await createMockBackend<TestDb, null>({
    persistence: opts.persistence ?? memoryPersistence<TestDb>(),
    seed: () => ({
      sessions: { 'tok-a': { token: 'tok-a', role: 'member', memberId: 'a', createdAt: 0 }, 'tok-b': { token: 'tok-b', role: 'member', memberId: 'b', createdAt: 0 } },
      idempotency: {},
      count: 0,
      log: [],
    }),
    clock: opts.now ?? (() => now),
    rng: seededRng(1),
    env: null,
    maxBodyBytes: 1024,
    operatorToken: 'op',
    routes: (r) => {
      r.add('GET', '/count', { auth: 'member', handler: ({ db }) => ({ body: { count: db.count } }) })
      r.add('POST', '/inc', {
        auth: 'member',
        handler: ({ db, body }) => {
          const by = (body as { by?: number } | undefined)?.by ?? 1
          if (by < 0) throw new RuleError('NEGATIVE', '不能为负', 422)
          if (by === 13) throw new Error('boom')
          return { body: { count: db.count + by }, db: { ...db, count: db.count + by, log: [...db.log, by] } }
        },
      })
      r.add('POST', '/peek', { auth: 'none', idempotent: false, handler: ({ db }) => ({ body: { count: db.count } }) })
      r.add('GET', '/admin/x', { auth: 'operator', handler: () => ({ body: { ok: true } }) })
    },
  })
  return { backend, advance: (ms: number) => (now += ms) }
}

const post = (path: string, body: unknown, key?: string, token = 'tok-a'): MockRequest => ({
  method: 'POST',
  path,
  query: {},
  headers: { authorization: `Bearer ${token}`, ...(key ? { 'Idempotency-Key': key } : {}) },
  rawBody: body === undefined ? undefined : JSON.stringify(body),
})

describe('routing and auth', () => {
  test('404 unknown, 405 wrong method, 401 without a session, 403 for the wrong role', async () => {
    const { backend } = await setup()
    expect((await backend.handle({ method: 'GET', path: '/nope', query: {}, headers: {} })).status).toBe(404)
    expect((await backend.handle({ method: 'DELETE', path: '/count', query: {}, headers: {} })).status).toBe(405)
    expect((await backend.handle({ method: 'GET', path: '/count', query: {}, headers: {} })).status).toBe(401)
    expect((await backend.handle({ method: 'GET', path: '/admin/x', query: {}, headers: { authorization: 'Bearer tok-a' } })).status).toBe(403)
    expect((await backend.handle({ method: 'GET', path: '/admin/x', query: {}, headers: { authorization: 'Bearer op' } })).status).toBe(200)
    expect((await backend.handle({ method: 'GET', path: '/count', query: {}, headers: { authorization: 'Bearer op' } })).status).toBe(403)
  })

  test('malformed JSON 400, body over the limit 413, missing or oversized Idempotency-Key 400', async () => {
    const { backend } = await setup()
    expect((await backend.handle({ ...post('/inc', undefined, 'k'), rawBody: '{"by":' })).body).toMatchObject({ error: { code: 'MALFORMED_JSON' } })
    expect((await backend.handle(post('/inc', { pad: 'x'.repeat(2000) }, 'k'))).status).toBe(413)
    expect((await backend.handle(post('/inc', {}))).body).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REQUIRED' } })
    expect((await backend.handle(post('/inc', {}, 'k'.repeat(200)))).status).toBe(400)
    expect((await backend.handle(post('/peek', {}))).status).toBe(200)
    expect((await backend.snapshot()).count).toBe(0)
  })
})

describe('Idempotency-Key', () => {
  test('a replay answers the first result and changes nothing; another body with the key is 422', async () => {
    const { backend } = await setup()
    const first = await backend.handle(post('/inc', { by: 2 }, 'k1'))
    const replay = await backend.handle(post('/inc', { by: 2 }, 'k1'))
    expect(replay).toEqual({ status: 200, body: first.body, headers: { 'Idempotent-Replay': 'true' } })
    expect((await backend.snapshot()).count).toBe(2)
    expect((await backend.handle(post('/inc', { by: 3 }, 'k1'))).body).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } })
    // Key order in the body does not matter.
    await backend.handle(post('/inc', { by: 1, note: 'x' }, 'k2'))
    expect((await backend.handle({ ...post('/inc', undefined, 'k2'), rawBody: '{"note":"x","by":1}' })).headers).toEqual({ 'Idempotent-Replay': 'true' })
  })

  test('keys are per member: B reusing A’s key is a new request', async () => {
    const { backend } = await setup()
    await backend.handle(post('/inc', { by: 1 }, 'same'))
    const b = await backend.handle(post('/inc', { by: 1 }, 'same', 'tok-b'))
    expect(b.headers).toBeUndefined()
    expect((await backend.snapshot()).count).toBe(2)
  })

  test('a refusal is replayed as a refusal; a 5xx is not stored (the retry runs again)', async () => {
    const { backend } = await setup()
    expect((await backend.handle(post('/inc', { by: -1 }, 'neg'))).status).toBe(422)
    expect((await backend.handle(post('/inc', { by: -1 }, 'neg'))).headers).toEqual({ 'Idempotent-Replay': 'true' })
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    expect((await backend.handle(post('/inc', { by: 13 }, 'boom'))).status).toBe(500)
    expect((await backend.handle(post('/inc', { by: 13 }, 'boom'))).headers).toBeUndefined()
    spy.mockRestore()
  })

  test('records live 24 hours', async () => {
    const { backend, advance } = await setup()
    await backend.handle(post('/inc', { by: 1 }, 'day'))
    advance(23 * HOUR)
    expect((await backend.handle(post('/inc', { by: 1 }, 'day'))).headers).toEqual({ 'Idempotent-Replay': 'true' })
    advance(2 * HOUR)
    expect((await backend.handle(post('/inc', { by: 1 }, 'day'))).headers).toBeUndefined()
    expect((await backend.snapshot()).count).toBe(2)
  })
})

describe('serialised, durable writes', () => {
  test('concurrent writes apply one at a time, each persisted before its answer', async () => {
    const saved: number[] = []
    const inner = memoryPersistence<TestDb>()
    const slow: Persistence<TestDb> = {
      load: inner.load,
      save: async (db) => {
        await new Promise((r) => setTimeout(r, 2))
        saved.push(db.count)
        await inner.save(db)
      },
    }
    const { backend } = await setup({ persistence: slow })
    saved.length = 0
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => backend.handle(post('/inc', { by: 1 }, `c${i}`))))
    expect(answers.map((a) => (a.body as { count: number }).count).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect(saved).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect((await inner.load())?.count).toBe(20)
  })

  test('a failed save is not acknowledged and leaves the state as it was', async () => {
    const inner = memoryPersistence<TestDb>()
    let fail = false
    const flaky: Persistence<TestDb> = { load: inner.load, save: async (db) => (fail ? Promise.reject(new Error('disk full')) : inner.save(db)) }
    const { backend } = await setup({ persistence: flaky })
    fail = true
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    expect((await backend.handle(post('/inc', { by: 5 }, 'x'))).status).toBe(500)
    spy.mockRestore()
    expect((await backend.snapshot()).count).toBe(0)
    fail = false
    expect((await backend.handle(post('/inc', { by: 5 }, 'x'))).status).toBe(200)
  })

  test('the seed is stored at once, and a restart loads it instead of seeding again', async () => {
    const store = memoryPersistence<TestDb>()
    const { backend } = await setup({ persistence: store })
    await backend.handle(post('/inc', { by: 4 }, 'k'))
    const again = await setup({ persistence: store })
    expect((await again.backend.snapshot()).count).toBe(4)
  })
})
