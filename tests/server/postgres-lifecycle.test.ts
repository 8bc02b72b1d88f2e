/**
 * Servers starting together on one empty PostgreSQL: each comes up (one migrates and fills it while the others wait
 * on the startup lock), with one rules version and one first admin between them.
 *
 * A PostgreSQL that goes away: the server answers 503 `SERVICE_UNAVAILABLE` (never 500) and `/readyz` says so,
 * while `/healthz` (the process is alive) stays 200 — over TCP and over a Unix socket (`?host=/dir`, where a
 * missing server is ENOENT rather than ECONNREFUSED). Needs a throw-away cluster the test can stop.
 */
import { describeWithPostgres, postgresAvailability, startPostgres, type PostgresDatabase } from './support/postgres'
import { httpRaw } from './support/http'
import { NO_RATE_LIMITS, startServerProcess, type ServerProcess } from './support/server-process'

jest.setTimeout(180_000)

describeWithPostgres('four servers started at once on an empty database', () => {
  const servers: ServerProcess[] = []
  let pg: PostgresDatabase | null = null
  afterAll(async () => {
    for (const s of servers) await s.kill9()
    await pg?.stop()
  })

  test('all come up, and the database holds one first version and one admin', async () => {
    pg = await startPostgres({ fast: true })
    const env = { DATABASE_URL: pg.url, ADMIN_USERNAME: 'startup-admin', ADMIN_PASSWORD: 'startup-admin-password' }
    const started = await Promise.allSettled([0, 1, 2, 3].map(() => startServerProcess(env)))
    for (const r of started) if (r.status === 'fulfilled') servers.push(r.value)
    expect(started.map((r) => (r.status === 'rejected' ? String(r.reason).slice(0, 300) : 'up'))).toEqual(['up', 'up', 'up', 'up'])
    for (const s of servers) {
      const login = await httpRaw(s.url, { method: 'POST', path: '/admin/auth/login', body: { username: 'startup-admin', password: 'startup-admin-password' } })
      expect(login.status).toBe(200)
      const rules = await httpRaw(s.url, { method: 'GET', path: '/admin/rules', headers: { authorization: `Bearer ${(login.body as { token: string }).token}` } })
      expect((rules.body as { versions: unknown[] }).versions).toHaveLength(1)
    }
  })
})

describeWithPostgres('a database that is down', () => {
  const found = postgresAvailability()
  const ownCluster = found.available && found.source.kind === 'binaries'
  let pg: PostgresDatabase | null = null
  const servers: ServerProcess[] = []

  afterAll(async () => {
    for (const s of servers) await s.kill9()
    await pg?.stop()
  })

  ;(ownCluster ? test : test.skip)('answers 503 and /readyz says so, over TCP and over a Unix socket', async () => {
    pg = await startPostgres({ fast: true })
    for (const url of [pg.url, pg.socketUrl!]) servers.push(await startServerProcess({ DATABASE_URL: url, ...NO_RATE_LIMITS }))
    const tokens: string[] = []
    for (const s of servers) {
      const login = await httpRaw(s.url, { method: 'POST', path: '/auth/login', body: { platform: 'h5', code: 'db-down-before' } })
      expect(login.status).toBe(200)
      tokens.push((login.body as { token: string }).token)
      expect((await fetch(`${s.url}/readyz`)).status).toBe(200)
    }
    await pg.stop()
    pg = null
    for (const [i, s] of servers.entries()) {
      // A read and a write: the first meets the pool's dropped connection, the next ones try to open a new one.
      for (let n = 0; n < 2; n++) {
        const me = await httpRaw(s.url, { method: 'GET', path: '/member/me', headers: { authorization: `Bearer ${tokens[i]}`, 'x-request-id': `db-down-${i}-${n}` } })
        expect({ status: me.status, code: (me.body as { error?: { code?: string } }).error?.code }).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE' })
      }
      for (let i = 0; i < 3; i++) {
        const login = await httpRaw(s.url, { method: 'POST', path: '/auth/login', body: { platform: 'h5', code: `db-down-after-${i}` } })
        expect({ status: login.status, code: (login.body as { error?: { code?: string } }).error?.code }).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE' })
      }
      expect((await fetch(`${s.url}/readyz`)).status).toBe(503)
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200)
      // The operator finds each failure in the structured log under its request id, with the cause.
      const logged = s
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { reqId?: string; msg?: string; err?: { message?: string } })
        .filter((l) => l.msg === '[core] storage unavailable')
      expect(logged.map((l) => l.reqId)).toEqual(expect.arrayContaining([`db-down-${i}-0`, `db-down-${i}-1`]))
      expect(logged.every((l) => typeof l.err?.message === 'string')).toBe(true)
    }
  })
})
