/**
 * Seed data of the mock backend: catalogue, points-mall items, campaigns placed around the seed instant
 * (`seedCampaigns(now)`), and members with history.
 *
 * The history is not written by hand: it is PLAYED. A seeded random source decides, day by day over the past
 * ~13 months, what each scripted member does (open the app, sign in, use the core feature, read the guide,
 * claim tasks, order and pay, make up a missed day, redeem in the mall, draw the lottery, accept an invite …),
 * and every action goes through the same use cases as the API (server/core), at that day's instant — so every
 * balance, lot, streak, tier, coupon, card, leaderboard and metric is exactly what the rules engine makes of it.
 *
 * The demo member (login code `demo`) registered ~13.5 months ago: a first active month (its lots have expired
 * by now), a few visits ~12 months ago (lots that expire within the coming weeks → expiry reminders), a long
 * dormancy, then ~5 months of near-daily use up to yesterday (today is left for the person trying the demo).
 */
import type { ClientPlatform, Product } from '../src/api/contract'
import { addDays, businessDateOf, daysBetween, monthOf, parseInstant, startOfBusinessDay, type BusinessDate, type BusinessMonth } from '../src/domain/calendar'
import { seedCampaigns } from '../src/domain/campaigns'
import { DEFAULT_RULES_CONFIG, validateRulesConfig, type RulesConfig } from '../src/domain/config'
import type { Rng } from '../src/domain/context'
import { isRuleError } from '../src/domain/errors'
import { taskList } from '../src/domain/tasks'
import { HttpError } from '../server/core/http'
import type { Core } from '../server/core/pipeline'
import type { BrandSettings, MemberTx } from '../server/core/tx'
import { drawOp } from '../server/core/use-cases/campaigns'
import { claimedEventOp, eventOp } from '../server/core/use-cases/events'
import { acceptInviteOp } from '../server/core/use-cases/invites'
import { subscribeOp } from '../server/core/use-cases/messages'
import { createOrderOp, newestFirst, payOrderOp, quoteFor, refundOrderOp } from '../server/core/use-cases/orders'
import { redeemOp } from '../server/core/use-cases/rewards'
import { makeupOp, signinOp } from '../server/core/use-cases/signin'
import { claimTaskOp } from '../server/core/use-cases/tasks'
import type { OperatorRecord } from '../server/core/records'
import { demoPasswordHash } from './demo-passwords'
import { BEGINNING, type KvSeed } from './kv-storage'

export const DEMO_LOGIN_CODE = 'demo'
export const DEFAULT_OPERATOR_TOKEN = 'operator-demo-token'

/** The mock's demo operator account (the console signs in with it); the shared token above acts as it too. */
export const DEMO_OPERATOR = { username: 'demo-admin', password: 'demo-admin-password', operatorId: 'demo-operator', role: 'admin' } as const

/** Points adjustments larger than this wait for a second operator's approval (the server: ADJUST_APPROVAL_ABOVE). */
export const DEMO_ADJUST_APPROVAL_ABOVE = 1000

export const CATALOGUE: Product[] = [
  { sku: 'latte', name: '招牌拿铁', description: '现磨浓缩与鲜奶，温和顺滑', priceFen: 2800 },
  { sku: 'oolong', name: '桂花乌龙', description: '清香桂花配高山乌龙', priceFen: 2200 },
  { sku: 'cheesecake', name: '芝士蛋糕', description: '每日现烤，口感绵密', priceFen: 3500 },
  { sku: 'beans', name: '精品咖啡豆 250g', description: '云南保山小粒咖啡，中度烘焙', priceFen: 9800 },
  { sku: 'tumbler', name: '品牌随行杯', description: '双层不锈钢，保温 6 小时', priceFen: 12900 },
  { sku: 'giftbox', name: '节日礼盒', description: '咖啡豆 + 挂耳 + 随行杯', priceFen: 16800 },
]

/** The mock's brand settings (a deployment sets its own; the invite link follows the H5 origin, see README). */
export const DEMO_BRAND: BrandSettings = { name: '悦享会员', serviceUrl: 'tel:400-820-8820', shareBaseUrl: '' }

/** The rules the mock serves when none are given: the defaults, with the demo campaigns placed around `now`. */
export function defaultRules(now: number): RulesConfig {
  return { ...DEFAULT_RULES_CONFIG, campaigns: seedCampaigns(now, DEFAULT_RULES_CONFIG.calendar) }
}

/** The reference data a fresh mock starts from (checked: a rules document that breaks a rule is refused). */
export function seedData(rules: RulesConfig): KvSeed {
  const check = validateRulesConfig(rules)
  if (!check.ok) throw new Error(`invalid rules configuration:\n${check.problems.join('\n')}`)
  const operator: OperatorRecord = {
    id: DEMO_OPERATOR.operatorId,
    username: DEMO_OPERATOR.username,
    displayName: '演示管理员',
    role: DEMO_OPERATOR.role,
    passwordHash: demoPasswordHash(DEMO_OPERATOR.password, 'demo'),
    createdAt: BEGINNING,
    disabledAt: null,
  }
  return { rules, catalogue: CATALOGUE, operators: [operator] }
}

// ───────────────────────────── the history player ─────────────────────────────

interface Script {
  code: string
  nickname: string
  platform: ClientPlatform
  /** Days before today. */
  registersDaysAgo: number
  /** Who invited them (a script code), accepted right after registering. */
  invitedBy?: string
  /** Chance of being active on a day, by days-ago. */
  activity: (daysAgo: number) => number
  /** Places and pays a goods order every this many days (when active): the payment is the day's 下单 (`core_use`). */
  orderEveryDays?: number
  /** Saved in the profile before 完善个人资料 is claimed: the app's profile then shows what completed it. */
  birthday: BusinessDate
}

const ALWAYS_ACTIVE_LAST_DAYS = 4
/**
 * The demo's one-offs happen on fixed days (days ago), on which the demo is always active: what the demo
 * promises (a refund, a redemption, a make-up …) must not hang on the random source, whose sequence differs
 * with the date the history is played up to.
 */
const DEMO_DAYS = { order: 60, refund: 58, subscribe: 60, redeem: 40 } as const
/** The demo makes up a missed day on the first day from this many days ago that leaves room in its month. */
const DEMO_MAKEUP_FROM = 30
const DEMO_ORDER_EVERY_DAYS = 19
const DEMO_SCRIPT: Script = {
  code: DEMO_LOGIN_CODE,
  nickname: '林小满',
  platform: 'weapp',
  birthday: '1994-06-18',
  registersDaysAgo: 400,
  activity: (k) => {
    if (k >= 378) return 0.8 // the first weeks
    if (k <= 363 && k >= 340 && k % 3 === 0) return 1 // visits ~12 months ago: their lots expire in the coming weeks
    if (k > 125) return 0 // dormant
    if (k <= ALWAYS_ACTIVE_LAST_DAYS || Object.values(DEMO_DAYS).includes(k as never) || (k >= DEMO_MAKEUP_FROM && k <= DEMO_MAKEUP_FROM + 4)) return 1
    return 0.85
  },
  orderEveryDays: DEMO_ORDER_EVERY_DAYS,
}

const FRIEND_SCRIPTS: Script[] = [
  { code: 'demo-friend-1', nickname: '小林', platform: 'weapp', birthday: '1998-03-12', registersDaysAgo: 60, invitedBy: DEMO_LOGIN_CODE, activity: () => 0.3 },
  { code: 'demo-friend-2', nickname: '阿杰', platform: 'alipay', birthday: '1996-11-02', registersDaysAgo: 30, invitedBy: DEMO_LOGIN_CODE, activity: () => 0.5 },
  { code: 'demo-friend-3', nickname: '王晓雨', platform: 'weapp', birthday: '1999-07-25', registersDaysAgo: 45, activity: () => 0.7, orderEveryDays: 12 },
  { code: 'demo-friend-4', nickname: '陈默', platform: 'h5', birthday: '1992-01-30', registersDaysAgo: 45, activity: () => 0.5 },
  { code: 'demo-friend-5', nickname: '李想', platform: 'weapp', birthday: '2000-09-09', registersDaysAgo: 20, activity: () => 0.9 },
  { code: 'demo-friend-6', nickname: '赵一鸣', platform: 'alipay', birthday: '1990-12-15', registersDaysAgo: 80, activity: (k) => (k > 35 ? 0.5 : 0) },
]

interface Player {
  core: Core
  rng: Rng
  rules: RulesConfig
  ids: Record<string, string>
}

/** Run one action of one member at `at`; a refusal by a rule is simply part of the story (nothing changes). */
async function act(p: Player, code: string, at: number, fn: (tx: MemberTx) => void | Promise<void>): Promise<boolean> {
  const memberId = p.ids[code]
  if (!memberId) return false
  try {
    await p.core.write(at, async (work) => fn(await work.member(memberId, { acting: true })), p.rng)
    return true
  } catch (e) {
    if (isRuleError(e) || e instanceof HttpError) return false
    throw e
  }
}

function chance(p: Player, probability: number): boolean {
  return p.rng() < probability
}

function pick<T>(p: Player, list: readonly T[]): T {
  return list[Math.min(list.length - 1, Math.floor(p.rng() * list.length))]
}

function claimAll(tx: MemberTx): void {
  for (const t of taskList(tx.member.tasks, tx.taskContext(), tx.ctx)) {
    if (t.status !== 'claimable') continue
    try {
      claimTaskOp(tx, t.id)
    } catch (e) {
      if (!isRuleError(e)) throw e
    }
  }
}

/** Registers the member at `at` (with its invite, profile and subscriptions); returns when they are done. */
async function register(p: Player, s: Script, at: number): Promise<number> {
  p.ids[s.code] = await p.core.write(
    at,
    async (work) => {
      const tx = await work.register({ platform: s.platform, nickname: s.nickname })
      // Seeded logins work from any platform (`*:`): the demo opens in WeChat, Alipay and H5 alike.
      work.logins.push({ key: `*:${s.code}`, memberId: tx.member.id })
      return tx.member.id
    },
    p.rng,
  )
  const inviterId = s.invitedBy ? p.ids[s.invitedBy] : undefined
  if (inviterId) {
    await act(p, s.code, at + 120_000, async (tx) => {
      const inviter = await tx.work.member(inviterId)
      await acceptInviteOp(tx, inviter.member.inviteCode)
    })
  }
  await act(p, s.code, at + 300_000, (tx) => {
    tx.member = { ...tx.member, birthday: s.birthday }
    eventOp(tx, 'profile_complete')
    subscribeOp(tx, ['points_expiring', 'tier_upgraded'])
    claimAll(tx)
  })
  return at + 600_000
}

/** 有效评价 of the member's latest paid goods order, as the app reports it (refused once reviewed, or too old). */
async function reviewLatestOrder(tx: MemberTx): Promise<void> {
  const order = newestFirst(await tx.work.scope.orders(tx.member.id)).find((o) => o.status === 'paid' && o.kind === 'goods')
  if (order) await claimedEventOp(tx, 'review', order.id)
}

function firstMissedDayThisMonth(tx: MemberTx, day: BusinessDate): BusinessDate | null {
  const signed = new Set(tx.member.signin.records.map((r) => r.date))
  for (let d = `${monthOf(day)}-01`; d < day; d = addDays(d, 1)) {
    if (!signed.has(d) && d >= businessDateOf(parseInstant(tx.member.registeredAt), tx.rules.calendar)) return d
  }
  return null
}

/**
 * The demo's dated promises, fixed from today: the missed day it makes up (two days before the make-up, in the
 * same month, on a day it is active), and a missed day early this month the person trying the demo can make up.
 */
interface DemoPlan {
  makeup: { k: number; missed: BusinessDate }
  missedDays: Set<BusinessDate>
  /** Today's month: its make-ups (day and monthly allowance) are left to the person trying the demo. */
  month: BusinessMonth
}

function demoPlan(today: BusinessDate): DemoPlan {
  let k = DEMO_MAKEUP_FROM
  while (Number(addDays(today, -k).slice(8)) < 3) k++
  const makeup = { k, missed: addDays(today, -(k + 2)) }
  const second = `${monthOf(today)}-02`
  const missedDays = new Set([makeup.missed])
  if (daysBetween(second, today) >= 3) missedDays.add(second)
  return { makeup, missedDays, month: monthOf(today) }
}

async function playDay(p: Player, s: Script, day: BusinessDate, k: number, ctx: { plan: DemoPlan | null; notBefore: number }): Promise<void> {
  if (!chance(p, s.activity(k))) return
  const start = startOfBusinessDay(day, p.rules.calendar) + (8 + Math.floor(p.rng() * 12)) * 3_600_000 + Math.floor(p.rng() * 3_600_000)
  let at = Math.max(start, ctx.notBefore)
  const next = () => (at += 60_000 + Math.floor(p.rng() * 240_000))
  await act(p, s.code, next(), (tx) => void eventOp(tx, 'app_open'))
  if (!ctx.plan?.missedDays.has(day) && chance(p, s.code === DEMO_LOGIN_CODE && k <= ALWAYS_ACTIVE_LAST_DAYS ? 1 : 0.9)) {
    await act(p, s.code, next(), (tx) => void signinOp(tx))
    if (chance(p, 0.25)) await act(p, s.code, next(), (tx) => void eventOp(tx, 'browse_product'))
  }
  if (chance(p, 0.2)) await act(p, s.code, next(), (tx) => void eventOp(tx, 'guide_read'))
  if (chance(p, 0.06)) await act(p, s.code, next(), reviewLatestOrder)
  if (k === s.registersDaysAgo - 2) await act(p, s.code, next(), (tx) => void eventOp(tx, 'follow_account'))
  if (s.orderEveryDays && k % s.orderEveryDays === 3) {
    await act(p, s.code, next(), async (tx) => {
      const lines = [{ sku: pick(p, CATALOGUE).sku, qty: 1 }]
      if (chance(p, 0.3)) lines.push({ sku: pick(p, CATALOGUE).sku, qty: 1 })
      const unique = lines.filter((l, i) => lines.findIndex((x) => x.sku === l.sku) === i)
      const priced = unique.map((l) => ({ ...l, name: '', priceFen: CATALOGUE.find((c) => c.sku === l.sku)!.priceFen }))
      const max = quoteFor(tx, priced, undefined, 0).maxPointsUsable
      // The demo keeps its points (FIFO spending would eat the lots that are about to expire).
      const points = s.code !== DEMO_LOGIN_CODE && tx.balance >= 300 && chance(p, 0.5) ? Math.floor(max / 2) : 0
      const order = await createOrderOp(tx, unique, undefined, points)
      await payOrderOp(tx, order.id, 'paid')
    })
  }
  if (ctx.plan) await playDemoExtras(p, ctx.plan, day, k, next)
  if (chance(p, 0.9)) await act(p, s.code, next(), claimAll)
}

/** The demo's one-offs: a refund, a make-up, a redemption, lottery draws, a second subscription. */
async function playDemoExtras(p: Player, plan: DemoPlan, day: BusinessDate, k: number, next: () => number): Promise<void> {
  const code = DEMO_LOGIN_CODE
  if (k === DEMO_DAYS.refund) {
    await act(p, code, next(), async (tx) => {
      const latest = newestFirst(await tx.work.scope.orders(tx.member.id)).find((o) => o.status === 'paid' && o.kind === 'goods')
      if (latest) await refundOrderOp(tx, latest.id)
    })
  }
  if (k === plan.makeup.k) await act(p, code, next(), (tx) => void makeupOp(tx, plan.makeup.missed))
  else if (k < 125 && monthOf(day) !== monthOf(plan.makeup.missed) && monthOf(day) !== plan.month && Number(day.slice(8)) >= 12 && chance(p, 0.2)) {
    await act(p, code, next(), (tx) => {
      const missed = firstMissedDayThisMonth(tx, day)
      if (missed) makeupOp(tx, missed)
    })
  }
  if (k === DEMO_DAYS.redeem) await act(p, code, next(), async (tx) => void (await redeemOp(tx, 'rw-coupon-10')))
  if (k === DEMO_DAYS.subscribe) await act(p, code, next(), (tx) => subscribeOp(tx, ['points_expiring', 'signin_reminder']))
  for (const c of p.rules.campaigns) {
    if (c.type === 'lottery') await act(p, code, next(), async (tx) => void (await drawOp(tx, c.id)))
  }
}

/**
 * Plays the members' history up to `now` through `core` (its storage should defer commits: thousands of small
 * writes). The seeded random source decides; the same instant gives the same history everywhere.
 */
export async function playHistory(core: Core, now: number, rng: Rng, rules: RulesConfig): Promise<void> {
  const p: Player = { core, rng, rules, ids: {} }
  const today = businessDateOf(now, rules.calendar)
  const scripts = [DEMO_SCRIPT, ...FRIEND_SCRIPTS]
  const first = Math.max(...scripts.map((s) => s.registersDaysAgo))
  const plan = demoPlan(today)
  for (let k = first; k >= 1; k--) {
    const day = addDays(today, -k)
    const dayStart = startOfBusinessDay(day, rules.calendar)
    for (const s of scripts) {
      if (k > s.registersDaysAgo || (s.invitedBy && !p.ids[s.invitedBy])) continue
      const notBefore = k === s.registersDaysAgo ? await register(p, s, dayStart + (9 + Math.floor(rng() * 10)) * 3_600_000) : dayStart
      await playDay(p, s, day, k, { plan: s.code === DEMO_LOGIN_CODE ? plan : null, notBefore })
    }
  }
}
