/**
 * `npm run seed:population -- --members 50000 --days 120`: fills the server's database (PGlite in DATA_DIR, default
 * .data/, or PostgreSQL with DATABASE_URL) with a synthetic population for the operator dashboard (SPEC §2.11, §8).
 *
 * Nothing is written as numbers into tables: `--templates` members (default min(members, 2000)) are PLAYED day by
 * day through the core's use cases in memory (scripts/bench-population.ts, lifelike behaviour: sign-in habits,
 * dormancy, lottery response, orders, paid plans), bulk-copied into SQL (server/sql/bulk-load.ts) — their daily
 * metrics aggregates included, as each write produced them — and cloned in SQL up to `--members` (clone M copies
 * template ((M − T − 1) mod T) + 1 with its own ids, so dates and amounts repeat every T members). The dashboard's
 * roll-up of the complete days is built at the end, as the first dashboard read would.
 *
 * The rules are the server's defaults with the demo's campaigns, plus two earlier lotteries (spring, summer) so
 * per-campaign figures spread over the horizon. The histories end at `--now` (default: the wall clock), which is
 * when the server should run for the dashboard to show them as recent. Refuses a database that has members unless
 * `--reset` (which empties it).
 *
 * Options: --members N --days D --templates T --seed S --now ISO --reset --data-dir DIR (instead of DATA_DIR)
 */
import { addDays, businessDateOf, startOfBusinessDay, toIso } from '../src/domain/calendar'
import type { CampaignDefinition } from '../src/domain/campaigns'
import type { RulesConfig } from '../src/domain/config'
import { defaultRules } from '../mock/seed'
import { hashPassword } from '../server/auth'
import { readConfig } from '../server/config'
import { openDatabase } from '../server/backend'
import { bulkLoad, truncateAll } from '../server/sql/bulk-load'
import { vacuum } from '../server/sql/maintenance'
import { migrate } from '../server/sql/migrate'
import { rollUpMetrics } from '../server/sql/sql-storage'
import type { Db } from '../server/sql/db'
import { cloneMembers, playPopulation } from './bench-population'

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 && process.argv[i + 1] && !process.argv[i + 1].startsWith('--') ? process.argv[i + 1] : fallback
}

/** The server's default rules with the demo's campaigns and two lotteries earlier in the horizon. */
export function populationRules(now: number, days: number): RulesConfig {
  const rules = defaultRules(now)
  const wheel = rules.campaigns.find((c) => c.type === 'lottery')
  if (!wheel) return rules
  const today = businessDateOf(now, rules.calendar)
  const day = (offset: number) => toIso(startOfBusinessDay(addDays(today, offset), rules.calendar))
  const extra: CampaignDefinition[] = []
  const spans: [string, string, number][] = [
    ['spring-wheel', '春季幸运转盘', Math.round(days * 0.75)],
    ['summer-wheel', '夏季幸运转盘', Math.round(days * 0.4)],
  ]
  for (const [id, name, ago] of spans) {
    if (ago < 20) continue
    extra.push({ ...wheel, id, name, startsAt: day(-ago), endsAt: day(-ago + 14) })
  }
  return { ...rules, campaigns: [...rules.campaigns, ...extra] }
}

export interface SeedOptions {
  members: number
  days: number
  templates: number
  now: number
  seed?: number
  log?: (line: string) => void
}

/** Plays, copies and clones the population into an empty, migrated database. */
export async function seedPopulation(db: Db, o: SeedOptions): Promise<{ writes: number; playedMs: number; loadedMs: number; clonedMs: number; rolledMs: number }> {
  const log = o.log ?? (() => undefined)
  const rules = populationRules(o.now, o.days)
  let t = Date.now()
  const population = await playPopulation({ now: o.now, rules, templates: o.templates, horizonDays: o.days, longDays: 0, longHistories: false, lifelike: true, seed: o.seed })
  const playedMs = Date.now() - t
  log(`played ${o.templates} members over ${o.days} days: ${population.writes} writes in ${(playedMs / 1000).toFixed(1)} s`)
  t = Date.now()
  await bulkLoad(db, population.storage)
  const loadedMs = Date.now() - t
  log(`copied into SQL in ${(loadedMs / 1000).toFixed(1)} s`)
  t = Date.now()
  if (o.members > o.templates) {
    await cloneMembers(db, population.templates, o.templates + 1, o.members, (done) => log(`cloned ${done} / ${o.members - o.templates}`))
  }
  const clonedMs = Date.now() - t
  t = Date.now()
  await rollUpMetrics(db, businessDateOf(o.now, rules.calendar))
  const rolledMs = Date.now() - t
  log(`metrics roll-up of the complete days in ${(rolledMs / 1000).toFixed(1)} s`)
  // Millions of rows arrived at once: the planner's statistics, and the visibility map the index-only scans need
  // (PostgreSQL's autovacuum would take its time; PGlite has none — server/sql/maintenance.ts).
  t = Date.now()
  await vacuum(db)
  log(`vacuum (analyze) in ${((Date.now() - t) / 1000).toFixed(1)} s`)
  return { writes: population.writes, playedMs, loadedMs, clonedMs, rolledMs }
}

const OPTIONS = ['--members', '--days', '--templates', '--seed', '--now', '--reset', '--data-dir']

async function main(): Promise<void> {
  const members = Number(arg('members', '50000'))
  const days = Number(arg('days', '120'))
  const templates = Number(arg('templates', String(Math.min(members, 2000))))
  const now = arg('now', '') ? Date.parse(arg('now', '')) : Date.now()
  const usage = 'usage: npm run seed:population -- --members N --days D [--templates T] [--seed S] [--now ISO] [--reset] [--data-dir DIR]'
  const unknown = process.argv.slice(2).filter((a) => a.startsWith('--') && !OPTIONS.includes(a))
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(' ')}; ${usage}`)
  if (!Number.isInteger(members) || members < 1 || !Number.isInteger(days) || days < 2 || !Number.isInteger(templates) || templates < 1 || Number.isNaN(now)) {
    throw new Error(usage)
  }
  const dataDir = arg('data-dir', '')
  const cfg = readConfig(dataDir ? { ...process.env, DATA_DIR: dataDir } : process.env)
  const db = await openDatabase(cfg)
  try {
    await migrate(db)
    const has = (await db.query('select 1 from members limit 1')).rows.length > 0 || (await db.query('select 1 from rules_versions limit 1')).rows.length > 0
    if (has && !process.argv.includes('--reset')) throw new Error(`the database (${cfg.databaseUrl ? 'DATABASE_URL' : cfg.dataDir}) is not empty: pass --reset to empty it first`)
    if (has) await truncateAll(db)
    const started = Date.now()
    await seedPopulation(db, { members, days, templates: Math.min(templates, members), now, seed: Number(arg('seed', '20261201')), log: (l) => console.log(l) })
    // The server bootstraps its first admin only on an empty database: this one is no longer empty.
    if (cfg.adminUsername && cfg.adminPassword) {
      await db.query(`insert into operators (operator_id, username, display_name, role, password_hash) select $1, $2, $2, 'admin', $3 where not exists (select 1 from operators)`, [
        'op-1',
        cfg.adminUsername,
        await hashPassword(cfg.adminPassword),
      ])
    }
    console.log(`seeded ${members} members over ${days} days ending ${toIso(now)} in ${((Date.now() - started) / 1000).toFixed(1)} s (${cfg.databaseUrl ? 'PostgreSQL' : `PGlite in ${cfg.dataDir}`})`)
  } finally {
    await db.close()
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e)
    process.exit(1)
  })
}
