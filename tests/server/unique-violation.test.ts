/**
 * The unique keys are the second guard behind the member lock (SPEC §7), and a violation is a 409, never a 500.
 * The race the lock prevents is staged by hand: today's sign-in row is written straight into `signins` (as a
 * concurrent writer slipping past the lock would), without the member's working set knowing. The member's
 * `POST /signin` then passes the rules and hits `signins`' primary key: 409 in the contract's error shape,
 * nothing of the write kept, and a retry with the same Idempotency-Key answers the same.
 *
 * PostgreSQL takes the row while the server runs; PGlite's directory is held by the server, so it is stopped for
 * the insert and started again.
 */
import { randomUUID } from 'node:crypto'
import type { LedgerPage, LoginResponse, PointsSummary, SigninCalendarResponse } from '@/api/contract'
import { loadContract } from '../contract/support/openapi'
import { forEachDatabase } from './support/databases'
import { httpRaw } from './support/http'
import { NO_RATE_LIMITS, startPinnedServer, type ServerProcess } from './support/server-process'

const ZH = /[\u4e00-\u9fa5]/

forEachDatabase('a unique-key violation', (db) => {
  let server: ServerProcess | null = null
  const env = () => ({ ...db().serverEnv, ...NO_RATE_LIMITS })

  afterAll(async () => {
    await server?.stop()
  })

  test('a second sign-in row for the day, slipped past the member lock, is a 409 with the error shape — never a 500', async () => {
    server = await startPinnedServer(env())
    const login = await httpRaw(server.url, { method: 'POST', path: '/auth/login', body: { platform: 'h5', code: `uv-${randomUUID()}` } })
    const { token, member } = login.body as LoginResponse
    const auth = { authorization: `Bearer ${token}` }
    const today = ((await httpRaw(server.url, { method: 'GET', path: '/signin/calendar', headers: auth })).body as SigninCalendarResponse).today

    if (db().kind === 'pglite') await server.stop()
    await db().query(`insert into signins (member_id, business_date, kind, doc) values ($1, $2, 'normal', $3)`, [member.id, today, JSON.stringify({ date: today, kind: 'normal' })])
    if (db().kind === 'pglite') server = await startPinnedServer(env())
    const url = server.url

    const key = randomUUID()
    const signin = () => httpRaw(url, { method: 'POST', path: '/signin', headers: { ...auth, 'idempotency-key': key }, body: {} })
    const r = await signin()
    expect(r.status).toBe(409)
    expect(r.body).toMatchObject({ error: { code: 'CONFLICT' } })
    expect(JSON.stringify(r.body)).not.toMatch(/signins|_pkey/)
    // The key's name goes to the server's log (written a moment after the answer).
    const running = server
    for (let waited = 0; waited < 5_000 && !/unique violation: signins_pkey/.test(running.output()); waited += 50) await new Promise((r) => setTimeout(r, 50))
    expect(running.output()).toMatch(/unique violation: signins_pkey/)
    expect((r.body as { error: { message: string } }).error.message).toMatch(ZH)
    const contract = await loadContract()
    expect(contract.check('post', '/signin', r.status, r.body)).toEqual([])

    // The write was rolled back whole: no points, no ledger entry, and the key was not claimed (a retry runs
    // again and meets the same guard).
    expect(((await httpRaw(url, { method: 'GET', path: '/points/summary', headers: auth })).body as PointsSummary).balance).toBe(0)
    expect(((await httpRaw(url, { method: 'GET', path: '/points/ledger', headers: auth })).body as LedgerPage).entries).toEqual([])
    const retry = await signin()
    expect({ status: retry.status, body: retry.body }).toEqual({ status: r.status, body: r.body })
    expect(retry.headers['idempotent-replay']).toBeUndefined()
  }, 120_000)
})
