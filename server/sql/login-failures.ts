/**
 * The console's wrong passwords, counted in the database (migration 030) for LoginThrottle: every server instance on
 * one database sees the same count, and a restart keeps it. Keys are stored as their SHA-256.
 */
import { createHash } from 'node:crypto'
import type { Failures, FailureStore } from '../http/login-throttle'
import type { Queryable } from './db'

const hash = (key: string) => createHash('sha256').update(key).digest('hex')
const failures = (row: { failed: number | string; until_at: number | string }): Failures => ({ failed: Number(row.failed), until: Number(row.until_at) })

export function sqlFailureStore(db: Queryable): FailureStore {
  return {
    async read(key, now) {
      const r = await db.query<{ failed: number; until_at: string }>('select failed, until_at from login_failures where key_hash = $1 and until_at > $2', [hash(key), now])
      return r.rows[0] ? failures(r.rows[0]) : null
    },
    async add(key, now, windowMs) {
      // A window that has ended starts again at this failure.
      const r = await db.query<{ failed: number; until_at: string }>(
        `insert into login_failures (key_hash, failed, until_at) values ($1, 1, $3) on conflict (key_hash) do update set
           failed = case when login_failures.until_at <= $2 then 1 else login_failures.failed + 1 end,
           until_at = case when login_failures.until_at <= $2 then excluded.until_at else login_failures.until_at end
         returning failed, until_at`,
        [hash(key), now, now + windowMs],
      )
      return failures(r.rows[0])
    },
    async clear(key) {
      await db.query('delete from login_failures where key_hash = $1', [hash(key)])
    },
  }
}
