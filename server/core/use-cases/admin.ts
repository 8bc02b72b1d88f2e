/**
 * `GET /admin/metrics?from=&to=` (operator only: 401 without a token, 403 with a member's). Computed by
 * metrics.ts from the storage's daily aggregates (each write folds its events into them; nothing is compacted
 * away); the default range is the last 30 business days. The points liability is a snapshot of now; tier
 * movement counts the effective-tier changes recorded in the range.
 */
import type { MetricsResponse } from '../../../src/api/contract'
import { addDaysClamped, daysBetween, endOfBusinessDay, startOfBusinessDay, toIso } from '../../../src/domain/calendar'
import { computeMetricsFromAggregates, metricsDayWindow } from '../../../src/domain/metrics'
import { effectiveTier } from '../../../src/domain/tiers'
import type { RouteEntry } from '../route'
import { invalid, queryDate } from '../validate'

const MAX_RANGE_DAYS = 366

export const adminRoutes: RouteEntry[] = [
  [
    'GET',
    '/admin/metrics',
    {
      auth: 'viewer',
      handler: async ({ query, work }) => {
        const ctx = work.ctx
        const today = work.today
        const to = queryDate(query, 'to', false) ?? today
        const from = queryDate(query, 'from', false) ?? addDaysClamped(to, -29)
        if (daysBetween(from, to) > MAX_RANGE_DAYS) throw invalid('from', `range at most ${MAX_RANGE_DAYS} days`)
        // Cohorts are defined by each member's first activity ever, and retention reads the days after the range
        // (D30 of its last cohort): every first-date fact up to then, and the day sets the figures look at.
        const through = addDaysClamped(to, 32)
        const { firsts, costs } = await work.scope.metricsFirsts(through)
        const campaigns = ctx.config.campaigns.map((c) => ({ id: c.id, name: c.name, startsAt: c.startsAt, endsAt: c.endsAt }))
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
]
