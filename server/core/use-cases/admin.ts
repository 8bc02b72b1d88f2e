/**
 * `GET /admin/metrics?from=&to=` (operator only: 401 without a token, 403 with a member's). Computed by
 * metrics.ts from the backend's event log; the default range is the last 30 business days.
 */
import type { MetricsResponse } from '../../../src/api/contract'
import { addDaysClamped, daysBetween, startOfBusinessDay, toIso } from '../../../src/domain/calendar'
import { computeMetrics } from '../../../src/domain/metrics'
import { effectiveTier } from '../../../src/domain/tiers'
import type { RouteEntry } from '../route'
import { invalid, queryDate } from '../validate'

const MAX_RANGE_DAYS = 366
const EPOCH = '1970-01-01T00:00:00.000Z'

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
        // Cohorts are defined by each member's first activity in the whole log, and retention reads the days
        // after the range (D30 of its last cohort).
        const events = await work.scope.metricsEvents(EPOCH, toIso(startOfBusinessDay(addDaysClamped(to, 32), ctx.config.calendar)))
        const members = await work.scope.memberTiers()
        const body: MetricsResponse = computeMetrics(
          {
            events,
            from,
            to,
            tiers: members.map((m) => ({ memberId: m.memberId, tierId: effectiveTier(m.tier, today, ctx.config.tiers).id })),
            tierOrder: ctx.config.tiers.levels.map((t) => t.id),
            campaigns: ctx.config.campaigns.map((c) => ({ id: c.id, name: c.name, startsAt: c.startsAt, endsAt: c.endsAt })),
          },
          ctx,
        )
        return { body }
      },
    },
  ],
]
