/**
 * `tsx tests/server/support/purge.ts` with DATA_DIR (PGlite) or DATABASE_URL (PostgreSQL) and `{"now", "sessions",
 * "keys", "loginFailures", "batch"}` on stdin: migrates the database, writes the given sessions, Idempotency-Keys and
 * console password failures, runs `purgeExpired`
 * at `now` in batches of `batch` rows and prints what it counted and what is left. PostgreSQL only, `rewrittenWhilePurging`
 * names a key a member write takes again (its old answer expired) in a transaction of its own, committed while the
 * purge's batch waits for that row.
 */
import pg from 'pg'
import { openPglite, openPostgres } from '../../../server/sql/db'
import { purgeExpired } from '../../../server/sql/maintenance'
import { migrate } from '../../../server/sql/migrate'
import { childScript } from './child'

interface Input {
  now: number
  sessions: { tokenHash: string; expiresAt: number; revokedAt: number | null }[]
  keys: { key: string; createdAt: number }[]
  /** Console password failures (login-failures.ts), by key and the end of their window. */
  loginFailures?: { key: string; until: number }[]
  batch: number
  rewrittenWhilePurging?: string
}

childScript(
  () => (process.env.DATABASE_URL ? openPostgres(process.env.DATABASE_URL, 2) : openPglite(process.env.DATA_DIR!)),
  async (db, { now, sessions, keys, loginFailures = [], batch, rewrittenWhilePurging }: Input) => {
    await migrate(db)
    for (const s of sessions) {
      await db.query(
        "insert into sessions (token_hash, role, member_id, platform, created_at, expires_at, revoked_at) values ($1, 'member', 'm-1', 'h5', $2, $3, $4)",
        [s.tokenHash, s.expiresAt - 30 * 86_400_000, s.expiresAt, s.revokedAt],
      )
    }
    for (const k of keys) {
      await db.query("insert into idempotency_keys (member_id, key, hash, status, body, created_at) values ('m-1', $1, 'h', 200, '{}', $2)", [k.key, k.createdAt])
    }
    for (const f of loginFailures) await db.query('insert into login_failures (key_hash, failed, until_at) values ($1, 3, $2)', [f.key, f.until])
    let purged: Awaited<ReturnType<typeof purgeExpired>>
    if (rewrittenWhilePurging) {
      const writer = new pg.Client({ connectionString: process.env.DATABASE_URL })
      await writer.connect()
      await writer.query('begin')
      await writer.query("update idempotency_keys set hash = 'fresh', created_at = $2 where member_id = 'm-1' and key = $1", [rewrittenWhilePurging, now])
      const purging = purgeExpired(db, now, { batch })
      for (let i = 0; i < 400; i++) {
        const waiting = await writer.query("select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()")
        if (waiting.rows[0].n >= 1) break
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      await writer.query('commit')
      await writer.end()
      purged = await purging
    } else {
      purged = await purgeExpired(db, now, { batch })
    }
    const left = {
      sessions: (await db.query<{ token_hash: string }>('select token_hash from sessions order by token_hash')).rows.map((r) => r.token_hash),
      keys: (await db.query<{ key: string }>('select key from idempotency_keys order by key')).rows.map((r) => r.key),
      loginFailures: (await db.query<{ key_hash: string }>('select key_hash from login_failures order by key_hash')).rows.map((r) => r.key_hash),
    }
    return { purged, left }
  },
)
