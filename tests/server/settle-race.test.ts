/**
 * The first writes after a leaderboard ends each try to pay it out (settleDue, before the write's own work). On
 * PostgreSQL they run at once: one settlement commits, the others meet `leaderboard_settlements`' primary key
 * (the second guard: nobody is paid twice) — and the request that happened to carry the settlement must still get
 * its own answer, not a 409 for a write it never asked for. A server on the default rules has such a leaderboard
 * (`points-race`, ended in February 2026) from its first request, so 50 parallel first logins race on it.
 * PGlite runs one write at a time: the race cannot happen there.
 */
import { randomUUID } from 'node:crypto'
import { forEachDatabase } from './support/databases'
import { httpRaw } from './support/http'
import { NO_RATE_LIMITS, startServerProcess, type ServerProcess } from './support/server-process'

forEachDatabase(
  'an ended leaderboard settled by concurrent requests',
  (db) => {
    let server: ServerProcess

    beforeAll(async () => {
      server = await startServerProcess({ ...db().serverEnv, ...NO_RATE_LIMITS })
    }, 120_000)

    afterAll(async () => {
      await server?.stop()
    })

    test('50 parallel first logins all succeed; the leaderboard is settled once', async () => {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => httpRaw(server.url, { method: 'POST', path: '/auth/login', body: { platform: 'h5', code: `settle-${randomUUID()}` } })),
      )
      expect(answers.filter((a) => a.status !== 200).map((a) => [a.status, a.body])).toEqual([])
      expect(await db().query('select campaign_id from leaderboard_settlements')).toEqual([{ campaign_id: 'points-race' }])
    })
  },
  ['postgres'],
)
