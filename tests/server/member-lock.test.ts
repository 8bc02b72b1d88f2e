/**
 * Different writes of one member at once, on the production server over PGlite and over PostgreSQL: each write
 * locks the member and reads their working set in one statement (server/sql/sql-storage.ts, `workingSet`), and a
 * write that waited for the lock must see what the one before it committed — the lots it added, the caps it
 * counted, the ledger's numbering. Stale, the waiting writes would pay past a daily cap, or collide on a ledger
 * entry number (409) and lose points.
 */
import { randomUUID } from 'node:crypto'
import type { LedgerPage, LoginResponse, PointsSummary } from '@/api/contract'
import { forEachDatabase } from './support/databases'
import { httpRaw } from './support/http'
import { startPinnedServer, type ServerProcess } from './support/server-process'

const PARALLEL = 20
/** `core_use` earns 15 points, 3 times a day (src/domain/points.ts). */
const CORE_USE = { points: 15, perDay: 3 }

forEachDatabase('different writes of one member at once', (db) => {
  let server: ServerProcess

  beforeAll(async () => {
    server = await startPinnedServer({ ...db().serverEnv, RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_MEMBER: '100000' })
  }, 120_000)

  afterAll(async () => {
    await server?.stop()
  })

  test(`${PARALLEL} behaviour events with their own refs: the daily cap paid exactly, the rest refused by it, the points reconcile`, async () => {
    const login = await httpRaw(server.url, { method: 'POST', path: '/auth/login', body: { platform: 'h5', code: `lock-${randomUUID()}` } })
    expect(login.status).toBe(200)
    const auth = { authorization: `Bearer ${(login.body as LoginResponse).token}` }
    const before = (await httpRaw(server.url, { method: 'GET', path: '/points/summary', headers: auth })).body as PointsSummary

    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        httpRaw(server.url, { method: 'POST', path: '/events', headers: { ...auth, 'idempotency-key': randomUUID() }, body: { type: 'core_use', ref: `use-${i}-${randomUUID()}` } }),
      ),
    )
    // Three paid, every other one refused by the cap as it stood after the ones before it — none by a collision.
    const paid = answers.filter((a) => a.status === 200).map((a) => (a.body as { awarded: { awarded: number } }).awarded.awarded)
    expect(paid).toEqual(Array(CORE_USE.perDay).fill(CORE_USE.points))
    const refused = answers.filter((a) => a.status !== 200)
    expect(refused.map((a) => [a.status, (a.body as { error: { code: string } }).error.code])).toEqual(Array(PARALLEL - CORE_USE.perDay).fill([409, 'EARNING_LIMIT_REACHED']))

    const ledger = (await httpRaw(server.url, { method: 'GET', path: '/points/ledger?limit=100', headers: auth })).body as LedgerPage
    const summary = (await httpRaw(server.url, { method: 'GET', path: '/points/summary', headers: auth })).body as PointsSummary
    expect(ledger.entries.filter((e) => e.ref.startsWith('use-') && e.type === 'earn')).toHaveLength(CORE_USE.perDay)
    // Numbered without gaps or repeats, each balance the previous one plus its amount, the last one the summary's.
    const oldestFirst = [...ledger.entries].reverse()
    oldestFirst.forEach((e, i) => {
      if (i > 0) expect(e.balanceAfter).toBe(oldestFirst[i - 1].balanceAfter + e.amount)
    })
    expect(new Set(ledger.entries.map((e) => e.id)).size).toBe(ledger.entries.length)
    expect(summary.balance).toBe(ledger.entries[0].balanceAfter)
    expect(summary.balance - before.balance).toBe(paid.reduce((a, b) => a + b, 0))
  })
})
