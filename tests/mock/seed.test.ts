/**
 * Seed data: the history is played through the same operations as the API, so every number must be
 * consistent with the rules engine; the same seed gives the same history; it fits the app's storage budget.
 */
import { compactDb } from '../../mock/compact'
import { EMBEDDED_STORAGE } from '../../mock/embedded'
import { DEMO_LOGIN_CODE, REWARDS, seedDb } from '../../mock/seed'
import { rollingMetrics } from '../../mock/state'
import { businessDateOf } from '@/domain/calendar'
import { seededRng } from '@/domain/context'
import { validateRulesConfig } from '@/domain/config'
import { inviteCodeFor } from '@/domain/invites'
import { balanceOf } from '@/domain/points'
import { earnedTierFor, findTier } from '@/domain/tiers'
import { currentStreak } from '@/domain/signin'

const NOW = Date.parse('2026-05-20T09:30:00+08:00')
const db = seedDb(NOW, seededRng(7))
const today = businessDateOf(NOW)
const demo = db.members[db.loginCodes[`*:${DEMO_LOGIN_CODE}`]]

test('the rules document is valid and the campaigns sit around the seed instant', () => {
  expect(validateRulesConfig(db.config)).toEqual({ ok: true })
  const running = db.config.campaigns.filter((c) => Date.parse(c.startsAt) <= NOW && NOW < Date.parse(c.endsAt))
  expect(running.map((c) => c.type)).toEqual(expect.arrayContaining(['lottery', 'cards']))
  expect(db.config.campaigns.some((c) => c.type === 'leaderboard' && Date.parse(c.endsAt) < NOW)).toBe(true)
})

test('every member’s points add up: balance = Σ live lots = the last ledger balance; each entry follows the previous', () => {
  for (const m of Object.values(db.members)) {
    const balance = balanceOf(m.points, NOW)
    let running = 0
    for (const e of m.points.ledger) {
      running += e.amount
      expect(e.balanceAfter).toBe(running)
    }
    // The stored state may still hold lots whose expiry passed since the member's last request (swept lazily).
    const unexpired = m.points.lots.filter((l) => l.expiresAt >= NOW).reduce((s, l) => s + l.remaining, 0)
    expect(unexpired).toBe(balance)
    expect(m.points.lots.every((l) => l.remaining >= 0 && l.amount === l.remaining + l.expired + (l.amount - l.remaining - l.expired))).toBe(true)
  }
})

test('the demo member has a life: history types, expiring lots, streak, tier, coupons, orders, invites, a draw', () => {
  const types = new Set(demo.points.ledger.map((e) => e.type))
  expect([...types]).toEqual(expect.arrayContaining(['earn', 'spend', 'expire', 'refund', 'grant']))
  const soon = demo.points.lots.filter((l) => l.remaining > 0 && l.expiresAt >= NOW && l.expiresAt < NOW + 30 * 86_400_000)
  expect(soon.length).toBeGreaterThan(0)
  expect(currentStreak(demo.signin, today)).toBeGreaterThanOrEqual(4)
  expect(demo.signin.records.some((r) => r.date === today)).toBe(false)
  expect(demo.signin.records.some((r) => r.kind === 'makeup')).toBe(true)
  const metrics = rollingMetrics(demo, today, db.config)
  const tier = findTier(db.config.tiers, demo.tier.earned.tierId)!
  expect(tier.rank).toBeGreaterThan(0)
  expect(earnedTierFor(metrics, db.config.tiers).rank).toBeGreaterThanOrEqual(tier.rank - 1)
  const orders = Object.values(db.orders).filter((o) => o.memberId === demo.id)
  expect(orders.some((o) => o.status === 'paid')).toBe(true)
  expect(orders.some((o) => o.status === 'refunded')).toBe(true)
  expect(demo.wallet.coupons.length).toBeGreaterThan(3)
  expect(Object.values(db.invites.byInvitee).filter((i) => i.inviterId === demo.id).length).toBeGreaterThanOrEqual(2)
  expect(demo.tasks.claims['growth-invite-1']).toBeDefined()
  expect(Object.values(db.lotteries).some((l) => l.draws.some((d) => d.memberId === demo.id))).toBe(true)
  expect(demo.messages.notifications.some((n) => n.template === 'points_expiring')).toBe(true)
  expect(db.redemptions.some((r) => r.memberId === demo.id)).toBe(true)
})

test('shared state agrees: invite codes, lottery stock, mall stock, the stock-5 and sold-out items, leaderboards settled', () => {
  for (const [code, id] of Object.entries(db.inviteCodes)) expect(inviteCodeFor(id)).toBe(code)
  for (const c of db.config.campaigns) {
    if (!c.lottery) continue
    const state = db.lotteries[c.id]
    for (const p of c.lottery.prizes) {
      if (p.stock === null) continue
      const won = state.draws.filter((d) => d.prizeId === p.id).length
      expect(state.remainingStock[p.id] ?? p.stock).toBe(p.stock - won)
    }
  }
  for (const r of REWARDS) {
    const redeemed = db.redemptions.filter((x) => x.itemId === r.id).length
    expect(db.rewardStock[r.id]).toBe(r.initialStock - redeemed)
  }
  expect(REWARDS.some((r) => r.initialStock === 5 && db.rewardStock[r.id] === 5)).toBe(true)
  expect(REWARDS.some((r) => r.initialStock === 0)).toBe(true)
  expect(Object.keys(db.leaderboardsSettled)).toEqual(db.config.campaigns.filter((c) => c.type === 'leaderboard' && Date.parse(c.endsAt) <= NOW).map((c) => c.id))
})

test('the same seed plays the same history; compacted, it fits the app’s state budget (half the storage budget)', () => {
  expect(JSON.stringify(seedDb(NOW, seededRng(7)))).toBe(JSON.stringify(db))
  const stateBudget = EMBEDDED_STORAGE.totalBytes / 2
  const compacted = compactDb(db, stateBudget, NOW)
  expect(Buffer.byteLength(JSON.stringify(compacted), 'utf8')).toBeLessThan(stateBudget)
  // The demo keeps history to show: the newest ledger pages (two of 20) are all there.
  expect(compacted.members[demo.id].points.ledger.slice(-40)).toEqual(demo.points.ledger.slice(-40))
})

test('without history: catalogue and campaigns only', () => {
  const bare = seedDb(NOW, seededRng(7), undefined, { history: false })
  expect(Object.keys(bare.members)).toEqual([])
  expect(bare.catalogue.length).toBeGreaterThan(0)
})
