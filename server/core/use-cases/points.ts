/** `GET /points/summary`, `/points/ledger?cursor=&limit=`, `/points/expiring`. */
import type { ExpiringLots, LedgerEntryWire, LedgerPage, PointsSummary } from '../../../src/api/contract'
import { daysBetween } from '../../../src/domain/calendar'
import { capStatus, expiringSummary, liveLots, pointsValueFen, splitAtReminderWindow } from '../../../src/domain/points'
import type { RouteEntry } from '../route'
import type { Work } from '../tx'
import { listPage } from '../validate'

/** One page of a member's ledger, newest first. */
export async function ledgerPage(work: Work, memberId: string, query: Record<string, string>): Promise<LedgerPage> {
  const page = await listPage(
    query,
    (before, limit) => work.scope.ledgerPage(memberId, before, limit),
    (e): LedgerEntryWire => ({ id: e.id, type: e.type, amount: e.amount, balanceAfter: e.balanceAfter, reason: e.reason, ref: e.ref, businessDate: e.businessDate, at: e.at }),
  )
  return { entries: page.items, nextCursor: page.nextCursor }
}

export const pointsRoutes: RouteEntry[] = [
  [
    'GET',
    '/points/summary',
    {
      auth: 'member',
      handler: async (args) => {
        const tx = await args.me()
        const balance = tx.balance
        const expiring = expiringSummary(tx.member.points, tx.ctx.now)
        const caps = capStatus(tx.member.points, tx.ctx)
        const soon = splitAtReminderWindow(expiring, tx.today, tx.rules.points).soon[0]
        const body: PointsSummary = {
          balance,
          expiring,
          valueFen: pointsValueFen(balance, tx.rules.points),
          caps: { dayUsed: caps.dayUsed, dayLimit: caps.dayCap, monthUsed: caps.monthUsed, monthLimit: caps.monthCap },
          expiryNotice: soon ? { date: soon.date, amount: soon.amount, daysLeft: daysBetween(tx.today, soon.date) } : null,
          owed: tx.member.points.owed ?? 0,
        }
        return { body }
      },
    },
  ],
  [
    'GET',
    '/points/ledger',
    {
      auth: 'member',
      handler: async (args) => ({ body: await ledgerPage(args.work, args.memberId(), args.query) }),
    },
  ],
  [
    'GET',
    '/points/expiring',
    {
      auth: 'member',
      handler: async (args) => {
        const tx = await args.me()
        const body: ExpiringLots = {
          lots: liveLots(tx.member.points, tx.ctx.now).map((l) => ({ earnedOn: l.earnedOn, expiresOn: l.expiresOn, remaining: l.remaining, source: l.source })),
        }
        return { body }
      },
    },
  ],
]
