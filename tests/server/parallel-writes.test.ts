/**
 * One member's writes in parallel, on the production server over PGlite and over PostgreSQL.
 *
 * The same write 20 times at once with the same Idempotency-Key (a client retrying on a slow network, or a double
 * tap that reached the server 20 times): exactly one effect, 20 identical answers (status and body), 19 of them
 * marked `Idempotent-Replay: true`. The key is claimed in the write's transaction after the member row is locked,
 * so the replays wait for the original and then find its answer.
 *
 * Different writes at once: each write locks the member and reads their working set in one statement
 * (server/sql/sql-storage.ts, `workingSet`), and a write that waited for the lock must see what the one before it
 * committed — the lots it added, the caps it counted, the ledger's numbering. Stale, the waiting writes would pay
 * past a daily cap, or collide on a ledger entry number (409) and lose points.
 *
 * An operator's writes take no member lock before their key is looked up: the same key at once, or two rules
 * saves on one base, race for a unique key instead; the loser runs again and finds the replay, or who saved first.
 */
import { randomUUID } from 'node:crypto'
import type { CreateOrderResponse, LedgerPage, LoginResponse, PayResponse, PointsSummary } from '@/api/contract'
import { httpRaw, type RawResponseLike } from './support/http'
import { forEachDatabase } from './support/databases'
import { NO_RATE_LIMITS, PINNED_NOW, startPinnedServer, type ServerProcess } from './support/server-process'

const PARALLEL = 20
const ADMIN = { username: 'parallel-admin', password: 'Parallel-Passw0rd!' }
/** 下单 (`core_use`, recorded by an order's payment) earns 15 points, 3 times a day (src/domain/points.ts). */
const CORE_USE = { points: 15, perDay: 3, reason: '下单奖励' }

forEachDatabase('one member\'s writes in parallel', (db) => {
  let server: ServerProcess

  beforeAll(async () => {
    server = await startPinnedServer({ ...db().serverEnv, ...NO_RATE_LIMITS, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password })
  }, 120_000)

  afterAll(async () => {
    await server?.stop()
  })

  async function login(): Promise<{ token: string; auth: Record<string, string> }> {
    const r = await httpRaw(server.url, { method: 'POST', path: '/auth/login', body: { platform: 'h5', code: `idem-${randomUUID()}` } })
    expect(r.status).toBe(200)
    const token = (r.body as LoginResponse).token
    return { token, auth: { authorization: `Bearer ${token}` } }
  }

  /** The same request, with one key, PARALLEL times at once. */
  async function burst(auth: Record<string, string>, path: string, body: unknown): Promise<RawResponseLike[]> {
    const key = randomUUID()
    return Promise.all(Array.from({ length: PARALLEL }, () => httpRaw(server.url, { method: 'POST', path, headers: { ...auth, 'idempotency-key': key }, body })))
  }

  function expectOneOriginalAndIdenticalReplays(answers: RawResponseLike[]): void {
    const first = answers[0]
    for (const a of answers) expect({ status: a.status, body: a.body }).toEqual({ status: first.status, body: first.body })
    expect(answers.filter((a) => a.headers['idempotent-replay'] === 'true')).toHaveLength(PARALLEL - 1)
    expect(answers.filter((a) => a.headers['idempotent-replay'] === undefined)).toHaveLength(1)
  }

  const dayBefore = new Date(Date.parse(PINNED_NOW) - 86_400_000).toISOString()

  /** Runs `fn` with the server's clock at `now`, then pins it back. */
  async function at<T>(now: string, fn: () => Promise<T>): Promise<T> {
    const pin = (iso: string) => fetch(`${server.url}/__mock/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: iso }) })
    expect((await pin(now)).status).toBe(200)
    try {
      return await fn()
    } finally {
      await pin(PINNED_NOW)
    }
  }

  const post = (auth: Record<string, string>, path: string, body: unknown) => httpRaw(server.url, { method: 'POST', path, headers: { ...auth, 'idempotency-key': randomUUID() }, body })

  /** A goods order of the member's, unpaid. */
  async function placeOrder(auth: Record<string, string>): Promise<string> {
    const placed = await post(auth, '/orders', { items: [{ sku: 'oolong', qty: 1 }], couponId: null })
    expect(placed.status).toBe(201)
    return (placed.body as CreateOrderResponse).order.id
  }

  /** A goods order of the member's paid at the mock cashier: what a 有效评价 (`review`) event names as its ref. */
  async function paidOrder(auth: Record<string, string>): Promise<string> {
    const id = await placeOrder(auth)
    expect((await post(auth, `/orders/${id}/pay`, { result: 'paid' })).status).toBe(200)
    return id
  }

  async function ledger(auth: Record<string, string>): Promise<LedgerPage> {
    const r = await httpRaw(server.url, { method: 'GET', path: '/points/ledger?limit=100', headers: auth })
    expect(r.status).toBe(200)
    return r.body as LedgerPage
  }

  test('POST /events {review, ref}: one award', async () => {
    const { auth } = await login()
    const ref = await paidOrder(auth)
    const entriesBefore = (await ledger(auth)).entries
    const answers = await burst(auth, '/events', { type: 'review', ref })
    expect(answers[0].status).toBe(200)
    expectOneOriginalAndIdenticalReplays(answers)
    const awarded = (answers[0].body as { awarded: { awarded: number } }).awarded.awarded
    expect(awarded).toBeGreaterThan(0)
    const entries = (await ledger(auth)).entries
    expect(entries.filter((e) => e.ref === ref)).toHaveLength(entriesBefore.filter((e) => e.ref === ref).length + 1)
    const summary = (await httpRaw(server.url, { method: 'GET', path: '/points/summary', headers: auth })).body as PointsSummary
    expect(summary.balance).toBe(entriesBefore[0].balanceAfter + awarded)
  })

  test(`a new member's first login ${PARALLEL} times at once (two pages of a first launch): one member, every login let in`, async () => {
    const code = `first-${randomUUID()}`
    const answers = await Promise.all(Array.from({ length: PARALLEL }, () => httpRaw(server.url, { method: 'POST', path: '/auth/login', body: { platform: 'h5', code } })))
    expect(answers.map((a) => a.status)).toEqual(Array(PARALLEL).fill(200))
    const members = answers.map((a) => (a.body as LoginResponse).member.id)
    expect(new Set(members).size).toBe(1)
    expect(answers.filter((a) => (a.body as LoginResponse).isNew)).toHaveLength(1)
  })

  test('POST /signin: one sign-in', async () => {
    const { auth } = await login()
    const answers = await burst(auth, '/signin', {})
    expect(answers[0].status).toBe(200)
    expectOneOriginalAndIdenticalReplays(answers)
    const signins = (await ledger(auth)).entries.filter((e) => e.ref.startsWith('signin:'))
    expect(signins).toHaveLength(1)
    const cal = await httpRaw(server.url, { method: 'GET', path: '/signin/calendar', headers: auth })
    expect((cal.body as { signedToday: boolean }).signedToday).toBe(true)
  })

  test('a refusal is replayed too: the key of a second sign-in answers its 409 twenty times', async () => {
    const { auth } = await login()
    expect((await httpRaw(server.url, { method: 'POST', path: '/signin', headers: { ...auth, 'idempotency-key': randomUUID() }, body: {} })).status).toBe(200)
    const answers = await burst(auth, '/signin', {})
    expect(answers[0].status).toBe(409)
    expect(answers[0].body).toMatchObject({ error: { code: 'SIGNIN_ALREADY_TODAY' } })
    expectOneOriginalAndIdenticalReplays(answers)
  })

  describe('an operator’s writes at once (no member lock serialises them)', () => {
    async function adminAuth(): Promise<Record<string, string>> {
      const r = await httpRaw(server.url, { method: 'POST', path: '/admin/auth/login', body: ADMIN })
      expect(r.status).toBe(200)
      return { authorization: `Bearer ${(r.body as { token: string }).token}` }
    }

    test('a points adjustment sent 20 times with one key: one adjustment, 20 identical answers', async () => {
      const { auth } = await login()
      const me = (await httpRaw(server.url, { method: 'GET', path: '/member/me', headers: auth })).body as { id: string }
      const answers = await burst(await adminAuth(), `/admin/members/${me.id}/adjustments`, { amount: 7, reason: '并发补偿' })
      expect(answers[0].status).toBe(201)
      expectOneOriginalAndIdenticalReplays(answers)
      expect((await ledger(auth)).entries.filter((e) => e.type === 'adjust').map((e) => e.amount)).toEqual([7])
    })

    test('rules saved 6 times at once on the same base: one version, the others told who saved first', async () => {
      const staff = await adminAuth()
      const current = ((await httpRaw(server.url, { method: 'GET', path: '/admin/rules', headers: staff })).body as { current: { versionNo: number } }).current.versionNo
      const { document } = (await httpRaw(server.url, { method: 'GET', path: `/admin/rules/versions/${current}`, headers: staff })).body as { document: unknown }
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          httpRaw(server.url, { method: 'POST', path: '/admin/rules/versions', headers: { ...staff, 'idempotency-key': randomUUID() }, body: { document, note: `并发保存 ${i}`, baseVersionNo: current } }),
        ),
      )
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409])
      for (const a of answers.filter((x) => x.status === 409)) expect(a.body).toMatchObject({ error: { code: 'RULES_BASE_OUTDATED', details: { versionNo: current + 1 } } })
    })

    test('two saves "now" at once, the one whose clock read a moment later committed first: both saved, the last one in force', async () => {
      const staff = await adminAuth()
      const clock = async (ms: number) => {
        const r = await fetch(`${server.url}/__mock/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: new Date(Date.parse(PINNED_NOW) + ms).toISOString() }) })
        expect(r.status).toBe(200)
      }
      const current = ((await httpRaw(server.url, { method: 'GET', path: '/admin/rules', headers: staff })).body as { current: { versionNo: number } }).current.versionNo
      const { document } = (await httpRaw(server.url, { method: 'GET', path: `/admin/rules/versions/${current}`, headers: staff })).body as { document: unknown }
      const save = (note: string) => httpRaw(server.url, { method: 'POST', path: '/admin/rules/versions', headers: { ...staff, 'idempotency-key': randomUUID() }, body: { document, note } })
      type Saved = { version: { versionNo: number; status: string } }
      const saved: number[] = []
      try {
        // The race staged in order: the save that read 10:00:00.800 commits first, the one that read 10:00:00.000 after it.
        await clock(800)
        const first = await save('先提交')
        expect(first.status).toBe(201)
        saved.push((first.body as Saved).version.versionNo)
        await clock(0)
        const second = await save('后提交')
        expect({ http: second.status, version: (second.body as Saved).version?.status }).toEqual({ http: 201, version: 'current' })
        saved.push((second.body as Saved).version.versionNo)
        await clock(1000)
        const now = (await httpRaw(server.url, { method: 'GET', path: '/admin/rules', headers: staff })).body as { current: { versionNo: number } }
        expect(now.current.versionNo).toBe(saved[1])
      } finally {
        // Back at 10:00:00.000 both are a moment ahead: withdrawn, the next tests find the rules as they were.
        await clock(0)
        for (const n of saved.reverse()) expect((await httpRaw(server.url, { method: 'POST', path: `/admin/rules/versions/${n}/cancel`, headers: { ...staff, 'idempotency-key': randomUUID() }, body: {} })).status).toBe(200)
      }
    })

    test('a version scheduled 3 s ahead is no concurrent save: a save "now" before it is told it would be replaced', async () => {
      const staff = await adminAuth()
      const current = ((await httpRaw(server.url, { method: 'GET', path: '/admin/rules', headers: staff })).body as { current: { versionNo: number } }).current.versionNo
      const { document } = (await httpRaw(server.url, { method: 'GET', path: `/admin/rules/versions/${current}`, headers: staff })).body as { document: unknown }
      const effectiveAt = new Date(Date.parse(PINNED_NOW) + 3000).toISOString()
      const post = (path: string, body: unknown) => httpRaw(server.url, { method: 'POST', path, headers: { ...staff, 'idempotency-key': randomUUID() }, body })
      const scheduled = await post('/admin/rules/versions', { document, note: '三秒后生效', effectiveAt })
      expect(scheduled.status).toBe(201)
      const n = (scheduled.body as { version: { versionNo: number } }).version.versionNo
      try {
        const now = await post('/admin/rules/versions', { document, note: '立即生效' })
        expect(now.status).toBe(409)
        expect(now.body).toMatchObject({ error: { code: 'RULES_LATER_VERSION_PENDING', details: { versionNo: n, effectiveAt } } })
        const restore = await post(`/admin/rules/versions/${current}/restore`, { note: '立即回滚' })
        expect(restore.body).toMatchObject({ error: { code: 'RULES_LATER_VERSION_PENDING' } })
      } finally {
        expect((await post(`/admin/rules/versions/${n}/cancel`, {})).status).toBe(200)
      }
    })
  })

  describe('different writes at once', () => {
    test(`${PARALLEL} orders paid at once: each paid, the day's 下单 count paid exactly, the points reconcile`, async () => {
      // The day before, three orders take the member to 白银 (their growth): today's prices cannot change while these
      // are paid (白银 → 黄金 needs more active days than one), so every payment goes through.
      const { auth } = await at(dayBefore, async () => {
        const session = await login()
        for (let i = 0; i < 3; i++) await paidOrder(session.auth)
        return session
      })
      const orders: string[] = []
      for (let i = 0; i < PARALLEL; i++) orders.push(await placeOrder(auth))
      const before = (await httpRaw(server.url, { method: 'GET', path: '/points/summary', headers: auth })).body as PointsSummary

      const answers = await Promise.all(orders.map((id) => post(auth, `/orders/${id}/pay`, { result: 'paid' })))
      expect(answers.map((a) => a.status)).toEqual(Array(PARALLEL).fill(200))
      const purchased = answers.map((a) => (a.body as PayResponse).awarded.points)

      const page = await ledger(auth)
      const summary = (await httpRaw(server.url, { method: 'GET', path: '/points/summary', headers: auth })).body as PointsSummary
      // Each order's purchase points; three 下单 awards, as the count stood after the payments before each — none lost
      // to a collision, none past the count.
      const uses = page.entries.filter((e) => orders.includes(e.ref) && e.reason === CORE_USE.reason)
      expect(uses.map((e) => e.amount)).toEqual(Array(CORE_USE.perDay).fill(CORE_USE.points))
      expect(page.entries.filter((e) => orders.includes(e.ref) && e.type === 'earn')).toHaveLength(PARALLEL + CORE_USE.perDay)
      // What the payments said they earned: each its purchase points, three of them a 下单 too.
      const paid = purchased
      expect(paid.reduce((a, b) => a + b, 0)).toBe(page.entries.filter((e) => orders.includes(e.ref)).reduce((a, e) => a + e.amount, 0))
      // Numbered without gaps or repeats, each balance the previous one plus its amount, the last one the summary's.
      const oldestFirst = [...page.entries].reverse()
      oldestFirst.forEach((e, i) => {
        if (i > 0) expect(e.balanceAfter).toBe(oldestFirst[i - 1].balanceAfter + e.amount)
      })
      expect(new Set(page.entries.map((e) => e.id)).size).toBe(page.entries.length)
      expect(summary.balance).toBe(page.entries[0].balanceAfter)
      expect(summary.balance - before.balance).toBe(paid.reduce((a, b) => a + b, 0))
    })
  })
})
