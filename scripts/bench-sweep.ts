/**
 * `npm run bench:sweep`: what the reminder sweep's pre-filter (`remindable`, server/sql/sql-storage.ts) costs on a
 * brand's database, on PGlite and (when one is available, see tests/server/support/postgres.ts) PostgreSQL. Prints
 * figures; not a test. Options: `--members 100000` `--lots 40` `--db pglite,postgres`.
 *
 * A synthetic population written in SQL (the pre-filter reads columns and indexes, not documents): each member
 * has `--lots` lots with points left expiring over the next year (a year of sign-ins), coupons valid over the next
 * two months (half used), an earned tier whose period ends on a day of the next year, and was last written on one of
 * the last 60 days. Timed: paging through every member the sweep would write on its first run after a start (the
 * catch-up), then one run once they are all up to date (what every later sweep of the day pays), the same a day
 * later, and a sweep after a restart when everyone is up to date.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { defaultRules } from '../mock/seed'
import { addDays } from '../src/domain/calendar'
import { EARNED_TIER_NOTICE_DAYS } from '../src/domain/tiers'
import { expiryDue, SWEEP_PAGE } from '../server/core/reminder-sweep'
import { openPglite, openPostgres, type Db } from '../server/sql/db'
import { migrate } from '../server/sql/migrate'
import { createSqlStorage } from '../server/sql/sql-storage'
import { postgresAvailability, startPostgres } from '../tests/server/support/postgres'

const DAY = 86_400_000
/** 10:00 in Shanghai. */
const T0 = Date.parse('2027-03-10T10:00:00+08:00')

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback
}
const MEMBERS = Number(arg('members', '100000'))
const LOTS = Number(arg('lots', '40'))
const DATABASES = arg('db', 'pglite,postgres').split(',')

async function populate(db: Db): Promise<void> {
  await migrate(db)
  const t0 = Date.now()
  await db.query(
    `insert into members (member_id, nickname, invite_code, platform, registered_at, doc, refreshed_at)
     select 'm' || lpad(i::text, 8, '0'), '会员', 'C' || i, 'weapp', to_timestamp($2::bigint / 1000.0) - interval '400 days',
            json_build_object('tier', json_build_object('earned', json_build_object('tierId', 'silver', 'expiresOn', (date '2027-03-11' + (i * 7919) % 365)::text))),
            $2::bigint - ((i * 31) % 60) * ${DAY}::bigint
       from generate_series(1, $1::int) i`,
    [MEMBERS, T0],
  )
  await db.query(
    `insert into point_lots (member_id, lot_no, remaining, expires_at, earned_on, doc)
     select 'm' || lpad(i::text, 8, '0'), j, 10, $3::bigint + ((i * 7 + j * 9) % 365) * ${DAY}::bigint, date '2026-03-10', '{}'::json
       from generate_series(1, $1::int) i, generate_series(1, $2::int) j`,
    [MEMBERS, LOTS, T0 + 14 * 3600_000],
  )
  await db.query(
    `insert into coupons (member_id, coupon_id, issued_at, used_at, doc)
     select 'm' || lpad(i::text, 8, '0'), 'c-' || j, to_timestamp($2::bigint / 1000.0) - interval '10 days',
            case when (i + j) % 2 = 0 then to_timestamp($2::bigint / 1000.0) else null end,
            jsonb_build_object('validTo', (date '2027-03-10' + (i * 13 + j * 5) % 60)::text)
       from generate_series(1, $1::int) i, generate_series(1, 3) j`,
    [MEMBERS, T0],
  )
  await db.exec('analyze')
  console.log(`  ${MEMBERS.toLocaleString('en')} members, ${(MEMBERS * LOTS).toLocaleString('en')} lots, ${(MEMBERS * 3).toLocaleString('en')} coupons written in ${((Date.now() - t0) / 1000).toFixed(0)} s`)
}

/** Every id the pre-filter returns at `now`, a page at a time as the sweep asks; and how long that took. */
async function walk(db: Db, now: number, since: number | null): Promise<{ ids: string[]; ms: number; pages: number }> {
  const rules = defaultRules(T0)
  const storage = createSqlStorage({ db, clock: () => now })
  const expiry = expiryDue(now, rules, since)
  const ids: string[] = []
  let pages = 0
  const t0 = performance.now()
  for (let after: string | null = null; ; ) {
    const page = await storage.read((scope) => scope.remindable({ campaignIds: [], expiry, after, limit: SWEEP_PAGE }))
    pages++
    ids.push(...page)
    if (page.length < SWEEP_PAGE) break
    after = page[page.length - 1]
  }
  return { ids, ms: performance.now() - t0, pages }
}

/**
 * What the sweep's writes would leave: the members brought up to date at `now`, their coupons reminded, a period that
 * ended re-evaluated, one ending within 30 days looked at for its 保级提醒 (tiers.ts earnedTierNotice).
 */
async function bringUpToDate(db: Db, ids: string[], now: number): Promise<void> {
  const today = new Date(now + 8 * 3600_000).toISOString().slice(0, 10)
  await db.query('update members set refreshed_at = $2 where member_id = any($1::text[])', [ids, now])
  await db.query(
    `update members set doc = json_build_object('tier', json_build_object('earned', json_build_object('tierId', 'silver', 'expiresOn', '2028-03-01')))
      where member_id = any($1::text[]) and tier->'earned'->>'expiresOn' <= $2`,
    [ids, today],
  )
  await db.query(
    `update members set doc = jsonb_set(doc::jsonb, '{tier,earned,noticed}', 'true'::jsonb)
      where member_id = any($1::text[]) and tier->'earned'->>'expiresOn' <= $2`,
    [ids, addDays(today, EARNED_TIER_NOTICE_DAYS)],
  )
  await db.query("update coupons set doc = doc || '{\"remindedAt\": \"x\"}' where member_id = any($1::text[]) and used_at is null", [ids])
  await db.query('update point_lots set remaining = 0 where member_id = any($1::text[]) and expires_at < $2', [ids, now])
}

async function bench(label: string, db: Db): Promise<void> {
  console.log(`\n${label}`)
  await populate(db)
  let since: number | null = null
  for (const [name, now] of [
    ['day 1, after a restart', T0],
    ['day 2', T0 + DAY],
  ] as const) {
    const first = await walk(db, now, since)
    console.log(`  ${name}, first sweep: ${first.ids.length.toLocaleString('en')} members to write, found in ${first.pages} pages, ${(first.ms / 1000).toFixed(2)} s`)
    await bringUpToDate(db, first.ids, now)
    since = now
    const idle = await walk(db, now + 600_000, since)
    console.log(`  ${name}, every later sweep: ${idle.ids.length} members, ${idle.ms.toFixed(0)} ms`)
  }
  const restart = await walk(db, T0 + DAY + 1_200_000, null)
  console.log(`  day 2, a sweep after a restart (every lot close to expiry looked at): ${restart.ids.length} members, ${restart.ms.toFixed(0)} ms`)
}

async function main(): Promise<void> {
  const cpus = os.cpus()
  console.log(`bench:sweep — ${cpus.length} cores (${cpus[0]?.model ?? '?'}), Node ${process.version}; ${MEMBERS.toLocaleString('en')} members × ${LOTS} lots`)
  for (const kind of DATABASES) {
    if (kind === 'pglite') {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-sweep-'))
      const db = await openPglite(dir)
      try {
        await bench('PGlite', db)
      } finally {
        await db.close()
        rmSync(dir, { recursive: true, force: true })
      }
    } else {
      const found = postgresAvailability()
      if (!found.available) {
        console.log(`\nPostgreSQL: skipped — ${found.reason}`)
        continue
      }
      const pg = await startPostgres({})
      const db = await openPostgres(pg.url)
      try {
        await bench('PostgreSQL', db)
      } finally {
        await db.close()
        await pg.stop()
      }
    }
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
