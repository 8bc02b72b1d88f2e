/** The request pipeline (mock/backend.ts): routing, auth, serialised writes, idempotent replay, durability of answers. */
import { createMockBackend, type CoreDb, type Persistence } from '../../mock/backend'
import type { MockRequest } from '../../mock/http-types'
import { SESSION_TTL_MS } from '../../mock/limits'
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
    seed: (at) => ({
      sessions: { 'tok-a': { token: 'tok-a', role: 'member', memberId: 'a', createdAt: at }, 'tok-b': { token: 'tok-b', role: 'member', memberId: 'b', createdAt: at } },
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
  headers: { authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(key ? { 'Idempotency-Key': key } : {}) },
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

describe('what an adversarial client can send (the pipeline answers, never throws)', () => {
  const get = (path: string, headers: Record<string, string> = { authorization: 'Bearer tok-a' }, query: Record<string, string> = {}): MockRequest => ({ method: 'GET', path, query, headers })

  test('a session lives SESSION_TTL_MS after its login; then its token is 401 like an unknown one', async () => {
    const { backend, advance } = await setup()
    advance(SESSION_TTL_MS - 1)
    expect((await backend.handle(get('/count'))).status).toBe(200)
    advance(1)
    expect((await backend.handle(get('/count'))).body).toMatchObject({ error: { code: 'UNAUTHORIZED' } })
    expect((await backend.handle(post('/inc', { by: 1 }, 'late'))).status).toBe(401)
  })

  test('a token or key spelling an Object.prototype member is unknown (401), and works as an ordinary key', async () => {
    const { backend } = await setup()
    for (const t of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect((await backend.handle(get('/count', { authorization: `Bearer ${t}` }))).status).toBe(401)
      expect((await backend.handle(get('/admin/x', { authorization: `Bearer ${t}` }))).status).toBe(401)
      expect((await backend.handle(post('/inc', { by: 1 }, t))).status).toBe(200)
      expect((await backend.handle(post('/inc', { by: 1 }, t))).headers).toEqual({ 'Idempotent-Replay': 'true' })
    }
    const db = await backend.snapshot()
    expect(db.count).toBe(4)
    expect(Object.keys(db.idempotency.a).sort()).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString'])
    expect(Object.getPrototypeOf(db.idempotency.a)).toBe(Object.prototype)
  })

  test('the fingerprint is SHA-256: two bodies a 32-bit FNV-1a fingerprint took for the same are 422', async () => {
    const fnv1a = (text: string) => {
      let h = 0x811c9dc5
      for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
      return h >>> 0
    }
    // The old fingerprint's collision (found by brute force in ~10⁵ tries); the pair must still collide under it.
    const [a, b] = ['{"note":"反馈fuzl"}', '{"note":"反馈42ap"}']
    expect(fnv1a(`POST /inc\n${a}`)).toBe(fnv1a(`POST /inc\n${b}`))
    const { backend } = await setup()
    expect((await backend.handle({ ...post('/inc', undefined, 'fb'), rawBody: a })).status).toBe(200)
    expect((await backend.handle({ ...post('/inc', undefined, 'fb'), rawBody: b })).body).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } })
    expect((await backend.snapshot()).idempotency.a.fb.hash).toMatch(/^[0-9a-f]{64}$/)
  })

  test('JSON nested past 400 levels is 400 JSON_TOO_DEEP before anything parses or hashes it; 400 levels are fine', async () => {
    const { backend } = await setup()
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    // (This backend's body limit is 1 KB; the contract suite sends 40 KB bodies 20,000 deep.)
    for (const rawBody of ['['.repeat(401) + ']'.repeat(401), '['.repeat(400) + '{"a":"]]]"}' + ']'.repeat(400)]) {
      const r = await backend.handle({ ...post('/peek', undefined), rawBody })
      expect(r.body).toMatchObject({ error: { code: 'JSON_TOO_DEEP' } })
    }
    expect(spy).not.toHaveBeenCalled()
    spy.mockRestore()
    expect((await backend.handle({ ...post('/inc', undefined, 'deep'), rawBody: `{"by":1,"x":${'['.repeat(399)}${']'.repeat(399)}}` })).status).toBe(200)
    expect((await backend.handle({ ...post('/inc', undefined, 'deeper'), rawBody: `{"by":1,"x":${'['.repeat(400)}${']'.repeat(400)}}` })).status).toBe(400)
  })

  test('a malformed percent-encoding, an over-long id or a control character in a path id is 400, never a URIError', async () => {
    const r = await createMockBackend<TestDb, null>({
      persistence: memoryPersistence<TestDb>(),
      seed: () => ({ sessions: {}, idempotency: {}, count: 0, log: [] }),
      clock: () => 0,
      rng: seededRng(1),
      env: null,
      routes: (router) => router.add('GET', '/thing/:id', { auth: 'none', handler: ({ params }) => ({ body: { id: params.id } }) }),
    })
    for (const bad of ['%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AF', 'x'.repeat(65), '%00', 'a%0Ab']) {
      expect((await r.handle(get(`/thing/${bad}`, {}))).body).toMatchObject({ error: { code: 'INVALID_INPUT', details: { field: 'id' } } })
    }
    expect((await r.handle(get('/thing/%E5%8F%8D%E9%A6%88', {}))).body).toEqual({ id: '反馈' })
    expect((await r.handle(get(`/thing/${'x'.repeat(64)}`, {}))).status).toBe(200)
  })

  test('a body not sent as JSON is 415; a GET body is ignored; the head over 16 KB is 431', async () => {
    const { backend } = await setup()
    const r = await backend.handle({ ...post('/inc', { by: 1 }, 'plain'), headers: { authorization: 'Bearer tok-a', 'content-type': 'text/plain', 'idempotency-key': 'plain' } })
    expect(r).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } })
    expect((await backend.handle({ ...get('/count'), rawBody: '{"oops' })).status).toBe(200)
    expect((await backend.handle(get('/count', { authorization: 'Bearer tok-a', 'x-pad': 'x'.repeat(16 * 1024) }))).status).toBe(431)
    expect((await backend.handle(get('/count', undefined, { q: 'x'.repeat(16 * 1024) }))).status).toBe(431)
    expect((await backend.snapshot()).count).toBe(0)
  })
})
