/**
 * Collect cards (集卡, e.g. 春节集福卡, SPEC §2.5).
 *
 * Earning: one card per action per member per BUSINESS day; the kind is drawn by rarity weight with the
 * injected random source. A 'share' earns a card only where share rewards are switched on (SPEC §1.6,
 * off on weapp and alipay by default) — the caller passes that switch for the member's platform.
 *
 * Completable without sharing — the new-kind guarantee: at least every `guaranteedNewKindEvery`-th EARNED
 * card is a kind the member does not hold yet. After `guaranteedNewKindEvery − 1` duplicates in a row, the
 * next earned card is drawn among the missing kinds only (still by rarity). The first card is always new,
 * so a member with K kinds to collect completes the set within 1 + (K − 1) × guaranteedNewKindEvery earned
 * cards — 13 with the defaults (5 kinds, every 3rd), i.e. by sign-in alone within 13 days of a 15-day
 * campaign. The campaign validator refuses a campaign too short for this bound.
 *
 * Gifting gives away duplicates only, so a member never loses a kind, and the bound above still holds.
 * The set prize (coupon + points pack) is granted exactly once per member; points never move here — the
 * caller grants `prize.points` (uncapped campaign prize) and issues the coupon with `prize.ref` in the same
 * atomic step.
 */
import { businessDateOf, toIso, type BusinessDate } from './calendar'
import {
  assertCanEnter,
  campaignStatus,
  type CampaignConfig,
  type CampaignDefinition,
  type CampaignMember,
} from './campaigns'
import { randomInt, type Ctx, type Rng } from './context'
import { RuleError } from './errors'

export type CardEarnAction = 'signin' | 'core_use' | 'task' | 'invite_registered' | 'share'

export interface CardKind {
  id: string
  /** zh-CN, e.g. '敬业福'. */
  name: string
  /** Integer weight; the rarest kind has the smallest. */
  rarityWeight: number
}

export interface CardsRules {
  kinds: CardKind[]
  earnActions: CardEarnAction[]
  /** At least every N-th earned card is a kind the member lacks (see the file comment). */
  guaranteedNewKindEvery: number
  setPrize: { couponTemplateId: string; points: number }
}

export interface CardLogEntry {
  at: string
  memberId: string
  kindId: string
  via: 'earn' | 'gift_in' | 'gift_out'
  action?: CardEarnAction
  counterpartId?: string
}

export interface CardsState {
  campaignId: string
  /** memberId → kindId → count held. */
  holdings: Record<string, Record<string, number>>
  /** `${memberId}|${action}|${businessDate}` → the kind earned. */
  earnedByActionDay: Record<string, string>
  /** memberId → consecutive duplicates among the cards they earned (drives the new-kind guarantee). */
  duplicatesInARow: Record<string, number>
  /** memberId → ISO instant the set prize was claimed. */
  setClaimedAt: Record<string, string>
  log: CardLogEntry[]
}

export type CardsEvent =
  | { type: 'card_earned'; campaignId: string; memberId: string; kindId: string; action: CardEarnAction; guaranteed: boolean }
  | { type: 'card_gifted'; campaignId: string; fromMemberId: string; toMemberId: string; kindId: string }
  | { type: 'card_set_claimed'; campaignId: string; memberId: string; couponTemplateId: string; points: number }

export function initialCardsState(campaign: CampaignDefinition): CardsState {
  return { campaignId: campaign.id, holdings: {}, earnedByActionDay: {}, duplicatesInARow: {}, setClaimedAt: {}, log: [] }
}

function rulesOf(campaign: CampaignDefinition, state: CardsState): CardsRules {
  if (campaign.type !== 'cards' || !campaign.cards) {
    throw new RuleError('CARDS_NOT_FOUND', '该活动没有集卡玩法', 404, { campaignId: campaign.id })
  }
  if (state.campaignId !== campaign.id) {
    throw new RuleError('CARDS_STATE_MISMATCH', '集卡数据与活动不匹配', 400, { campaignId: campaign.id, stateCampaignId: state.campaignId })
  }
  return campaign.cards
}

function countOf(state: CardsState, memberId: string, kindId: string): number {
  return state.holdings[memberId]?.[kindId] ?? 0
}

function withCount(state: CardsState, memberId: string, kindId: string, delta: number): CardsState['holdings'] {
  const mine = state.holdings[memberId] ?? {}
  return { ...state.holdings, [memberId]: { ...mine, [kindId]: (mine[kindId] ?? 0) + delta } }
}

function pickByRarity(kinds: CardKind[], rng: Rng): CardKind {
  const total = kinds.reduce((s, k) => s + k.rarityWeight, 0)
  let ticket = randomInt(rng, total)
  for (const k of kinds) {
    if (ticket < k.rarityWeight) return k
    ticket -= k.rarityWeight
  }
  return kinds[kinds.length - 1]
}

export function missingKinds(state: CardsState, rules: CardsRules, memberId: string): CardKind[] {
  return rules.kinds.filter((k) => countOf(state, memberId, k.id) === 0)
}

export interface EarnCardInput {
  campaign: CampaignDefinition
  member: CampaignMember
  tierEarlyMinutes: number
  action: CardEarnAction
  /** The share-reward switch for the member's platform (compliance.shareRewards + override). */
  shareRewardsEnabled: boolean
}

export interface EarnCardResult {
  kind: CardKind
  isNewKind: boolean
  /** True when the new-kind guarantee decided the draw. */
  guaranteed: boolean
  setComplete: boolean
}

/**
 * Earns today's card for an action. The business date comes from ctx.now (never from the caller), so a card
 * can only be earned for today. Refuses CARDS_NOT_FOUND (404), CARDS_NOT_RUNNING / CAMPAIGN_NOT_ELIGIBLE
 * (422), CARD_ACTION_NOT_ELIGIBLE (422), CARD_SHARE_NOT_REWARDED (422), CARD_ALREADY_EARNED_TODAY (409).
 */
export function earnCard(
  state: CardsState,
  input: EarnCardInput,
  ctx: Ctx<CampaignConfig>,
): { state: CardsState; events: CardsEvent[]; result: EarnCardResult } {
  const { campaign, member, action } = input
  const rules = rulesOf(campaign, state)
  assertCanEnter(campaign, member, input.tierEarlyMinutes, ctx, 'CARDS_NOT_RUNNING')
  if (!rules.earnActions.includes(action)) {
    throw new RuleError('CARD_ACTION_NOT_ELIGIBLE', '这个操作在本活动中不送福卡', 422, { action })
  }
  if (action === 'share' && !input.shareRewardsEnabled) {
    throw new RuleError('CARD_SHARE_NOT_REWARDED', '分享不送福卡，签到、下单和完成任务都能得福卡', 422, { action })
  }
  const date: BusinessDate = businessDateOf(ctx.now, ctx.config.calendar)
  const key = `${member.memberId}|${action}|${date}`
  if (state.earnedByActionDay[key] !== undefined) {
    throw new RuleError('CARD_ALREADY_EARNED_TODAY', '今天这个操作已经得过福卡了', 409, { action, date })
  }
  const missing = missingKinds(state, rules, member.memberId)
  const streak = state.duplicatesInARow[member.memberId] ?? 0
  const guaranteed = missing.length > 0 && missing.length < rules.kinds.length && streak >= rules.guaranteedNewKindEvery - 1
  const kind = pickByRarity(guaranteed ? missing : rules.kinds, ctx.rng)
  const isNewKind = countOf(state, member.memberId, kind.id) === 0
  const holdings = withCount(state, member.memberId, kind.id, 1)
  const next: CardsState = {
    ...state,
    holdings,
    earnedByActionDay: { ...state.earnedByActionDay, [key]: kind.id },
    duplicatesInARow: { ...state.duplicatesInARow, [member.memberId]: isNewKind ? 0 : streak + 1 },
    log: [...state.log, { at: toIso(ctx.now), memberId: member.memberId, kindId: kind.id, via: 'earn', action }],
  }
  return {
    state: next,
    events: [{ type: 'card_earned', campaignId: campaign.id, memberId: member.memberId, kindId: kind.id, action, guaranteed }],
    result: { kind, isNewKind, guaranteed, setComplete: missingKinds(next, rules, member.memberId).length === 0 },
  }
}

/**
 * The day's card for `action` taken back (the only order paid that day refunded): while the member still holds one of
 * the kind it was and has not claimed the set prize, that card goes — and the day's card for the action stays used
 * (paying and refunding again is no second draw at the kinds), the run of duplicates as it was before it (a duplicate
 * goes: one less). Otherwise (given away, or the prize claimed) nothing changes, as with a task reward already claimed.
 */
export function withdrawCard(state: CardsState, input: { memberId: string; action: CardEarnAction; date: BusinessDate }): CardsState {
  const { memberId } = input
  const kindId = state.earnedByActionDay[`${memberId}|${input.action}|${input.date}`]
  const held = kindId === undefined ? 0 : countOf(state, memberId, kindId)
  if (held < 1 || state.setClaimedAt[memberId] !== undefined) return state
  const streak = state.duplicatesInARow[memberId] ?? 0
  return {
    ...state,
    holdings: withCount(state, memberId, kindId, -1),
    duplicatesInARow: held > 1 ? { ...state.duplicatesInARow, [memberId]: Math.max(0, streak - 1) } : state.duplicatesInARow,
  }
}

export interface GiftCardInput {
  campaign: CampaignDefinition
  fromMemberId: string
  /** The caller has checked that this member exists (404 otherwise). */
  toMemberId: string
  kindId: string
}

/**
 * Whether the giver may give this card at all, whoever the friend is: the campaign runs, the kind is one of its and they
 * hold it twice. Asked before the friend's code is looked up, so a member who cannot give learns nothing of which codes
 * are members'. Refuses as giftCard does.
 */
export function assertCanGive(state: CardsState, input: Omit<GiftCardInput, 'toMemberId'>, ctx: Ctx<CampaignConfig>): void {
  const { campaign, fromMemberId, kindId } = input
  const rules = rulesOf(campaign, state)
  const status = campaignStatus(campaign, ctx.now)
  if (status !== 'running') {
    throw new RuleError('CARDS_NOT_RUNNING', status === 'upcoming' ? '活动尚未开始' : '活动已结束', 422, { campaignId: campaign.id, status })
  }
  if (!rules.kinds.some((k) => k.id === kindId)) throw new RuleError('CARD_KIND_UNKNOWN', '没有这种福卡', 404, { kindId })
  if (countOf(state, fromMemberId, kindId) < 2) {
    throw new RuleError('CARD_NOT_DUPLICATE', '只能赠送重复的福卡', 422, { kindId, held: countOf(state, fromMemberId, kindId) })
  }
}

/**
 * Gives one duplicate card to a friend while the campaign runs. Refuses CARDS_NOT_FOUND / CARD_KIND_UNKNOWN
 * (404), CARDS_NOT_RUNNING (422), CARD_GIFT_SELF (422), CARD_NOT_DUPLICATE (422, fewer than 2 held).
 */
export function giftCard(state: CardsState, input: GiftCardInput, ctx: Ctx<CampaignConfig>): { state: CardsState; events: CardsEvent[] } {
  const { campaign, fromMemberId, toMemberId, kindId } = input
  assertCanGive(state, input, ctx)
  if (fromMemberId === toMemberId) throw new RuleError('CARD_GIFT_SELF', '不能把福卡送给自己', 422)
  const afterGive: CardsState = { ...state, holdings: withCount(state, fromMemberId, kindId, -1) }
  const at = toIso(ctx.now)
  return {
    state: {
      ...afterGive,
      holdings: withCount(afterGive, toMemberId, kindId, 1),
      log: [
        ...state.log,
        { at, memberId: fromMemberId, kindId, via: 'gift_out', counterpartId: toMemberId },
        { at, memberId: toMemberId, kindId, via: 'gift_in', counterpartId: fromMemberId },
      ],
    },
    events: [{ type: 'card_gifted', campaignId: campaign.id, fromMemberId, toMemberId, kindId }],
  }
}

export interface SetPrize {
  couponTemplateId: string
  points: number
  /** Ref for the coupon issue and the points grant; unique per member and campaign. */
  ref: string
}

/**
 * Claims the set prize once all kinds are held. Allowed from the start of the campaign onwards — also after
 * it ends, since the set can only have been completed while it ran. Cards are kept, not consumed.
 * Refuses CARD_SET_INCOMPLETE (422), CARD_SET_ALREADY_CLAIMED (409), CARDS_NOT_RUNNING (422) before the start.
 */
export function claimSetPrize(
  state: CardsState,
  input: { campaign: CampaignDefinition; memberId: string },
  ctx: Ctx<CampaignConfig>,
): { state: CardsState; events: CardsEvent[]; prize: SetPrize } {
  const { campaign, memberId } = input
  const rules = rulesOf(campaign, state)
  if (campaignStatus(campaign, ctx.now) === 'upcoming') {
    throw new RuleError('CARDS_NOT_RUNNING', '活动尚未开始', 422, { campaignId: campaign.id, status: 'upcoming' })
  }
  if (state.setClaimedAt[memberId] !== undefined) {
    throw new RuleError('CARD_SET_ALREADY_CLAIMED', '集齐奖励已经领取过了', 409, { claimedAt: state.setClaimedAt[memberId] })
  }
  const missing = missingKinds(state, rules, memberId)
  if (missing.length > 0) {
    throw new RuleError('CARD_SET_INCOMPLETE', `还差 ${missing.map((k) => k.name).join('、')} 才能集齐`, 422, {
      missing: missing.map((k) => k.id),
    })
  }
  const prize: SetPrize = { ...rules.setPrize, ref: `cards-set:${campaign.id}:${memberId}` }
  return {
    state: { ...state, setClaimedAt: { ...state.setClaimedAt, [memberId]: toIso(ctx.now) } },
    events: [{ type: 'card_set_claimed', campaignId: campaign.id, memberId, couponTemplateId: prize.couponTemplateId, points: prize.points }],
    prize,
  }
}

export interface MyCards {
  kinds: { id: string; name: string; count: number; giftable: boolean }[]
  collected: number
  total: number
  complete: boolean
  claimed: boolean
  /** Today's earnable actions not used yet (shown as "还可以通过…获得福卡"). */
  actionsLeftToday: CardEarnAction[]
}

/** The collect-cards page for one member. `shareRewardsEnabled` hides 'share' where it earns nothing. */
export function myCards(
  state: CardsState,
  campaign: CampaignDefinition,
  memberId: string,
  shareRewardsEnabled: boolean,
  ctx: Pick<Ctx<CampaignConfig>, 'now' | 'config'>,
): MyCards {
  const rules = rulesOf(campaign, state)
  const date = businessDateOf(ctx.now, ctx.config.calendar)
  const kinds = rules.kinds.map((k) => {
    const count = countOf(state, memberId, k.id)
    return { id: k.id, name: k.name, count, giftable: count >= 2 }
  })
  const collected = kinds.filter((k) => k.count > 0).length
  return {
    kinds,
    collected,
    total: kinds.length,
    complete: collected === kinds.length,
    claimed: state.setClaimedAt[memberId] !== undefined,
    actionsLeftToday: rules.earnActions.filter(
      (a) => (a !== 'share' || shareRewardsEnabled) && state.earnedByActionDay[`${memberId}|${a}|${date}`] === undefined,
    ),
  }
}
