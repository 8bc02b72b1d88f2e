/**
 * `tsx tests/server/support/retried-writes.ts` with DATABASE_URL set (PostgreSQL: PGlite runs one transaction at a
 * time and can neither deadlock nor fail to serialise) and `{"now"}` on stdin: seeds the demo as the server does, then
 * drives writes through the SQL storage's own write path into the failures it retries (tests/server/retried-writes.test.ts):
 *
 *   - a deadlock: two writes each lock one member and then the other's, synchronised so each holds its first lock
 *     when it asks for the second; PostgreSQL aborts one (40P01) and the storage runs it again;
 *   - a serialization failure (40001), raised once by a trigger on `members` as PostgreSQL raises it under
 *     REPEATABLE READ or SERIALIZABLE;
 *   - and one that must not happen: three writes publishing rules (WriteOptions.publishesRules, counting who holds
 *     each tier) queued behind a write under way on the rules — they take their turns, none deadlocks.
 *
 * Prints, as JSON, what each write answered, how many times its work ran, the failures the transactions ended with,
 * and the members' nicknames afterwards (each write appends its tag to the nickname of every member it locked).
 */
import { createLoyaltyBackend } from '../../../mock/app'
import { memoryKvPersistence } from '../../../mock/kv-persistence'
import { defaultRules } from '../../../mock/seed'
import { seededRng } from '../../../src/domain/context'
import type { MemberRecord } from '../../../server/core/records'
import type { WriteScope } from '../../../server/core/port'
import { bulkLoad } from '../../../server/sql/bulk-load'
import { openPostgres, type Db } from '../../../server/sql/db'
import { migrate } from '../../../server/sql/migrate'
import { createSqlStorage } from '../../../server/sql/sql-storage'
import { childScript } from './child'

export interface WriteOutcome {
  /** `<tag> done`, or `failed: <the error>` when the failure reached the caller. */
  answer: string
  /** How many times the write's work ran (1 + the retries). */
  runs: number
}

export interface RetriedWrites {
  deadlock: { writes: WriteOutcome[]; failures: string[]; nicknames: { before: string; after: string }[] }
  /** Three writes publishing rules at once, behind a write under way: how each ended and the failures met. */
  publishes: { writes: WriteOutcome[]; failures: string[] }
  serialization: { write: WriteOutcome; failures: string[]; nickname: { before: string; after: string } }
}

/** A promise and the function that resolves it. */
function signal(): { done: Promise<void>; give: () => void } {
  let give = () => undefined as void
  const done = new Promise<void>((resolve) => (give = resolve))
  return { done, give }
}

childScript(
  () => openPostgres(process.env.DATABASE_URL!, 4),
  async (db, { now }: { now: number }): Promise<RetriedWrites> => {
    await migrate(db)
    const played = await createLoyaltyBackend({ persistence: memoryKvPersistence(), clock: () => now, rng: seededRng(7), config: defaultRules(now) })
    await bulkLoad(db, played.storage)
    const [first, second] = (await db.query<{ member_id: string }>('select member_id from members order by member_id limit 2')).rows.map((r) => r.member_id)

    // The storage's database, recording how each transaction that failed ended (after mapError: RetryableConflict's message).
    let failures: string[] = []
    const watched: Db = {
      ...db,
      async transaction(work) {
        try {
          return await db.transaction(work)
        } catch (e) {
          failures.push((e as Error).message)
          throw e
        }
      },
    }
    const storage = createSqlStorage({ db: watched, clock: () => now })

    /** A write appending `tag` to the nicknames of `ids`, locked in that order; `between` runs after the first lock. */
    async function tagging(tag: string, ids: string[], between: () => Promise<void> = async () => undefined): Promise<WriteOutcome> {
      let runs = 0
      const answer = await storage.write(async (scope: WriteScope) => {
        runs++
        const members: { before: MemberRecord; after: MemberRecord }[] = []
        for (const [i, id] of ids.entries()) {
          const before = await scope.lockMember(id)
          if (!before) throw new Error(`no member ${id}`)
          members.push({ before, after: { ...before, nickname: `${before.nickname}${tag}` } })
          if (i === 0) await between()
        }
        return { result: `${tag} done`, changes: { now, members } }
      }).catch((e: Error) => `failed: ${e.message}`)
      return { answer, runs }
    }
    const nickname = async (id: string) => (await db.query<{ nickname: string }>('select nickname from members where member_id = $1', [id])).rows[0].nickname

    // Each holds its first member's lock before either asks for its second: a deadlock, whoever asks first. (A retry
    // finds both signals given and waits for the other write's commit instead.)
    const before = [await nickname(first), await nickname(second)]
    const aHolds = signal()
    const bHolds = signal()
    const writes = await Promise.all([
      tagging('A', [first, second], async () => {
        aHolds.give()
        await bHolds.done
      }),
      tagging('B', [second, first], async () => {
        bHolds.give()
        await aHolds.done
      }),
    ])
    const deadlock = { writes, failures, nicknames: [{ before: before[0], after: await nickname(first) }, { before: before[1], after: await nickname(second) }] }

    failures = []
    await db.exec(`
      create sequence forced_failures;
      create function fail_once() returns trigger language plpgsql as $$
      begin
        if nextval('forced_failures') = 1 then
          raise exception 'could not serialize access due to concurrent update (forced)' using errcode = 'serialization_failure';
        end if;
        return new;
      end $$;
      create trigger fail_once before update on members for each row execute function fail_once();`)
    const tagged = await nickname(first)
    const write = await tagging('S', [first])
    await db.exec('drop trigger fail_once on members; drop function fail_once(); drop sequence forced_failures;')
    const serialization = { write, failures, nickname: { before: tagged, after: await nickname(first) } }

    // A member write under way (the rules read, not yet committed), then three publishes; the member write commits.
    failures = []
    const underway = await db.transaction(async (q) => {
      await q.query('lock table rules_versions in row share mode')
      const publishing = [1, 2, 3].map(async (n) => {
        let runs = 0
        const answer = await storage
          .write(
            async (scope: WriteScope) => {
              runs++
              await scope.rules()
              await scope.tierSourceCounts()
              return { result: `P${n} done`, changes: { now } }
            },
            { publishesRules: true },
          )
          .catch((e: Error) => `failed: ${e.message}`)
        return { answer, runs }
      })
      for (let i = 0; i < 400; i++) {
        const waiting = await q.query<{ n: string }>("select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()")
        if (Number(waiting.rows[0].n) >= 3) break
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      return publishing
    })
    const publishes = { writes: await Promise.all(underway), failures }
    return { deadlock, serialization, publishes }
  },
)
