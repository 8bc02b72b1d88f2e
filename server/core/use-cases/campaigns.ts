/**
 * Campaigns: `GET /campaigns`, `GET /campaigns/{id}`, `POST /campaigns/{id}/draw`, `GET /campaigns/{id}/winners`,
 * `POST /campaigns/{id}/cards/gift {friendCode, kindId}`, `POST /campaigns/{id}/cards/claim`.
 * Draws, cards and leaderboards are decided by lottery.ts / cards.ts / campaigns.ts. Prize stock is taken with a
 * conditional count by the storage (what was won, up to the rules' stock), so it never goes below zero under
 * concurrent draws, and an admin who raises a running prize's stock restocks it.
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
} from '../../../src/api/contract'
import { businessDateOf, parseInstant } from '../../../src/domain/calendar'
import {
  activeSigninMultiplier,
  activeTheme,
  campaignEntry,
  campaignStatus,
  isRetired,
  leaderboardResults,
  maskNickname,
  visibleCampaignsFor,
  type CampaignDefinition,
  type CampaignEntry,
  type CampaignTheme,
} from '../../../src/domain/campaigns'
import { assertCanGive, claimSetPrize, giftCard, myCards } from '../../../src/domain/cards'
import { couponTemplateEnded, type Coupon } from '../../../src/domain/coupons'
import { drawLottery, drawsLeft, drawsOn, myPrizes, publishedOdds, winnersList, type DrawResult } from '../../../src/domain/lottery'
import { HttpError } from '../http'
import type { LeaderboardScore, ReadScope } from '../port'
import type { RouteEntry } from '../route'
import type { Redemption } from '../records'
import { prizeRedemption, redemptionWire } from './rewards'
import { applyCardsState, cardsStateOf, couponWire, lotteryStateOf, type MemberTx, type Work } from '../tx'
import { assertPointsSeen, expectedPointsOf, objectBody, pathId, requiredString } from '../validate'

function themeWire(t: CampaignTheme | undefined | null): ThemeWire | null {
  if (!t) return null
  const out: ThemeWire = { key: t.key, primaryColor: t.primaryColor, bannerTitle: t.bannerTitle }
  if (t.bannerImage) out.bannerImage = t.bannerImage
  return out
}

/** The lowest tier admitted by a 'tier' audience, and for priority campaigns the lowest tier entering early. */
function gatesOf(tx: MemberTx, c: CampaignDefinition): Pick<CampaignSummary, 'audience' | 'earlyAccess'> {
  const levels = [...tx.rules.tiers.levels].sort((a, b) => a.rank - b.rank)
  const ref = (t: { id: string; name: string }) => ({ id: t.id, name: t.name })
  const min = c.audience.kind === 'tier' ? levels.find((t) => t.rank >= (c.audience.minTierRank ?? 0)) : undefined
  const early = c.priority ? levels.find((t) => t.earlyAccessMinutes > 0) : undefined
  return {
    audience: { kind: c.audience.kind, minTier: min ? ref(min) : null },
    earlyAccess: early ? { tier: ref(early), minutes: early.earlyAccessMinutes } : null,
  }
}

function summaryOf(tx: MemberTx, c: CampaignDefinition, entry: CampaignEntry): CampaignSummary {
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
function visibleCampaign(tx: MemberTx, id: string): { campaign: CampaignDefinition; entry: CampaignEntry } {
  const campaign = tx.rules.campaigns.find((c) => c.id === id)
  const entry = campaign ? campaignEntry(campaign, tx.campaignMember(), tx.earlyMinutes(), tx.ctx) : null
  if (!campaign || !entry || (campaign.exclusive && !entry.eligible)) throw new HttpError(404, 'CAMPAIGN_NOT_FOUND', '活动不存在', { campaignId: id })
  // Its member results are gone with it (an empty 我的奖品 beside a list of winners would say they won nothing).
  if (isRetired(campaign, tx.ctx.now)) throw new HttpError(404, 'CAMPAIGN_NOT_FOUND', '活动已结束下线，奖励可在积分明细、优惠券和兑换记录中查看', { campaignId: id })
  return { campaign, entry }
}

/**
 * The campaign as it can be drawn now: a coupon prize whose template's fixed dates ended can no longer come out (as a
 * prize out of stock), and the odds are published without it.
 */
function drawable(c: CampaignDefinition, tx: MemberTx): CampaignDefinition {
  if (!c.lottery) return c
  const prizes = c.lottery.prizes.filter((p) => p.couponTemplateId === undefined || !couponTemplateEnded(p.couponTemplateId, tx.ctx))
  return prizes.length === c.lottery.prizes.length ? c : { ...c, lottery: { ...c.lottery, prizes } }
}

async function lotteryDetail(tx: MemberTx, campaign: CampaignDefinition): Promise<LotteryDetail | undefined> {
  if (!campaign.lottery) return undefined
  const c = drawable(campaign, tx)
  const rules = c.lottery!
  const state = lotteryStateOf(c, tx, await tx.work.scope.prizesTaken(c.id))
  return {
    prizes: rules.prizes.map((p) => ({ id: p.id, name: p.name, kind: p.kind })),
    odds: publishedOdds(rules, tx.effective().tier.lotteryWeightPercent, state.remainingStock),
    draws: drawsWire(tx, c),
    myPrizes: myPrizes(state, tx.member.id).map((d) => ({ drawId: d.id, prizeName: d.prizeName, kind: d.prizeKind, businessDate: d.businessDate })),
    todayDraws: drawsOn(state, tx.member.id, tx.today).map((d) => ({ drawId: d.id, prizeName: d.prizeName, kind: d.prizeKind, costPoints: d.costPoints, at: d.at })),
    winnersPublished: campaignStatus(c, tx.ctx.now) === 'ended',
  }
}

function drawsWire(tx: MemberTx, c: CampaignDefinition): LotteryDetail['draws'] {
  const rules = c.lottery!
  const left = drawsLeft(lotteryStateOf(c, tx, {}), rules, tx.member.id, tx.ctx)
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

export function cardsDetail(tx: MemberTx, c: CampaignDefinition): CardsDetail | undefined {
  if (!c.cards) return undefined
  const mine = myCards(cardsStateOf(c, [tx]), c, tx.member.id, tx.shareAllowed(), tx.ctx)
  const total = c.cards.kinds.reduce((s, k) => s + k.rarityWeight, 0)
  const weights = new Map(c.cards.kinds.map((k) => [k.id, k.rarityWeight]))
  const template = tx.rules.coupons.templates.find((t) => t.id === c.cards!.setPrize.couponTemplateId)
  return {
    kinds: mine.kinds.map((k) => ({ ...k, rarity: rarityOf(weights.get(k.id) ?? 0, total) })),
    collected: mine.collected,
    total: mine.total,
    complete: mine.complete,
    claimed: mine.claimed,
    // A coupon whose fixed dates ended is no longer part of the prize (MemberTx.give).
    setPrize: { points: c.cards.setPrize.points, couponName: couponTemplateEnded(c.cards.setPrize.couponTemplateId, tx.ctx) ? null : (template?.name ?? c.cards.setPrize.couponTemplateId) },
    actionsLeftToday: mine.actionsLeftToday,
  }
}

function prizeText(tx: { rules: MemberTx['rules'] }, p: { points?: number; couponTemplateId?: string }): string {
  const parts: string[] = []
  if (p.points) parts.push(`${p.points} 积分`)
  if (p.couponTemplateId) parts.push(tx.rules.coupons.templates.find((t) => t.id === p.couponTemplateId)?.name ?? '优惠券')
  return parts.join(' + ')
}

/** Scores as the domain's leaderboard entries (one per member: the sum, at the instant it was reached). */
function entriesOf(scores: LeaderboardScore[]): { memberId: string; amount: number; at: string }[] {
  return scores.map((s) => ({ memberId: s.memberId, amount: s.points, at: s.reachedAt }))
}

async function nicknamesOf(scope: ReadScope, ids: string[]): Promise<Record<string, string>> {
  const profiles = await scope.profiles(ids)
  return Object.fromEntries(Object.entries(profiles).map(([id, p]) => [id, p.nickname]))
}

async function leaderboardDetail(tx: MemberTx, c: CampaignDefinition): Promise<LeaderboardDetail | undefined> {
  if (!c.leaderboard) return undefined
  const scope = tx.work.scope
  const top = await scope.leaderboardScores(c.startsAt, c.endsAt, c.leaderboard.topN)
  const names = await nicknamesOf(scope, top.map((s) => s.memberId))
  const me = await scope.leaderboardRankOf(tx.member.id, c.startsAt, c.endsAt)
  const published = campaignStatus(c, tx.ctx.now) === 'ended'
  // What refunds after the results took back of my prize (orders.ts takeBackLeaderboardPrizes).
  const takenBack = published && me && me.rank <= c.leaderboard.topN ? (await scope.ledgerByRefs(tx.member.id, [`leaderboard:${c.id}:${me.rank}`])).filter((e) => e.revokesPrize) : []
  return {
    standings: top.map((s, i) => ({ rank: i + 1, nickname: maskNickname(names[s.memberId] ?? '会员'), points: s.points })),
    me: { rank: me?.rank ?? null, points: me?.points ?? 0, prizeTakenBack: takenBack.reduce((n, e) => n - e.amount + (e.shortfall ?? 0), 0) },
    prizes: c.leaderboard.prizes.map((p) => ({ rankFrom: p.rankFrom, rankTo: p.rankTo, text: prizeText(tx, p) })),
    published,
  }
}

export async function campaignDetail(tx: MemberTx, id: string): Promise<CampaignDetail> {
  const { campaign, entry } = visibleCampaign(tx, id)
  const detail: CampaignDetail = summaryOf(tx, campaign, entry)
  const lottery = await lotteryDetail(tx, campaign)
  const cards = cardsDetail(tx, campaign)
  const leaderboard = await leaderboardDetail(tx, campaign)
  if (lottery) detail.lottery = lottery
  if (cards) detail.cards = cards
  if (leaderboard) detail.leaderboard = leaderboard
  return detail
}

/** One draw: the domain decides prize, stock and limits; its cost is spent and its prize paid in the same step. */
export async function drawOp(
  tx: MemberTx,
  campaignId: string,
): Promise<{ result: DrawResult; campaign: CampaignDefinition; coupon: Coupon | null; redemption: Redemption | null; settled: number }> {
  const { campaign } = visibleCampaign(tx, campaignId)
  // The member's first draw as far as the working set knows: a campaign cut from it before the count of its draws was
  // kept (working-set.ts `earlier`) and listed again has its ids taken all the same — the stored draws say how many.
  if (!tx.campaignSlice(campaign.id).lottery) {
    const made = await tx.work.scope.drawsMade(tx.member.id, campaign.id)
    if (made > 0) tx.setCampaignSlice(campaign.id, { ...tx.campaignSlice(campaign.id), lottery: { daily: {}, draws: [], earlier: made } })
  }
  const before = lotteryStateOf(campaign, tx, await tx.work.scope.prizesTaken(campaign.id))
  const r = drawLottery(
    before,
    {
      campaign: drawable(campaign, tx),
      member: tx.campaignMember(),
      tierWeightPercent: tx.effective().tier.lotteryWeightPercent,
      tierEarlyMinutes: tx.earlyMinutes(),
      balance: tx.balance,
    },
    tx.ctx,
  )
  const { result } = r
  if (r.state.remainingStock[result.prize.id] !== before.remainingStock[result.prize.id]) {
    tx.work.takeStock({ kind: 'prize', campaignId: campaign.id, id: result.prize.id })
  }
  const slice = tx.campaignSlice(campaign.id)
  const used = r.state.dailyDraws[`${tx.member.id}|${result.draw.businessDate}`]
  tx.setCampaignSlice(campaign.id, {
    ...slice,
    lottery: { ...slice.lottery, daily: { ...slice.lottery?.daily, [result.draw.businessDate]: used }, draws: r.state.draws },
  })
  if (result.cost > 0) tx.spend({ amount: result.cost, reason: `${campaign.name} 抽奖`, ref: result.ref })
  let coupon: Coupon | null = null
  let settled = 0
  if (result.prize.kind === 'points' && result.prize.points) {
    settled = tx.grant({ amount: result.prize.points, source: 'prize', ref: result.ref, reason: `${campaign.name} 中奖` }).settled
    tx.log('prize_cost', { campaignId: campaign.id, costFen: result.prize.points * tx.rules.points.pointValueFen })
  } else if (result.prize.kind === 'coupon' && result.prize.couponTemplateId) {
    coupon = tx.issue(result.prize.couponTemplateId, result.ref, 'lottery') // drawable: not ended
  }
  const redemption = result.prize.kind === 'physical' ? prizeRedemption(tx, campaign.id, result.prize) : null
  tx.joinCampaign(campaign.id)
  tx.log('campaign_complete', { campaignId: campaign.id })
  return { result, campaign, coupon, redemption, settled }
}

/**
 * Ended leaderboards pay their prizes once (campaigns.ts `leaderboardResults`: uncapped prize grants with a
 * per-rank ref, so a replay grants nothing twice); the storage records the settlement in the same write.
 */
export async function settleLeaderboards(work: Work, due: CampaignDefinition[]): Promise<void> {
  for (const c of due) {
    if (await work.scope.leaderboardSettled(c.id)) continue
    const scores = await work.scope.leaderboardScores(c.startsAt, c.endsAt, c.leaderboard?.topN ?? 0)
    const { awards } = leaderboardResults(c, entriesOf(scores), await nicknamesOf(work.scope, scores.map((s) => s.memberId)), work.ctx)
    for (const award of awards) {
      const tx = await work.member(award.memberId)
      // Erased after the end, the member keeps their rank (the results are as they stood), and is paid nothing.
      if (tx.member.erasedAt) continue
      if (award.points > 0) {
        // A balance near MAX_POINTS holds less than the prize: the cost is what was paid.
        const paid = tx.grant({ amount: award.points, source: 'prize', ref: award.ref, reason: `${c.name} 第 ${award.rank} 名奖励` }).awarded
        tx.log('prize_cost', { campaignId: c.id, costFen: paid * work.rules.points.pointValueFen })
      }
      if (award.couponTemplateId) tx.give(award.couponTemplateId, award.ref, 'leaderboard')
      tx.joinCampaign(c.id)
      tx.log('campaign_complete', { campaignId: c.id })
    }
    work.leaderboardsSettled.push({ campaignId: c.id, at: work.iso, campaign: c })
  }
}

export const campaignsRoutes: RouteEntry[] = [
  [
    'GET',
    '/campaigns',
    {
      auth: 'member',
      handler: async (args) => {
        const tx = await args.me()
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
  ['GET', '/campaigns/:id', { auth: 'member', handler: async (args) => ({ body: await campaignDetail(await args.me(), pathId(args.params, 'id')) }) }],
  [
    'POST',
    '/campaigns/:id/draw',
    {
      auth: 'member',
      handler: async (args) => {
        const expected = expectedPointsOf(objectBody(args.body))
        const tx = await args.me()
        const { result, campaign, coupon, redemption, settled } = await drawOp(tx, pathId(args.params, 'id'))
        assertPointsSeen(expected, result.cost)
        const body: DrawResponse = {
          drawId: result.draw.id,
          prize: { id: result.prize.id, name: result.prize.name, kind: result.prize.kind },
          free: result.free,
          cost: result.cost,
          balance: tx.balance,
          settled,
          draws: drawsWire(tx, campaign),
        }
        if (result.prize.kind === 'points' && result.prize.points) body.prize.points = result.prize.points
        if (coupon) body.coupon = couponWire(coupon, tx.ctx)
        // A physical prize: its line in 兑换记录, where the member gives the address it goes to.
        if (redemption) body.redemption = redemptionWire(redemption, tx.today)
        return { body }
      },
    },
  ],
  [
    'GET',
    '/campaigns/:id/winners',
    {
      auth: 'member',
      handler: async (args) => {
        const tx = await args.me()
        const { campaign } = visibleCampaign(tx, pathId(args.params, 'id'))
        const scope = args.work.scope
        if (campaignStatus(campaign, tx.ctx.now) !== 'ended') return { body: { published: false, winners: [] } satisfies WinnersResponse }
        if (campaign.type === 'leaderboard') {
          const scores = await scope.leaderboardScores(campaign.startsAt, campaign.endsAt, campaign.leaderboard?.topN ?? 0)
          const { standings, awards } = leaderboardResults(campaign, entriesOf(scores), await nicknamesOf(scope, scores.map((s) => s.memberId)), tx.ctx)
          const endDay = businessDateOf(parseInstant(campaign.endsAt) - 1, tx.rules.calendar)
          const winners = awards.map((a) => ({
            nickname: standings.find((s) => s.rank === a.rank)?.nickname ?? '*',
            prizeName: `第 ${a.rank} 名 ${prizeText(tx, { points: a.points, couponTemplateId: a.couponTemplateId ?? undefined })}`,
            businessDate: endDay,
          }))
          return { body: { published: true, winners } satisfies WinnersResponse }
        }
        const draws = await scope.winningDraws(campaign.id)
        const names = await nicknamesOf(scope, [...new Set(draws.map((d) => d.memberId))])
        const winners = winnersList({ campaignId: campaign.id, remainingStock: {}, dailyDraws: {}, draws }, campaign, names, tx.ctx)
        return { body: { published: true, winners } satisfies WinnersResponse }
      },
    },
  ],
  [
    'POST',
    '/campaigns/:id/cards/gift',
    {
      auth: 'member',
      handler: async (args) => {
        const body = objectBody(args.body)
        const friendCode = requiredString(body, 'friendCode', { max: 16 })
        const kindId = requiredString(body, 'kindId', { max: 32 })
        const tx = await args.me()
        const { campaign } = visibleCampaign(tx, pathId(args.params, 'id'))
        assertCanGive(cardsStateOf(campaign, [tx]), { campaign, fromMemberId: tx.member.id, kindId }, tx.ctx)
        const friendId = await args.work.scope.memberIdByInviteCode(friendCode.trim().toUpperCase())
        // A friend erased meanwhile took their code with them.
        const friend = friendId === tx.member.id ? tx : friendId ? await args.work.unlessErased(friendId) : null
        if (!friendId || !friend) throw new HttpError(404, 'FRIEND_NOT_FOUND', '没有找到这位好友，请核对邀请码', { friendCode })
        const both = friend === tx ? [tx] : [tx, friend]
        const r = giftCard(cardsStateOf(campaign, both), { campaign, fromMemberId: tx.member.id, toMemberId: friendId, kindId }, tx.ctx)
        applyCardsState(r.state, both)
        tx.joinCampaign(campaign.id)
        const answer: CardGiftResponse = { cards: cardsDetail(tx, campaign)! }
        return { body: answer }
      },
    },
  ],
  [
    'POST',
    '/campaigns/:id/cards/claim',
    {
      auth: 'member',
      handler: async (args) => {
        objectBody(args.body)
        const tx = await args.me()
        const { campaign } = visibleCampaign(tx, pathId(args.params, 'id'))
        const r = claimSetPrize(cardsStateOf(campaign, [tx]), { campaign, memberId: tx.member.id }, tx.ctx)
        applyCardsState(r.state, [tx])
        let settled = 0
        if (r.prize.points > 0) {
          settled = tx.grant({ amount: r.prize.points, source: 'cards', ref: r.prize.ref, reason: `${campaign.name} 集齐奖励` }).settled
          tx.log('prize_cost', { campaignId: campaign.id, costFen: r.prize.points * tx.rules.points.pointValueFen })
        }
        const coupon = tx.give(r.prize.couponTemplateId, r.prize.ref, 'cards')
        tx.log('campaign_complete', { campaignId: campaign.id })
        tx.upgrade()
        const answer: CardClaimResponse = { points: r.prize.points, coupon: coupon && couponWire(coupon, tx.ctx), balance: tx.balance, settled, cards: cardsDetail(tx, campaign)! }
        return { body: answer }
      },
    },
  ],
]
