/**
 * `GET /admin/metrics?from=&to=` (operator token only: 401 without a token, 403 with a member's). Computed by
 * metrics.ts from the backend's event log; the default range is the last 30 business days.
 */
import type { MetricsResponse } from '../../src/api/contract'
import { addDaysClamped, businessDateOf, daysBetween } from '../../src/domain/calendar'
import { computeMetrics } from '../../src/domain/metrics'
import { effectiveTier } from '../../src/domain/tiers'
import { ctxOf, type RouteEntry } from '../state'
import { invalid, queryDate } from '../validate'

const MAX_RANGE_DAYS = 366

export const adminRoutes: RouteEntry[] = [
  [
    'GET',
    '/admin/metrics',
    {
      auth: 'operator',
      handler: (args) => {
        const ctx = ctxOf(args.db, args.env, args.now, args.rng)
        const today = businessDateOf(args.now, ctx.config.calendar)
        const to = queryDate(args.query, 'to', false) ?? today
        const from = queryDate(args.query, 'from', false) ?? addDaysClamped(to, -29)
        if (daysBetween(from, to) > MAX_RANGE_DAYS) throw invalid('from', `range at most ${MAX_RANGE_DAYS} days`)
        const body: MetricsResponse = computeMetrics(
          {
            events: args.db.eventLog,
            from,
            to,
            tiers: Object.values(args.db.members).map((m) => ({ memberId: m.id, tierId: effectiveTier(m.tier, today, ctx.config.tiers).id })),
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
