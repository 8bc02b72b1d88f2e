/**
 * `GET /admin/stock`: what was given out of the mall's items and the lotteries' prizes.
 * `GET /admin/metrics?from=&to=` (operator only: 401 without a token, 403 with a member's). Computed by
 * metrics-dashboard.ts from the storage's daily aggregates (each write folds its events into them; nothing is compacted
 * away); the default range is the last 30 business days. The points liability is a snapshot of now; tier
 * movement counts the effective-tier changes recorded in the range.
 */
import type { MetricsResponse, StockTakenResponse } from '../../../src/api/contract'
import { addDaysClamped, daysBetween, endOfBusinessDay, parseInstant, startOfBusinessDay, toIso, type BusinessDate } from '../../../src/domain/calendar'
import { metricsDayWindow, type MetricsCampaign } from '../../../src/domain/metrics'
import { computeMetricsFromAggregates } from '../../../src/domain/metrics-dashboard'
import { versionInForce } from '../../../src/domain/rules-versions'
import { effectiveTier } from '../../../src/domain/tiers'
import type { RouteEntry } from '../route'
import type { Work } from '../tx'
import { invalid, queryDate } from '../validate'

const MAX_RANGE_DAYS = 366

/**
 * The campaigns of every rules version in force at some instant of [from, to] (the one in force at its start and
 * those starting in it), the latest definition of each: a campaign an operator has since removed from the rules
 * keeps its figures for the days it ran. The metrics list those that meet the range.
 */
async function campaignsOfRange(work: Work, from: BusinessDate, to: BusinessDate): Promise<MetricsCampaign[]> {
  const calendar = work.ctx.config.calendar
  const start = startOfBusinessDay(from, calendar)
  const end = endOfBusinessDay(to, calendar) + 1
  const live = (await work.scope.rulesVersions()).filter((v) => v.cancelledAt === null && parseInstant(v.effectiveAt) < end)
  const first = versionInForce(live, start)
  const versions = live.filter((v) => v === first || parseInstant(v.effectiveAt) >= start).sort((a, b) => a.versionNo - b.versionNo)
  const byId = new Map<string, MetricsCampaign>()
  for (const v of versions) {
    const document = v.rulesVersion === work.ctx.config.version ? work.ctx.config : await work.scope.rulesDocument(v.versionNo)
    for (const c of document?.campaigns ?? []) byId.set(c.id, { id: c.id, name: c.name, startsAt: c.startsAt, endsAt: c.endsAt })
  }
  // The version in force now too (its campaigns may have started before it was published).
  for (const c of work.ctx.config.campaigns) if (!byId.has(c.id)) byId.set(c.id, { id: c.id, name: c.name, startsAt: c.startsAt, endsAt: c.endsAt })
  return [...byId.values()]
}

export const adminRoutes: RouteEntry[] = [
  [
    'GET',
    '/admin/metrics',
    {
      auth: 'viewer',
      handler: async ({ query, work }) => {
        const ctx = work.ctx
        const today = work.today
        // Days to come have no figures (their DAU would be 0, their MAU the window up to them): a range reaching past
        // today ends today — as the answer's `to` says (a console whose calendar had not loaded yet may ask tomorrow).
        const asked = queryDate(query, 'to', false) ?? today
        const to = asked > today ? today : asked
        const from = queryDate(query, 'from', false) ?? addDaysClamped(to, -29)
        if (daysBetween(from, to) + 1 > MAX_RANGE_DAYS) throw invalid('from', `range at most ${MAX_RANGE_DAYS} days`)
        // Cohorts are defined by each member's first activity ever, and retention reads the days after the range
        // (D30 of its last cohort): every first-date fact up to then, and the day sets the figures look at.
        const through = addDaysClamped(to, 32)
        const { firsts, costs } = await work.scope.metricsFirsts(through)
        const campaigns = await campaignsOfRange(work, from, to)
        const window = metricsDayWindow({ from, to, campaigns, firsts }, ctx)
        const days = await work.scope.metricsDays(window.from, window.to)
        const tierCounts = new Map<string, number>()
        for (const { sources, members } of await work.scope.tierSourceCounts()) {
          const id = effectiveTier(sources, today, ctx.config.tiers).id
          tierCounts.set(id, (tierCounts.get(id) ?? 0) + members)
        }
        const liveLots = await work.scope.liveLotTotals(ctx.now)
        const tierChanges = await work.scope.tierChangeCounts(toIso(startOfBusinessDay(from, ctx.config.calendar)), toIso(endOfBusinessDay(to, ctx.config.calendar) + 1))
        const body: MetricsResponse = computeMetricsFromAggregates(
          {
            aggregates: { days, firsts, costs },
            from,
            to,
            tierCounts: [...tierCounts].map(([tierId, members]) => ({ tierId, members })),
            tierOrder: ctx.config.tiers.levels.map((t) => t.id),
            campaigns,
            liveLots,
            tierChanges,
          },
          ctx,
        )
        return { body }
      },
    },
  ],
  [
    'GET',
    '/admin/stock',
    {
      auth: 'viewer',
      // What was given out of each mall item and each limited prize of the rules in force: the rules' stock is the
      // total, so the console shows beside it how many are gone and how many are left.
      handler: async ({ work }) => {
        const prizes: Record<string, Record<string, number>> = {}
        for (const c of work.rules.campaigns) if (c.lottery) prizes[c.id] = await work.scope.prizesTaken(c.id)
        const body: StockTakenResponse = { rewards: await work.scope.rewardsTaken(), prizes }
        return { body }
      },
    },
  ],
]
