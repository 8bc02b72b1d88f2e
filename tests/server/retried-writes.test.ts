/**
 * The failures the SQL storage retries (server/sql/db.ts `mapError` → RetryableConflict, run again by the storage's
 * write loop), forced for real on PostgreSQL through the storage's own write path (tests/server/support/retried-writes.ts):
 * a deadlock between two writes that lock two members in opposite orders, and a serialization failure. Each write
 * completes, with its effect once, and no error reaches the caller. PGlite runs one transaction at a time: neither
 * can happen there.
 */
import { runScript } from './support/databases'
import { describeWithPostgres, startPostgres, type PostgresDatabase } from './support/postgres'
import type { RetriedWrites } from './support/retried-writes'
import { PINNED_NOW } from './support/server-process'

describeWithPostgres('writes PostgreSQL aborts, run again', () => {
  let pg: PostgresDatabase
  let out: RetriedWrites

  beforeAll(async () => {
    pg = await startPostgres({ fast: true })
    out = await runScript<RetriedWrites>('tests/server/support/retried-writes.ts', { now: Date.parse(PINNED_NOW) }, { env: { DATABASE_URL: pg.url } })
  }, 120_000)

  afterAll(async () => {
    await pg?.stop()
  })

  test('a deadlock (40P01): one of the two writes is aborted and run again; both complete, each effect once', () => {
    const { writes, failures, nicknames } = out.deadlock
    expect(writes.map((w) => w.answer)).toEqual(['A done', 'B done'])
    expect(writes.map((w) => w.runs).sort()).toEqual([1, 2])
    expect(failures).toEqual([expect.stringMatching(/^40P01: deadlock detected/)])
    // Each write tagged both members once, in whichever order they committed.
    for (const { before, after } of nicknames) expect([`${before}AB`, `${before}BA`]).toContain(after)
  })

  test('writes publishing rules at once, behind a write under way, take their turns: none deadlocks or runs twice', () => {
    const { writes, failures } = out.publishes
    expect(writes).toEqual([1, 2, 3].map((n) => ({ answer: `P${n} done`, runs: 1 })))
    expect(failures).toEqual([])
  })

  test('a serialization failure (40001): the write is run again and completes, its effect once', () => {
    const { write, failures, nickname } = out.serialization
    expect(write).toEqual({ answer: 'S done', runs: 2 })
    expect(failures).toEqual([expect.stringMatching(/^40001: could not serialize access/)])
    expect(nickname.after).toBe(`${nickname.before}S`)
  })
})
