/**
 * The operators' side of personal data and feedback (left out of the mini programs' demo: operator-routes.ts):
 *   GET  /admin/privacy-requests?status=open|done  the queue across members, open ones oldest first;
 *   POST /admin/members/{id}/privacy-requests/{requestId}/handle {reply}   marks one handled, once: the member reads
 *                                                 the reply in 设置 and gets a message (privacy_handled);
 *   GET  /admin/feedback?status=open|replied      the inbox across members, open ones oldest first;
 *   POST /admin/members/{id}/feedback/{feedbackId}/reply {reply}   answers one, once: the member gets it as a
 *                                                 message (feedback_replied).
 * What members ask is privacy.ts.
 */
import type { FeedbackQueueResponse, FeedbackQueueRow, PrivacyQueueResponse, PrivacyQueueRow } from '../../../src/api/contract'
import { maskContact } from '../../../src/domain/delivery'
import { HttpError } from '../http'
import type { ReadScope } from '../port'
import type { CalendarRules } from '../../../src/domain/calendar'
import type { Answer, FeedbackRecord, OperatorRole, PrivacyRequestRecord } from '../records'
import type { HandlerArgs, RouteEntry } from '../route'
import type { MemberTx } from '../tx'
import { invalid, objectBody, pathId, queryInt, requiredText } from '../validate'
import { memberOf, pageCursor } from './members-admin'
import { audit, currentOperator, operatorName, operatorNames } from './operators'
import { privacyView } from './privacy'

/**
 * A feedback as staff see it, who replied by the name the console shows them by (`name`: operatorNames); a viewer (who
 * reads but does not answer) gets the member's contact masked.
 */
function feedbackWire(r: FeedbackRecord, role: OperatorRole | null | undefined, name: (username: string) => string): FeedbackQueueRow['feedback'] {
  return {
    id: r.id,
    content: r.content,
    contact: r.contact !== null && role === 'viewer' ? maskContact(r.contact) : r.contact,
    at: r.at,
    status: r.handled ? 'replied' : 'open',
    handledAt: r.handled?.at ?? null,
    handledBy: r.handled?.by ?? null,
    handledByName: r.handled ? name(r.handled.by) : null,
    reply: r.handled?.reply ?? null,
  }
}

/** A privacy request in the queue: who handled it, by username and by the name the console shows them by. */
function privacyQueueRequest(r: PrivacyRequestRecord, calendar: CalendarRules, name: (username: string) => string): PrivacyQueueRow['request'] {
  return { ...privacyView(r, calendar), handledBy: r.handled?.by ?? null, handledByName: r.handled ? name(r.handled.by) : null }
}

/** What the reply message quotes of the feedback: its first 20 characters. */
function excerptOf(content: string): string {
  const chars = [...content.replace(/\s+/g, ' ').trim()]
  return chars.length > 20 ? `${chars.slice(0, 20).join('')}…` : chars.join('')
}

type Asked = { id: string; memberId: string; at: string; handled?: Answer | null }
type QueueQuery = { handled: boolean; limit: number; after?: { at: string; id: string } }

/**
 * One page of a queue of what members asked (`statuses`: the open one, the answered one): its rows with their
 * member, and where the next page starts — the instant the list is ordered by (made, or answered) and the id.
 */
async function queuePage<T extends Asked>(
  { query, work }: HandlerArgs,
  statuses: readonly [open: string, answered: string],
  id: RegExp,
  fetch: (scope: ReadScope, q: QueueQuery) => Promise<T[]>,
): Promise<{ rows: { member: { id: string; nickname: string }; r: T }[]; nextCursor: string | null }> {
  const status = query.status ?? statuses[0]
  if (!statuses.includes(status)) throw invalid('status', statuses.join(' or '))
  const limit = queryInt(query, 'limit', 1, 200) ?? 50
  // One more than asked tells whether a next page exists.
  const found = await fetch(work.scope, { handled: status === statuses[1], limit: limit + 1, after: pageCursor(query.cursor, id) })
  const page = found.slice(0, limit)
  const profiles = await work.scope.profiles([...new Set(page.map((r) => r.memberId))])
  const last = page.at(-1)
  return {
    rows: page.map((r) => ({ member: { id: r.memberId, nickname: profiles[r.memberId]?.nickname ?? r.memberId }, r })),
    nextCursor: found.length > limit && last ? `${Date.parse(last.handled?.at ?? last.at)}_${last.id}` : null,
  }
}

/**
 * The path's member (locked) and the thing they asked (`param`), not answered yet, with this operator's answer to it:
 * by username, as adjustments are — unique, where two accounts may share a display name — and `byName`, who answered
 * as the console names them.
 */
async function answerOnce<T extends Asked>(
  args: HandlerArgs,
  param: string,
  list: (scope: ReadScope, memberId: string) => Promise<T[]>,
  errors: { missing: (id: string) => HttpError; answered: (at: string) => HttpError },
): Promise<{ tx: MemberTx; r: T; answer: Answer; byName: () => string }> {
  const reply = requiredText(objectBody(args.body), 'reply', 200)
  const tx = await memberOf(args)
  const id = pathId(args.params, param)
  const r = (await list(args.work.scope, tx.member.id)).find((x) => x.id === id)
  if (!r) throw errors.missing(id)
  if (r.handled) throw errors.answered(r.handled.at)
  const op = await currentOperator(args)
  return { tx, r, answer: { at: args.work.iso, by: op.username, reply }, byName: () => operatorName(op) }
}

export const privacyAdminRoutes: RouteEntry[] = [
  [
    'GET',
    '/admin/privacy-requests',
    {
      auth: 'viewer',
      handler: async (args) => {
        const page = await queuePage(args, ['open', 'done'], /^pr-[A-Za-z0-9]{1,40}-\d{1,9}$/, (scope, q) => scope.privacyQueue(q))
        const name = operatorNames(await args.work.scope.operators())
        const answer: PrivacyQueueResponse = {
          requests: page.rows.map(({ member, r }) => ({ member, request: privacyQueueRequest(r, args.work.rules.calendar, name) })),
          nextCursor: page.nextCursor,
        }
        return { body: answer }
      },
    },
  ],
  [
    'POST',
    '/admin/members/:id/privacy-requests/:requestId/handle',
    {
      auth: 'operator',
      // Done once: what was exported where, or what was deleted — the member reads the reply and gets a message.
      handler: async (args) => {
        const { tx, r, answer, byName } = await answerOnce(args, 'requestId', (scope, memberId) => scope.privacyRequests(memberId), {
          missing: (id) => new HttpError(404, 'PRIVACY_REQUEST_NOT_FOUND', '没有这条隐私申请', { id }),
          answered: (at) => new HttpError(409, 'PRIVACY_REQUEST_HANDLED', '这条申请已经处理过了', { handledAt: at }),
        })
        const done: PrivacyRequestRecord = { ...r, handled: answer }
        args.work.privacyRequests.push(done)
        const request = privacyQueueRequest(done, tx.rules.calendar, byName)
        tx.message('privacy_handled', { kind: r.kind, requestNo: request.requestNo, reply: answer.reply })
        // Under the number staff and the member see (申请编号), and the record's own id.
        const ids = { requestNo: request.requestNo, requestId: r.id }
        await audit(args, 'privacy.handle', tx.member.id, { ...ids, status: 'received' }, { ...ids, status: 'done', reply: answer.reply })
        return { body: { request } }
      },
    },
  ],
  [
    'GET',
    '/admin/feedback',
    {
      auth: 'viewer',
      handler: async (args) => {
        const page = await queuePage(args, ['open', 'replied'], /^fb-[A-Za-z0-9]{1,40}-\d{1,9}$/, (scope, q) => scope.feedbackQueue(q))
        const name = operatorNames(await args.work.scope.operators())
        const answer: FeedbackQueueResponse = { feedback: page.rows.map(({ member, r }) => ({ member, feedback: feedbackWire(r, args.session?.operatorRole, name) })), nextCursor: page.nextCursor }
        return { body: answer }
      },
    },
  ],
  [
    'POST',
    '/admin/members/:id/feedback/:feedbackId/reply',
    {
      auth: 'operator',
      handler: async (args) => {
        const { tx, r, answer, byName } = await answerOnce(args, 'feedbackId', (scope, memberId) => scope.feedback(memberId), {
          missing: (id) => new HttpError(404, 'FEEDBACK_NOT_FOUND', '没有这条反馈', { id }),
          answered: (at) => new HttpError(409, 'FEEDBACK_REPLIED', '这条反馈已经回复过了', { handledAt: at }),
        })
        const done: FeedbackRecord = { ...r, handled: answer }
        args.work.feedback.push(done)
        tx.message('feedback_replied', { excerpt: excerptOf(r.content), reply: answer.reply })
        await audit(args, 'feedback.reply', tx.member.id, { feedbackId: r.id, status: 'open' }, { feedbackId: r.id, status: 'replied', reply: answer.reply })
        return { body: { feedback: feedbackWire(done, args.session?.operatorRole, byName) } }
      },
    },
  ],
]
