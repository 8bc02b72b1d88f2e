/**
 * Seed data: the history is played through the same use cases as the API, so every number must be consistent
 * with the rules engine; the same seed gives the same history; the demo keeps its promises (demo-invariants.ts).
 */
import { createLoyaltyBackend, type LoyaltyBackend } from '../../mock/app'
import { memoryKvPersistence } from '../../mock/kv-persistence'
import { DEMO_LOGIN_CODE } from '../../mock/seed'
import { businessDateOf } from '@/domain/calendar'
import { seededRng } from '@/domain/context'
import { validateRulesConfig } from '@/domain/config'
import { inviteCodeFor } from '@/domain/invites'
import { currentStreak } from '@/domain/signin'
import { earnedTierFor, findTier } from '@/domain/tiers'
import { rollingMetrics } from '../../server/core/tx'
import { demoProblems } from './support/demo-invariants'

const NOW = Date.parse('2026-05-20T09:30:00+08:00')
const today = businessDateOf(NOW)
const persistence = memoryKvPersistence()
let backend: LoyaltyBackend
let demoId: string

beforeAll(async () => {
  backend = await createLoyaltyBackend({ persistence, clock: () => NOW, rng: seededRng(7) })
  demoId = (await backend.storage.read((s) => s.memberIdByLogin([`*:${DEMO_LOGIN_CODE}`])))!
})

test('the rules document is valid and the campaigns sit around the seed instant', async () => {
  const rules = await backend.storage.read((s) => s.rules())
  expect(validateRulesConfig(rules)).toEqual({ ok: true })
  const running = rules.campaigns.filter((c) => Date.parse(c.startsAt) <= NOW && NOW < Date.parse(c.endsAt))
  expect(running.map((c) => c.type)).toEqual(expect.arrayContaining(['lottery', 'cards']))
  expect(rules.campaigns.some((c) => c.type === 'leaderboard' && Date.parse(c.endsAt) < NOW)).toBe(true)
})

test('every member’s points add up and the demo has every promised kind of history', async () => {
  expect(await demoProblems(backend, NOW)).toEqual([])
})

test('the demo member: a live streak, today open, a tier its rolling metrics justify, the invite task done', async () => {
  const { demo, rules } = await backend.core.read(NOW, async (work) => ({ demo: (await work.member(demoId)).member, rules: work.rules }))
  expect(currentStreak(demo.signin, today)).toBeGreaterThanOrEqual(1)
  expect(demo.signin.records.some((r) => r.date === today)).toBe(false)
  const tier = findTier(rules.tiers, demo.tier.earned.tierId)!
  expect(tier.rank).toBeGreaterThan(0)
  expect(earnedTierFor(rollingMetrics(demo, today, rules), rules.tiers).rank).toBeGreaterThanOrEqual(tier.rank - 1)
  expect(demo.tasks.claims['growth-invite-1']).toBeDefined()
  expect(demo.wallet.coupons.length).toBeGreaterThan(0)
})

test('shared state agrees: invite codes, lottery stock, mall stock, the stock-5 and sold-out items, leaderboards settled', async () => {
  const scope = await backend.storage.read(async (s) => s)
  const rules = await scope.rules()
  const records = await Promise.all((await scope.memberIds()).map((id) => scope.member(id)))
  for (const m of records) expect(await scope.memberIdByInviteCode(m!.inviteCode)).toBe(m!.id)
  for (const m of records) expect(m!.inviteCode).toBe(inviteCodeFor(m!.id))
  for (const c of rules.campaigns) {
    if (!c.lottery) continue
    const taken = await scope.prizesTaken(c.id)
    const wins = await scope.winningDraws(c.id)
    for (const p of c.lottery.prizes) {
      if (p.stock === null) continue
      expect(taken[p.id] ?? 0).toBe(wins.filter((d) => d.prizeId === p.id).length)
    }
  }
  const taken = await scope.rewardsTaken()
  const REWARDS = rules.mall.items.map((r) => ({ ...r, left: r.initialStock - (taken[r.id] ?? 0) }))
  let redeemed = 0
  for (const m of records) redeemed += Object.values(m!.redeemed).reduce((s, n) => s + n, 0)
  expect(REWARDS.reduce((s, r) => s + r.initialStock - r.left, 0)).toBe(redeemed)
  expect(REWARDS.some((r) => r.initialStock === 5 && r.left === 5)).toBe(true)
  expect(REWARDS.some((r) => r.initialStock === 0)).toBe(true)
  for (const c of rules.campaigns.filter((x) => x.type === 'leaderboard')) expect(await scope.leaderboardSettled(c.id)).toBe(Date.parse(c.endsAt) <= NOW)
})

test('the same seed plays the same history', async () => {
  const again = memoryKvPersistence()
  await createLoyaltyBackend({ persistence: again, clock: () => NOW, rng: seededRng(99) })
  expect(again.snapshot()).toEqual(persistence.snapshot())
})

test('a reset (the test controls’) plays the same history again, the ended leaderboard paid out again too', async () => {
  const again = memoryKvPersistence()
  const fresh = await createLoyaltyBackend({ persistence: again, clock: () => NOW, rng: seededRng(7) })
  await fresh.reset()
  expect(again.snapshot()).toEqual(persistence.snapshot())
})

test('without history: catalogue and campaigns only', async () => {
  const bare = await createLoyaltyBackend({ persistence: memoryKvPersistence(), clock: () => NOW, rng: seededRng(7), history: false })
  expect(await bare.storage.read((s) => s.memberIds())).toEqual([])
  expect((await bare.storage.read((s) => s.catalogue())).length).toBeGreaterThan(0)
})
