/**
 * Personal data and feedback:
 *   POST /privacy/export, POST /privacy/deletion   a request an operator handles (a second one of the same kind the
 *                                                 same day, while the first is open, returns the first);
 *   GET  /privacy/requests                       the member's requests with their status and the brand's reply;
 *   GET  /admin/privacy-requests?status=open|done  the queue across members, open ones oldest first;
 *   POST /admin/members/{id}/privacy-requests/{requestId}/handle {reply}   marks one handled, once: the member reads
 *                                                 the reply in 设置 and gets a message (privacy_handled);
 *   POST /feedback {content, contact?}           at most 5 per member and day (429);
 *   GET  /admin/feedback?status=open|replied      the inbox across members, open ones oldest first;
 *   POST /admin/members/{id}/feedback/{feedbackId}/reply {reply}   answers one, once: the member gets it as a
 *                                                 message (feedback_replied).
 */
import type { FeedbackQueueResponse, FeedbackQueueRow, PrivacyQueueResponse, PrivacyRequestResponse, PrivacyRequestView, PrivacyRequestsResponse } from '../../../src/api/contract'
import { businessDateOf, endOfBusinessDay, parseInstant, type BusinessDate, type CalendarRules } from '../../../src/domain/calendar'
import { maskContact } from '../../../src/domain/delivery'
import { HttpError } from '../http'
import type { ReadScope } from '../port'
import type { Answer, FeedbackRecord, OperatorRole, PrivacyRequestRecord } from '../records'
import type { HandlerArgs, RouteEntry } from '../route'
import { memberScopedId, type MemberTx } from '../tx'
import { invalid, objectBody, optionalString, pathId, queryInt, requiredText } from '../validate'
import { audit, currentOperator } from './operators'
import { memberOf, pageCursor } from './members-admin'

const FEEDBACK_PER_DAY = 5
const MESSAGES = {
  export: '已收到你的数据导出申请，我们将在 15 个工作日内处理，结果会通过消息中心通知你',
  deletion: '已收到你的数据删除申请，我们将在 15 个工作日内核实并删除你的会员数据，处理前你可以联系客服撤回',
} as const

async function privacyRequest(tx: MemberTx, kind: 'export' | 'deletion'): Promise<PrivacyRequestResponse> {
  const earlier = await tx.work.scope.privacyRequests(tx.member.id)
  const same = earlier.find((r) => r.kind === kind && !r.handled && businessDateOf(parseInstant(r.at), tx.rules.calendar) === tx.today)
  if (same) return answer(privacyView(same, tx.rules.calendar))
  const n = tx.member.seq.privacy + 1
  const id = memberScopedId('pr', tx.member.id, n)
  tx.member = { ...tx.member, seq: { ...tx.member.seq, privacy: n } }
  const made: PrivacyRequestRecord = { id, memberId: tx.member.id, kind, at: tx.iso, requestNo: requestNo(id, tx.today) }
  tx.work.privacyRequests.push(made)
  return answer(privacyView(made, tx.rules.calendar))
}

/** The number a member reads out to customer service (`pr-42-1` of 2026-12-02 → 20261202-0042-1). */
function requestNo(id: string, date: BusinessDate): string {
  const [, member, n] = id.split('-')
  return `${date.replace(/-/g, '')}-${member.padStart(4, '0')}-${n}`
}

function answer(r: PrivacyRequestView): PrivacyRequestResponse {
  return { requestId: r.requestId, requestNo: r.requestNo, kind: r.kind, status: 'received', message: MESSAGES[r.kind] }
}

function privacyView(r: PrivacyRequestRecord, calendar: CalendarRules): PrivacyRequestView {
  return {
    requestId: r.id,
    // As given to the member; computed for requests stored before the number was.
    requestNo: r.requestNo ?? requestNo(r.id, businessDateOf(parseInstant(r.at), calendar)),
    kind: r.kind,
    status: r.handled ? 'done' : 'received',
    at: r.at,
    handledAt: r.handled?.at ?? null,
    reply: r.handled?.reply ?? null,
  }
}

/** A feedback as staff see it; a viewer (who reads but does not answer) gets the member's contact masked. */
function feedbackWire(r: FeedbackRecord, role: OperatorRole | null | undefined): FeedbackQueueRow['feedback'] {
  return {
    id: r.id,
    content: r.content,
    contact: r.contact !== null && role === 'viewer' ? maskContact(r.contact) : r.contact,
    at: r.at,
    status: r.handled ? 'replied' : 'open',
    handledAt: r.handled?.at ?? null,
    handledBy: r.handled?.by ?? null,
    reply: r.handled?.reply ?? null,
  }
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
 * by username, as adjustments are — unique, where two accounts may share a display name.
 */
async function answerOnce<T extends Asked>(
  args: HandlerArgs,
  param: string,
  list: (scope: ReadScope, memberId: string) => Promise<T[]>,
  errors: { missing: (id: string) => HttpError; answered: (at: string) => HttpError },
): Promise<{ tx: MemberTx; r: T; answer: Answer }> {
  const reply = requiredText(objectBody(args.body), 'reply', 200)
  const tx = await memberOf(args)
  const id = pathId(args.params, param)
  const r = (await list(args.work.scope, tx.member.id)).find((x) => x.id === id)
  if (!r) throw errors.missing(id)
  if (r.handled) throw errors.answered(r.handled.at)
  const op = await currentOperator(args)
  return { tx, r, answer: { at: args.work.iso, by: op.username, reply } }
}

export const privacyRoutes: RouteEntry[] = [
  ...(['export', 'deletion'] as const).map(
    (kind): RouteEntry => [
      'POST',
      `/privacy/${kind}`,
      {
        auth: 'member',
        handler: async (args) => {
          objectBody(args.body)
          return { body: await privacyRequest(await args.me(), kind) }
        },
      },
    ],
  ),
  [
    'GET',
    '/privacy/requests',
    {
      auth: 'member',
      handler: async (args) => {
        const tx = await args.me()
        const mine = await args.work.scope.privacyRequests(tx.member.id)
        const answer: PrivacyRequestsResponse = { requests: mine.map((r) => privacyView(r, tx.rules.calendar)).reverse() }
        return { body: answer }
      },
    },
  ],
  [
    'POST',
    '/feedback',
    {
      auth: 'member',
      handler: async (args) => {
        const body = objectBody(args.body)
        const content = requiredText(body, 'content', 500)
        const contact = optionalString(body, 'contact', { max: 64 })
        const tx = await args.me()
        const today = tx.member.feedbackDates.filter((d) => d === tx.today)
        if (today.length >= FEEDBACK_PER_DAY) {
          // Until the next business day, when the count starts again.
          const retryAfter = Math.ceil((endOfBusinessDay(tx.today, tx.rules.calendar) + 1 - tx.ctx.now) / 1000)
          throw new HttpError(429, 'FEEDBACK_TOO_FREQUENT', '今天提交的反馈已经很多了，请明天再试', { limitPerDay: FEEDBACK_PER_DAY }, { 'Retry-After': String(retryAfter) })
        }
        const n = tx.member.seq.feedback + 1
        const id = memberScopedId('fb', tx.member.id, n)
        tx.member = { ...tx.member, feedbackDates: [...today, tx.today], seq: { ...tx.member.seq, feedback: n } }
        tx.work.feedback.push({ id, memberId: tx.member.id, content, contact: contact ?? null, at: tx.iso })
        return { body: { id }, status: 201 }
      },
    },
  ],
]

/** The operators' side: the privacy queue and the feedback inbox (left out of the mini programs' demo: routes.ts). */
export const privacyAdminRoutes: RouteEntry[] = [
  [
    'GET',
    '/admin/privacy-requests',
    {
      auth: 'viewer',
      handler: async (args) => {
        const page = await queuePage(args, ['open', 'done'], /^pr-[A-Za-z0-9]{1,40}-\d{1,9}$/, (scope, q) => scope.privacyQueue(q))
        const answer: PrivacyQueueResponse = {
          requests: page.rows.map(({ member, r }) => ({ member, request: { ...privacyView(r, args.work.rules.calendar), handledBy: r.handled?.by ?? null } })),
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
        const { tx, r, answer } = await answerOnce(args, 'requestId', (scope, memberId) => scope.privacyRequests(memberId), {
          missing: (id) => new HttpError(404, 'PRIVACY_REQUEST_NOT_FOUND', '没有这条隐私申请', { id }),
          answered: (at) => new HttpError(409, 'PRIVACY_REQUEST_HANDLED', '这条申请已经处理过了', { handledAt: at }),
        })
        const done: PrivacyRequestRecord = { ...r, handled: answer }
        args.work.privacyRequests.push(done)
        const view = privacyView(done, tx.rules.calendar)
        tx.message('privacy_handled', { kind: r.kind, requestNo: view.requestNo, reply: answer.reply })
        await audit(args, 'privacy.handle', tx.member.id, { requestId: r.id, status: 'received' }, { requestId: r.id, status: 'done', reply: answer.reply })
        return { body: { request: { ...view, handledBy: answer.by } } }
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
        const answer: FeedbackQueueResponse = { feedback: page.rows.map(({ member, r }) => ({ member, feedback: feedbackWire(r, args.session?.operatorRole) })), nextCursor: page.nextCursor }
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
        const { tx, r, answer } = await answerOnce(args, 'feedbackId', (scope, memberId) => scope.feedback(memberId), {
          missing: (id) => new HttpError(404, 'FEEDBACK_NOT_FOUND', '没有这条反馈', { id }),
          answered: (at) => new HttpError(409, 'FEEDBACK_REPLIED', '这条反馈已经回复过了', { handledAt: at }),
        })
        const done: FeedbackRecord = { ...r, handled: answer }
        args.work.feedback.push(done)
        tx.message('feedback_replied', { excerpt: excerptOf(r.content), reply: answer.reply })
        await audit(args, 'feedback.reply', tx.member.id, { feedbackId: r.id, status: 'open' }, { feedbackId: r.id, status: 'replied', reply: answer.reply })
        return { body: { feedback: feedbackWire(done, args.session?.operatorRole) } }
      },
    },
  ],
]
