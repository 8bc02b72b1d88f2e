/**
 * Campaigns: `GET /campaigns`, `GET /campaigns/{id}`, `POST /campaigns/{id}/draw`, `GET /campaigns/{id}/winners`,
 * `POST /campaigns/{id}/cards/gift {friendCode, kindId}`, `POST /campaigns/{id}/cards/claim`.
 * Draws, cards and leaderboards are decided by lottery.ts / cards.ts / campaigns.ts; writes are serialised by
 * the pipeline, so stock can never go below zero under concurrent draws.
 */
import type {
  CampaignDetail,
  CampaignSummary,
  CampaignsResponse,
  CardClaimResponse,
  CardGiftResponse,
  CardsDetail,
  DrawResponse,
  LeaderboardDetail,
  LotteryDetail,
  ThemeWire,
  WinnersResponse,
} from '../../src/api/contract'
import { businessDateOf, parseInstant } from '../../src/domain/calendar'
import {
  activeSigninMultiplier,
  activeTheme,
  campaignEntry,
  campaignStatus,
  leaderboardResults,
  leaderboardStandings,
  visibleCampaignsFor,
  type CampaignDefinition,
  type CampaignEntry,
  type CampaignTheme,
} from '../../src/domain/campaigns'
import { claimSetPrize, giftCard, initialCardsState, myCards } from '../../src/domain/cards'
import type { Coupon } from '../../src/domain/coupons'
import { isRuleError } from '../../src/domain/errors'
import { drawLottery, drawsLeft, initialLotteryState, myPrizes, publishedOdds, winnersList, type DrawResult } from '../../src/domain/lottery'
import { HttpError } from '../http-types'
import { own } from '../own'
import { beginTx, couponWire, done, leaderboardEntries, nicknamesOf, readTx, type RouteEntry, type Tx } from '../state'
import { objectBody, pathId, requiredString } from '../validate'

function themeWire(t: CampaignTheme | undefined | null): ThemeWire | null {
  if (!t) return null
  const out: ThemeWire = { key: t.key, primaryColor: t.primaryColor, bannerTitle: t.bannerTitle }
  if (t.bannerImage) out.bannerImage = t.bannerImage
  return out
}

/** The lowest tier admitted by a 'tier' audience, and for priority campaigns the lowest tier entering early. */
function gatesOf(tx: Tx, c: CampaignDefinition): Pick<CampaignSummary, 'audience' | 'earlyAccess'> {
  const levels = [...tx.rules.tiers.levels].sort((a, b) => a.rank - b.rank)
  const ref = (t: { id: string; name: string }) => ({ id: t.id, name: t.name })
  const min = c.audience.kind === 'tier' ? levels.find((t) => t.rank >= (c.audience.minTierRank ?? 0)) : undefined
  const early = c.priority ? levels.find((t) => t.earlyAccessMinutes > 0) : undefined
  return {
    audience: { kind: c.audience.kind, minTier: min ? ref(min) : null },
    earlyAccess: early ? { tier: ref(early), minutes: early.earlyAccessMinutes } : null,
  }
}

function summaryOf(tx: Tx, c: CampaignDefinition, entry: CampaignEntry): CampaignSummary {
  return {
    id: c.id,
    type: c.type,
    name: c.name,
    description: c.description,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    status: entry.status,
    canEnter: entry.canEnter,
    opensAt: entry.opensAt,
    inEarlyAccess: entry.inEarlyAccess,
    exclusive: !!c.exclusive,
    priority: !!c.priority,
    theme: themeWire(c.theme),
    signinMultiplier: c.signinMultiplier ?? 1,
    ...gatesOf(tx, c),
  }
}

/** The campaign if this member may see it (exclusive campaigns outside their audience do not exist for them). */
function visibleCampaign(tx: Tx, id: string): { campaign: CampaignDefinition; entry: CampaignEntry } {
  const campaign = tx.rules.campaigns.find((c) => c.id === id)
  const entry = campaign ? campaignEntry(campaign, tx.campaignMember(), tx.earlyMinutes(), tx.ctx) : null
  if (!campaign || !entry || (campaign.exclusive && !entry.eligible)) throw new HttpError(404, 'CAMPAIGN_NOT_FOUND', '活动不存在', { campaignId: id })
  return { campaign, entry }
}

function lotteryDetail(tx: Tx, c: CampaignDefinition): LotteryDetail | undefined {
  if (!c.lottery) return undefined
  const state = tx.db.lotteries[c.id] ?? initialLotteryState(c)
  return {
    prizes: c.lottery.prizes.map((p) => ({ id: p.id, name: p.name, kind: p.kind })),
    odds: publishedOdds(c.lottery, tx.effective().tier.lotteryWeightPercent, state.remainingStock),
    draws: drawsWire(tx, c),
    myPrizes: myPrizes(state, tx.member.id).map((d) => ({ drawId: d.id, prizeName: d.prizeName, kind: d.prizeKind, businessDate: d.businessDate })),
    winnersPublished: campaignStatus(c, tx.ctx.now) === 'ended',
  }
}

function drawsWire(tx: Tx, c: CampaignDefinition): LotteryDetail['draws'] {
  const rules = c.lottery!
  const left = drawsLeft(tx.db.lotteries[c.id] ?? initialLotteryState(c), rules, tx.member.id, tx.ctx)
  return {
    freeLeft: left.freeLeft,
    paidLeft: left.paidLeft,
    nextDrawCost: left.nextDrawCost,
    maxPerDay: rules.maxDrawsPerDay,
    freePerDay: rules.freeDrawsPerDay,
    paidCost: rules.paidDrawCostPoints,
  }
}

/** Relative rarity for the card page, from the configured weights. */
function rarityOf(weight: number, total: number): 'common' | 'rare' | 'very_rare' {
  const share = total > 0 ? weight / total : 0
  return share >= 0.2 ? 'common' : share >= 0.08 ? 'rare' : 'very_rare'
}

export function cardsDetail(tx: Tx, c: CampaignDefinition): CardsDetail | undefined {
  if (!c.cards) return undefined
  const state = tx.db.cards[c.id] ?? initialCardsState(c)
  const mine = myCards(state, c, tx.member.id, tx.shareAllowed(), tx.ctx)
  const total = c.cards.kinds.reduce((s, k) => s + k.rarityWeight, 0)
  const weights = new Map(c.cards.kinds.map((k) => [k.id, k.rarityWeight]))
  const template = tx.rules.coupons.templates.find((t) => t.id === c.cards!.setPrize.couponTemplateId)
  return {
    kinds: mine.kinds.map((k) => ({ ...k, rarity: rarityOf(weights.get(k.id) ?? 0, total) })),
    collected: mine.collected,
    total: mine.total,
    complete: mine.complete,
    claimed: mine.claimed,
    setPrize: { points: c.cards.setPrize.points, couponName: template?.name ?? c.cards.setPrize.couponTemplateId },
    actionsLeftToday: mine.actionsLeftToday,
  }
}

function prizeText(tx: Tx, p: { points?: number; couponTemplateId?: string }): string {
  const parts: string[] = []
  if (p.points) parts.push(`${p.points} 积分`)
  if (p.couponTemplateId) parts.push(tx.rules.coupons.templates.find((t) => t.id === p.couponTemplateId)?.name ?? '优惠券')
  return parts.join(' + ')
}

function leaderboardDetail(tx: Tx, c: CampaignDefinition): LeaderboardDetail | undefined {
  if (!c.leaderboard) return undefined
  const all = leaderboardStandings(c, leaderboardEntries(tx.db), nicknamesOf(tx.db), Number.MAX_SAFE_INTEGER)
  const me = all.find((s) => s.memberId === tx.member.id)
  return {
    standings: all.slice(0, c.leaderboard.topN).map((s) => ({ rank: s.rank, nickname: s.nickname, points: s.points })),
    me: { rank: me?.rank ?? null, points: me?.points ?? 0 },
    prizes: c.leaderboard.prizes.map((p) => ({ rankFrom: p.rankFrom, rankTo: p.rankTo, text: prizeText(tx, p) })),
    published: campaignStatus(c, tx.ctx.now) === 'ended',
  }
}

export function campaignDetail(tx: Tx, id: string): CampaignDetail {
  const { campaign, entry } = visibleCampaign(tx, id)
  const detail: CampaignDetail = summaryOf(tx, campaign, entry)
  const lottery = lotteryDetail(tx, campaign)
  const cards = cardsDetail(tx, campaign)
  const leaderboard = leaderboardDetail(tx, campaign)
  if (lottery) detail.lottery = lottery
  if (cards) detail.cards = cards
  if (leaderboard) detail.leaderboard = leaderboard
  return detail
}

/** One draw: the domain decides prize, stock and limits; its cost is spent and its prize paid in the same step. */
export function drawOp(tx: Tx, campaignId: string): { result: DrawResult; campaign: CampaignDefinition; coupon: Coupon | null } {
  const { campaign } = visibleCampaign(tx, campaignId)
  const r = drawLottery(
    tx.db.lotteries[campaign.id] ?? initialLotteryState(campaign),
    {
      campaign,
      member: tx.campaignMember(),
      tierWeightPercent: tx.effective().tier.lotteryWeightPercent,
      tierEarlyMinutes: tx.earlyMinutes(),
      balance: tx.balance,
    },
    tx.ctx,
  )
  tx.db = { ...tx.db, lotteries: { ...tx.db.lotteries, [campaign.id]: r.state } }
  const { result } = r
  if (result.cost > 0) tx.spend({ amount: result.cost, reason: `${campaign.name} 抽奖`, ref: result.ref })
  let coupon: Coupon | null = null
  if (result.prize.kind === 'points' && result.prize.points) {
    tx.grant({ amount: result.prize.points, source: 'prize', ref: result.ref, reason: `${campaign.name} 中奖` })
    tx.log('prize_cost', { campaignId: campaign.id, costFen: result.prize.points * tx.rules.points.pointValueFen })
  } else if (result.prize.kind === 'coupon' && result.prize.couponTemplateId) {
    coupon = tx.issue(result.prize.couponTemplateId, result.ref, 'lottery')
  }
  tx.joinCampaign(campaign.id)
  tx.log('campaign_complete', { campaignId: campaign.id })
  return { result, campaign, coupon }
}

export const campaignsRoutes: RouteEntry[] = [
  [
    'GET',
    '/campaigns',
    {
      auth: 'member',
      handler: (args) => {
        const tx = readTx(args)
        const member = tx.campaignMember()
        const early = tx.earlyMinutes()
        const body: CampaignsResponse = {
          campaigns: visibleCampaignsFor(tx.rules.campaigns, member, early, tx.ctx).map(({ campaign, entry }) => summaryOf(tx, campaign, entry)),
          theme: themeWire(activeTheme(tx.rules.campaigns, member, tx.ctx)),
          signinMultiplier: activeSigninMultiplier(tx.rules.campaigns, member, early, tx.ctx),
        }
        return { body }
      },
    },
  ],
  ['GET', '/campaigns/:id', { auth: 'member', handler: (args) => ({ body: campaignDetail(readTx(args), pathId(args.params, 'id')) }) }],
  [
    'POST',
    '/campaigns/:id/draw',
    {
      auth: 'member',
      handler: (args) => {
        objectBody(args.body)
        const tx = beginTx(args)
        const { result, campaign, coupon } = drawOp(tx, pathId(args.params, 'id'))
        const body: DrawResponse = {
          drawId: result.draw.id,
          prize: { id: result.prize.id, name: result.prize.name, kind: result.prize.kind },
          free: result.free,
          cost: result.cost,
          balance: tx.balance,
          draws: drawsWire(tx, campaign),
        }
        if (result.prize.kind === 'points' && result.prize.points) body.prize.points = result.prize.points
        if (coupon) body.coupon = couponWire(coupon, tx.ctx)
        return done(tx, body)
      },
    },
  ],
  [
    'GET',
    '/campaigns/:id/winners',
    {
      auth: 'member',
      handler: (args) => {
        const tx = readTx(args)
        const { campaign } = visibleCampaign(tx, pathId(args.params, 'id'))
        if (campaign.type === 'leaderboard') {
          if (campaignStatus(campaign, tx.ctx.now) !== 'ended') return { body: { published: false, winners: [] } satisfies WinnersResponse }
          const { standings, awards } = leaderboardResults(campaign, leaderboardEntries(tx.db), nicknamesOf(tx.db), tx.ctx)
          const endDay = businessDateOf(parseInstant(campaign.endsAt) - 1, tx.rules.calendar)
          const winners = awards.map((a) => ({
            nickname: standings.find((s) => s.rank === a.rank)?.nickname ?? '*',
            prizeName: `第 ${a.rank} 名 ${prizeText(tx, { points: a.points, couponTemplateId: a.couponTemplateId ?? undefined })}`,
            businessDate: endDay,
          }))
          return { body: { published: true, winners } satisfies WinnersResponse }
        }
        try {
          const winners = winnersList(tx.db.lotteries[campaign.id] ?? initialLotteryState(campaign), campaign, nicknamesOf(tx.db), tx.ctx)
          return { body: { published: true, winners } satisfies WinnersResponse }
        } catch (e) {
          if (isRuleError(e) && e.code === 'LOTTERY_WINNERS_NOT_PUBLISHED') return { body: { published: false, winners: [] } satisfies WinnersResponse }
          throw e
        }
      },
    },
  ],
  [
    'POST',
    '/campaigns/:id/cards/gift',
    {
      auth: 'member',
      handler: (args) => {
        const body = objectBody(args.body)
        const friendCode = requiredString(body, 'friendCode', { max: 16 })
        const kindId = requiredString(body, 'kindId', { max: 32 })
        const tx = beginTx(args)
        const { campaign } = visibleCampaign(tx, pathId(args.params, 'id'))
        const friendId = own(tx.db.inviteCodes, friendCode.trim().toUpperCase())
        if (!friendId) throw new HttpError(404, 'FRIEND_NOT_FOUND', '没有找到这位好友，请核对好友码', { friendCode })
        const r = giftCard(tx.db.cards[campaign.id] ?? initialCardsState(campaign), { campaign, fromMemberId: tx.member.id, toMemberId: friendId, kindId }, tx.ctx)
        tx.db = { ...tx.db, cards: { ...tx.db.cards, [campaign.id]: r.state } }
        tx.joinCampaign(campaign.id)
        const answer: CardGiftResponse = { cards: cardsDetail(tx, campaign)! }
        return done(tx, answer)
      },
    },
  ],
  [
    'POST',
    '/campaigns/:id/cards/claim',
    {
      auth: 'member',
      handler: (args) => {
        objectBody(args.body)
        const tx = beginTx(args)
        const { campaign } = visibleCampaign(tx, pathId(args.params, 'id'))
        const r = claimSetPrize(tx.db.cards[campaign.id] ?? initialCardsState(campaign), { campaign, memberId: tx.member.id }, tx.ctx)
        tx.db = { ...tx.db, cards: { ...tx.db.cards, [campaign.id]: r.state } }
        if (r.prize.points > 0) {
          tx.grant({ amount: r.prize.points, source: 'cards', ref: r.prize.ref, reason: `${campaign.name} 集齐奖励` })
          tx.log('prize_cost', { campaignId: campaign.id, costFen: r.prize.points * tx.rules.points.pointValueFen })
        }
        const coupon = tx.issue(r.prize.couponTemplateId, r.prize.ref, 'cards')
        tx.log('campaign_complete', { campaignId: campaign.id })
        tx.upgrade()
        const answer: CardClaimResponse = { points: r.prize.points, coupon: couponWire(coupon, tx.ctx), balance: tx.balance, cards: cardsDetail(tx, campaign)! }
        return done(tx, answer)
      },
    },
  ],
]
