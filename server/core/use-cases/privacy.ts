/**
 * Personal data and feedback:
 *   POST /privacy/export, POST /privacy/deletion   a request an operator handles (a second one of the same kind the
 *                                                 same day, while the first is open, returns the first);
 *   GET  /privacy/requests                       the member's requests with their status and the brand's reply;
 *   POST /feedback {content, contact?}           at most 5 per member and day (429).
 * The operators' side (the queue, the inbox and their answers) is privacy-admin.ts.
 */
import type { PrivacyRequestResponse, PrivacyRequestView, PrivacyRequestsResponse } from '../../../src/api/contract'
import { businessDateOf, endOfBusinessDay, parseInstant, type BusinessDate, type CalendarRules } from '../../../src/domain/calendar'
import { HttpError } from '../http'
import type { PrivacyRequestRecord } from '../records'
import type { RouteEntry } from '../route'
import { memberScopedId, type MemberTx } from '../tx'
import { objectBody, optionalString, requiredText } from '../validate'

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

export function privacyView(r: PrivacyRequestRecord, calendar: CalendarRules): PrivacyRequestView {
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
