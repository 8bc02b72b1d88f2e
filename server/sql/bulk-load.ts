/**
 * Copies a state played in memory (the mock's key-value storage, mock/kv-storage.ts) into the SQL tables in
 * large batches. The demo and the synthetic populations are played through the same use cases as the API, just
 * not one SQL transaction per action: their thousands of writes run in memory, and the result lands here.
 */
import type { RulesConfig } from '../../src/domain/config'
import type { Coupon } from '../../src/domain/coupons'
import type { AcceptedInvite } from '../../src/domain/invites'
import type { MetricsFirstKind } from '../../src/domain/metrics'
import type { HistoryPage, KvStorage, MetricsDayDoc, Settled } from '../../mock/kv-storage'
import type {
  AdjustmentRecord,
  AuditRecord,
  FeedbackRecord,
  IdempotencyRecord,
  MemberRecord,
  OrderRecord,
  PrivacyRequestRecord,
  Product,
  Redemption,
  RulesVersionRecord,
  SessionRecord,
  TierChangeRecord,
} from '../core/records'
import type { Db, Queryable } from './db'
import { foldedNickname, subscriptionsOf } from './sql-storage'

const BATCH = 2000

function numberOf(id: string): number {
  return Number(id.slice(id.lastIndexOf('-') + 1)) || 0
}

/** Inserts rows in batches through `json_to_recordset` (one statement per batch; a `json` column keeps its text as sent). */
async function insert(q: Queryable, table: string, columns: string, types: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await q.query(`insert into ${table} (${columns}) select ${columns} from json_to_recordset($1::json) as x(${types})`, [JSON.stringify(rows.slice(i, i + BATCH))])
  }
}

export interface Reference {
  rules: RulesConfig
  catalogue: Product[]
}

/** The rules and catalogue: what a fresh database needs before its first request. */
export async function loadReference(q: Queryable, ref: Reference, effectiveAt: string): Promise<void> {
  await q.query('insert into rules_versions (version_no, document, note, created_by, created_at, effective_at) values (1, $1, $2, $3, $4, $4)', [
    ref.rules,
    '初始规则',
    'system',
    effectiveAt,
  ])
  await insert(q, 'catalogue', 'sku, position, doc', 'sku text, position int, doc jsonb', ref.catalogue.map((p, i) => ({ sku: p.sku, position: i, doc: p })))
}

/**
 * Copies everything the key-value storage holds (reference data and rules versions included) into an empty
 * database — except the operator accounts: the mock's is a public demo account; a server has its own.
 */
export async function bulkLoad(db: Db, kv: KvStorage): Promise<void> {
  const docs = new Map(kv.entries())
  const get = <T>(key: string) => docs.get(key) as T
  const stock = get<{ rewards: Record<string, number>; prizes: Record<string, Record<string, number>> }>('stock')
  await db.transaction(async (q) => {
    const versions = get<RulesVersionRecord[]>('rules/versions')
    await insert(
      q,
      'rules_versions',
      'version_no, document, note, created_by, created_at, effective_at, cancelled_at, cancelled_by',
      'version_no bigint, document jsonb, note text, created_by text, created_at timestamptz, effective_at timestamptz, cancelled_at timestamptz, cancelled_by text',
      versions.map((v) => ({
        version_no: v.versionNo,
        document: get(`rules/v/${v.versionNo}`),
        note: v.note,
        created_by: v.createdBy,
        created_at: v.createdAt,
        effective_at: v.effectiveAt,
        cancelled_at: v.cancelledAt,
        cancelled_by: v.cancelledBy ?? null,
      })),
    )
    await insert(q, 'catalogue', 'sku, position, doc', 'sku text, position int, doc jsonb', get<Product[]>('catalogue').map((p, i) => ({ sku: p.sku, position: i, doc: p })))
    await insert(q, 'reward_stock', 'reward_id, taken', 'reward_id text, taken int', Object.entries(stock.rewards).map(([id, taken]) => ({ reward_id: id, taken })))
    const prizes = Object.entries(stock.prizes).flatMap(([campaignId, won]) => Object.entries(won).map(([prizeId, taken]) => ({ campaign_id: campaignId, prize_id: prizeId, taken })))
    await insert(q, 'prize_stock', 'campaign_id, prize_id, taken', 'campaign_id text, prize_id text, taken int', prizes)
    await q.query("select setval('member_numbers', greatest($1::bigint, 1), $1::bigint > 0)", [get<{ memberSeq: number }>('meta').memberSeq])

    const rows: Record<string, Record<string, unknown>[]> = {}
    const add = (table: string, row: Record<string, unknown>) => (rows[table] ??= []).push(row)
    for (const [key, value] of docs) {
      const [kind, ...rest] = key.split('/')
      const id = rest[0]
      if (kind === 'm') {
        const m = value as MemberRecord
        add('members', { member_id: m.id, nickname: m.nickname, nickname_folded: foldedNickname(m.nickname), invite_code: m.inviteCode, platform: m.platform, registered_at: m.registeredAt, doc: { ...m, points: { ...m.points, lots: [], ledger: [] }, messages: { ...m.messages, notifications: [] }, metricsByDay: {} }, subscriptions: subscriptionsOf(m) })
        for (const [taskId, claim] of Object.entries(m.tasks.claims)) add('task_claims', { member_id: m.id, task_id: taskId, period: claim.lastPeriod, at: claim.lastAt })
      } else if (kind === 'h') {
        const p = value as HistoryPage
        for (const e of p.ledger) add('ledger_entries', { member_id: id, entry_no: numberOf(e.id), type: e.type, amount: e.amount, ref: e.ref, business_date: e.businessDate, at: e.at, doc: e })
        for (const l of Object.values(p.lots)) add('point_lots', { member_id: id, lot_no: numberOf(l.id), remaining: l.remaining, expires_at: l.expiresAt, earned_on: l.earnedOn, doc: l })
        for (const r of Object.values(p.signins)) add('signins', { member_id: id, business_date: r.date, kind: r.kind, doc: r })
        for (const c of Object.values(p.coupons) as Coupon[]) add('coupons', { member_id: id, coupon_id: c.id, issued_at: c.issuedAt, used_at: c.usedAt, doc: c })
        for (const n of Object.values(p.notifications)) add('notifications', { member_id: id, notification_no: Number(n.id.slice(1)), created_at: n.createdAt, doc: n })
        for (const [d, metrics] of Object.entries(p.days)) add('member_days', { member_id: id, business_date: d, metrics })
        for (const { campaignId, ...d } of p.draws) add('lottery_draws', { member_id: id, campaign_id: campaignId, draw_id: d.id, prize_kind: d.prizeKind, at: d.at, doc: d })
      } else if (kind === 'orders') {
        for (const o of Object.values(value as Record<string, OrderRecord>)) {
          add('orders', { member_id: o.memberId, order_id: o.id, status: o.status, created_at: o.createdAt, doc: o })
          if (o.paidAt) add('order_payments', { member_id: o.memberId, order_id: o.id, at: o.paidAt })
          if (o.refundedAt) add('order_refunds', { member_id: o.memberId, order_id: o.id, at: o.refundedAt })
        }
      } else if (kind === 'redemptions') {
        for (const x of value as Redemption[]) add('redemptions', { member_id: x.memberId, redemption_id: x.id, item_id: x.itemId, at: x.at, doc: x })
      } else if (kind === 'voucher') {
        const x = value as { memberId: string; redemptionId: string }
        add('voucher_codes', { code: id, member_id: x.memberId, redemption_id: x.redemptionId })
      } else if (kind === 'tiers') {
        for (const x of value as TierChangeRecord[]) add('tier_changes', { member_id: x.memberId, at: x.at, doc: x })
      } else if (kind === 'adjustments') {
        for (const x of Object.values(value as Record<string, AdjustmentRecord>)) add('adjustments', { member_id: x.memberId, adjustment_id: x.id, status: x.status, requested_at: x.requestedAt, doc: x })
      } else if (kind === 'audit') {
        for (const x of value as AuditRecord[]) add('audit_log', { operator_id: x.operatorId, operator_name: x.operatorName, at: x.at, action: x.action, target: x.target, before: x.before, after: x.after })
      } else if (kind === 'invite') {
        const x = value as AcceptedInvite
        add('invites', { member_id: x.inviteeId, inviter_id: x.inviterId, accepted_at: x.acceptedAt })
        add('invites_sent', { member_id: x.inviterId, invitee_id: x.inviteeId, accepted_at: x.acceptedAt })
      } else if (kind === 'login') {
        add('member_logins', { login_key: key.slice('login/'.length), member_id: value })
      } else if (kind === 'code') {
        add('invite_codes', { code: id, member_id: value })
      } else if (kind === 'session') {
        const s = value as SessionRecord
        add('sessions', { token_hash: s.tokenHash, role: s.role, member_id: s.memberId, operator_id: s.operatorId, operator_role: s.operatorRole, platform: s.platform, created_at: s.createdAt, expires_at: s.expiresAt })
      } else if (kind === 'md') {
        const d = value as MetricsDayDoc
        const flags = new Map<string, { active: boolean; signin: boolean; benefit: boolean }>()
        for (const set of ['active', 'signin', 'benefit'] as const) {
          for (const memberId of d[set]) {
            const f = flags.get(memberId) ?? { active: false, signin: false, benefit: false }
            f[set] = true
            flags.set(memberId, f)
          }
        }
        for (const [memberId, f] of flags) add('metric_member_days', { member_id: memberId, business_date: id, ...f })
        for (const [campaignId, byMember] of Object.entries(d.costs)) {
          for (const [memberId, costFen] of Object.entries(byMember)) add('metric_costs', { member_id: memberId, business_date: id, campaign_id: campaignId, cost_fen: costFen })
        }
      } else if (kind === 'mf') {
        for (const [k, date] of Object.entries(value as Record<MetricsFirstKind, string>)) add('metric_firsts', { member_id: id, kind: k, business_date: date })
      } else if (kind === 'feedback') {
        for (const x of value as FeedbackRecord[]) add('feedback', {
            member_id: x.memberId,
            feedback_id: x.id,
            content: x.content,
            contact: x.contact,
            at: x.at,
            handled_at: x.handled?.at ?? null,
            handled_by: x.handled?.by ?? null,
            reply: x.handled?.reply ?? null,
          })
      } else if (kind === 'privacy') {
        for (const x of value as PrivacyRequestRecord[]) add('privacy_requests', {
            member_id: x.memberId,
            request_id: x.id,
            kind: x.kind,
            at: x.at,
            request_no: x.requestNo ?? null,
            handled_at: x.handled?.at ?? null,
            handled_by: x.handled?.by ?? null,
            reply: x.handled?.reply ?? null,
          })
      } else if (kind === 'idem') {
        for (const [k, r] of Object.entries(value as Record<string, IdempotencyRecord>)) add('idempotency_keys', { member_id: key.slice('idem/'.length), key: k, hash: r.hash, status: r.status, body: r.body, created_at: r.at })
      } else if (kind === 'settled') {
        for (const [campaignId, s] of Object.entries(value as Settled)) {
          add('leaderboard_settlements', typeof s === 'string' ? { campaign_id: campaignId, settled_at: s, campaign: null } : { campaign_id: campaignId, settled_at: s.at, campaign: s.campaign })
        }
      }
    }
    const TYPES: Record<string, string> = {
      members: 'member_id text, nickname text, nickname_folded text, invite_code text, platform text, registered_at timestamptz, doc json, subscriptions jsonb',
      task_claims: 'member_id text, task_id text, period text, at timestamptz',
      ledger_entries: 'member_id text, entry_no bigint, type text, amount int, ref text, business_date date, at timestamptz, doc jsonb',
      point_lots: 'member_id text, lot_no bigint, remaining int, expires_at bigint, earned_on date, doc json',
      signins: 'member_id text, business_date date, kind text, doc jsonb',
      coupons: 'member_id text, coupon_id text, issued_at timestamptz, used_at timestamptz, doc jsonb',
      notifications: 'member_id text, notification_no int, created_at timestamptz, doc jsonb',
      member_days: 'member_id text, business_date date, metrics jsonb',
      lottery_draws: 'member_id text, campaign_id text, draw_id text, prize_kind text, at timestamptz, doc jsonb',
      orders: 'member_id text, order_id text, status text, created_at timestamptz, doc jsonb',
      order_payments: 'member_id text, order_id text, at timestamptz',
      order_refunds: 'member_id text, order_id text, at timestamptz',
      redemptions: 'member_id text, redemption_id text, item_id text, at timestamptz, doc jsonb',
      invites: 'member_id text, inviter_id text, accepted_at timestamptz',
      invites_sent: 'member_id text, invitee_id text, accepted_at timestamptz',
      member_logins: 'login_key text, member_id text',
      invite_codes: 'code text, member_id text',
      sessions: 'token_hash text, role text, member_id text, operator_id text, operator_role text, platform text, created_at bigint, expires_at bigint',
      metric_member_days: 'member_id text, business_date date, active boolean, signin boolean, benefit boolean',
      metric_costs: 'member_id text, business_date date, campaign_id text, cost_fen bigint',
      metric_firsts: 'member_id text, kind text, business_date date',
      feedback: 'member_id text, feedback_id text, content text, contact text, at timestamptz, handled_at timestamptz, handled_by text, reply text',
      privacy_requests: 'member_id text, request_id text, kind text, at timestamptz, request_no text, handled_at timestamptz, handled_by text, reply text',
      idempotency_keys: 'member_id text, key text, hash text, status int, body json, created_at bigint',
      leaderboard_settlements: 'campaign_id text, settled_at timestamptz, campaign jsonb',
      voucher_codes: 'code text, member_id text, redemption_id text',
      tier_changes: 'member_id text, at timestamptz, doc jsonb',
      adjustments: 'member_id text, adjustment_id text, status text, requested_at timestamptz, doc jsonb',
      audit_log: 'operator_id text, operator_name text, at timestamptz, action text, target text, before jsonb, after jsonb',
    }
    for (const [table, list] of Object.entries(rows)) {
      const types = TYPES[table]
      const columns = types.split(', ').map((t) => t.split(' ')[0]).join(', ')
      await insert(q, table, columns, types, list)
    }
  })
}

/** Every table's rows gone (test controls' reset), the schema and its migrations kept. */
export async function truncateAll(db: Db): Promise<void> {
  const tables = await db.query<{ tablename: string }>("select tablename from pg_tables where schemaname = current_schema() and tablename <> 'schema_migrations'")
  await db.exec(`truncate ${tables.rows.map((t) => t.tablename).join(', ')} restart identity`)
  await db.exec("select setval('member_numbers', 1, false)")
}
