/**
 * One member sends the same write 20 times at once with the same Idempotency-Key (a client retrying on a slow
 * network, or a double tap that reached the server 20 times), on the production server over PGlite and over
 * PostgreSQL: exactly one effect, 20 identical answers (status and body), 19 of them marked
 * `Idempotent-Replay: true`. The key is claimed in the write's transaction after the member row is locked, so
 * the replays wait for the original and then find its answer.
 */
import { randomUUID } from 'node:crypto'
import type { LedgerPage, LoginResponse, PointsSummary } from '@/api/contract'
import { httpRaw, type RawResponseLike } from './support/http'
import { forEachDatabase } from './support/databases'
import { startPinnedServer, type ServerProcess } from './support/server-process'

const PARALLEL = 20

forEachDatabase('the same Idempotency-Key 20× in parallel', (db) => {
  let server: ServerProcess

  beforeAll(async () => {
    server = await startPinnedServer({ ...db().serverEnv, RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_MEMBER: '100000' })
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

  async function ledger(auth: Record<string, string>): Promise<LedgerPage> {
    const r = await httpRaw(server.url, { method: 'GET', path: '/points/ledger?limit=100', headers: auth })
    expect(r.status).toBe(200)
    return r.body as LedgerPage
  }

  test('POST /events {core_use, ref}: one award', async () => {
    const { auth } = await login()
    const ref = `use-${randomUUID()}`
    const answers = await burst(auth, '/events', { type: 'core_use', ref })
    expect(answers[0].status).toBe(200)
    expectOneOriginalAndIdenticalReplays(answers)
    const awarded = (answers[0].body as { awarded: { awarded: number } }).awarded.awarded
    expect(awarded).toBeGreaterThan(0)
    expect((await ledger(auth)).entries.filter((e) => e.ref === ref)).toHaveLength(1)
    const summary = (await httpRaw(server.url, { method: 'GET', path: '/points/summary', headers: auth })).body as PointsSummary
    expect(summary.balance).toBe(awarded)
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
})
