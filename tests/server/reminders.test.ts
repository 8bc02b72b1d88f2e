/**
 * The reminder sweep on the production server's SQL (src/domain/reminders.ts, server/core/reminder-sweep.ts, the
 * `members_remindable` index of migration 012): members are found by what they subscribed to, told once of a
 * campaign about to open and reminded once a day to sign in, at the brand's hour — on PGlite and on PostgreSQL.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEFAULT_CAMPAIGNS } from '@/domain/campaigns'
import { DEFAULT_MESSAGE_RULES } from '@/domain/messages'
import { forEachDatabase } from './support/databases'
import { httpRaw } from './support/http'
import { NO_RATE_LIMITS, startPinnedServer, type ServerProcess } from './support/server-process'

interface Inbox {
  notifications: { template: string; body: string }[]
  subscriptions: { templates: { id: string; quota: number }[] }
}

forEachDatabase('scheduled reminders', (db) => {
  let server: ServerProcess
  let dir: string

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'reminders-'))
    const rulesFile = path.join(dir, 'rules.json')
    const lottery = DEFAULT_CAMPAIGNS.find((c) => c.type === 'lottery')!
    writeFileSync(
      rulesFile,
      JSON.stringify({
        campaigns: [...DEFAULT_CAMPAIGNS, { ...lottery, id: 'summer', name: '夏日抽奖', priority: false, startsAt: '2030-06-11T10:00:00+08:00', endsAt: '2030-06-20T00:00:00+08:00', audience: { kind: 'all' } }],
        messages: { ...DEFAULT_MESSAGE_RULES, signinReminderHour: 21 },
      }),
    )
    server = await startPinnedServer({ ...db().serverEnv, ...NO_RATE_LIMITS, RULES_FILE: rulesFile }, '2030-06-09T02:00:00.000Z')
  }, 120_000)

  afterAll(async () => {
    await server?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const control = async (pathname: string, body: unknown) => {
    const r = await fetch(`${server.url}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect(r.status).toBe(200)
    return r.json()
  }
  const sweepAt = async (iso: string) => {
    await control('/__mock/clock', { now: iso })
    return control('/__mock/reminders', {})
  }
  const login = async (code: string) => {
    const r = await httpRaw(server.url, { method: 'POST', path: '/auth/login', body: { platform: 'weapp', code } })
    expect(r.status).toBe(200)
    return { authorization: `Bearer ${(r.body as { token: string }).token}` }
  }
  const post = async (headers: Record<string, string>, p: string, body: unknown = {}) => {
    const r = await httpRaw(server.url, { method: 'POST', path: p, headers: { ...headers, 'idempotency-key': crypto.randomUUID() }, body })
    expect(r.status).toBeLessThan(300)
  }
  const inbox = async (headers: Record<string, string>) => (await httpRaw(server.url, { method: 'GET', path: '/messages', headers })).body as Inbox
  const templates = async (headers: Record<string, string>) => (await inbox(headers)).notifications.map((n) => n.template).sort()

  test('a campaign the day before it opens, then the sign-in reminder at the brand’s hour; each once', async () => {
    // The seed's members, last seen long before: a first sweep writes their expired points to the ledger and tells
    // those whose paid plans and trials have ended that their tier went down (none of it a reminder of this test's).
    await sweepAt('2030-06-09T02:00:00.000Z')
    // 2030-06-09, 10:00 in Shanghai: A signs in and subscribes to both; B only to campaigns; C to nothing.
    const a = await login('reminder-a')
    const b = await login('reminder-b')
    const c = await login('reminder-c')
    for (const m of [a, b, c]) await post(m, '/signin')
    await post(a, '/subscriptions', { accepted: ['signin_reminder', 'campaign_starting'] })
    await post(b, '/subscriptions', { accepted: ['campaign_starting'] })

    // The day before: too early for the campaign (it opens 2030-06-11 10:00).
    // (The seed's members have points that expired overnight: this sweep writes them to the ledger.)
    expect((await sweepAt('2030-06-10T01:59:00.000Z')).sent).toBe(0)
    // 2030-06-10 20:30: within the day before the campaign; the sign-in reminder waits for 21:00.
    expect(await sweepAt('2030-06-10T12:30:00.000Z')).toEqual({ members: 2, sent: 2 })
    expect(await templates(a)).toEqual(['campaign_starting'])
    expect((await inbox(b)).notifications).toEqual([expect.objectContaining({ template: 'campaign_starting', body: '「夏日抽奖」即将开始，开始时间 6月11日 10:00。' })])
    expect(await sweepAt('2030-06-10T13:00:00.000Z')).toEqual({ members: 1, sent: 1 })
    expect(await templates(a)).toEqual(['campaign_starting', 'signin_reminder'])
    expect((await inbox(a)).subscriptions.templates.filter((t) => t.quota > 0)).toEqual([])
    // Swept again (the next run, or a second server): nothing more.
    expect(await sweepAt('2030-06-10T15:00:00.000Z')).toEqual({ members: 0, sent: 0 })
    expect(await templates(c)).toEqual([])
  })
})
