/**
 * A rules version that removes a tier is refused while members hold it (assertHeldTiersKept). On PostgreSQL, member
 * writes run beside the publish: one that read the rules before the publish may commit a member into the removed tier
 * after the count. The race is staged, not hoped for: a connection of the test holds the login key a new member's
 * registration is about to insert, so the registration — on the rules that still have the lowest tier — waits; the
 * publish removing that tier (held by nobody yet) comes next. It must wait for the registration and count its member.
 * PGlite runs one write at a time: nothing can slip in between there. And a publish refused for who asks or for its
 * form (401, 403, 400) never takes that exclusive lock, which every member write would queue behind.
 */
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import type { ConfigResponse, LoginResponse } from '@/api/contract'
import { httpRaw } from './support/http'
import { describeWithPostgres } from './support/postgres'
import { postgresDatabase, type TestDatabase } from './support/databases'
import { NO_RATE_LIMITS, startPinnedServer, type ServerProcess } from './support/server-process'

const ADMIN = { username: 'publish-race-admin', password: 'Publish-Race-Passw0rd!' }

describeWithPostgres('a tier removed while a member registers into it', () => {
  let db: TestDatabase
  let server: ServerProcess

  beforeAll(async () => {
    db = await postgresDatabase()
    server = await startPinnedServer({ ...db.serverEnv, ...NO_RATE_LIMITS, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password })
  }, 180_000)

  afterAll(async () => {
    await server?.stop()
    await db?.dispose()
  })

  const waiting = async () => Number((await db.query<{ n: string }>("select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()"))[0].n)

  test('the publish waits for the registration, counts its member and is refused; nobody holds a tier the rules lack', async () => {
    const login = await httpRaw(server.url, { method: 'POST', path: '/admin/auth/login', body: ADMIN })
    const staff = { authorization: `Bearer ${(login.body as { token: string }).token}` }
    const current = (await httpRaw(server.url, { method: 'GET', path: '/admin/rules', headers: staff })).body as { current: { versionNo: number } }
    const doc = ((await httpRaw(server.url, { method: 'GET', path: `/admin/rules/versions/${current.current.versionNo}`, headers: staff })).body as { document: ConfigResponse['rules'] }).document
    // Without the lowest tier (nobody is a member yet), the next one lowest and open to all: valid otherwise.
    const lowest = [...doc.tiers.levels].sort((a, b) => a.rank - b.rank)[0]
    const levels = doc.tiers.levels.filter((t) => t.id !== lowest.id).map((t, i) => (i === 0 ? { ...t, requirements: [] } : t))
    const paidPlans = doc.tiers.paidPlans.map((p) => (p.tierId === lowest.id ? { ...p, tierId: levels[0].id } : p))
    const without = { ...doc, tiers: { ...doc.tiers, levels, paidPlans } }

    const code = `publish-race-${randomUUID()}`
    const holder = new pg.Client({ connectionString: db.serverEnv.DATABASE_URL })
    await holder.connect()
    let registered: Promise<{ status: number; body: unknown }>
    let published: Promise<{ status: number; body: unknown }>
    try {
      await holder.query('begin')
      await holder.query('insert into member_logins (login_key, member_id) values ($1, $2)', [`h5:${code}`, 'held-by-test'])
      registered = httpRaw(server.url, { method: 'POST', path: '/auth/login', body: { platform: 'h5', code } })
      for (let i = 0; i < 400 && (await waiting()) < 1; i++) await new Promise((resolve) => setTimeout(resolve, 25))
      expect(await waiting()).toBe(1)
      published = httpRaw(server.url, { method: 'POST', path: '/admin/rules/versions', headers: { ...staff, 'idempotency-key': randomUUID() }, body: { document: without, note: '删除最低等级' } })
      // The publish queues behind the registration (or, without the lock, has already gone through).
      let settled = false
      void published.then(() => (settled = true))
      for (let i = 0; i < 200 && !settled && (await waiting()) < 2; i++) await new Promise((resolve) => setTimeout(resolve, 25))
      await holder.query('rollback')
    } finally {
      await holder.end()
    }
    const member = (await registered).body as LoginResponse
    expect(member.isNew).toBe(true)
    expect(member.member.tier.id).toBe(lowest.id)
    const refused = await published
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'RULES_TIER_IN_USE', details: { tiers: [{ id: lowest.id, members: 1 }] } } } })
    const me = await httpRaw(server.url, { method: 'GET', path: '/member/me', headers: { authorization: `Bearer ${member.token}` } })
    expect(me).toMatchObject({ status: 200, body: { tier: { id: lowest.id } } })
  }, 60_000)

  test('a publish refused for who asks or for its form takes no lock: it is answered while a write is under way', async () => {
    const member = (await httpRaw(server.url, { method: 'POST', path: '/auth/login', body: { platform: 'h5', code: `publish-refused-${randomUUID()}` } })).body as LoginResponse
    const login = await httpRaw(server.url, { method: 'POST', path: '/admin/auth/login', body: ADMIN })
    const staff = `Bearer ${(login.body as { token: string }).token}`
    // A write under way holds the rules' weak lock (as every write does) and keeps it for the whole test.
    const holder = new pg.Client({ connectionString: db.serverEnv.DATABASE_URL })
    await holder.connect()
    await holder.query('begin')
    await holder.query('lock table rules_versions in row share mode')
    const publish = (authorization: string, body: unknown) =>
      httpRaw(server.url, { method: 'POST', path: '/admin/rules/versions', headers: { authorization, 'idempotency-key': randomUUID() }, body })
    // Queued behind the exclusive lock, an answer would come only once the holder lets go: 10 s is "never" here.
    const within = <T>(p: Promise<T>) =>
      Promise.race([p, new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 10_000).unref())])
    try {
      await expect(within(publish('Bearer not-a-session', { document: {}, note: 'x' }))).resolves.toMatchObject({ status: 401 })
      await expect(within(publish(`Bearer ${member.token}`, { document: {}, note: 'x' }))).resolves.toMatchObject({ status: 403 })
      await expect(within(publish(staff, { note: 'no document' }))).resolves.toMatchObject({ status: 400 })
      // Members' writes were never queued behind a refused publish.
      const signin = httpRaw(server.url, { method: 'POST', path: '/signin', headers: { authorization: `Bearer ${member.token}`, 'idempotency-key': randomUUID() }, body: {} })
      await expect(within(signin)).resolves.toMatchObject({ status: 200 })
    } finally {
      await holder.query('rollback')
      await holder.end()
    }
  }, 60_000)
})
