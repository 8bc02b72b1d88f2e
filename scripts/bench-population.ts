/**
 * The server benchmark's population (scripts/bench-server.ts): member histories PLAYED through the core's use
 * cases in memory (the mock's key-value storage), like the demo seed, then copied into SQL in bulk
 * (server/sql/bulk-load.ts) and cloned there to reach any number of members.
 *
 * - Templates: `templates` members, each with a history of its own over the last `horizonDays` days, drawn from a
 *   seeded random source: 60% casual (active ~6% of days), 30% regular (~30%), 10% heavy (~75%, ordering every
 *   ~9 days and paying part with points). An active day is one write: open the app, sign in (90%), use the core
 *   feature 0–3 times, sometimes review, claim what tasks allow.
 * - Long histories: members with ≥ 10,000 ledger entries (years of near-daily use): a `spender` who orders daily
 *   and pays with points (few live lots: FIFO spending empties them) and a `hoarder` who never spends (every lot of
 *   the last 12 months is live, and the working set holds them all).
 * - Clones: template `mbr-N` copied as `mbr-M` in SQL (INSERT … SELECT per table), every occurrence of the
 *   member's id in its rows renamed (`mbr-N` in documents, coupon ids `cpn:mbr-N:…`, member-scoped ids
 *   `ord-N-k` / `rd-` / `pr-` / `fb-`), with the invite code the core would give `mbr-M` and the login key
 *   `*:bench-M`. Templates never invite each other, so a member's rows name no other member and a clone is a
 *   consistent member of its own: same history shape, own keys. Clones share their template's dates and amounts
 *   (the tables' sizes and key spread are real; the values repeat every `templates` members).
 *
 * Every member `mbr-N` logs in with code `bench-N` (login key `*:bench-N`, any platform).
 */
import { addDays, businessDateOf, startOfBusinessDay } from '../src/domain/calendar'
import type { RulesConfig } from '../src/domain/config'
import { seededRng, type Rng } from '../src/domain/context'
import { isRuleError } from '../src/domain/errors'
import { inviteCodeFor } from '../src/domain/invites'
import { taskList } from '../src/domain/tasks'
import { createLoyaltyBackend } from '../mock/app'
import { memoryKvPersistence } from '../mock/kv-persistence'
import { CATALOGUE } from '../mock/seed'
import { HttpError } from '../server/core/http'
import type { Core } from '../server/core/pipeline'
import type { MemberTx } from '../server/core/tx'
import { eventOp } from '../server/core/use-cases/events'
import { createOrderOp, payOrderOp, purchaseMembershipOp, quoteFor } from '../server/core/use-cases/orders'
import { drawOp } from '../server/core/use-cases/campaigns'
import { redeemOp } from '../server/core/use-cases/rewards'
import { signinOp } from '../server/core/use-cases/signin'
import { claimTaskOp } from '../server/core/use-cases/tasks'
import type { KvStorage } from '../mock/kv-storage'
import type { Db } from '../server/sql/db'

export interface PopulationOptions {
  /** The instant the histories end at (the benchmark pins the server's clock there). */
  now: number
  rules: RulesConfig
  templates: number
  horizonDays: number
  /** Days of history of the long-history members. */
  longDays: number
  seed?: number
  /**
   * Lifelike behaviour (the seed command, scripts/seed-population.ts): sign-in habit by profile (casual 55%,
   * regular 80%, heavy 95% of active days), dormancy (each member's engagement lasts a geometric number of days,
   * mean 25 / 70 / 200 by profile, after which they come back on ~3% of the days they would have), campaign
   * response (a member draws in a running lottery on an active day with probability 15% / 40% / 70%), and
   * paid plans (8% of heavy members buy the cheapest plan in their second week). Off: the benchmark's population.
   */
  lifelike?: boolean
  /** Whether to play the two long-history members (the benchmark's cost-vs-history figure); default true. */
  longHistories?: boolean
}

export interface Population {
  storage: KvStorage
  /** The templates: member numbers first..first + count − 1 (the long-history members, registered first, before them). */
  templates: { first: number; count: number }
  long: { spender: number; hoarder: number }
  /** Writes played. */
  writes: number
}

type Profile = { name: 'casual' | 'regular' | 'heavy' | 'spender' | 'hoarder'; activity: number; orderEvery: number | null; spendPoints: boolean; coreUses: number; reviews: number }

const PROFILES: Record<Profile['name'], Profile> = {
  casual: { name: 'casual', activity: 0.06, orderEvery: null, spendPoints: false, coreUses: 1, reviews: 0 },
  regular: { name: 'regular', activity: 0.3, orderEvery: 23, spendPoints: false, coreUses: 2, reviews: 0 },
  heavy: { name: 'heavy', activity: 0.75, orderEvery: 9, spendPoints: true, coreUses: 3, reviews: 1 },
  spender: { name: 'spender', activity: 1, orderEvery: 1, spendPoints: true, coreUses: 3, reviews: 5 },
  hoarder: { name: 'hoarder', activity: 1, orderEvery: 1, spendPoints: false, coreUses: 3, reviews: 5 },
}

interface Script {
  id: string
  profile: Profile
  /** Days before `now`. */
  registersDaysAgo: number
  /** Lifelike: days of engagement after registering, then dormant. */
  engagedDays?: number
  /** Lifelike: chance to draw in a running lottery on an active day. */
  campaignAffinity?: number
  /** Lifelike: chance to sign in on an active day. */
  signinHabit?: number
  /** Lifelike: buys a paid plan on the first active day from its second week. */
  buysPlan?: boolean
}

const LIFELIKE: Record<'casual' | 'regular' | 'heavy', { signin: number; engagedMean: number; campaign: number; plan: number }> = {
  casual: { signin: 0.55, engagedMean: 25, campaign: 0.15, plan: 0 },
  regular: { signin: 0.8, engagedMean: 70, campaign: 0.4, plan: 0 },
  heavy: { signin: 0.95, engagedMean: 200, campaign: 0.7, plan: 0.08 },
}

/** A geometric number of days with the given mean (≥ 1). */
function geometric(rng: Rng, mean: number): number {
  return 1 + Math.floor(Math.log(1 - rng()) / Math.log(1 - 1 / mean))
}

function tolerate(fn: () => void): void {
  try {
    fn()
  } catch (e) {
    if (!isRuleError(e) && !(e instanceof HttpError)) throw e
  }
}

async function tolerateAsync(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn()
  } catch (e) {
    if (!isRuleError(e) && !(e instanceof HttpError)) throw e
  }
}

function claimAll(tx: MemberTx): void {
  for (const t of taskList(tx.member.tasks, tx.taskContext(), tx.ctx)) if (t.status === 'claimable') tolerate(() => claimTaskOp(tx, t.id))
}

/** One active day of one member: one write (a refusal by a rule is part of the story, as in the demo seed). */
async function playDay(core: Core, rng: Rng, s: Script, at: number, k: number): Promise<number> {
  let writes = 1
  await core.write(
    at,
    async (work) => {
      const tx = await work.member(s.id, { acting: true })
      tolerate(() => void eventOp(tx, 'app_open'))
      const habit = s.signinHabit ?? 0.9
      if (s.profile.name === 'spender' || s.profile.name === 'hoarder' || rng() < habit) tolerate(() => void signinOp(tx))
      const uses = s.profile.name === 'spender' || s.profile.name === 'hoarder' ? s.profile.coreUses : Math.floor(rng() * (s.profile.coreUses + 1))
      for (let i = 0; i < uses; i++) tolerate(() => void eventOp(tx, 'core_use', `use-${k}-${i}`))
      const reviews = s.profile.reviews >= 5 ? 5 : rng() < 0.05 * s.profile.reviews ? 1 : 0
      for (let i = 0; i < reviews; i++) tolerate(() => void eventOp(tx, 'review', `review-${k}-${i}`))
      if (s.campaignAffinity !== undefined) {
        for (const c of tx.enterable()) if (c.type === 'lottery' && rng() < s.campaignAffinity) await tolerateAsync(() => drawOp(tx, c.id))
        // Now and then a coupon from the points mall, when the balance allows (a benefit used, points spent).
        if (rng() < 0.04) {
          const affordable = tx.rules.mall.items.filter((it) => it.kind === 'coupon' && it.pointsPrice <= tx.balance)
          if (affordable.length) await tolerateAsync(() => redeemOp(tx, affordable[Math.floor(rng() * affordable.length)].id))
        }
      }
      claimAll(tx)
    },
    rng,
  )
  if (s.buysPlan && k <= s.registersDaysAgo - 7) {
    s.buysPlan = false
    writes++
    await core.write(
      at + 300_000,
      async (work) => {
        const tx = await work.member(s.id, { acting: true })
        const plan = [...tx.rules.tiers.paidPlans].sort((a, b) => a.priceFen - b.priceFen)[0]
        if (plan) await tolerateAsync(() => payOrderOp(tx, purchaseMembershipOp(tx, plan.id).id, 'paid'))
      },
      rng,
    )
  }
  if (s.profile.orderEvery && k % s.profile.orderEvery === 0) {
    writes++
    await core.write(
      at + 600_000,
      async (work) => {
        const tx = await work.member(s.id, { acting: true })
        await tolerateAsync(async () => {
          const item = CATALOGUE[Math.floor(rng() * CATALOGUE.length)]
          const lines = [{ sku: item.sku, qty: 1 }]
          const priced = [{ ...lines[0], name: '', priceFen: item.priceFen }]
          // Most members use a coupon they hold when one applies (the coupons' cost and benefit use).
          const couponId = rng() < 0.7 ? quoteFor(tx, priced, undefined, 0).eligibleCoupons[0]?.id : undefined
          const max = quoteFor(tx, priced, couponId, 0).maxPointsUsable
          const points = s.profile.spendPoints && tx.balance >= 300 ? max : 0
          const order = await createOrderOp(tx, lines, couponId, points)
          await payOrderOp(tx, order.id, 'paid')
        })
      },
      rng,
    )
  }
  return writes
}

/** Plays the templates and the long-history members day by day (in time order, like the demo seed). */
export async function playPopulation(options: PopulationOptions): Promise<Population> {
  const { now, rules } = options
  const rng = seededRng(options.seed ?? 20261124)
  const backend = await createLoyaltyBackend({ persistence: memoryKvPersistence(), clock: () => now, rng, config: rules, history: false })
  const { core, storage } = backend
  storage.deferCommits()
  const today = businessDateOf(now, rules.calendar)

  const scripts: Script[] = []
  const pick = (): Profile => {
    const x = rng()
    return x < 0.6 ? PROFILES.casual : x < 0.9 ? PROFILES.regular : PROFILES.heavy
  }
  for (let i = 0; i < options.templates; i++) {
    const s: Script = { id: '', profile: pick(), registersDaysAgo: 2 + Math.floor(rng() * (options.horizonDays - 1)) }
    if (options.lifelike) {
      const l = LIFELIKE[s.profile.name as keyof typeof LIFELIKE]
      s.signinHabit = l.signin
      s.engagedDays = geometric(rng, l.engagedMean)
      s.campaignAffinity = l.campaign
      s.buysPlan = rng() < l.plan
    }
    scripts.push(s)
  }
  if (options.longHistories !== false) {
    // Registered before every template, they leave the templates one run of member numbers (3..T + 2).
    if (options.longDays <= options.horizonDays) throw new Error('the long histories must start before the horizon')
    scripts.push({ id: '', profile: PROFILES.spender, registersDaysAgo: options.longDays }, { id: '', profile: PROFILES.hoarder, registersDaysAgo: options.longDays })
  }

  // In time order, day by day: that day's registrations (09:00, in script order), then its active members' writes
  // by the clock. A write starts with what is due (a leaderboard settles at the first write after its end, on the
  // earnings played before it), so nothing may be played out of order.
  const register = (at: number) =>
    core.write(
      at,
      async (work) => {
        const tx = await work.register({ platform: 'h5' })
        work.logins.push({ key: `*:bench-${tx.member.id.slice(4)}`, memberId: tx.member.id })
        return tx.member.id
      },
      rng,
    )
  let writes = 0
  const first = Math.max(...scripts.map((s) => s.registersDaysAgo))
  for (let k = first; k >= 0; k--) {
    const dayStart = startOfBusinessDay(addDays(today, -k), rules.calendar)
    for (const s of scripts) {
      if (s.registersDaysAgo !== k) continue
      s.id = await register(dayStart + 9 * 3_600_000)
      writes++
    }
    if (k === 0) break
    const day: { s: Script; at: number }[] = []
    for (const s of scripts) {
      if (k > s.registersDaysAgo) continue
      const dormant = s.engagedDays !== undefined && s.registersDaysAgo - k > s.engagedDays
      if (rng() >= s.profile.activity * (dormant ? 0.03 : 1)) continue
      day.push({ s, at: k === s.registersDaysAgo ? dayStart + 10 * 3_600_000 : dayStart + (10 + Math.floor(rng() * 10)) * 3_600_000 })
    }
    day.sort((a, b) => a.at - b.at)
    for (const { s, at } of day) writes += await playDay(core, rng, s, at, k)
  }
  await storage.flush()
  const number = (id: string) => Number(id.slice(4))
  const long = options.longHistories !== false ? { spender: number(scripts.at(-2)!.id), hoarder: number(scripts.at(-1)!.id) } : { spender: 0, hoarder: 0 }
  return { storage, templates: { first: long.spender === 1 ? 3 : 1, count: options.templates }, long, writes }
}

/** Tables a clone copies (the member's own rows; lookups and sessions are made for it, replays are not copied). */
const NOT_CLONED = new Set(['member_logins', 'invite_codes', 'sessions', 'idempotency_keys', 'invites', 'invites_sent', 'platform_sessions'])

interface Column {
  name: string
  type: string
  generated: boolean
}

/**
 * Renames a template's id (and its member-scoped ids) to the clone's, in a text value. Plain `replace` (an order of
 * magnitude cheaper than a regular expression over every document) on the forms the ids take in the rows: a whole
 * JSON string `"mbr-N"`, a coupon id `cpn:mbr-N:…`, member-scoped ids `"ord-N-k"` (and rd-, pr-, fb-).
 */
const REWRITE = (expr: string) => {
  let out = `replace(replace(${expr}, '"' || m.old_id || '"', '"' || m.new_id || '"'), ':' || m.old_id || ':', ':' || m.new_id || ':')`
  for (const prefix of ['ord', 'rd', 'pr', 'fb']) out = `replace(${out}, '"${prefix}-' || m.old_n || '-', '"${prefix}-' || m.new_n || '-')`
  return out
}

/** A column's own value: a text column holds the id bare (`member_id` aside), e.g. `order_id = 'ord-N-k'`. */
const REWRITE_BARE = (expr: string) => `trim(both '"' from ${REWRITE(`'"' || ${expr} || '"'`)})`

/**
 * Copies the template members as members `from..to` (member numbers), in batches of `batch` members: clone number
 * M copies template first + ((M - from) mod count).
 */
export async function cloneMembers(db: Db, templates: Population['templates'], from: number, to: number, onProgress?: (done: number) => void, batch = 5000): Promise<void> {
  const cols = await db.query<{ table_name: string; column_name: string; data_type: string; is_identity: string; is_generated: string; ordinal_position: number }>(
    `select table_name, column_name, data_type, is_identity, is_generated, ordinal_position from information_schema.columns
      where table_schema = current_schema() and table_name in (
        select table_name from information_schema.columns where table_schema = current_schema() and column_name = 'member_id')
      order by table_name, ordinal_position`,
  )
  const tables = new Map<string, Column[]>()
  for (const c of cols.rows) {
    if (NOT_CLONED.has(c.table_name)) continue
    const list = tables.get(c.table_name) ?? []
    list.push({ name: c.column_name, type: c.data_type, generated: c.is_identity === 'YES' || c.is_generated === 'ALWAYS' })
    tables.set(c.table_name, list)
  }
  for (let start = from; start <= to; start += batch) {
    const end = Math.min(to, start + batch - 1)
    const map: { old_id: string; old_n: number; new_id: string; new_n: number; code: string }[] = []
    for (let n = start; n <= end; n++) {
      const t = ((n - from) % templates.count) + templates.first
      map.push({ old_id: `mbr-${t}`, old_n: t, new_id: `mbr-${n}`, new_n: n, code: inviteCodeFor(`mbr-${n}`) })
    }
    const mapping = `m as (select * from jsonb_to_recordset($1::jsonb) as x(old_id text, old_n int, new_id text, new_n int, code text))`
    await db.transaction(async (q) => {
      const param = [JSON.stringify(map)]
      for (const [table, columns] of tables) {
        const copied = columns.filter((c) => !c.generated)
        const select = copied.map((c) => {
          if (c.name === 'member_id') return 'm.new_id'
          if (table === 'members' && c.name === 'invite_code') return 'm.code'
          if (table === 'members' && c.name === 'doc') return `jsonb_set(${REWRITE('t.doc::text')}::jsonb, '{inviteCode}', to_jsonb(m.code))::json`
          if (c.type === 'jsonb' || c.type === 'json') return `${REWRITE(`t.${c.name}::text`)}::${c.type}`
          if (c.type === 'text') return `case when t.${c.name} is null then null else ${REWRITE_BARE(`t.${c.name}`)} end`
          return `t.${c.name}`
        })
        await q.query(`with ${mapping} insert into ${table} (${copied.map((c) => c.name).join(', ')}) select ${select.join(', ')} from ${table} t join m on t.member_id = m.old_id`, param)
      }
      await q.query(`with ${mapping} insert into member_logins (login_key, member_id) select '*:bench-' || m.new_n, m.new_id from m`, param)
      await q.query(`with ${mapping} insert into invite_codes (code, member_id) select m.code, m.new_id from m`, param)
    })
    onProgress?.(end - from + 1)
  }
  // What was given out of the mall's items and the lotteries' limited prizes counts the clones' too (each redemption
  // and win took one, and none comes back): copied rows alone left the console's 已发出 at the templates' count.
  await db.transaction(async (q) => {
    await q.query('update reward_stock s set taken = (select count(*) from redemptions r where r.item_id = s.reward_id)', [])
    await q.query(
      `update prize_stock s set taken = (select count(*) from lottery_draws d where d.campaign_id = s.campaign_id and d.doc->>'prizeId' = s.prize_id)`,
      [],
    )
  })
  await db.query("select setval('member_numbers', greatest((select last_value from member_numbers), $1::bigint))", [to])
  // The metrics roll-up is derived from the rows just multiplied: it is built again on the next read.
  await db.query('delete from metric_day_sets')
}
