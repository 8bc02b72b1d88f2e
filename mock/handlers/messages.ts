/**
 * Notification center and subscriptions: `GET /messages`, `POST /messages/read {ids}`, `POST /subscriptions
 * {accepted}` (what the member accepted in the platform's dialog; each acceptance allows one send, and sends are
 * capped at 2 per rolling week — messages.ts).
 */
import type { MessagesResponse, NotificationWire, SubscriptionState } from '../../src/api/contract'
import { markRead, notificationsNewestFirst, recordSubscription, sendsInWindow, unreadCount } from '../../src/domain/messages'
import { beginTx, done, readTx, type RouteEntry, type Tx } from '../state'
import { invalid, objectBody } from '../validate'

export function subscriptionState(tx: Tx): SubscriptionState {
  const state = tx.member.messages
  return {
    templates: tx.rules.messages.templates.map((t) => ({ id: t.id, title: t.title, quota: state.quota[t.id] ?? 0 })),
    sendsThisWeek: sendsInWindow(state, tx.ctx),
    weeklyCap: tx.rules.messages.maxSendsPerWeek,
  }
}

function messagesResponse(tx: Tx): MessagesResponse {
  const notifications: NotificationWire[] = notificationsNewestFirst(tx.member.messages).map((n) => ({
    id: n.id,
    template: n.template,
    title: n.title,
    body: n.body,
    createdAt: n.createdAt,
    read: n.read,
  }))
  return { notifications, unread: unreadCount(tx.member.messages), subscriptions: subscriptionState(tx) }
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

export function subscribeOp(tx: Tx, accepted: string[]): void {
  tx.member = { ...tx.member, messages: recordSubscription(tx.member.messages, { accepted }, tx.ctx).state }
}

export const messagesRoutes: RouteEntry[] = [
  ['GET', '/messages', { auth: 'member', handler: (args) => ({ body: messagesResponse(readTx(args)) }) }],
  [
    'POST',
    '/messages/read',
    {
      auth: 'member',
      handler: (args) => {
        const raw = objectBody(args.body).ids
        const ids = raw === 'all' ? 'all' : stringList(raw, 'ids', 200)
        const tx = beginTx(args)
        tx.member = { ...tx.member, messages: markRead(tx.member.messages, { ids }).state }
        return done(tx, messagesResponse(tx))
      },
    },
  ],
  [
    'POST',
    '/subscriptions',
    {
      auth: 'member',
      handler: (args) => {
        const accepted = stringList(objectBody(args.body).accepted, 'accepted', 20)
        const tx = beginTx(args)
        subscribeOp(tx, accepted)
        return done(tx, subscriptionState(tx))
      },
    },
  ],
]
