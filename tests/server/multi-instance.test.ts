/**
 * Several server instances on one PostgreSQL (behind a load balancer): a rules version published through one is
 * the version every instance uses from the next request on — its writes (the points a sign-in pays) and its reads
 * (what the sign-in calendar shows) — not up to a cache's lifetime later, so a member whose requests land on
 * different instances never sees the new version and then the old one. A version scheduled through one still
 * switches at its instant on the other. Wrong console passwords count on every instance: a guesser sent round them by
 * the load balancer meets one limit, not one per instance. PGlite is one process per data directory: nothing to test
 * there.
 */
import { randomUUID } from 'node:crypto'
import type { LoginResponse, SigninCalendarResponse, SigninResponse } from '@/api/contract'
import { httpRaw } from './support/http'
import { describeWithPostgres } from './support/postgres'
import { postgresDatabase, type TestDatabase } from './support/databases'
import { NO_RATE_LIMITS, PINNED_NOW, startPinnedServer, type ServerProcess } from './support/server-process'

const ADMIN = { username: 'instances-admin', password: 'Instances-Passw0rd!' }
const HOUR = 3_600_000

interface RulesDocument {
  tiers: { levels: { signinBasePoints: number }[] }
}

describeWithPostgres('two server instances on one PostgreSQL', () => {
  let db: TestDatabase
  let a: ServerProcess
  let b: ServerProcess

  beforeAll(async () => {
    db = await postgresDatabase()
    const env = { ...db.serverEnv, ...NO_RATE_LIMITS, OPERATOR_LOGIN_FAILURES: '3', ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password }
    a = await startPinnedServer(env)
    b = await startPinnedServer(env)
  }, 180_000)

  afterAll(async () => {
    await a?.stop()
    await b?.stop()
    await db?.dispose()
  })

  const member = async (server: ServerProcess) => {
    const r = await httpRaw(server.url, { method: 'POST', path: '/auth/login', body: { platform: 'h5', code: `instances-${randomUUID()}` } })
    expect(r.status).toBe(200)
    return { authorization: `Bearer ${(r.body as LoginResponse).token}` }
  }
  const signin = async (server: ServerProcess, auth: Record<string, string>) => {
    const r = await httpRaw(server.url, { method: 'POST', path: '/signin', headers: { ...auth, 'idempotency-key': randomUUID() }, body: {} })
    expect(r.status).toBe(200)
    return (r.body as SigninResponse).awarded.base
  }
  const calendar = async (server: ServerProcess, auth: Record<string, string>) =>
    ((await httpRaw(server.url, { method: 'GET', path: '/signin/calendar', headers: auth })).body as SigninCalendarResponse).basePoints
  const pin = async (server: ServerProcess, now: string) =>
    expect((await fetch(`${server.url}/__mock/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now }) })).status).toBe(200)

  /** Publishes through A the current document with every tier's sign-in points raised by 1 (from `effectiveAt`, or now). */
  async function publishThroughA(effectiveAt?: string): Promise<void> {
    const login = await httpRaw(a.url, { method: 'POST', path: '/admin/auth/login', body: ADMIN })
    const staff = { authorization: `Bearer ${(login.body as { token: string }).token}` }
    const current = ((await httpRaw(a.url, { method: 'GET', path: '/admin/rules', headers: staff })).body as { current: { versionNo: number } }).current.versionNo
    const { document } = (await httpRaw(a.url, { method: 'GET', path: `/admin/rules/versions/${current}`, headers: staff })).body as { document: RulesDocument }
    for (const level of document.tiers.levels) level.signinBasePoints += 1
    const saved = await httpRaw(a.url, {
      method: 'POST',
      path: '/admin/rules/versions',
      headers: { ...staff, 'idempotency-key': randomUUID() },
      body: { document, note: '签到积分 +1', baseVersionNo: current, ...(effectiveAt ? { effectiveAt } : {}) },
    })
    if (saved.status !== 201) throw new Error(`the save was refused: ${JSON.stringify(saved.body)}`)
  }

  test('published through A: the next write through B pays by the new version', async () => {
    const before = await signin(b, await member(b)) // B has the versions cached now
    await publishThroughA()
    const throughB = await signin(b, await member(b))
    const throughA = await signin(a, await member(a))
    expect(throughA).not.toBe(before)
    expect(throughB).toBe(throughA)
  })

  test('published through A: the next read through B shows the new version', async () => {
    const auth = await member(b)
    const before = await calendar(b, auth) // B has the versions cached now
    await publishThroughA()
    const throughB = await calendar(b, auth)
    expect(throughB).not.toBe(before)
    expect(throughB).toBe(await calendar(a, auth))
  })

  test('scheduled through A: B switches at its instant, not before', async () => {
    const auth = await member(b)
    const now = await calendar(b, auth)
    const at = new Date(Date.parse(PINNED_NOW) + HOUR).toISOString()
    await publishThroughA(at)
    try {
      expect(await calendar(b, auth)).toBe(now)
      await pin(b, new Date(Date.parse(at) - 1).toISOString())
      expect(await calendar(b, auth)).toBe(now)
      await pin(b, at)
      const switched = await calendar(b, auth)
      expect(switched).not.toBe(now)
      expect(await signin(b, auth)).toBe(switched)
    } finally {
      await pin(b, PINNED_NOW)
    }
  })

  test('wrong console passwords tried through A and B count together: past OPERATOR_LOGIN_FAILURES, that address waits on both', async () => {
    // An account nobody has: its wrong passwords count as any account's do (the answer does not say it is unknown).
    const login = (server: ServerProcess, password: string) =>
      httpRaw(server.url, { method: 'POST', path: '/admin/auth/login', body: { username: 'instances-guessed', password } })
    expect((await login(a, 'guess-1')).status).toBe(401)
    expect((await login(b, 'guess-2')).status).toBe(401)
    expect((await login(a, 'guess-3')).status).toBe(401)
    for (const server of [a, b]) expect(await login(server, 'guess-4')).toMatchObject({ status: 429, body: { error: { code: 'OPERATOR_LOGIN_LOCKED' } } })
  })
})
