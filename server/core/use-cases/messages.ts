/**
 * Notification center and subscriptions: `GET /messages`, `POST /messages/read {ids}`, `POST /subscriptions
 * {accepted}` (what the member accepted in the platform's dialog; each acceptance allows one send, and sends are
 * capped at 2 per rolling week — messages.ts).
 */
import type { MessageDeliveryResponse, MessagesResponse, NotificationWire, SubscriptionState } from '../../../src/api/contract'
import { toIso } from '../../../src/domain/calendar'
import { MESSAGE_TEMPLATE_IDS, markRead, notificationBody, notificationsNewestFirst, recordSubscription, sendsInWindow, templateOf, unreadCount, type MessageState } from '../../../src/domain/messages'
import { invalid, objectBody } from '../validate'
import type { RouteEntry } from '../route'
import type { MemberTx, Work } from '../tx'
import { overlay } from '../working-set'

export function subscriptionState(tx: MemberTx): SubscriptionState {
  const state = tx.member.messages
  return {
    templates: MESSAGE_TEMPLATE_IDS.map((id) => ({ id, title: templateOf(tx.rules.messages, id).title, quota: state.quota[id] ?? 0 })),
    sendsThisWeek: sendsInWindow(state, tx.ctx),
    weeklyCap: tx.rules.messages.maxSendsPerWeek,
  }
}

/** Notifications the centre lists (older ones stay in history). */
const LISTED = 100

/** The member's notifications, history and working set together, oldest first (as the domain keeps them). */
async function withHistory(tx: MemberTx): Promise<MessageState> {
  const history = await tx.work.scope.notifications(tx.member.id, LISTED)
  const all = overlay(history, tx.member.messages.notifications, (n) => n.id).sort((a, b) => noOf(a.id) - noOf(b.id))
  return { ...tx.member.messages, notifications: all.slice(-LISTED) }
}

function noOf(id: string): number {
  return Number(id.slice(1)) || 0
}

async function messagesResponse(tx: MemberTx): Promise<MessagesResponse> {
  const state = await withHistory(tx)
  const notifications: NotificationWire[] = notificationsNewestFirst(state).map((n) => ({
    id: n.id,
    template: n.template,
    title: n.title,
    body: notificationBody(n, tx.today, tx.rules.calendar),
    createdAt: n.createdAt,
    read: n.read,
  }))
  return { notifications, unread: unreadCount(state), subscriptions: subscriptionState(tx) }
}

function stringList(v: unknown, field: string, max: number): string[] {
  if (v === undefined || v === null) throw invalid(field, 'required')
  if (!Array.isArray(v)) throw invalid(field, 'must be a list')
  if (v.length > max) throw invalid(field, `at most ${max} items`)
  return v.map((x) => {
    if (typeof x !== 'string' || x.length === 0 || x.length > 40) throw invalid(field, 'items must be short strings')
    return x
  })
}

const DELIVERY_REPORT_DAYS = 7

async function deliveryReport(work: Work): Promise<MessageDeliveryResponse> {
  const since = toIso(work.ctx.now - DELIVERY_REPORT_DAYS * 86_400_000)
  const counts = await work.scope.messageDelivery(since)
  return {
    delivering: counts !== null,
    platform: work.env.messagePlatform ?? null,
    since,
    templates: (counts ?? []).map((c) => ({ ...c, title: templateOf(work.rules.messages, c.template).title })),
  }
}

export function subscribeOp(tx: MemberTx, accepted: string[]): void {
  tx.member = { ...tx.member, messages: recordSubscription(tx.member.messages, { accepted }, tx.ctx).state }
}

/** The operators' side: how the sends of each template went (left out of the mini programs' demo: operator-routes.ts). */
export const messagesAdminRoutes: RouteEntry[] = [['GET', '/admin/message-delivery', { auth: 'viewer', handler: async (args) => ({ body: await deliveryReport(args.work) }) }]]

export const messagesRoutes: RouteEntry[] = [
  ['GET', '/messages', { auth: 'member', handler: async (args) => ({ body: await messagesResponse(await args.me()) }) }],
  [
    'POST',
    '/messages/read',
    {
      auth: 'member',
      handler: async (args) => {
        const raw = objectBody(args.body).ids
        const ids = raw === 'all' ? 'all' : stringList(raw, 'ids', 200)
        const tx = await args.me()
        // Older notifications can be marked read too: the working set takes the listed ones in.
        tx.member = { ...tx.member, messages: markRead(await withHistory(tx), { ids }).state }
        return { body: await messagesResponse(tx) }
      },
    },
  ],
  [
    'POST',
    '/subscriptions',
    {
      auth: 'member',
      handler: async (args) => {
        const accepted = stringList(objectBody(args.body).accepted, 'accepted', 20)
        // The contract's enum, as the server's schema check words it: an unknown template is bad input (400).
        const unknown = accepted.find((id) => !(MESSAGE_TEMPLATE_IDS as string[]).includes(id))
        if (unknown !== undefined) throw invalid('accepted', `must be one of ${MESSAGE_TEMPLATE_IDS.join(', ')}`)
        const tx = await args.me()
        subscribeOp(tx, accepted)
        return { body: subscriptionState(tx) }
      },
    },
  ],
]
