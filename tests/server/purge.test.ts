/**
 * Rows no request can use any more are deleted (server/sql/maintenance.ts purgeExpired; the server runs it before
 * PGlite's daily vacuum, and every hour on PostgreSQL): Idempotency-Keys past their 24 h, sessions expired or ended,
 * console password failures whose window has ended. Without it the tables grow with every write, every sign-in and
 * every wrong password, for ever. Rows still of use stay.
 */
import { forEachDatabase, postgresDatabase, runScript } from './support/databases'
import { describeWithPostgres } from './support/postgres'

const NOW = Date.parse('2026-11-24T02:00:00Z')
const DAY = 86_400_000

forEachDatabase('expired Idempotency-Keys, sessions and password failures deleted', (db) => {
  test('past their time they go, batch after batch; one millisecond short of it, they stay', async () => {
    const out = await runScript<{ purged: { idempotencyKeys: number; sessions: number; loginFailures: number }; left: { sessions: string[]; keys: string[]; loginFailures: string[] } }>(
      'tests/server/support/purge.ts',
      {
        now: NOW,
        // Two rows a statement: three sessions take two batches, two keys a full one and an empty one.
        batch: 2,
        sessions: [
          { tokenHash: 'expired', expiresAt: NOW - 1, revokedAt: null },
          { tokenHash: 'expires-now', expiresAt: NOW, revokedAt: null },
          { tokenHash: 'signed-out', expiresAt: NOW + DAY, revokedAt: NOW - 1 },
          { tokenHash: 'live', expiresAt: NOW + 1, revokedAt: null },
        ],
        keys: [
          { key: 'day-old', createdAt: NOW - DAY },
          { key: 'older', createdAt: NOW - 2 * DAY },
          { key: 'almost-a-day', createdAt: NOW - DAY + 1 },
          { key: 'just-now', createdAt: NOW },
        ],
        loginFailures: [
          { key: 'window-ended', until: NOW },
          { key: 'window-open', until: NOW + 1 },
        ],
      },
      { env: db().serverEnv },
    )
    expect(out.purged).toEqual({ idempotencyKeys: 2, sessions: 3, loginFailures: 1 })
    expect(out.left).toEqual({ sessions: ['live'], keys: ['almost-a-day', 'just-now'], loginFailures: ['window-open'] })
  }, 60_000)
})

describeWithPostgres('a key taken again while the purge runs (PostgreSQL)', () => {
  test('the answer just committed stays: the purge checks the age of the row it deletes, not of the row it chose', async () => {
    const db = await postgresDatabase()
    try {
      const out = await runScript<{ purged: { idempotencyKeys: number }; left: { keys: string[] } }>(
        'tests/server/support/purge.ts',
        { now: NOW, batch: 10, sessions: [], keys: [{ key: 'taken-again', createdAt: NOW - 2 * DAY }], rewrittenWhilePurging: 'taken-again' },
        { env: db.serverEnv },
      )
      expect(out.left.keys).toEqual(['taken-again'])
      expect(out.purged.idempotencyKeys).toBe(0)
    } finally {
      await db.dispose()
    }
  }, 120_000)
})
