import fc from 'fast-check'
import { DEFAULT_CALENDAR_RULES, businessDateOf, parseInstant } from '@/domain/calendar'
import { seededRng } from '@/domain/context'
import { NotLoaded, isRuleError } from '@/domain/errors'
import {
  DEFAULT_COMPLIANCE_RULES,
  DEFAULT_POINTS_RULES,
  adjustPoints,
  balanceOf,
  dueReminders,
  earnBehaviourPoints,
  emptyPointsState,
  expirePoints,
  grantPoints,
  refundOrderPoints,
  lotsWindow,
  spendPoints,
  windowOfLots,
  type EarningCtx,
  type PointsRules,
  type GrantSource,
  type Lot,
  type PointsState,
} from '@/domain/points'

type Op =
  | { kind: 'earn'; eventType: string; platform: 'weapp' | 'alipay' | 'h5'; ref: number }
  | { kind: 'grant'; source: GrantSource; amount: number; ref: number }
  | { kind: 'spend'; amount: number; ref: number }
  | { kind: 'refund'; ref: number }
  | { kind: 'expire' }
  | { kind: 'advance'; ms: number }

const DAY = 86_400_000
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('earn' as const),
    eventType: fc.constantFrom('first_open', 'core_use', 'share', 'review', 'survey'),
    platform: fc.constantFrom('weapp' as const, 'alipay' as const, 'h5' as const),
    ref: fc.integer({ min: 0, max: 5 }),
  }),
  fc.record({
    kind: fc.constant('grant' as const),
    source: fc.constantFrom<GrantSource>('signin', 'task', 'invite', 'prize', 'purchase', 'grant', 'cards'),
    amount: fc.integer({ min: 1, max: 150 }),
    ref: fc.integer({ min: 0, max: 8 }),
  }),
  fc.record({ kind: fc.constant('spend' as const), amount: fc.integer({ min: 1, max: 300 }), ref: fc.integer({ min: 0, max: 8 }) }),
  fc.record({ kind: fc.constant('refund' as const), ref: fc.integer({ min: 0, max: 8 }) }),
  fc.constant({ kind: 'expire' as const }),
  fc.record({
    kind: fc.constant('advance' as const),
    ms: fc.oneof(fc.integer({ min: 1, max: 3 * DAY }), fc.integer({ min: 20 * DAY, max: 200 * DAY })),
  }),
)

const cappedSources = new Set(Object.entries(DEFAULT_POINTS_RULES.grantSources).filter(([, r]) => r.capped).map(([s]) => s))

/** A behaviour event names an order half the time (a 下单 or 评价, taken back by the order's refund). */
const eventRef = (n: number) => (n % 2 ? `ev-${n}` : `order-${n}`)

/** The defaults with every survey the ops name running (none runs by default). */
const POINTS: PointsRules = {
  ...DEFAULT_POINTS_RULES,
  earningRules: { ...DEFAULT_POINTS_RULES.earningRules, survey: { ...DEFAULT_POINTS_RULES.earningRules.survey, refs: Array.from({ length: 6 }, (_, i) => eventRef(i)) } },
}

function ctx(now: number): EarningCtx {
  return { now, rng: seededRng(7), config: { calendar: DEFAULT_CALENDAR_RULES, points: POINTS, compliance: DEFAULT_COMPLIANCE_RULES } }
}

function liveLotsInFifoOrder(lots: readonly Lot[], now: number): Lot[] {
  return lots.filter((l) => l.expiresAt >= now && l.remaining > 0)
}

function checkInvariants(s: PointsState, now: number) {
  const balance = balanceOf(s, now)
  const sigma = s.lots.filter((l) => l.expiresAt >= now).reduce((a, l) => a + l.remaining, 0)
  expect(balance).toBe(sigma)
  expect(balance).toBeGreaterThanOrEqual(0)
  const last = s.ledger.length ? s.ledger[s.ledger.length - 1].balanceAfter : 0
  expect(last).toBe(balance)
  for (const l of s.lots) {
    expect(l.remaining).toBeGreaterThanOrEqual(0)
    expect(l.expired).toBeGreaterThanOrEqual(0)
    expect(l.remaining + l.expired).toBeLessThanOrEqual(l.amount)
    expect(Number.isInteger(l.remaining)).toBe(true)
  }
  for (let i = 1; i < s.lots.length; i++) expect(s.lots[i].expiresAt).toBeGreaterThanOrEqual(s.lots[i - 1].expiresAt)
  // caps: Σ capped credits per business day ≤ 100 and per business month ≤ 2000 — less the behaviour awards a refund
  // took back within that day / month (they no longer count toward its caps)
  const refundedOn = new Map<string, string>()
  for (const e of s.ledger) if (e.type === 'refund' && !refundedOn.has(e.ref)) refundedOn.set(e.ref, e.businessDate)
  const perDay = new Map<string, number>()
  const perMonth = new Map<string, number>()
  for (const e of s.ledger) {
    if ((e.type === 'earn' || e.type === 'grant') && e.source && cappedSources.has(e.source)) {
      const back = e.source === 'behaviour' && s.refundedRefs[e.ref] ? refundedOn.get(e.ref) : undefined
      if (back !== e.businessDate) perDay.set(e.businessDate, (perDay.get(e.businessDate) ?? 0) + e.amount)
      if (back?.slice(0, 7) !== e.businessDate.slice(0, 7)) perMonth.set(e.businessDate.slice(0, 7), (perMonth.get(e.businessDate.slice(0, 7)) ?? 0) + e.amount)
    }
  }
  for (const v of perDay.values()) expect(v).toBeLessThanOrEqual(DEFAULT_POINTS_RULES.caps.dayPoints)
  for (const v of perMonth.values()) expect(v).toBeLessThanOrEqual(DEFAULT_POINTS_RULES.caps.monthPoints)
  // ids are unique
  expect(new Set(s.ledger.map((e) => e.id)).size).toBe(s.ledger.length)
}

describe('§2.2 points invariants under random operation sequences', () => {
  test('balance = Σ unexpired remainders ≥ 0 = last balanceAfter; caps never exceeded; FIFO spending', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 80 }), (ops) => {
        let s = emptyPointsState()
        let now = parseInstant('2025-01-01T01:00:00Z')
        for (const op of ops) {
          const c = ctx(now)
          const before = s
          try {
            switch (op.kind) {
              case 'earn':
                s = earnBehaviourPoints(s, { eventType: op.eventType, ref: eventRef(op.ref), platform: op.platform }, c).state
                break
              case 'grant':
                s = grantPoints(s, { amount: op.amount, source: op.source, ref: `order-${op.ref}` }, c).state
                break
              case 'spend': {
                const live = liveLotsInFifoOrder(s.lots, now)
                const r = spendPoints(s, { amount: op.amount, reason: '测试', ref: `order-${op.ref}` }, c)
                // FIFO: consumed lots are the oldest live lots in order; all but the last fully emptied
                expect(r.consumed.map((m) => m.lotId)).toEqual(live.slice(0, r.consumed.length).map((l) => l.id))
                r.consumed.forEach((m, i) => {
                  if (i < r.consumed.length - 1) expect(m.amount).toBe(live[i].remaining)
                })
                expect(r.consumed.reduce((a, m) => a + m.amount, 0)).toBe(op.amount)
                s = r.state
                break
              }
              case 'refund':
                s = refundOrderPoints(s, { orderRef: `order-${op.ref}` }, c).state
                break
              case 'expire':
                s = expirePoints(s, c).state
                break
              case 'advance':
                now += op.ms
                // time passing alone changes nothing but what balanceOf counts; sweep to keep the ledger in step
                s = expirePoints(s, ctx(now)).state
                break
            }
          } catch (e) {
            if (!isRuleError(e)) throw e
            expect(s).toBe(before)
            if (e.code === 'POINTS_INSUFFICIENT') expect(balanceOf(s, now)).toBeLessThan((op as { amount: number }).amount)
          }
          checkInvariants(s, now)
          // the ledger's business dates never go backwards except expiry entries dated at their expiry
          expect(businessDateOf(now, DEFAULT_CALENDAR_RULES) >= (s.ledger.at(-1)?.businessDate ?? '')).toBe(true)
        }
      }),
      { numRuns: 300 },
    )
  })
})

describe('§2.2 refunds take back everything the refunded orders gave', () => {
  type OrderOp =
    | { kind: 'pay'; ref: number; spend: number; earn: number }
    | { kind: 'refund'; ref: number }
    | { kind: 'advance'; ms: number }
    | { kind: 'redeem'; amount: number }
    | { kind: 'signin'; amount: number }
  const orderOpArb: fc.Arbitrary<OrderOp> = fc.oneof(
    // Points spent outside the orders (a mall item) and points earned outside them (a sign-in).
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('redeem' as const), amount: fc.integer({ min: 1, max: 400 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('signin' as const), amount: fc.integer({ min: 1, max: 60 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('pay' as const), ref: fc.integer({ min: 0, max: 5 }), spend: fc.integer({ min: 0, max: 400 }), earn: fc.integer({ min: 1, max: 400 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('refund' as const), ref: fc.integer({ min: 0, max: 5 }) }) },
    // Days, not months: nothing expires (the gift's lot is a year's).
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 3 * DAY }) }) },
  )

  test('every order refunded, in any order, leaves what the member had besides them (never below 0 on the way; what the member owes settled from what they earn)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.array(orderOpArb, { minLength: 1, maxLength: 40 }), (own, ops) => {
        let now = parseInstant('2025-01-01T01:00:00Z')
        // Points of the member's own (a sign-up gift), spent on orders like any other.
        let s = own > 0 ? grantPoints(emptyPointsState(), { amount: own, source: 'grant', ref: 'gift' }, ctx(now)).state : emptyPointsState()
        const paid = new Set<number>()
        const refunded = new Set<number>()
        const refund = (ref: number) => {
          s = refundOrderPoints(s, { orderRef: `order-${ref}` }, ctx(now)).state
          refunded.add(ref)
        }
        // What the member did besides the orders: spent on mall items, earned by signing in.
        let redeemed = 0
        let signedIn = 0
        for (const op of ops) {
          if (op.kind === 'advance') now += op.ms
          else if (op.kind === 'redeem') {
            const amount = Math.min(op.amount, balanceOf(s, now))
            if (amount > 0) s = spendPoints(s, { amount, reason: '兑换', ref: `redeem-${redeemed}` }, ctx(now)).state
            redeemed += amount
          } else if (op.kind === 'signin') {
            const r = grantPoints(s, { amount: op.amount, source: 'signin', ref: `signin-${now}` }, ctx(now))
            s = r.state
            signedIn += r.award.awarded
          } else if (op.kind === 'refund') {
            if (paid.has(op.ref) && !refunded.has(op.ref)) refund(op.ref)
          } else if (!paid.has(op.ref)) {
            // A payment: points offset first (what the balance allows), then the purchase points.
            const spend = Math.min(op.spend, balanceOf(s, now))
            if (spend > 0) s = spendPoints(s, { amount: spend, reason: '订单抵扣', ref: `order-${op.ref}` }, ctx(now)).state
            s = grantPoints(s, { amount: op.earn, source: 'purchase', ref: `order-${op.ref}` }, ctx(now)).state
            paid.add(op.ref)
          }
          expect(balanceOf(s, now)).toBeGreaterThanOrEqual(0)
          checkInvariants(s, now)
        }
        for (const ref of paid) if (!refunded.has(ref)) refund(ref)
        // The orders gave nothing in the end: what is left of the member's own points and sign-ins after the mall
        // items, less what the member still owes for mall items the orders' points paid.
        expect(balanceOf(s, now) - (s.owed ?? 0)).toBe(own + signedIn - redeemed)
        expect(balanceOf(s, now) === 0 || (s.owed ?? 0) === 0).toBe(true)
      }),
      { numRuns: 300 },
    )
  })
})

/**
 * A storage loads a member's first live lots (`lotsWindow`: every lot the reminders can reach and at least a few
 * more) and sums the rest into `unloaded`; a rule that needs one of those throws `NotLoaded` and the storage runs
 * the request again with every live lot. Whatever a rule decides on the window must be what it decides on all of
 * them: the same ledger entries, events, counters and lots, the same refusals.
 */
describe('§2.2 a window of lots decides as every live lot does', () => {
  type WindowOp = Op | { kind: 'adjust'; amount: number; ref: number }
  const windowOpArb: fc.Arbitrary<WindowOp> = fc.oneof(
    { weight: 4, arbitrary: opArb },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('adjust' as const), amount: fc.integer({ min: -200, max: 200 }).filter((n) => n !== 0), ref: fc.integer({ min: 0, max: 8 }) }) },
  )
  const lotNo = (l: Lot) => Number(l.id.slice(l.id.lastIndexOf('-') + 1))
  const fifo = (lots: Lot[]) => lots.slice().sort((a, b) => a.expiresAt - b.expiresAt || lotNo(a) - lotNo(b))

  function apply(s: PointsState, op: WindowOp, c: EarningCtx): unknown {
    switch (op.kind) {
      case 'earn':
        return earnBehaviourPoints(s, { eventType: op.eventType, ref: eventRef(op.ref), platform: op.platform }, c)
      case 'grant':
        return grantPoints(s, { amount: op.amount, source: op.source, ref: `order-${op.ref}` }, c)
      case 'spend':
        return spendPoints(s, { amount: op.amount, reason: '测试', ref: `order-${op.ref}` }, c)
      case 'adjust':
        return adjustPoints(s, { amount: op.amount, reason: '测试', ref: `adj-${op.ref}` }, c)
      case 'refund':
        return refundOrderPoints(s, { orderRef: `order-${op.ref}` }, c)
      case 'expire':
      case 'advance':
        return expirePoints(s, c)
    }
  }

  /** A rule's answer, with the lots of its state as a storage would write them back (window + unloaded). */
  function outcome(run: () => unknown, unloadedLots: Lot[]): unknown {
    try {
      const r = run() as { state: PointsState }
      const { unloaded: _, ...state } = r.state
      return { ...r, state: { ...state, lots: fifo([...r.state.lots, ...unloadedLots]) } }
    } catch (e) {
      if (isRuleError(e)) return { refused: e.code, status: e.status, details: e.details }
      throw e
    }
  }

  test('on random histories and window sizes; what the window cannot decide it hands back', () => {
    let decidedOnWindow = 0
    let handedBack = 0
    const requestArb = fc.array(windowOpArb, { minLength: 1, maxLength: 3 })
    fc.assert(
      fc.property(fc.array(requestArb, { minLength: 1, maxLength: 40, size: 'max' }), fc.integer({ min: 0, max: 4 }), (requests, minLots) => {
        // `s` is every lot, as the domain keeps them; a storage's working set has only the live ones, cut once per
        // request (a request may run several rules on it: a sign-in's award, then a make-up's spend).
        let s = emptyPointsState()
        let now = parseInstant('2025-01-01T01:00:00Z')
        for (const ops of requests) {
          for (const op of ops) if (op.kind === 'advance') now += op.ms
          const c = ctx(now)
          const live = s.lots.filter((l) => l.remaining > 0)
          let all: PointsState = { ...s, lots: live }
          const cut = windowOfLots(live, lotsWindow(now, c.config, minLots))
          let windowed: PointsState = { ...s, lots: cut.lots, unloaded: cut.unloaded }
          const beyond = live.slice(cut.lots.length)
          expect(cut.lots.length + beyond.length).toBe(live.length)
          try {
            expect(balanceOf(windowed, now)).toBe(balanceOf(all, now))
            expect(dueReminders(windowed, c)).toEqual(dueReminders(all, c))
            for (const op of ops) {
              const fromWindow = outcome(() => apply(windowed, op, c), beyond)
              const fromAll = outcome(() => apply(all, op, c), [])
              expect(fromWindow).toEqual(fromAll)
              if (cut.unloaded) decidedOnWindow++
              if ('state' in (fromAll as object)) {
                windowed = (apply(windowed, op, c) as { state: PointsState }).state
                all = (apply(all, op, c) as { state: PointsState }).state
              }
            }
          } catch (e) {
            if (!(e instanceof NotLoaded)) throw e
            expect(cut.unloaded).toBeDefined()
            handedBack++
          }
          for (const op of ops) {
            try {
              s = (apply(s, op, c) as { state: PointsState }).state
            } catch (e) {
              if (!isRuleError(e)) throw e
            }
          }
        }
      }),
      { numRuns: 300 },
    )
    // Both paths ran many times: most decisions were taken on a window, and some had to be handed back.
    expect(decidedOnWindow).toBeGreaterThan(1000)
    expect(handedBack).toBeGreaterThan(20)
  })
})
