/**
 * The storage port on PostgreSQL (PGlite or a server): one transaction per write, the member rows it changes
 * locked first (`FOR NO KEY UPDATE`), only the rows a write created or changed written (working-set.ts tells
 * which), unique keys as the second guard behind the lock, stock taken with a conditional UPDATE. Hand-written
 * SQL through `pg` / PGlite's query API: the statements are few and fixed, and each is visible as written.
 */
import type { Product } from '../../src/api/contract'
import { addDays, addMonths, businessDateOf, type BusinessDate } from '../../src/domain/calendar'
import type { CampaignDefinition } from '../../src/domain/campaigns'
import type { RulesConfig } from '../../src/domain/config'
import type { Coupon, CouponHistoryList } from '../../src/domain/coupons'
import type { LotteryDrawRecord } from '../../src/domain/lottery'
import type { MessageState, MessageTemplateId, Notification } from '../../src/domain/messages'
import type { ReminderState } from '../../src/domain/reminders'
import type { MetricsAggregates, MetricsDay, MetricsFirstKind } from '../../src/domain/metrics'
import { LOTS_WINDOW_MIN, lotsWindow, type LedgerEntry, type Lot, type PointsState } from '../../src/domain/points'
import type { SigninRecord } from '../../src/domain/signin'
import { TIER_METRICS, type MemberMetrics, type TierSources } from '../../src/domain/tiers'
import { RetryableConflict, UniqueViolation, type Changes, type ReadScope, type Storage, type WriteScope } from '../core/port'
import type { AdjustmentRecord, Answer, AuditRecord, DayMetrics, FeedbackRecord, MemberRecord, OperatorRecord, OrderRecord, PrivacyRequestRecord, Redemption, RulesVersionRecord, SessionRecord, TierChangeRecord } from '../core/records'
import { NotLoaded } from '../../src/domain/errors'
import { versionInForce } from '../../src/domain/rules-versions'
import { historyChanges, metricsWindowStart, signinWindowStart, trimWorkingSet } from '../core/working-set'
import type { Db, Queryable } from './db'
import { IDEMPOTENCY_TTL_MS } from '../core/limits'
import { memberIdOf, memberNumberOf } from '../core/member-ids'

/**
 * PGlite: how long the rules versions are cached before they are read again (a publish here refreshes at once, and
 * no other process opens the data directory). PostgreSQL checks them on every read and write instead (`VERSIONS_SEEN`).
 */
const RULES_CACHE_MS = 2000
/**
 * Which rules versions exist, in one cheap statement over a table of a few rows: the newest version number (a save
 * adds one) and how many are not cancelled (a cancellation takes one away; nothing is ever deleted or uncancelled).
 */
const VERSIONS_SEEN = `(select coalesce(max(version_no), 0) || ':' || count(*) filter (where cancelled_at is null) from rules_versions)`
const MAX_ATTEMPTS = 5
/**
 * Keys that writes not serialised by a member lock may race for; the loser is rolled back whole and run again,
 * and then sees the winner's row: a new operator account's id or username (newOperators, port.ts), the next rules
 * version's number (→ RULES_BASE_OUTDATED, or the version after it), an operator's Idempotency-Key (→ the replay), a
 * new member's login key (two first logins at once — two pages of a first launch: → the member the other created).
 */
const RACED_KEYS = new Set(['operators_pkey', 'operators_username_key', 'operators_username_lower', 'rules_versions_pkey', 'idempotency_keys_pkey', 'member_logins_pkey', 'invite_codes_pkey'])

/** An ISO instant as the domain writes it (`toIso`), from a timestamptz. */
const ISO = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/** What each coupon list (`CouponHistoryList`) is ordered by, and which coupons are in it (`today` is $5). */
const COUPON_LISTS: Record<CouponHistoryList, { key: string; where: string }> = {
  used: { key: `(doc->>'usedAt')`, where: 'used_at is not null' },
  expired: { key: `(doc->>'validTo')`, where: `used_at is null and doc->>'validTo' < $5 collate "C"` },
  issued: { key: `(doc->>'issuedAt')`, where: 'true' },
}

/**
 * A nickname (or what is searched for) in lower case as JavaScript folds it — the embedded demo's search too — whatever
 * the database's locale (lower() folds only ASCII under the C locale): members.nickname_folded.
 */
export function foldedNickname(text: string): string {
  return text.toLowerCase()
}

function numberOf(id: string): number {
  return Number(id.slice(id.lastIndexOf('-') + 1)) || 0
}

/** The member an adjustment belongs to: its id is `adj-<member number>-<k>`. */
function memberOfAdjustment(id: string): string | null {
  const m = /^adj-(\d+)-\d+$/.exec(id)
  return m ? memberIdOf(Number(m[1])) : null
}

const VERSION_COLUMNS = `version_no, note, created_by, ${ISO('created_at')} as created_at, ${ISO('effective_at')} as effective_at,
  case when cancelled_at is null then null else ${ISO('cancelled_at')} end as cancelled_at, cancelled_by, (document->>'version')::int as rules_version`

interface VersionRow {
  version_no: string
  note: string
  created_by: string
  created_at: string
  effective_at: string
  cancelled_at: string | null
  cancelled_by: string | null
  rules_version: number
}

const versionOf = (r: VersionRow): RulesVersionRecord => ({
  versionNo: Number(r.version_no),
  note: r.note,
  createdBy: r.created_by,
  createdAt: r.created_at,
  effectiveAt: r.effective_at,
  cancelledAt: r.cancelled_at,
  cancelledBy: r.cancelled_by,
  rulesVersion: r.rules_version,
})

interface OperatorRow {
  operator_id: string
  username: string
  display_name: string
  role: OperatorRecord['role']
  password_hash: string
  created_at: string
  disabled_at: string | null
}

interface PrivacyRow extends AnswerRow {
  member_id: string
  request_id: string
  kind: 'export' | 'deletion'
  at: string
  request_no: string | null
}

/** The answer columns of privacy_requests and feedback (migrations 010, 011). */
interface AnswerRow {
  handled_at: string | null
  handled_by: string | null
  reply: string | null
}

const ANSWER_COLUMNS = `${ISO('handled_at')} as handled_at, handled_by, reply`
const answerOf = (r: AnswerRow): Answer | null => (r.handled_at === null ? null : { at: r.handled_at, by: r.handled_by ?? '', reply: r.reply ?? '' })

const PRIVACY_COLUMNS = `member_id, request_id, kind, ${ISO('at')} as at, request_no, ${ANSWER_COLUMNS}`

const privacyOf = (r: PrivacyRow): PrivacyRequestRecord => ({
  id: r.request_id,
  memberId: r.member_id,
  kind: r.kind,
  at: r.at,
  ...(r.request_no ? { requestNo: r.request_no } : {}),
  handled: answerOf(r),
})

interface FeedbackRow extends AnswerRow {
  member_id: string
  feedback_id: string
  content: string
  contact: string | null
  at: string
}

const FEEDBACK_COLUMNS = `member_id, feedback_id, content, contact, ${ISO('at')} as at, ${ANSWER_COLUMNS}`

const feedbackOf = (r: FeedbackRow): FeedbackRecord => ({
  id: r.feedback_id,
  memberId: r.member_id,
  content: r.content,
  contact: r.contact,
  at: r.at,
  handled: answerOf(r),
})

/**
 * A queue across members of what they asked (privacy_requests, feedback): open rows by when they were made, oldest
 * first; answered rows by when they were answered, newest first — each from after the cursor ($2, $3), $1 rows.
 */
function answeredQueueSql(table: string, id: string, columns: string, answered: boolean): string {
  return answered
    ? `select ${columns} from ${table} where handled_at is not null
         and ($2::timestamptz is null or (handled_at, ${id}) < ($2::timestamptz, $3::text))
       order by handled_at desc, ${id} desc limit $1`
    : `select ${columns} from ${table} where handled_at is null
         and ($2::timestamptz is null or (at, ${id}) > ($2::timestamptz, $3::text))
       order by at, ${id} limit $1`
}

const queueParams = (f: { limit: number; after?: { at: string; id: string } }) => [f.limit, f.after?.at ?? null, f.after?.id ?? null]

const OPERATOR_COLUMNS = `operator_id, username, display_name, role, password_hash, ${ISO('created_at')} as created_at,
  case when disabled_at is null then null else ${ISO('disabled_at')} end as disabled_at`

const operatorOf = (r: OperatorRow): OperatorRecord => ({
  id: r.operator_id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  passwordHash: r.password_hash,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
})

export interface SqlStorageOptions {
  db: Db
  /** The core's clock: which rules version is in force depends on it (scheduled versions). */
  clock: () => number
  /** The least number of live lots a working set loads (default `LOTS_WINDOW_MIN`; tests set it low). */
  lotsWindowMin?: number
  /** Queue subscription messages in `message_outbox` for delivery (only when something delivers them: server/messaging). */
  outbox?: boolean
}

export interface SqlStorage extends Storage {
  readonly db: Db
  /** Forget the cached rules (after a publish or a reset). */
  invalidateRules(): void
}

/**
 * The member row's document: the working set without what lives in its own tables — lots, ledger, notifications and
 * the daily tier metrics (`member_days`: 13 months of days would be most of a long-standing member's document,
 * rewritten by every write).
 */
function memberDoc(m: MemberRecord): MemberRecord {
  const { unloaded: _, ...points } = m.points
  const { metricsCarried: __, ...rest } = m
  return { ...rest, points: { ...points, lots: [], ledger: [] }, messages: { ...m.messages, notifications: [] }, metricsByDay: {} }
}

/** The member's `subscriptions` column (migration 012): what the reminder sweep filters members by. */
export function subscriptionsOf(m: MemberRecord): { quota: MessageState['quota']; reminded: ReminderState } {
  return { quota: m.messages.quota, reminded: m.messages.reminded ?? {} }
}

/**
 * The member's daily tier metrics from `$2` on, as the working set's `metricsByDay`. A json object, not jsonb: the
 * dates are unique already, and building a jsonb object (keys sorted and deduplicated) took twice as long.
 */
const DAYS_OF_WINDOW = `coalesce((select json_object_agg(to_char(d.business_date, 'YYYY-MM-DD'), d.metrics) from member_days d
                                   where d.member_id = $1 and d.business_date >= $2), '{}')`

const daySums = (filter: string) =>
  `json_build_object(${TIER_METRICS.map((k) => `'${k}', coalesce(sum(d.m_${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)})${filter}, 0)`).join(', ')})`

/**
 * The days of the tier window before those loaded, after `$5`, summed by the columns of migration 005: all of them
 * (`window`), and those after the day the member reached their earned tier (`period`). That day is read from the
 * member's document once (`t`, kept a subquery by `offset 0`): in the filter itself, the json document was parsed
 * again for every day and every column — 300 days × 7 columns of a 17 KB document, 290 ms of a long-standing
 * member's sign-in.
 */
const DAYS_SUMMED = `(select json_build_object('window', ${daySums('')}, 'period', ${daySums(' filter (where d.business_date > t.since)')})
                        from (select (m.doc->'tier'->'earned'->>'since')::date as since offset 0) t
                        join member_days d on d.member_id = $1 and d.business_date > $5 and d.business_date < $2)`

/**
 * A rolled-up set: member numbers, comma-separated (`mbr-N` → N). Parsed by hand — at 50,000 members a dashboard
 * reads hundreds of thousands of them, and split() + Number() costs twice as much.
 */
function numbersOf(list: string): number[] {
  const out: number[] = []
  let n = -1
  for (let i = 0; i < list.length; i++) {
    const c = list.charCodeAt(i)
    if (c === 44 && n >= 0) {
      out.push(n)
      n = -1
    } else if (c >= 48 && c <= 57) n = (n < 0 ? 0 : n * 10) + c - 48
    else throw new Error(`metric_day_sets: not a list of member numbers: ${list.slice(0, 40)}`)
  }
  if (n >= 0) out.push(n)
  else if (list.length > 0) throw new Error(`metric_day_sets: not a list of member numbers: ${list.slice(0, 40)}`)
  return out
}

/**
 * Rolls the metrics rows of every complete business date (before `today`) not yet rolled up into
 * metric_day_sets, and answers the last date rolled up. Dates are rolled up in order, so those rolled up are every
 * date up to the watermark (a write dated on or before it deletes the rows from its date on: apply()).
 */
export async function rollUpMetrics(db: Db, today: BusinessDate): Promise<BusinessDate> {
  const mark = async (q: Queryable) =>
    (await q.query<{ d: string | null }>(`select max(business_date)::text as d from metric_day_sets where kind = 'done'`)).rows[0].d
  const last = addDays(today, -1)
  const known = await mark(db)
  if (known !== null && known >= last) return known
  return db.transaction(async (q) => {
    let after = await mark(q)
    if (after === null) {
      const first = await q.query<{ d: string | null }>(
        `select least((select min(business_date) from metric_member_days), (select min(business_date) from metric_firsts),
                      (select min(business_date) from metric_costs))::text as d`,
      )
      if (first.rows[0].d === null || first.rows[0].d > last) return '1969-12-31'
      after = addDays(first.rows[0].d, -1)
    }
    if (after >= last) return after
    const range = [after, last]
    await q.query(
      `insert into metric_day_sets (business_date, kind, members)
       select business_date, k.kind, string_agg(substr(member_id, 5), ',')
         from metric_member_days, lateral (values ('active', active), ('signin', signin), ('benefit', benefit)) as k(kind, flag)
        where business_date > $1 and business_date <= $2 and k.flag
        group by 1, 2
       on conflict do nothing`,
      range,
    )
    await q.query(
      `insert into metric_day_sets (business_date, kind, members)
       select business_date, 'first:' || kind, string_agg(substr(member_id, 5), ',') from metric_firsts
        where business_date > $1 and business_date <= $2 group by 1, 2
       on conflict do nothing`,
      range,
    )
    await q.query(
      `insert into metric_day_sets (business_date, kind, cost_fen)
       select business_date, 'cost:' || campaign_id, sum(cost_fen) from metric_costs
        where business_date > $1 and business_date <= $2 group by 1, 2
       on conflict do nothing`,
      range,
    )
    await q.query(
      `insert into metric_day_sets (business_date, kind)
       select d::date, 'done' from generate_series($1::date + 1, $2::date, interval '1 day') as d
       on conflict do nothing`,
      range,
    )
    return last
  })
}

/**
 * A member's live lots as the working set takes them (`lotsWindow` in src/domain/points.ts): the first `$3` in FIFO
 * order and every one expiring by `$4` — a prefix in FIFO order, up to the later of the two boundaries (`k`). The
 * hoarder who never spends has 2,000 live lots; a write reads the 200–350 that expiry, reminders and most spends can
 * reach, by index ranges only: what the others hold is the balance (the last ledger entry's `balanceAfter` = Σ
 * remaining of every lot with points left, the invariant every write keeps) less the loaded ones, and where they
 * start is the first lot past `k`.
 */
const LOTS_OF_WINDOW = `(with b as (select l.expires_at e, l.lot_no n from point_lots l where l.member_id = $1 and l.remaining > 0
                                order by l.expires_at, l.lot_no offset $3::bigint - 1 limit 1),
                     h as (select l.expires_at e, l.lot_no n from point_lots l where l.member_id = $1 and l.remaining > 0 and l.expires_at <= $4
                                order by l.expires_at desc, l.lot_no desc limit 1),
                     k as (select e, n from (select e, n from b union all select e, n from h
                                             union all select 9223372036854775807, 0 where not exists (select 1 from b)) x
                            order by e desc, n desc limit 1)
          select json_build_object(
            'lots', coalesce((select json_agg(l.doc order by l.expires_at, l.lot_no) from point_lots l
                               where l.member_id = $1 and l.remaining > 0 and (l.expires_at, l.lot_no) <= ((select e from k), (select n from k))), '[]'),
            'balance', (select (e.doc->>'balanceAfter')::int from ledger_entries e where e.member_id = $1 order by e.entry_no desc limit 1),
            'firstExpiresAt', (select l.expires_at from point_lots l
                                where l.member_id = $1 and l.remaining > 0 and (l.expires_at, l.lot_no) > ((select e from k), (select n from k))
                                order by l.expires_at, l.lot_no limit 1)))`

/** `lots` and `unloaded` of a working set from LOTS_OF_WINDOW's answer. */
function lotsOfWindow(w: { lots: Lot[]; balance: number | null; firstExpiresAt: number | null }): Pick<PointsState, 'lots' | 'unloaded'> {
  if (w.firstExpiresAt === null) return { lots: w.lots }
  let loaded = 0
  for (const lot of w.lots) loaded += lot.remaining
  const remaining = (w.balance ?? 0) - loaded
  // Only if the ledger and the lots disagree (they never do: every write keeps them equal) — then every lot is read.
  if (remaining <= 0) throw new NotLoaded(`the ledger's balance ${w.balance} does not cover the lots loaded (${loaded})`)
  return { lots: w.lots, unloaded: { remaining, firstExpiresAt: w.firstExpiresAt } }
}

interface ScopeOptions {
  rules: () => Promise<RulesConfig>
  today: () => Promise<BusinessDate>
  /** The storage's clock (which lots a working set loads depends on it). */
  now: () => number
  /** The least number of live lots a working set loads (`lotsWindow`). */
  lotsMin: number
  /** Load whole working sets: every live lot, every day of the tier window (after a `NotLoaded`). */
  whole: boolean
  rolledUp?: () => Promise<BusinessDate>
  /** Subscription messages are queued for a platform (SqlStorageOptions.outbox). */
  outbox?: boolean
}

/**
 * A member's working set in one statement. `lock` (PostgreSQL writes) also locks the member's row. Under READ
 * COMMITTED a statement that waits for the lock sees the row as the write it waited for left it, but its
 * subqueries — the lots, the balance, the days — keep the snapshot the statement started with. Every write of
 * those rows updates the member's row too (apply()), so the row's version (`xmin`) read both ways tells: when
 * they differ, the working set is read again, now under the lock. Uncontended, one round trip instead of two.
 */
function workingSets(q: Queryable, { rules, today, now, lotsMin, whole }: ScopeOptions) {
  return async function workingSet(id: string, lock: boolean): Promise<MemberRecord | null> {
    const r = await rules()
    const day = await today()
    const window = lotsWindow(now(), r, whole ? Number.MAX_SAFE_INTEGER : lotsMin)
    // The tier window's days: the ones a write may change (make-up sign-ins, a refund's day) loaded, the rest summed.
    const start = addMonths(day, -r.tiers.retentionMonths)
    const from = whole ? metricsWindowStart(day, r) : signinWindowStart(day)
    const row = (await q.query<{ doc: MemberRecord; lots: Parameters<typeof lotsOfWindow>[0]; days: MemberRecord['metricsByDay']; summed: { window: MemberMetrics; period: MemberMetrics }; fresh: boolean }>(
      `select m.doc, ${LOTS_OF_WINDOW} as lots, ${DAYS_OF_WINDOW} as days, ${DAYS_SUMMED} as summed,
              ${lock ? 'm.xmin = (select s.xmin from members s where s.member_id = $1)' : 'true'} as fresh
         from members m where m.member_id = $1${lock ? ' for no key update of m' : ''}`,
      [id, from, window.minLots, window.through, whole ? from : start],
    )).rows[0]
    if (!row) return null
    if (!row.fresh) return workingSet(id, false)
    const carried = whole ? {} : { metricsCarried: { start, from, sums: row.summed.window, period: { since: row.doc.tier.earned.since, sums: row.summed.period } } }
    return { ...row.doc, metricsByDay: row.days, ...carried, points: { ...row.doc.points, ...lotsOfWindow(row.lots) } }
  }
}

function scopeOf(q: Queryable, options: ScopeOptions): ReadScope {
  const { rules, rolledUp = async () => '1969-12-31' } = options
  const one = async <T>(sql: string, params: unknown[]): Promise<T | null> => (await q.query<T>(sql, params)).rows[0] ?? null
  const docs = async <T>(sql: string, params: unknown[]): Promise<T[]> => (await q.query<{ doc: T }>(sql, params)).rows.map((r) => r.doc)
  // Points earned in the window, none of an order refunded in it (port.ts LeaderboardScore; its reversal is the
  // `refund` line of amount ≤ 0 under the order's ref), by no member erased before the window's end (the one without
  // an invite code, tierSourceCounts; migration 032 indexes the few) — an account erased while the board ran wins
  // nothing, the next member does; the results as they stood at the end never change after. The sum is a bigint (a
  // window's earnings may pass 2³¹ where one balance cannot: MAX_POINTS), read back with Number.
  const totals = `
    select e.member_id, sum(e.amount) as points, max(e.at) as reached
      from ledger_entries e
     where e.at >= $1 and e.at < $2 and e.type = 'earn' and e.amount > 0
       and not exists (select 1 from ledger_entries r
                        where r.member_id = e.member_id and r.ref = e.ref and r.type = 'refund' and r.amount <= 0 and r.at >= $1 and r.at < $2)
       and not exists (select 1 from members m where m.member_id = e.member_id and m.invite_code = '' and (m.doc->>'erasedAt')::timestamptz < $2)
     group by e.member_id having sum(e.amount) > 0`
  const workingSet = workingSets(q, options)

  return {
    rules,
    catalogue: () => docs<Product>('select doc from catalogue order by position', []),
    member: (id) => workingSet(id, false),
    memberIdByLogin: async (keys) =>
      (await one<{ member_id: string }>('select member_id from member_logins where login_key = any($1) order by array_position($1, login_key) limit 1', [keys]))?.member_id ?? null,
    memberIdByInviteCode: async (code) => (await one<{ member_id: string }>('select member_id from invite_codes where code = $1', [code]))?.member_id ?? null,
    async profiles(ids) {
      if (ids.length === 0) return {}
      const rows = await q.query<{ member_id: string; nickname: string; registered_at: string }>(
        `select member_id, nickname, ${ISO('registered_at')} as registered_at from members where member_id = any($1)`,
        [ids],
      )
      return Object.fromEntries(rows.rows.map((r) => [r.member_id, { nickname: r.nickname, registeredAt: r.registered_at }]))
    },
    async session(hash) {
      const r = await one<{ role: 'member' | 'operator'; member_id: string | null; operator_id: string | null; operator_role: SessionRecord['operatorRole']; platform: SessionRecord['platform']; created_at: string; expires_at: string; revoked_at: string | null }>(
        'select role, member_id, operator_id, operator_role, platform, created_at, expires_at, revoked_at from sessions where token_hash = $1',
        [hash],
      )
      if (!r || r.revoked_at !== null) return null
      return {
        tokenHash: hash,
        role: r.role,
        memberId: r.member_id,
        operatorId: r.operator_id,
        operatorRole: r.operator_role,
        platform: r.platform,
        createdAt: Number(r.created_at),
        expiresAt: Number(r.expires_at),
      }
    },
    async idempotency(scope, key) {
      const r = await one<{ hash: string; status: number; body: unknown; created_at: string }>('select hash, status, body, created_at from idempotency_keys where member_id = $1 and key = $2', [scope, key])
      return r ? { hash: r.hash, status: r.status, body: r.body, at: Number(r.created_at) } : null
    },
    ledgerPage: (memberId, before, limit) =>
      docs<LedgerEntry>('select doc from ledger_entries where member_id = $1 and entry_no < $2 order by entry_no desc limit $3', [memberId, before ?? Number.MAX_SAFE_INTEGER, limit]),
    ledgerByRefs: (memberId, refs) =>
      refs.length === 0 ? Promise.resolve([]) : docs<LedgerEntry>('select doc from ledger_entries where member_id = $1 and ref = any($2) order by entry_no', [memberId, refs]),
    async ledgerOfMonth(memberId, month) {
      const rows = await q.query<{ type: LedgerEntry['type']; amount: number; business_date: string }>(
        `select type, amount, to_char(business_date, 'YYYY-MM-DD') as business_date from ledger_entries
          where member_id = $1 and business_date >= $2::date and business_date < ($2::date + interval '1 month')`,
        [memberId, `${month}-01`],
      )
      return rows.rows.map((r) => ({ type: r.type, amount: r.amount, businessDate: r.business_date }))
    },
    lotsByIds: (memberId, ids) =>
      ids.length === 0
        ? Promise.resolve([])
        : docs<Lot>('select doc from point_lots where member_id = $1 and lot_no = any($2) order by expires_at, lot_no', [memberId, ids.map(numberOf)]),
    signinsOfMonth: (memberId, month) =>
      docs<SigninRecord>(
        `select doc from signins where member_id = $1 and business_date >= $2::date and business_date < ($2::date + interval '1 month') order by business_date`,
        [memberId, `${month}-01`],
      ),
    // A page of a coupon list (`couponHistory` in src/domain/coupons.ts): its key and the id compared as text in code
    // units, which is the lists' order. A member's coupons are found by the primary key; only the page's documents
    // leave the database.
    couponPage(memberId, { list, today, after, limit }) {
      const { key, where } = COUPON_LISTS[list]
      return docs<Coupon>(
        `select doc from coupons
          where member_id = $1 and ${where}
            and ($2::text is null or ${key} < $2 collate "C" or (${key} = $2 and coupon_id > $3 collate "C"))
          order by ${key} collate "C" desc, coupon_id collate "C" limit $4`,
        [memberId, after?.key ?? null, after?.id ?? null, limit, ...(list === 'expired' ? [today] : [])],
      )
    },
    couponsByIds: (memberId, ids) =>
      ids.length === 0 ? Promise.resolve([]) : docs<Coupon>('select doc from coupons where member_id = $1 and coupon_id = any($2)', [memberId, ids]),
    couponsUsedBetween: (memberId, from, to) =>
      docs<Coupon>('select doc from coupons where member_id = $1 and used_at >= $2 and used_at < $3 order by used_at', [memberId, from, to]),
    notifications: (memberId, limit) => docs<Notification>('select doc from notifications where member_id = $1 order by notification_no desc limit $2', [memberId, limit]),
    async daysOfMonth(memberId, month) {
      const rows = await q.query<{ d: string; metrics: DayMetrics }>(
        `select to_char(business_date, 'YYYY-MM-DD') as d, metrics from member_days
          where member_id = $1 and business_date >= $2::date and business_date < ($2::date + interval '1 month')`,
        [memberId, `${month}-01`],
      )
      return Object.fromEntries(rows.rows.map((r) => [r.d, r.metrics]))
    },
    order: (memberId, orderId) => one<{ doc: OrderRecord }>('select doc from orders where member_id = $1 and order_id = $2', [memberId, orderId]).then((r) => r?.doc ?? null),
    orders: (memberId) => docs<OrderRecord>('select doc from orders where member_id = $1 order by created_at desc', [memberId]),
    ordersPage: (memberId, before, limit) =>
      docs<OrderRecord>('select doc from orders where member_id = $1 and order_no < $2 order by order_no desc limit $3', [memberId, before ?? Number.MAX_SAFE_INTEGER, limit]),
    inviteCount: async (inviterId) => Number((await one<{ n: string }>('select count(*) as n from invites_sent where member_id = $1', [inviterId]))?.n ?? 0),
    // invites_sent_by_time (migration 023): the page is an index range, skipped into.
    async invitesPage(inviterId, { through, skip, limit }) {
      const rows = await q.query<{ invitee_id: string; accepted_at: string }>(
        `select invitee_id, ${ISO('accepted_at')} as accepted_at from invites_sent
          where member_id = $1 and ($2::timestamptz is null or accepted_at <= $2)
          order by accepted_at desc, invitee_id collate "C" offset $3 limit $4`,
        [inviterId, through, skip, limit],
      )
      return rows.rows.map((r) => ({ inviterId, inviteeId: r.invitee_id, acceptedAt: r.accepted_at }))
    },
    async inviteOf(inviteeId) {
      const r = await one<{ inviter_id: string; accepted_at: string }>(`select inviter_id, ${ISO('accepted_at')} as accepted_at from invites where member_id = $1`, [inviteeId])
      return r ? { inviterId: r.inviter_id, inviteeId, acceptedAt: r.accepted_at } : null
    },
    privacyRequests: async (memberId) =>
      (await q.query<PrivacyRow>(`select ${PRIVACY_COLUMNS} from privacy_requests where member_id = $1 order by at`, [memberId])).rows.map(privacyOf),
    feedback: async (memberId) =>
      (await q.query<FeedbackRow>(`select ${FEEDBACK_COLUMNS} from feedback where member_id = $1 order by at`, [memberId])).rows.map(feedbackOf),
    feedbackQueue: async (f) => (await q.query<FeedbackRow>(answeredQueueSql('feedback', 'feedback_id', FEEDBACK_COLUMNS, f.handled), queueParams(f))).rows.map(feedbackOf),
    privacyQueue: async (f) =>
      (await q.query<PrivacyRow>(answeredQueueSql('privacy_requests', 'request_id', PRIVACY_COLUMNS, f.handled), queueParams(f))).rows.map(privacyOf),
    async rewardsTaken() {
      const rows = await q.query<{ reward_id: string; taken: number }>('select reward_id, taken from reward_stock', [])
      return Object.fromEntries(rows.rows.map((r) => [r.reward_id, r.taken]))
    },
    async prizesTaken(campaignId) {
      const rows = await q.query<{ prize_id: string; taken: number }>('select prize_id, taken from prize_stock where campaign_id = $1', [campaignId])
      return Object.fromEntries(rows.rows.map((r) => [r.prize_id, r.taken]))
    },
    winningDraws: (campaignId) =>
      docs<LotteryDrawRecord>(`select doc from lottery_draws where campaign_id = $1 and prize_kind <> 'empty' order by at, member_id`, [campaignId]),
    async drawsMade(memberId, campaignId) {
      const r = await q.query<{ n: string }>('select count(*) as n from lottery_draws where member_id = $1 and campaign_id = $2', [memberId, campaignId])
      return Number(r.rows[0]?.n ?? 0)
    },
    async leaderboardScores(from, to, limit) {
      const rows = await q.query<{ member_id: string; points: string; reached_at: string }>(
        `select member_id, points, ${ISO('reached')} as reached_at from (${totals}) t order by points desc, reached asc, member_id asc limit $3`,
        [from, to, limit],
      )
      return rows.rows.map((r) => ({ memberId: r.member_id, points: Number(r.points), reachedAt: r.reached_at }))
    },
    async leaderboardRankOf(memberId, from, to) {
      const r = await one<{ rank: string; points: string }>(
        `select rank, points from (
           select member_id, points, row_number() over (order by points desc, reached asc, member_id asc) as rank from (${totals}) t
         ) ranked where member_id = $3`,
        [from, to, memberId],
      )
      return r ? { rank: Number(r.rank), points: Number(r.points) } : null
    },
    leaderboardSettled: async (campaignId) => (await one('select 1 from leaderboard_settlements where campaign_id = $1', [campaignId])) !== null,
    settledLeaderboards: async () =>
      (await q.query<{ campaign_id: string; campaign: CampaignDefinition | null }>('select campaign_id, campaign from leaderboard_settlements')).rows.map((r) => ({ campaignId: r.campaign_id, campaign: r.campaign })),
    async metricsFirsts(through) {
      const watermark = await rolledUp()
      const out: Pick<MetricsAggregates, 'firsts' | 'costs'> = { firsts: [], costs: [] }
      const sets = await q.query<{ d: string; kind: string; members: string; cost_fen: string }>(
        `select business_date::text as d, kind, members, cost_fen from metric_day_sets
          where business_date <= $1 and business_date <= $2 and (kind like 'first:%' or kind like 'cost:%')`,
        [through, watermark],
      )
      for (const r of sets.rows) {
        if (r.kind.startsWith('first:')) out.firsts.push({ kind: r.kind.slice(6) as MetricsFirstKind, date: r.d, members: numbersOf(r.members) })
        else out.costs.push({ date: r.d, campaignId: r.kind.slice(5), costFen: Number(r.cost_fen) })
      }
      const live = await q.query<{ d: string; kind: MetricsFirstKind; members: string[] }>(
        `select business_date::text as d, kind, array_agg(member_id) as members from metric_firsts
          where business_date > $2 and business_date <= $1 group by 1, 2`,
        [through, watermark],
      )
      for (const r of live.rows) out.firsts.push({ kind: r.kind, date: r.d, members: r.members.map(memberNumberOf) })
      const costs = await q.query<{ d: string; campaign_id: string; cost_fen: string }>(
        `select business_date::text as d, campaign_id, sum(cost_fen)::bigint as cost_fen from metric_costs
          where business_date > $2 and business_date <= $1 group by 1, 2`,
        [through, watermark],
      )
      for (const r of costs.rows) out.costs.push({ date: r.d, campaignId: r.campaign_id, costFen: Number(r.cost_fen) })
      return out
    },
    async metricsDays(from, to) {
      const watermark = await rolledUp()
      const byDate = new Map<BusinessDate, MetricsDay>()
      const day = (date: BusinessDate) => {
        let d = byDate.get(date)
        if (!d) byDate.set(date, (d = { date, active: [], signin: [], benefit: [] }))
        return d
      }
      const sets = await q.query<{ d: string; kind: 'active' | 'signin' | 'benefit'; members: string }>(
        `select business_date::text as d, kind, members from metric_day_sets
          where business_date between $1 and $2 and business_date <= $3 and kind in ('active', 'signin', 'benefit')`,
        [from, to, watermark],
      )
      for (const r of sets.rows) day(r.d)[r.kind] = numbersOf(r.members)
      const live = await q.query<{ d: string; member_id: string; active: boolean; signin: boolean; benefit: boolean }>(
        `select business_date::text as d, member_id, active, signin, benefit from metric_member_days
          where business_date between $1 and $2 and business_date > $3`,
        [from, to, watermark],
      )
      for (const r of live.rows) {
        const d = day(r.d)
        const n = memberNumberOf(r.member_id)
        if (r.active) d.active.push(n)
        if (r.signin) d.signin.push(n)
        if (r.benefit) d.benefit.push(n)
      }
      return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1))
    },
    async rulesVersions() {
      const rows = await q.query<VersionRow>(`select ${VERSION_COLUMNS} from rules_versions order by version_no desc`, [])
      return rows.rows.map(versionOf)
    },
    rulesDocument: async (no) => (await one<{ document: RulesConfig }>('select document from rules_versions where version_no = $1', [no]))?.document ?? null,
    operators: async () => (await q.query<OperatorRow>(`select ${OPERATOR_COLUMNS} from operators order by created_at, operator_id`, [])).rows.map(operatorOf),
    async operatorByUsername(username) {
      const r = await one<OperatorRow>(`select ${OPERATOR_COLUMNS} from operators where lower(username) = lower($1)`, [username])
      return r ? operatorOf(r) : null
    },
    async auditLog(f) {
      const rows = await q.query<{ audit_no: string; operator_id: string; operator_name: string; at: string; action: AuditRecord['action']; target: string | null; before: unknown; after: unknown }>(
        `select audit_no, operator_id, operator_name, ${ISO('at')} as at, action, target, before, after from audit_log
          where ($1::bigint is null or audit_no < $1) and ($2::text is null or operator_id = $2) and ($3::text is null or action = $3)
            and ($4::text is null or target = $4 or after->>'memberId' = $4 or after->'adjustment'->>'id' = $4) and ($5::timestamptz is null or at >= $5) and ($6::timestamptz is null or at < $6)
          order by audit_no desc limit $7`,
        [f.before ?? null, f.operatorId ?? null, f.action ?? null, f.target ?? null, f.from ?? null, f.to ?? null, f.limit],
      )
      return rows.rows.map((r): AuditRecord => ({ no: Number(r.audit_no), operatorId: r.operator_id, operatorName: r.operator_name, at: r.at, action: r.action, target: r.target, before: r.before, after: r.after }))
    },
    // orders_transaction (migration 018).
    memberByTransaction: async (transactionId) =>
      (await one<{ member_id: string }>(`select member_id from orders where doc->'paid'->>'transactionId' = $1 limit 1`, [transactionId]))?.member_id ?? null,
    async searchMembers(text, limit) {
      const rows = await q.query<{ member_id: string; nickname: string; invite_code: string; platform: MemberRecord['platform']; registered_at: string; tier: MemberRecord['tier'] }>(
        `select member_id, nickname, invite_code, platform, ${ISO('registered_at')} as registered_at, tier from members
          where member_id = $1 or invite_code = upper($1) or strpos(coalesce(nickname_folded, lower(nickname)), $3) > 0
          order by (member_id = $1 or invite_code = upper($1)) desc, registered_at, member_id collate "C" limit $2`,
        [text, limit, foldedNickname(text)],
      )
      return rows.rows.map((r) => ({ id: r.member_id, nickname: r.nickname, inviteCode: r.invite_code, platform: r.platform, registeredAt: r.registered_at, tier: r.tier }))
    },
    adjustments: (f) =>
      docs<AdjustmentRecord>(
        `select doc from adjustments where ($1::text is null or status = $1) and ($2::text is null or member_id = $2)
            and ($4::timestamptz is null or (requested_at, adjustment_id) < ($4::timestamptz, $5::text))
          order by requested_at desc, adjustment_id desc limit $3`,
        [f.status ?? null, f.memberId ?? null, f.limit, f.after?.requestedAt ?? null, f.after?.id ?? null],
      ),
    async adjustment(id) {
      const memberId = memberOfAdjustment(id)
      if (!memberId) return null
      return (await one<{ doc: AdjustmentRecord }>('select doc from adjustments where member_id = $1 and adjustment_id = $2', [memberId, id]))?.doc ?? null
    },
    tierChanges: (memberId, limit) => docs<TierChangeRecord>('select doc from tier_changes where member_id = $1 order by change_no desc limit $2', [memberId, limit]),
    redemptions: (memberId) => docs<Redemption>('select doc from redemptions where member_id = $1 order by at desc, redemption_id desc', [memberId]),
    redemption: (memberId, redemptionId) =>
      one<{ doc: Redemption }>('select doc from redemptions where member_id = $1 and redemption_id = $2', [memberId, redemptionId]).then((r) => r?.doc ?? null),
    redemptionsPage: (memberId, before, limit) =>
      docs<Redemption>('select doc from redemptions where member_id = $1 and redemption_no < $2 order by redemption_no desc limit $3', [
        memberId,
        before ?? Number.MAX_SAFE_INTEGER,
        limit,
      ]),
    // redemptions_delivery (migration 008): the queue of one status in its order (either way), never the whole table.
    deliveries: (f) =>
      docs<Redemption>(
        f.status === 'pending'
          ? `select doc from redemptions where doc->'delivery'->>'status' = $1
                and ($3::timestamptz is null or (at, redemption_id) > ($3::timestamptz, $4::text))
              order by at, redemption_id limit $2`
          : `select doc from redemptions where doc->'delivery'->>'status' = $1
                and ($3::timestamptz is null or (at, redemption_id) < ($3::timestamptz, $4::text))
              order by at desc, redemption_id desc limit $2`,
        [f.status, f.limit, f.after?.at ?? null, f.after?.id ?? null],
      ),
    async redemptionByVoucher(code) {
      const r = await one<{ doc: Redemption }>(
        'select r.doc from voucher_codes v join redemptions r on r.member_id = v.member_id and r.redemption_id = v.redemption_id where v.code = $1',
        [code],
      )
      return r?.doc ?? null
    },
    async messageDelivery(since) {
      if (!options.outbox) return null
      // message_outbox_created (migration 014): the days asked for, not the whole queue.
      const r = await q.query<{ template: MessageTemplateId; pending: number; sent: number; failed: number; last_error: string | null }>(
        `select template,
                count(*) filter (where sent_at is null and failed_at is null)::int as pending,
                count(*) filter (where sent_at is not null)::int as sent,
                count(*) filter (where failed_at is not null)::int as failed,
                (array_agg(last_error order by failed_at desc) filter (where failed_at is not null))[1] as last_error
           from message_outbox where created_at >= $1 group by template order by template`,
        [since],
      )
      return r.rows.map((x) => ({ template: x.template, pending: x.pending, sent: x.sent, failed: x.failed, lastError: x.last_error }))
    },
    async remindable({ signin, campaignIds, expiry, after, limit }) {
      if (!signin && !campaignIds?.length && !expiry) return []
      const r = await q.query<{ member_id: string }>(
        `select member_id from (
           -- Scheduled reminders: members_remindable (migration 012) holds the members with quota for either
           -- template; the sign-in conditions are two primary-key probes each.
           select m.member_id from members m
            where m.member_id > $1
              and (coalesce((m.subscriptions->'quota'->>'signin_reminder')::int, 0) > 0
                   or coalesce((m.subscriptions->'quota'->>'campaign_starting')::int, 0) > 0)
              and (($2::date is not null
                    and coalesce((m.subscriptions->'quota'->>'signin_reminder')::int, 0) > 0
                    and coalesce(m.subscriptions->'reminded'->>'signinOn', '') <> $2::text
                    and exists (select 1 from signins s where s.member_id = m.member_id and s.business_date = $3::date)
                    and not exists (select 1 from signins s where s.member_id = m.member_id and s.business_date = $2::date))
                or (cardinality($4::text[]) > 0
                    and coalesce((m.subscriptions->'quota'->>'campaign_starting')::int, 0) > 0
                    and not coalesce(m.subscriptions->'reminded'->'campaigns', '[]'::jsonb) @> to_jsonb($4::text[])))
           union
           -- Lots with points left (point_lots_liability, migration 015): expired and not yet in the ledger …
           select l.member_id from point_lots l
            where $6::bigint is not null and l.remaining > 0 and l.expires_at < $6::bigint and l.member_id > $1
           union
           -- … or come within a reminder threshold ($7 days before: expiring in ($8, $9]) since the member's last
           -- write, when it sent every reminder then due.
           select l.member_id from unnest($7::int[], $8::bigint[], $9::bigint[]) as c(days, after, until)
             join point_lots l on l.remaining > 0 and l.expires_at > c.after and l.expires_at <= c.until
             join members m on m.member_id = l.member_id
            where l.member_id > $1
              and l.expires_at > floor((m.refreshed_at + $10::bigint) / 86400000.0) * 86400000 - $10::bigint + (c.days + 1) * 86400000::bigint - 1
           union
           -- Coupons close to expiry, not reminded (coupons_to_remind).
           select c.member_id from coupons c
            where $6::bigint is not null and c.used_at is null and c.doc->>'remindedAt' is null and c.member_id > $1
              and c.doc->>'validTo' between $11::text and $12::text and c.issued_at < $13::timestamptz
           union
           -- An earned tier at the end of its period, or close to it (by $18) above the lowest tier ($19) and not yet
           -- looked at for a 保级提醒 (members_tier_period).
           select m.member_id from members m
            where $6::bigint is not null and m.member_id > $1 and m.tier->'earned'->>'expiresOn' <= $18::text
              and (m.tier->'earned'->>'expiresOn' <= $14::text
                   or (m.tier->'earned'->'noticed' is null and m.tier->'earned'->>'tierId' <> $19::text))
           union
           -- A tier with free services held from any source (the rules decide which counts), and no write this month.
           select m.member_id from members m
            where cardinality($15::text[]) > 0 and m.member_id > $1 and m.refreshed_at < $16::bigint
              and (m.tier->'earned'->>'tierId' = any($15::text[]) or m.tier->'paid'->>'tierId' = any($15::text[])
                   or m.tier->'grant'->>'tierId' = any($15::text[]) or m.tier->'trial'->>'tierId' = any($15::text[]))
           union
           -- A tier held for a time past its last day, or within its notice days and not noticed (members_held_until).
           select m.member_id from members m
             cross join lateral (values (m.tier->'paid'), (m.tier->'grant'), (m.tier->'trial')) h(held)
            where $6::bigint is not null and m.member_id > $1
              and least(m.tier->'paid'->>'until', m.tier->'grant'->>'until', m.tier->'trial'->>'until') <= $17::text
              and h.held->>'until' <= $17::text and (h.held->>'until' < $14::text or h.held->'noticed' is null)
         ) due
         -- Never an erased member (the one without an invite code, migration 032): the account is closed (tx.ts refresh).
         where not exists (select 1 from members e where e.member_id = due.member_id and e.invite_code = '')
         order by member_id limit $5`,
        [
          after ?? '',
          signin?.today ?? null,
          signin?.yesterday ?? null,
          campaignIds ?? [],
          limit,
          expiry?.now ?? null,
          expiry?.lots.map((l) => l.threshold) ?? [],
          expiry?.lots.map((l) => l.after) ?? [],
          expiry?.lots.map((l) => l.by) ?? [],
          expiry ? expiry.offsetMinutes * 60_000 : 0,
          expiry?.coupons.validTo.from ?? null,
          expiry?.coupons.validTo.to ?? null,
          expiry?.coupons.issuedBefore ?? null,
          expiry?.today ?? null,
          expiry?.benefits?.tierIds ?? [],
          expiry?.benefits?.monthStart ?? 0,
          expiry?.heldBy ?? null,
          expiry?.earned.by ?? null,
          expiry?.earned.lowestTierId ?? null,
        ],
      )
      return r.rows.map((x) => x.member_id)
    },
    memberIds: async () => (await q.query<{ member_id: string }>('select member_id from members order by member_id')).rows.map((r) => r.member_id),
    async tierSourceCounts() {
      // A few rows (one per combination), not one per member: grouped where the tier states are, in the small
      // columns. An erased member is the one without an invite code (every registration gets one, the erasure
      // clears it): reading `doc->>'erasedAt'` would unpack every member's whole document (seconds at 50,000).
      const rows = await q.query<{ earned: string; paid: TierSources['paid'] | null; granted: TierSources['grant'] | null; trial: TierSources['trial'] | null; n: string }>(
        `select tier->'earned'->>'tierId' as earned, tier->'paid' as paid, tier->'grant' as granted, tier->'trial' as trial, count(*) as n
           from members where invite_code <> '' group by 1, 2, 3, 4`,
      )
      return rows.rows.map((r) => ({
        sources: { earned: { tierId: r.earned }, paid: r.paid ?? undefined, grant: r.granted ?? undefined, trial: r.trial ?? undefined },
        members: Number(r.n),
      }))
    },
    async memberStandings(ids, now) {
      // One read for a page of members: their live lots (point_lots_live, by member) and the erased among them (032).
      const rows = await q.query<{ member_id: string; erased: boolean; points: string | null }>(
        `select m.member_id, m.invite_code = '' as erased,
                (select sum(l.remaining) from point_lots l where l.member_id = m.member_id and l.remaining > 0 and l.expires_at >= $2) as points
           from members m where m.member_id = any($1::text[])`,
        [ids, now],
      )
      return new Map(rows.rows.map((r) => [r.member_id, { balance: Number(r.points ?? 0), erased: r.erased }]))
    },
    async liveLotTotals(now) {
      // point_lots_liability (migration 002): an index-only scan, never the lots' documents.
      const rows = await q.query<{ expires_at: string; points: string }>(
        'select expires_at, sum(remaining) as points from point_lots where remaining > 0 and expires_at >= $1 group by expires_at',
        [now],
      )
      return rows.rows.map((r) => ({ expiresAt: Number(r.expires_at), points: Number(r.points) }))
    },
    async tierChangeCounts(fromIso, toIso) {
      const rows = await q.query<{ f: string; t: string; n: string }>(
        `select doc->>'from' as f, doc->>'to' as t, count(*) as n from tier_changes where at >= $1 and at < $2 group by 1, 2`,
        [fromIso, toIso],
      )
      return rows.rows.map((r) => ({ from: r.f, to: r.t, changes: Number(r.n) }))
    },
  }
}

/**
 * The statements of a write whose answers it does not need (and one whose row count it checks), sent to the
 * database as ONE statement — each a data-modifying CTE — instead of one round trip each. They touch different
 * rows (a write changes a member's row once, and adds or changes each history row once), so running them side
 * by side on one snapshot is the same as running them in turn; a unique key refusing any of them refuses all.
 */
class StatementBatch {
  private readonly parts: { sql: string; params: unknown[]; counted: boolean }[] = []

  add(sql: string, params: unknown[], counted = false): void {
    this.parts.push({ sql, params, counted })
  }

  /** Runs the batch; returns the row count of each `counted` statement (RETURNING), in order. */
  async run(q: Queryable): Promise<number[]> {
    if (this.parts.length === 0) return []
    if (this.parts.length === 1) {
      const [p] = this.parts
      const r = await q.query(p.sql, p.params)
      return p.counted ? [r.rows.length] : []
    }
    const params: unknown[] = []
    const ctes: string[] = []
    const counts: string[] = []
    this.parts.forEach((p, i) => {
      const offset = params.length
      ctes.push(`s${i} as (${p.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`)
      params.push(...p.params)
      if (p.counted) counts.push(`(select count(*) from s${i})::int as c${counts.length}`)
    })
    const r = await q.query<Record<string, number>>(`with ${ctes.join(',\n')} select ${counts.length ? counts.join(', ') : '1 as done'}`, params)
    return counts.map((_, i) => r.rows[0][`c${i}`])
  }
}

/** Rows as one jsonb parameter for `jsonb_to_recordset` (one statement per table, however many rows). */
const rowsOf = (rows: unknown[]) => JSON.stringify(rows)

async function apply(q: Queryable, c: Changes, rules: RulesConfig, trimmedToday: (id: string) => boolean, outbox: boolean): Promise<void> {
  const b = new StatementBatch()
  for (const { before, after } of c.members ?? []) {
    const id = after.id
    const h = historyChanges(before, after)
    const working = trimmedToday(id) ? after : trimWorkingSet(after, c.now, rules)
    if (before === null) {
      b.add('insert into members (member_id, nickname, invite_code, platform, registered_at, doc, subscriptions, refreshed_at, nickname_folded) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
        id,
        after.nickname,
        after.inviteCode,
        after.platform,
        after.registeredAt,
        memberDoc(working),
        JSON.stringify(subscriptionsOf(after)),
        c.now,
        foldedNickname(after.nickname),
      ])
    } else {
      b.add('update members set doc = $2, nickname = $3, subscriptions = $4, refreshed_at = $5, invite_code = $6, nickname_folded = $7, updated_at = now() where member_id = $1', [
        id,
        memberDoc(working),
        after.nickname,
        JSON.stringify(subscriptionsOf(after)),
        c.now,
        after.inviteCode,
        foldedNickname(after.nickname),
      ])
    }
    if (h.ledger.length) {
      b.add(
        `insert into ledger_entries (member_id, entry_no, type, amount, ref, business_date, at, doc)
         select $1, x.no, x.type, x.amount, x.ref, x.business_date, x.at, x.doc
           from jsonb_to_recordset($2::jsonb) as x(no bigint, type text, amount int, ref text, business_date date, at timestamptz, doc jsonb)`,
        [id, rowsOf(h.ledger.map((e) => ({ no: numberOf(e.id), type: e.type, amount: e.amount, ref: e.ref, business_date: e.businessDate, at: e.at, doc: e })))],
      )
    }
    const lots = [...h.lots.added, ...h.lots.changed]
    if (lots.length) {
      b.add(
        `insert into point_lots (member_id, lot_no, remaining, expires_at, earned_on, doc)
         select $1, x.no, x.remaining, x.expires_at, x.earned_on, x.doc
           from jsonb_to_recordset($2::jsonb) as x(no bigint, remaining int, expires_at bigint, earned_on date, doc json)
         on conflict (member_id, lot_no) do update set remaining = excluded.remaining, doc = excluded.doc`,
        [id, rowsOf(lots.map((l) => ({ no: numberOf(l.id), remaining: l.remaining, expires_at: l.expiresAt, earned_on: l.earnedOn, doc: l })))],
      )
    }
    if (h.signins.added.length) {
      // A plain insert: a second sign-in of the same day is a unique violation (409), not an update.
      b.add(
        `insert into signins (member_id, business_date, kind, doc)
         select $1, x.d, x.kind, x.doc from jsonb_to_recordset($2::jsonb) as x(d date, kind text, doc jsonb)`,
        [id, rowsOf(h.signins.added.map((r) => ({ d: r.date, kind: r.kind, doc: r })))],
      )
    }
    if (h.signins.changed.length) {
      b.add(
        `update signins s set doc = x.doc from jsonb_to_recordset($2::jsonb) as x(d date, doc jsonb) where s.member_id = $1 and s.business_date = x.d`,
        [id, rowsOf(h.signins.changed.map((r) => ({ d: r.date, doc: r })))],
      )
    }
    const coupons = [...h.coupons.added, ...h.coupons.changed]
    if (coupons.length) {
      b.add(
        `insert into coupons (member_id, coupon_id, issued_at, used_at, doc)
         select $1, x.id, x.issued_at, x.used_at, x.doc from jsonb_to_recordset($2::jsonb) as x(id text, issued_at timestamptz, used_at timestamptz, doc jsonb)
         on conflict (member_id, coupon_id) do update set used_at = excluded.used_at, doc = excluded.doc`,
        [id, rowsOf(coupons.map((x) => ({ id: x.id, issued_at: x.issuedAt, used_at: x.usedAt, doc: x })))],
      )
    }
    const notes = [...h.notifications.added, ...h.notifications.changed]
    if (notes.length) {
      b.add(
        `insert into notifications (member_id, notification_no, created_at, doc)
         select $1, x.no, x.created_at, x.doc from jsonb_to_recordset($2::jsonb) as x(no int, created_at timestamptz, doc jsonb)
         on conflict (member_id, notification_no) do update set doc = excluded.doc`,
        [id, rowsOf(notes.map((n) => ({ no: Number(n.id.slice(1)), created_at: n.createdAt, doc: n })))],
      )
    }
    // A subscription message is queued for the platform in the write that spent the member's quota on it (when a
    // messenger delivers them: otherwise the rows would only pile up).
    const outgoing = outbox ? h.notifications.added.filter((n) => n.subscriptionSent) : []
    if (outgoing.length) {
      b.add(
        `insert into message_outbox (member_id, notification_no, template, created_at, next_at)
         select $1, x.no, x.template, x.created_at, x.created_at from jsonb_to_recordset($2::jsonb) as x(no int, template text, created_at timestamptz)`,
        [id, rowsOf(outgoing.map((n) => ({ no: Number(n.id.slice(1)), template: n.template, created_at: n.createdAt })))],
      )
    }
    if (h.days.length) {
      b.add(
        `insert into member_days (member_id, business_date, metrics)
         select $1, x.d, x.metrics from jsonb_to_recordset($2::jsonb) as x(d date, metrics jsonb)
         on conflict (member_id, business_date) do update set metrics = excluded.metrics`,
        [id, rowsOf(h.days.map((d) => ({ d: d.date, metrics: d.metrics })))],
      )
    }
    if (h.draws.length) {
      b.add(
        `insert into lottery_draws (member_id, campaign_id, draw_id, prize_kind, at, doc)
         select $1, x.campaign_id, x.draw_id, x.prize_kind, x.at, x.doc
           from jsonb_to_recordset($2::jsonb) as x(campaign_id text, draw_id text, prize_kind text, at timestamptz, doc jsonb)`,
        [id, rowsOf(h.draws.map(({ campaignId, ...d }) => ({ campaign_id: campaignId, draw_id: d.id, prize_kind: d.prizeKind, at: d.at, doc: d })))],
      )
    }
    if (h.taskClaims.length) {
      b.add(
        `insert into task_claims (member_id, task_id, period, at)
         select $1, x.task_id, x.period, x.at from jsonb_to_recordset($2::jsonb) as x(task_id text, period text, at timestamptz)`,
        [id, rowsOf(h.taskClaims.map((t) => ({ task_id: t.taskId, period: t.claim.lastPeriod, at: t.claim.lastAt })))],
      )
    }
  }

  for (const o of c.orders ?? []) {
    b.add(
      `insert into orders (member_id, order_id, status, created_at, doc) values ($1, $2, $3, $4, $5)
       on conflict (member_id, order_id) do update set status = excluded.status, doc = excluded.doc`,
      [o.memberId, o.id, o.status, o.createdAt, o],
    )
    if (o.status === 'paid') b.add('insert into order_payments (member_id, order_id, at) values ($1, $2, $3)', [o.memberId, o.id, o.paidAt])
    if (o.status === 'refunded') b.add('insert into order_refunds (member_id, order_id, at) values ($1, $2, $3)', [o.memberId, o.id, o.refundedAt])
  }

  // A take counts what is given out, up to the stock of the rules the write was decided on (a row is created on the
  // first take); the row lock orders parallel takes, and the one that finds the stock gone is retried.
  for (const take of c.stock ?? []) {
    if (take.kind === 'reward') {
      const stock = rules.mall.items.find((i) => i.id === take.id)?.initialStock ?? 0
      await q.query('insert into reward_stock (reward_id, taken) values ($1, 0) on conflict do nothing', [take.id])
      const r = await q.query('update reward_stock set taken = taken + $2 where reward_id = $1 and taken + $2 <= $3 returning taken', [take.id, take.count, stock])
      if (r.rows.length === 0) throw new RetryableConflict(`reward ${take.id} sold out`)
    } else {
      const campaign = rules.campaigns.find((x) => x.id === take.campaignId)
      const stock = campaign?.lottery?.prizes.find((p) => p.id === take.id)?.stock ?? 0
      await q.query('insert into prize_stock (campaign_id, prize_id, taken) values ($1, $2, 0) on conflict do nothing', [take.campaignId, take.id])
      const r = await q.query('update prize_stock set taken = taken + $3 where campaign_id = $1 and prize_id = $2 and taken + $3 <= $4 returning taken', [
        take.campaignId,
        take.id,
        take.count,
        stock,
      ])
      if (r.rows.length === 0) throw new RetryableConflict(`prize ${take.id} gone`)
    }
  }

  for (const x of c.redemptions ?? []) {
    b.add(
      `insert into redemptions (member_id, redemption_id, item_id, at, doc) values ($1, $2, $3, $4, $5)
       on conflict (member_id, redemption_id) do update set doc = excluded.doc`,
      [x.memberId, x.id, x.itemId, x.at, x],
    )
    // A new voucher's code; a code already taken is a unique violation (the write is retried with another code).
    if (x.voucher && !x.voucher.usedAt) {
      b.add('insert into voucher_codes (code, member_id, redemption_id) values ($1, $2, $3) on conflict (code) do update set code = excluded.code where voucher_codes.redemption_id = $3 and voucher_codes.member_id = $2 returning 1', [x.voucher.code, x.memberId, x.id], true)
    }
  }
  for (const v of c.rulesVersions ?? []) {
    b.add('insert into rules_versions (version_no, document, note, created_by, created_at, effective_at) values ($1, $2, $3, $4, $5, $6)', [
      v.versionNo,
      v.document,
      v.note,
      v.createdBy,
      v.createdAt,
      v.effectiveAt,
    ])
  }
  for (const x of c.rulesCancelled ?? []) b.add('update rules_versions set cancelled_at = $2, cancelled_by = $3 where version_no = $1', [x.versionNo, x.at, x.by])
  for (const o of c.newOperators ?? []) {
    b.add('insert into operators (operator_id, username, display_name, role, password_hash, created_at, disabled_at) values ($1, $2, $3, $4, $5, $6, $7)', [
      o.id,
      o.username,
      o.displayName,
      o.role,
      o.passwordHash,
      o.createdAt,
      o.disabledAt,
    ])
  }
  for (const o of c.operators ?? []) {
    b.add(
      `insert into operators (operator_id, username, display_name, role, password_hash, created_at, disabled_at) values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (operator_id) do update set username = excluded.username, display_name = excluded.display_name, role = excluded.role,
         password_hash = excluded.password_hash, disabled_at = excluded.disabled_at`,
      [o.id, o.username, o.displayName, o.role, o.passwordHash, o.createdAt, o.disabledAt],
    )
  }
  for (const a of c.audit ?? []) {
    b.add('insert into audit_log (operator_id, operator_name, at, action, target, before, after) values ($1, $2, $3, $4, $5, $6, $7)', [
      a.operatorId,
      a.operatorName,
      a.at,
      a.action,
      a.target,
      JSON.stringify(a.before ?? null),
      JSON.stringify(a.after ?? null),
    ])
  }
  for (const a of c.adjustments ?? []) {
    b.add(
      `insert into adjustments (member_id, adjustment_id, status, requested_at, doc) values ($1, $2, $3, $4, $5)
       on conflict (member_id, adjustment_id) do update set status = excluded.status, doc = excluded.doc`,
      [a.memberId, a.id, a.status, a.requestedAt, a],
    )
  }
  if (c.tierChanges?.length) {
    b.add(
      `insert into tier_changes (member_id, at, doc) select x.member_id, x.at, x.doc from jsonb_to_recordset($1::jsonb) as x(member_id text, at timestamptz, doc jsonb)`,
      [rowsOf(c.tierChanges.map((t) => ({ member_id: t.memberId, at: t.at, doc: t })))],
    )
  }
  for (const x of c.invites ?? []) {
    b.add('insert into invites (member_id, inviter_id, accepted_at) values ($1, $2, $3)', [x.inviteeId, x.inviterId, x.acceptedAt])
    b.add('insert into invites_sent (member_id, invitee_id, accepted_at) values ($1, $2, $3)', [x.inviterId, x.inviteeId, x.acceptedAt])
  }
  if (c.sessionsEnded?.length) b.add('update sessions set revoked_at = $2 where token_hash = any($1) and revoked_at is null', [c.sessionsEnded, c.now])
  for (const x of c.operatorSessionsEnded ?? []) {
    b.add('update sessions set revoked_at = $3 where operator_id = $1 and token_hash <> $2 and revoked_at is null', [x.operatorId, x.except, c.now])
  }
  if (c.memberSessionsEnded?.length) b.add('update sessions set revoked_at = $2 where member_id = any($1) and revoked_at is null', [c.memberSessionsEnded, c.now])
  for (const x of c.memberSessionsKept ?? []) {
    // The sessions from before this write: the one it opens is inserted below (records.ts newestSessionFirst; "C": code units).
    b.add(
      `update sessions set revoked_at = $3 where member_id = $1 and token_hash in (select token_hash from sessions where member_id = $1 and revoked_at is null and expires_at > $3
         order by created_at desc, token_hash collate "C" desc offset $2)`,
      [x.memberId, x.newest, c.now],
    )
  }
  if (c.identitiesRemoved?.length) {
    const ids = c.identitiesRemoved.map((x) => x.memberId)
    b.add('delete from platform_sessions where login_key in (select login_key from member_logins where member_id = any($1))', [ids])
    b.add('delete from member_logins where member_id = any($1)', [ids])
    b.add('delete from invite_codes where code = any($1)', [c.identitiesRemoved.map((x) => x.inviteCode)])
    b.add('delete from notifications where member_id = any($1)', [ids])
  }
  for (const s of c.sessions ?? []) {
    b.add('insert into sessions (token_hash, role, member_id, operator_id, operator_role, platform, created_at, expires_at) values ($1, $2, $3, $4, $5, $6, $7, $8)', [
      s.tokenHash,
      s.role,
      s.memberId,
      s.operatorId,
      s.operatorRole,
      s.platform,
      s.createdAt,
      s.expiresAt,
    ])
  }
  for (const x of c.logins ?? []) b.add('insert into member_logins (login_key, member_id) values ($1, $2)', [x.key, x.memberId])
  for (const x of c.inviteCodes ?? []) b.add('insert into invite_codes (code, member_id) values ($1, $2)', [x.code, x.memberId])
  const m = c.metrics
  if (m && (m.days.length || m.costs.length || m.firsts.length)) {
    if (m.days.length) {
      b.add(
        `insert into metric_member_days (member_id, business_date, active, signin, benefit)
         select x.member_id, x.d, x.active, x.signin, x.benefit
           from jsonb_to_recordset($1::jsonb) as x(member_id text, d date, active boolean, signin boolean, benefit boolean)
         on conflict (member_id, business_date) do update set active = metric_member_days.active or excluded.active,
           signin = metric_member_days.signin or excluded.signin, benefit = metric_member_days.benefit or excluded.benefit`,
        [rowsOf(m.days.map((x) => ({ member_id: x.memberId, d: x.date, active: x.active, signin: x.signin, benefit: x.benefit })))],
      )
    }
    if (m.costs.length) {
      b.add(
        `insert into metric_costs (member_id, business_date, campaign_id, cost_fen)
         select x.member_id, x.d, x.campaign_id, x.cost_fen from jsonb_to_recordset($1::jsonb) as x(member_id text, d date, campaign_id text, cost_fen bigint)
         on conflict (member_id, business_date, campaign_id) do update set cost_fen = metric_costs.cost_fen + excluded.cost_fen`,
        [rowsOf(m.costs.map((x) => ({ member_id: x.memberId, d: x.date, campaign_id: x.campaignId, cost_fen: x.costFen })))],
      )
    }
    if (m.firsts.length) {
      b.add(
        `insert into metric_firsts (member_id, kind, business_date)
         select x.member_id, x.kind, x.d from jsonb_to_recordset($1::jsonb) as x(member_id text, kind text, d date)
         on conflict (member_id, kind) do update set business_date = excluded.business_date where excluded.business_date < metric_firsts.business_date`,
        [rowsOf(m.firsts.map((x) => ({ member_id: x.memberId, kind: x.kind, d: x.date })))],
      )
    }
    // Normally nothing: the rolled-up dates are before today. A clock moved back makes them stale.
    const earliest = [...m.days, ...m.costs, ...m.firsts].reduce((lo, x) => (x.date < lo ? x.date : lo), '9999-12-31')
    b.add('delete from metric_day_sets where business_date >= $1', [earliest])
  }
  for (const x of c.feedback ?? []) {
    b.add(
      `insert into feedback (member_id, feedback_id, content, contact, at, handled_at, handled_by, reply) values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (member_id, feedback_id) do update set content = excluded.content, contact = excluded.contact,
         -- The first answer stays (a second is refused before it gets here); the text changes only when the member is erased.
         handled_at = coalesce(feedback.handled_at, excluded.handled_at),
         handled_by = case when feedback.handled_at is null then excluded.handled_by else feedback.handled_by end,
         reply = case when feedback.handled_at is null then excluded.reply else feedback.reply end`,
      [x.memberId, x.id, x.content, x.contact, x.at, x.handled?.at ?? null, x.handled?.by ?? null, x.handled?.reply ?? null],
    )
  }
  for (const x of c.privacyRequests ?? []) {
    b.add(
      `insert into privacy_requests (member_id, request_id, kind, at, request_no, handled_at, handled_by, reply) values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (member_id, request_id) do update set handled_at = excluded.handled_at, handled_by = excluded.handled_by, reply = excluded.reply
        where privacy_requests.handled_at is null and privacy_requests.kind = excluded.kind`,
      [x.memberId, x.id, x.kind, x.at, x.requestNo ?? null, x.handled?.at ?? null, x.handled?.by ?? null, x.handled?.reply ?? null],
    )
  }
  for (const x of c.leaderboardsSettled ?? []) b.add('insert into leaderboard_settlements (campaign_id, settled_at, campaign) values ($1, $2, $3)', [x.campaignId, x.at, x.campaign])
  if (c.idempotency) {
    const { scope, key, record } = c.idempotency
    // An expired record of the same key is replaced; a live one means another request got there first.
    b.add(
      `insert into idempotency_keys (member_id, key, hash, status, body, created_at) values ($1, $2, $3, $4, $5, $6)
       on conflict (member_id, key) do update set hash = excluded.hash, status = excluded.status, body = excluded.body, created_at = excluded.created_at
        where idempotency_keys.created_at <= $7
       returning 1`,
      [scope, key, record.hash, record.status, JSON.stringify(record.body), record.at, record.at - IDEMPOTENCY_TTL_MS],
      true,
    )
  }
  const counts = await b.run(q)
  if (counts.includes(0)) throw new UniqueViolation(c.idempotency && counts.at(-1) === 0 ? 'idempotency_keys_pkey' : 'voucher_codes_pkey')
}

export function createSqlStorage(options: SqlStorageOptions): SqlStorage {
  const { db, clock } = options
  const lotsMin = options.lotsWindowMin ?? LOTS_WINDOW_MIN
  type Versions = (RulesVersionRecord & { document: RulesConfig })[]
  /** The versions not cancelled, as last read: with VERSIONS_SEEN then (PostgreSQL) and when (PGlite). */
  let cached: { versions: Versions; seen: string; at: number } | null = null
  const trimmedOn = new Map<string, string>()

  async function load(q: Queryable): Promise<Versions> {
    // The fingerprint in the same statement (one snapshot) as the list it stands for.
    const rows = await q.query<VersionRow & { document: RulesConfig; seen: string }>(`select ${VERSION_COLUMNS}, document, ${VERSIONS_SEEN} as seen from rules_versions where cancelled_at is null`)
    const versions = rows.rows.map((r) => ({ ...versionOf(r), document: r.document }))
    cached = { versions, seen: rows.rows[0]?.seen ?? '', at: Date.now() }
    return versions
  }

  /**
   * The rules in force for one read or one write, read through `q` (a write passes its own transaction's
   * connection: taking a second one from the pool while holding the first deadlocks the pool once every connection
   * is held by a write that waits for another — 50 parallel writes, pool of 10). Other server instances on the same
   * PostgreSQL publish too: every read and write first compares VERSIONS_SEEN with the list cached here and reads the
   * list again when it changed, so a version published or cancelled anywhere is the one used by the next request on
   * every instance — a member load-balanced across instances never sees v2 and then v1, and a write never applies the
   * old odds, stock or prices. One statement of a few rows per request (README, "Rules versions"). The list is taken
   * once per read or write (another request reading a newer one meanwhile does not switch this one halfway); which
   * of it is in force is decided at each call by the clock: a scheduled version switches at its instant without a read.
   */
  function rulesOf(q: Queryable, lock: 'row share' | 'exclusive' | null = null): () => Promise<RulesConfig> {
    let taken: Promise<Versions> | null = null
    const take = async (): Promise<Versions> => {
      const known = cached
      if (db.serialised) return known && Date.now() - known.at <= RULES_CACHE_MS ? known.versions : load(q)
      // A write holds the rules it reads until it commits (a weak table lock, no row touched); a write publishing rules
      // holds them alone (WriteOptions.publishesRules), taken first, before any other lock — never an upgrade, which
      // two publishes would deadlock on.
      if (lock) await q.query(`lock table rules_versions in ${lock} mode`)
      if (known && (await q.query<{ seen: string }>(`select ${VERSIONS_SEEN} as seen`)).rows[0].seen === known.seen) return known.versions
      return load(q)
    }
    return async () => {
      const current = versionInForce(await (taken ??= take()), clock())
      if (!current) throw new Error('no rules: the database was not bootstrapped')
      return current.document
    }
  }

  return {
    db,
    invalidateRules() {
      cached = null
    },
    async read(work) {
      const rules = rulesOf(db)
      const today = async () => businessDateOf(clock(), (await rules()).calendar)
      const scope = (whole: boolean) => scopeOf(db, { rules, today, now: clock, lotsMin, whole, outbox: options.outbox, rolledUp: async () => rollUpMetrics(db, await today()) })
      try {
        return await work(scope(false))
      } catch (e) {
        if (!(e instanceof NotLoaded)) throw e
        return work(scope(true))
      }
    },
    async write(work, writeOptions) {
      // A rule that needs what a working set left out (NotLoaded) has the write run again on whole ones.
      let whole = false
      for (let attempt = 1; ; attempt++) {
        let published = false
        try {
          const out = await db.transaction(async (q) => {
            const inTx = rulesOf(q, db.serialised ? null : writeOptions?.publishesRules ? 'exclusive' : 'row share')
            const todayInTx = async () => businessDateOf(clock(), (await inTx()).calendar)
            const inScope: ScopeOptions = { rules: inTx, today: todayInTx, now: clock, lotsMin, whole, outbox: options.outbox }
            const workingSet = workingSets(q, inScope)
            const scope: WriteScope = {
              ...scopeOf(q, inScope),
              // PGlite runs one transaction at a time: nothing to lock.
              lockMember: (id) => workingSet(id, !db.serialised),
              async lockOperator(id) {
                const r = await q.query<OperatorRow>(`select ${OPERATOR_COLUMNS} from operators where operator_id = $1${db.serialised ? '' : ' for update'}`, [id])
                return r.rows[0] ? operatorOf(r.rows[0]) : null
              },
              nextMemberNumber: async () => Number((await q.query<{ n: string }>("select nextval('member_numbers') as n")).rows[0].n),
            }
            const { result, changes } = await work(scope)
            const r = await inTx()
            const today = businessDateOf(changes.now, r.calendar)
            await apply(
              q,
              changes,
              r,
              (id) => {
                const done = trimmedOn.get(id) === today
                trimmedOn.set(id, today)
                return done
              },
              options.outbox ?? false,
            )
            published = Boolean(changes.rulesVersions?.length || changes.rulesCancelled?.length)
            return result
          })
          // After the commit: a read in between would cache the old versions again.
          if (published) cached = null
          return out
        } catch (e) {
          if (e instanceof NotLoaded && !whole) {
            whole = true
            continue
          }
          const raced = e instanceof UniqueViolation && RACED_KEYS.has(e.constraint)
          if (!(e instanceof RetryableConflict || raced) || attempt >= MAX_ATTEMPTS) throw e
          await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.floor(Math.random() * 10)))
        }
      }
    },
    ping: () => db.ping(),
    close: () => db.close(),
  }
}
