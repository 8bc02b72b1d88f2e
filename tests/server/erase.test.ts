/**
 * 会员注销 on PostgreSQL's tables (the contract suite shows what callers see; this, what is left in the database): the
 * member's notifications, sign-in identities and invite code rows are deleted, the ledger stays (one line more: the
 * points forfeited). PostgreSQL only: a PGlite directory cannot be read while its server holds it (the mock's storage
 * is checked in tests/mock/pipeline.test.ts).
 */
import { randomUUID } from 'node:crypto'
import { forEachDatabase } from './support/databases'
import { httpRaw } from './support/http'
import { NO_RATE_LIMITS, startServerProcess, type ServerProcess } from './support/server-process'

const ADMIN = { ADMIN_USERNAME: 'erase-admin', ADMIN_PASSWORD: 'erase-admin-password' }

forEachDatabase(
  '会员注销 in the database',
  (db) => {
    let server: ServerProcess

    beforeAll(async () => {
      // A working set of one lot: forfeiting every lot needs the whole set (NotLoaded, run again on whole ones).
      server = await startServerProcess({ ...db().serverEnv, ...NO_RATE_LIMITS, ...ADMIN, LOTS_WINDOW_MIN: '1' })
    }, 120_000)

    afterAll(async () => {
      await server?.stop()
    })

    test("the member's notifications, logins and invite code go, and no message comes after; their ledger stays and their points are forfeited", async () => {
      const call = (method: 'GET' | 'POST', path: string, token: string, body?: unknown) =>
        httpRaw(server.url, { method, path, headers: { authorization: `Bearer ${token}`, ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}) }, body })
      const login = await httpRaw(server.url, { method: 'POST', path: '/auth/login', body: { platform: 'h5', code: `erase-${randomUUID()}` } })
      const { token, member } = login.body as { token: string; member: { id: string } }
      const op = ((await httpRaw(server.url, { method: 'POST', path: '/admin/auth/login', body: { username: ADMIN.ADMIN_USERNAME, password: ADMIN.ADMIN_PASSWORD } })).body as { token: string }).token
      const sent = (await call('POST', '/feedback', token, { content: '请回电 13912345678' })).body as { id: string }
      expect((await call('POST', `/admin/members/${member.id}/feedback/${sent.id}/reply`, op, { reply: '已回电' })).status).toBe(200)
      const count = async (table: string) => Number((await db().query<{ n: string }>(`select count(*) as n from ${table} where member_id = $1`, [member.id]))[0].n)
      expect(await count('notifications')).toBeGreaterThan(0)
      for (const amount of [100, 200, 300]) expect((await call('POST', `/admin/members/${member.id}/adjustments`, op, { amount, reason: '补偿' })).status).toBe(201)
      const ledger = await count('ledger_entries')
      expect(ledger).toBeGreaterThan(0)
      const asked = (await call('POST', '/privacy/deletion', token, {})).body as { requestId: string }
      const code = (await db().query<{ invite_code: string }>('select invite_code from members where member_id = $1', [member.id]))[0].invite_code
      expect(code).toMatch(/^[A-Z0-9]{6,}$/)

      expect((await call('POST', `/admin/members/${member.id}/erase`, op, { reason: '会员申请删除数据' })).status).toBe(200)
      expect(await count('notifications')).toBe(0)
      expect(await count('member_logins')).toBe(0)
      expect(await count('invite_codes')).toBe(0)
      // The ledger stays, with one line more: the points the account held, forfeited; no live point is left owed.
      expect(await count('ledger_entries')).toBe(ledger + 1)
      const live = await db().query<{ n: string | null }>('select sum(remaining) as n from point_lots where member_id = $1', [member.id])
      expect(Number(live[0].n ?? 0)).toBe(0)
      // Their invite code is not kept on their row either, so no search finds them by it.
      expect((await db().query<{ invite_code: string }>('select invite_code from members where member_id = $1', [member.id]))[0].invite_code).toBe('')
      expect(((await call('GET', `/admin/members?q=${code}`, op)).body as { members: unknown[] }).members).toEqual([])
      // Answering their request afterwards writes no message for nobody to read.
      const handled = await call('POST', `/admin/members/${member.id}/privacy-requests/${asked.requestId}/handle`, op, { reply: '已删除您的个人数据' })
      expect(handled.status).toBe(200)
      expect(await count('notifications')).toBe(0)
    })
  },
  ['postgres'],
)
