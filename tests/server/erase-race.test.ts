/**
 * 会员注销 racing the member's own requests on PostgreSQL. A request finds its member before it locks them — by a
 * login key, an invite code, a session — so an erase can commit in between. The race is staged, not hoped for: a
 * connection of the test holds the member's row, the erase queues on it, then the racing request does; the row is
 * let go and the erase runs first. What the request then finds is an erased member, and it must act as it would after
 * the erase: a login makes a new member (no session for the erased one), an invite code is unknown, a session is
 * signed out. PGlite runs one write at a time: nothing can slip in between there.
 */
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import type { LoginResponse } from '@/api/contract'
import { httpRaw, type RawResponseLike } from './support/http'
import { describeWithPostgres } from './support/postgres'
import { postgresDatabase, type TestDatabase } from './support/databases'
import { NO_RATE_LIMITS, startPinnedServer, type ServerProcess } from './support/server-process'

const ADMIN = { username: 'erase-race-admin', password: 'Erase-Race-Passw0rd!' }

describeWithPostgres('会员注销 racing the member’s requests', () => {
  let db: TestDatabase
  let server: ServerProcess
  let staff: Record<string, string>

  beforeAll(async () => {
    db = await postgresDatabase()
    server = await startPinnedServer({ ...db.serverEnv, ...NO_RATE_LIMITS, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password })
    const login = await httpRaw(server.url, { method: 'POST', path: '/admin/auth/login', body: ADMIN })
    staff = { authorization: `Bearer ${(login.body as { token: string }).token}` }
  }, 180_000)

  afterAll(async () => {
    await server?.stop()
    await db?.dispose()
  })

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    httpRaw(server.url, { method: 'POST', path, headers: { ...headers, 'idempotency-key': randomUUID() }, body })
  const login = async (code: string) => (await httpRaw(server.url, { method: 'POST', path: '/auth/login', body: { platform: 'h5', code } })).body as LoginResponse
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

  /** Requests waiting for a row lock in the server's database. */
  const waiting = async () => Number((await db.query<{ n: string }>("select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()"))[0].n)
  async function until(n: number): Promise<void> {
    for (let i = 0; i < 400 && (await waiting()) < n; i++) await new Promise((resolve) => setTimeout(resolve, 25))
    expect(await waiting()).toBeGreaterThanOrEqual(n)
  }

  /** The erase of `memberId` queued first on the member's row, `racer` second; the row let go: both answers. */
  async function eraseThenRace(memberId: string, racer: () => Promise<RawResponseLike>): Promise<{ erased: RawResponseLike; raced: RawResponseLike }> {
    const holder = new pg.Client({ connectionString: db.serverEnv.DATABASE_URL })
    await holder.connect()
    try {
      await holder.query('begin')
      await holder.query('select 1 from members where member_id = $1 for update', [memberId])
      const erased = post(`/admin/members/${memberId}/erase`, { reason: '会员申请注销' }, staff)
      await until(1)
      const raced = racer()
      await until(2)
      await holder.query('commit')
      return { erased: await erased, raced: await raced }
    } finally {
      await holder.end()
    }
  }

  test('a login racing the erase makes a new member: the erased one gets no session', async () => {
    const code = `race-login-${randomUUID()}`
    const first = await login(code)
    const { erased, raced } = await eraseThenRace(first.member.id, () => httpRaw(server.url, { method: 'POST', path: '/auth/login', body: { platform: 'h5', code } }))
    expect(erased.status).toBe(200)
    expect(raced.status).toBe(200)
    const again = raced.body as LoginResponse
    expect(again.isNew).toBe(true)
    expect(again.member.id).not.toBe(first.member.id)
    const me = await httpRaw(server.url, { method: 'GET', path: '/member/me', headers: bearer(again.token) })
    expect((me.body as { id: string }).id).toBe(again.member.id)
    // Nothing of the erased member is written again, nor active after the erase.
    const [erasedMember] = await db.query<{ nickname: string }>('select nickname from members where member_id = $1', [first.member.id])
    expect(erasedMember.nickname).toBe('已注销会员')
    expect(await db.query('select 1 from sessions where member_id = $1 and revoked_at is null', [first.member.id])).toEqual([])
  }, 60_000)

  test('an invite code of an inviter being erased is unknown: no points reach the erased member', async () => {
    const inviter = await login(`race-inviter-${randomUUID()}`)
    const invitee = await login(`race-invitee-${randomUUID()}`)
    const ledger = () => db.query('select entry_no from ledger_entries where member_id = $1 order by entry_no', [inviter.member.id])
    const before = await ledger()
    const { erased, raced } = await eraseThenRace(inviter.member.id, () => post('/invites/accept', { code: inviter.member.inviteCode }, bearer(invitee.token)))
    expect(erased.status).toBe(200)
    expect(raced.status).toBe(404)
    expect(raced.body).toMatchObject({ error: { code: 'INVITE_CODE_UNKNOWN' } })
    expect(await ledger()).toEqual(before)
  }, 60_000)

  test('a write on a session read before the erase committed is signed out, and changes nothing', async () => {
    const member = await login(`race-session-${randomUUID()}`)
    const { erased, raced } = await eraseThenRace(member.member.id, () => post('/member/profile', { nickname: '张三', birthday: '1990-01-01' }, bearer(member.token)))
    expect(erased.status).toBe(200)
    expect(raced.status).toBe(401)
    expect(raced.body).toMatchObject({ error: { code: 'UNAUTHORIZED' } })
    const [row] = await db.query<{ nickname: string }>('select nickname from members where member_id = $1', [member.member.id])
    expect(row.nickname).toBe('已注销会员')
  }, 60_000)
})
