/**
 * Lottery (抽奖, SPEC §2.5): the server-side draw, per-member daily limits, stock, published odds and the
 * winners list.
 *
 * Odds: each prize's effective weight is `weight × 100` for the empty prize ("谢谢参与") and
 * `weight × tierWeightPercent` for every other prize, all integers, so a normal member (100) draws on the
 * configured weights and a diamond member (200) has twice the weight on every non-empty prize. Prizes whose
 * remaining stock is 0 are left out; when every non-empty prize is gone only the empty prize can come out.
 *
 * Daily limit: per member and BUSINESS day, the first `freeDrawsPerDay` draws are free, further draws cost
 * `paidDrawCostPoints`, and no more than `maxDrawsPerDay` draws in all. Exceeding it is a rule refusal (422
 * LOTTERY_DAILY_LIMIT), not rate limiting: retrying later today cannot succeed.
 *
 * Points never move here. A draw returns `cost` (points the caller must spend) and the prize (points to grant
 * as an uncapped campaign prize, a coupon template to issue with ref `lottery:<drawId>`, or a physical prize
 * to fulfil); the caller applies both through the points and coupons modules in the same atomic step as
 * storing the new lottery state, so a draw is never half-applied and stock never goes negative even when
 * draws arrive concurrently (the backend serialises them per campaign).
 */
import { businessDateOf, toIso, type BusinessDate, type CalendarRules } from './calendar'
import {
  assertCanEnter,
  campaignStatus,
  maskNickname,
  type CampaignConfig,
  type CampaignDefinition,
  type CampaignMember,
} from './campaigns'
import { randomInt, type Ctx } from './context'
import { RuleError } from './errors'

export type LotteryPrizeKind = 'points' | 'coupon' | 'physical' | 'empty'

export interface LotteryPrize {
  id: string
  /** zh-CN, e.g. '100 积分', '谢谢参与'. */
  name: string
  kind: LotteryPrizeKind
  points?: number
  couponTemplateId?: string
  /** Integer weight before the tier multiplier. */
  weight: number
  /** Campaign-level stock at the start; null = unlimited. */
  stock: number | null
}

export interface LotteryRules {
  prizes: LotteryPrize[]
  freeDrawsPerDay: number
  paidDrawCostPoints: number
  maxDrawsPerDay: number
}

type QueryCtx<C> = Pick<Ctx<C>, 'now' | 'config'>

export interface LotteryDrawRecord {
  id: string
  memberId: string
  businessDate: BusinessDate
  at: string
  prizeId: string
  prizeName: string
  prizeKind: LotteryPrizeKind
  free: boolean
  costPoints: number
}

export interface LotteryState {
  campaignId: string
  /** Remaining stock of limited prizes; a prize missing here still has its configured stock. */
  remainingStock: Record<string, number>
  /** Draws per `${memberId}|${businessDate}`. */
  dailyDraws: Record<string, { free: number; paid: number }>
  draws: LotteryDrawRecord[]
  /** How many earlier draws of this member are no longer in `draws` (numbering goes on after them). */
  earlier?: number
}

export type LotteryEvent = {
  type: 'lottery_drawn'
  campaignId: string
  memberId: string
  drawId: string
  prizeId: string
  prizeKind: LotteryPrizeKind
  costPoints: number
}

/** A paid draw the balance does not cover (the page says it at the tap, the backend when it refuses). */
export function drawShortWords(cost: number): string {
  return `积分不足，本次抽奖需要 ${cost} 积分`
}

export function initialLotteryState(campaign: CampaignDefinition): LotteryState {
  const remainingStock: Record<string, number> = {}
  for (const p of campaign.lottery?.prizes ?? []) if (p.stock !== null) remainingStock[p.id] = p.stock
  return { campaignId: campaign.id, remainingStock, dailyDraws: {}, draws: [] }
}

function rulesOf(campaign: CampaignDefinition): LotteryRules {
  if (campaign.type !== 'lottery' || !campaign.lottery) {
    throw new RuleError('LOTTERY_NOT_FOUND', '该活动没有抽奖', 404, { campaignId: campaign.id })
  }
  return campaign.lottery
}

/** Remaining stock; null = unlimited. */
export function remainingStockOf(prize: LotteryPrize, remaining: Record<string, number>): number | null {
  if (prize.stock === null) return null
  return Math.max(0, remaining[prize.id] ?? prize.stock)
}

function effectiveWeights(
  rules: LotteryRules,
  tierWeightPercent: number,
  remaining: Record<string, number>,
): { prize: LotteryPrize; weight: number }[] {
  return rules.prizes
    .filter((p) => remainingStockOf(p, remaining) !== 0)
    .map((p) => ({ prize: p, weight: p.weight * (p.kind === 'empty' ? 100 : tierWeightPercent) }))
}

function dayKey(memberId: string, date: BusinessDate): string {
  return `${memberId}|${date}`
}

export interface DrawsLeft {
  freeLeft: number
  paidLeft: number
  totalLeft: number
  /** Points the next draw costs (0 when free); null when no draw is left today. */
  nextDrawCost: number | null
}

function drawsLeftFor(rules: LotteryRules, used: { free: number; paid: number }): DrawsLeft {
  const totalLeft = Math.max(0, rules.maxDrawsPerDay - used.free - used.paid)
  const freeLeft = Math.min(totalLeft, Math.max(0, rules.freeDrawsPerDay - used.free))
  const paidLeft = totalLeft - freeLeft
  return { freeLeft, paidLeft, totalLeft, nextDrawCost: totalLeft === 0 ? null : freeLeft > 0 ? 0 : rules.paidDrawCostPoints }
}

/** Today's remaining draws for a member (business day of ctx.now). */
export function drawsLeft(
  state: LotteryState,
  rules: LotteryRules,
  memberId: string,
  ctx: QueryCtx<{ calendar: CalendarRules }>,
): DrawsLeft {
  const used = state.dailyDraws[dayKey(memberId, businessDateOf(ctx.now, ctx.config.calendar))] ?? { free: 0, paid: 0 }
  return drawsLeftFor(rules, used)
}

export interface DrawLotteryInput {
  campaign: CampaignDefinition
  member: CampaignMember
  /** The member's effective tier's lotteryWeightPercent (100 / 120 / 150 / 200). */
  tierWeightPercent: number
  /** The member's effective tier's earlyAccessMinutes (used for priority campaigns). */
  tierEarlyMinutes: number
  /** The member's points balance, to refuse a paid draw they cannot pay for. */
  balance: number
}

export interface DrawResult {
  draw: LotteryDrawRecord
  prize: LotteryPrize
  free: boolean
  /** Points the caller must spend in the same atomic step (0 for a free draw). */
  cost: number
  /** Ref to use for the spend and for issuing/granting the prize. */
  ref: string
  left: DrawsLeft
}

/**
 * One draw. Refuses LOTTERY_NOT_FOUND (404), LOTTERY_NOT_RUNNING / CAMPAIGN_NOT_ELIGIBLE (422),
 * LOTTERY_DAILY_LIMIT (422), POINTS_INSUFFICIENT (422) for a paid draw above the balance,
 * LOTTERY_PRIZES_EXHAUSTED (422) when nothing at all can come out; a refusal changes nothing.
 */
export function drawLottery(
  state: LotteryState,
  input: DrawLotteryInput,
  ctx: Ctx<CampaignConfig>,
): { state: LotteryState; events: LotteryEvent[]; result: DrawResult } {
  const { campaign, member } = input
  const rules = rulesOf(campaign)
  if (state.campaignId !== campaign.id) {
    throw new RuleError('LOTTERY_STATE_MISMATCH', '抽奖数据与活动不匹配', 400, { campaignId: campaign.id, stateCampaignId: state.campaignId })
  }
  if (!Number.isInteger(input.tierWeightPercent) || input.tierWeightPercent < 1) {
    throw new RuleError('LOTTERY_BAD_INPUT', '会员等级信息有误', 400, { tierWeightPercent: input.tierWeightPercent })
  }
  if (!Number.isInteger(input.balance) || input.balance < 0) {
    throw new RuleError('LOTTERY_BAD_INPUT', '积分余额有误', 400, { balance: input.balance })
  }
  assertCanEnter(campaign, member, input.tierEarlyMinutes, ctx, 'LOTTERY_NOT_RUNNING')

  const date = businessDateOf(ctx.now, ctx.config.calendar)
  const key = dayKey(member.memberId, date)
  const used = state.dailyDraws[key] ?? { free: 0, paid: 0 }
  const before = drawsLeftFor(rules, used)
  if (before.totalLeft === 0) {
    throw new RuleError('LOTTERY_DAILY_LIMIT', `今天的 ${rules.maxDrawsPerDay} 次抽奖机会已用完，明天再来吧`, 422, {
      maxDrawsPerDay: rules.maxDrawsPerDay,
    })
  }
  const free = before.freeLeft > 0
  const cost = free ? 0 : rules.paidDrawCostPoints
  if (cost > input.balance) {
    throw new RuleError('POINTS_INSUFFICIENT', drawShortWords(cost), 422, { required: cost, balance: input.balance })
  }

  const candidates = effectiveWeights(rules, input.tierWeightPercent, state.remainingStock)
  const total = candidates.reduce((s, c) => s + c.weight, 0)
  if (total <= 0) {
    throw new RuleError('LOTTERY_PRIZES_EXHAUSTED', '奖品已全部抽完', 422, { campaignId: campaign.id })
  }
  let ticket = randomInt(ctx.rng, total)
  let prize = candidates[candidates.length - 1].prize
  for (const c of candidates) {
    if (ticket < c.weight) {
      prize = c.prize
      break
    }
    ticket -= c.weight
  }

  const remainingStock = { ...state.remainingStock }
  const left = remainingStockOf(prize, state.remainingStock)
  if (left !== null) remainingStock[prize.id] = Math.max(0, left - 1)
  const nextUsed = free ? { free: used.free + 1, paid: used.paid } : { free: used.free, paid: used.paid + 1 }
  const draw: LotteryDrawRecord = {
    id: `${campaign.id}-${(state.earlier ?? 0) + state.draws.length + 1}`,
    memberId: member.memberId,
    businessDate: date,
    at: toIso(ctx.now),
    prizeId: prize.id,
    prizeName: prize.name,
    prizeKind: prize.kind,
    free,
    costPoints: cost,
  }
  return {
    state: {
      ...state,
      remainingStock,
      dailyDraws: { ...state.dailyDraws, [key]: nextUsed },
      draws: [...state.draws, draw],
    },
    events: [
      { type: 'lottery_drawn', campaignId: campaign.id, memberId: member.memberId, drawId: draw.id, prizeId: prize.id, prizeKind: prize.kind, costPoints: cost },
    ],
    result: { draw, prize, free, cost, ref: `lottery:${draw.id}`, left: drawsLeftFor(rules, nextUsed) },
  }
}

export interface PublishedOdd {
  prizeId: string
  name: string
  kind: LotteryPrizeKind
  /** Probability for this tier, e.g. '12.50%'; '<0.01%' for a prize that can come out but rounds to 0. */
  percent: string
  remaining: number | null
}

function formatHundredthsOfPercent(numerator: number, denominator: number): string {
  if (numerator <= 0 || denominator <= 0) return '0.00%'
  // Round half up in integers: hundredths of a percent = numerator × 10000 / denominator.
  const h = Math.floor((numerator * 20000 + denominator) / (2 * denominator))
  if (h === 0) return '<0.01%'
  return `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}%`
}

/** The odds shown on the campaign page for a tier, given the current remaining stock. */
export function publishedOdds(
  rules: LotteryRules,
  tierWeightPercent: number,
  remainingStock: Record<string, number> = {},
): PublishedOdd[] {
  const candidates = effectiveWeights(rules, tierWeightPercent, remainingStock)
  const total = candidates.reduce((s, c) => s + c.weight, 0)
  return rules.prizes.map((p) => {
    const weight = candidates.find((c) => c.prize.id === p.id)?.weight ?? 0
    return { prizeId: p.id, name: p.name, kind: p.kind, percent: formatHundredthsOfPercent(weight, total), remaining: remainingStockOf(p, remainingStock) }
  })
}

/** A member's draws on one business day, 谢谢参与 included, most recent first. */
export function drawsOn(state: LotteryState, memberId: string, date: BusinessDate): LotteryDrawRecord[] {
  return state.draws.filter((d) => d.memberId === memberId && d.businessDate === date).reverse()
}

/** A member's non-empty prizes in this campaign, most recent first. */
export function myPrizes(state: LotteryState, memberId: string): LotteryDrawRecord[] {
  return state.draws.filter((d) => d.memberId === memberId && d.prizeKind !== 'empty').reverse()
}

export interface WinnerLine {
  nickname: string
  prizeName: string
  businessDate: BusinessDate
}

/**
 * The 获奖名单, published only after the campaign ends (LOTTERY_WINNERS_NOT_PUBLISHED, 422, before):
 * non-empty prizes in draw order with masked nicknames.
 */
export function winnersList(
  state: LotteryState,
  campaign: CampaignDefinition,
  nicknames: Record<string, string>,
  ctx: QueryCtx<unknown>,
): WinnerLine[] {
  rulesOf(campaign)
  if (campaignStatus(campaign, ctx.now) !== 'ended') {
    throw new RuleError('LOTTERY_WINNERS_NOT_PUBLISHED', '获奖名单将在活动结束后公布', 422, { campaignId: campaign.id, endsAt: campaign.endsAt })
  }
  return state.draws
    .filter((d) => d.prizeKind !== 'empty')
    .map((d) => ({ nickname: maskNickname(nicknames[d.memberId] ?? '会员'), prizeName: d.prizeName, businessDate: d.businessDate }))
}
