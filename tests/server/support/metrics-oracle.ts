/**
 * `tsx tests/server/support/metrics-oracle.ts <DATA_DIR>`: prints (JSON) the metrics event log RECONSTRUCTED from
 * the members' own data in a PGlite database — never from the metrics aggregates — for the reconciliation test
 * (tests/server/metrics-reconciliation.test.ts), which runs it before the server opens the directory:
 *
 *   active          each day the member's own tier metric `activeDays` is 1 (member_days)
 *   register        members.registered_at
 *   signin          each sign-in of the day (signins, makeups aside: a makeup signs a past date)
 *   paid_member     each paid membership order (orders)
 *   benefit_use     paid orders with a coupon or a tier discount; mall redemptions
 *   campaign_join   the member's own `campaignsJoined` instants
 *   campaign_complete  lottery draws, campaign tasks claimed, leaderboard and card-set prizes (ledger refs)
 *   prize_cost      points prizes in the ledger (lottery:, leaderboard:, cards-set: refs) × point value
 *   coupon_cost     the coupon discount of each paid order
 * Every reconstructed event but `active` is `passive`: activity comes from the members' active days alone.
 * Also the points liability's inputs — each member's live lots from the lot documents, and each member's balance
 * from the last entry of their ledger (which the test holds the liability to) — and the tier changes recorded.
 */
import { openPglite } from '../../../server/sql/db'
import { startOfBusinessDay, toIso, type BusinessDate } from '../../../src/domain/calendar'
import type { RulesConfig } from '../../../src/domain/config'
import type { MetricsEvent } from '../../../src/domain/metrics'
import type { MemberRecord, OrderRecord, TierChangeRecord } from '../../../server/core/records'
import type { Lot } from '../../../src/domain/points'

async function main(): Promise<void> {
  const db = await openPglite(process.argv[2])
  try {
    const rules = (await db.query<{ document: RulesConfig }>('select document from rules_versions order by version_no desc limit 1')).rows[0].document
    const noon = (d: BusinessDate) => toIso(startOfBusinessDay(d, rules.calendar) + 12 * 3_600_000)
    const events: MetricsEvent[] = []
    const ev = (type: string, memberId: string, at: string, extra: Partial<MetricsEvent> = {}) => events.push({ type, memberId, at, isMember: true, passive: true, ...extra })
    const members = await db.query<{ member_id: string; registered_at: string; doc: MemberRecord }>(
      `select member_id, to_char(registered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as registered_at, doc from members`,
    )
    for (const m of members.rows) {
      ev('register', m.member_id, m.registered_at)
      for (const [campaignId, at] of Object.entries(m.doc.campaignsJoined)) ev('campaign_join', m.member_id, at, { campaignId })
    }
    const days = await db.query<{ member_id: string; d: string }>(`select member_id, business_date::text as d from member_days where (metrics->>'activeDays')::int = 1`)
    for (const r of days.rows) events.push({ type: 'active', memberId: r.member_id, at: noon(r.d), isMember: true })
    const signins = await db.query<{ member_id: string; d: string }>(`select member_id, business_date::text as d from signins where kind <> 'makeup'`)
    for (const r of signins.rows) ev('signin', r.member_id, noon(r.d))
    const orders = await db.query<{ doc: OrderRecord }>(`select doc from orders where doc->>'paidAt' is not null`)
    for (const { doc: o } of orders.rows) {
      const at = o.paidAt!
      if (o.kind === 'membership') ev('paid_member', o.memberId, at)
      if (o.quote.coupon) {
        ev('coupon_cost', o.memberId, at, { costFen: o.quote.coupon.discountFen })
        ev('benefit_use', o.memberId, at)
      }
      if (o.quote.tierDiscountFen > 0) ev('benefit_use', o.memberId, at)
    }
    const redemptions = await db.query<{ member_id: string; at: string }>(`select member_id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at from redemptions`)
    for (const r of redemptions.rows) ev('benefit_use', r.member_id, r.at)
    const draws = await db.query<{ member_id: string; campaign_id: string; draw_id: string; at: string }>(
      `select member_id, campaign_id, draw_id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at from lottery_draws`,
    )
    const drawCampaign = new Map<string, string>()
    for (const r of draws.rows) {
      drawCampaign.set(`${r.member_id}|${r.draw_id}`, r.campaign_id)
      ev('campaign_complete', r.member_id, r.at, { campaignId: r.campaign_id })
    }
    const campaignOfTask = new Map(rules.tasks.definitions.filter((t) => t.campaignId).map((t) => [t.id, t.campaignId!]))
    const claims = await db.query<{ member_id: string; task_id: string; at: string }>(
      `select member_id, task_id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at from task_claims`,
    )
    for (const r of claims.rows) if (campaignOfTask.has(r.task_id)) ev('campaign_complete', r.member_id, r.at, { campaignId: campaignOfTask.get(r.task_id) })
    const prizes = await db.query<{ member_id: string; ref: string; amount: number; at: string }>(
      `select member_id, ref, amount, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at from ledger_entries
        where (ref like 'lottery:%' or ref like 'leaderboard:%' or ref like 'cards-set:%') and amount > 0 and type <> 'refund'`,
    )
    for (const r of prizes.rows) {
      const [kind, id] = r.ref.split(':')
      const campaignId = kind === 'lottery' ? drawCampaign.get(`${r.member_id}|${id}`) : id
      ev('prize_cost', r.member_id, r.at, { campaignId, costFen: r.amount * rules.points.pointValueFen })
      if (kind !== 'lottery') ev('campaign_complete', r.member_id, r.at, { campaignId })
    }
    // Leaderboard prizes a refund after the results took back (owed points included) come off the campaign's cost.
    const takenBack = await db.query<{ member_id: string; ref: string; points: number; at: string }>(
      `select member_id, ref, coalesce((doc->>'shortfall')::int, 0) - amount as points, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at
         from ledger_entries where doc->'revokesPrize' is not null`,
    )
    for (const r of takenBack.rows) ev('prize_cost', r.member_id, r.at, { campaignId: r.ref.split(':')[1], costFen: -r.points * rules.points.pointValueFen })
    const tiers = members.rows.map((m) => ({ memberId: m.member_id, tier: m.doc.tier }))
    const lots = (await db.query<{ doc: Lot }>('select doc from point_lots')).rows.map((r) => r.doc)
    const balances = await db.query<{ balance: number }>(
      `select distinct on (member_id) (doc->>'balanceAfter')::int as balance from ledger_entries order by member_id, entry_no desc`,
    )
    const tierChanges = (await db.query<{ doc: TierChangeRecord }>('select doc from tier_changes')).rows.map((r) => r.doc)
    // What members hold of the mall's items and of each lottery prize, counted from their rows.
    const held = { rewards: {} as Record<string, number>, prizes: {} as Record<string, Record<string, number>> }
    for (const r of (await db.query<{ item_id: string; n: number }>('select item_id, count(*)::int as n from redemptions group by item_id')).rows) held.rewards[r.item_id] = r.n
    const won = await db.query<{ campaign_id: string; prize_id: string; n: number }>(`select campaign_id, doc->>'prizeId' as prize_id, count(*)::int as n from lottery_draws group by 1, 2`)
    for (const r of won.rows) (held.prizes[r.campaign_id] ??= {})[r.prize_id] = r.n
    process.stdout.write(JSON.stringify({ events, tiers, rules, lots, ledgerBalance: balances.rows.reduce((a, r) => a + r.balance, 0), tierChanges, held }))
  } finally {
    await db.close()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
