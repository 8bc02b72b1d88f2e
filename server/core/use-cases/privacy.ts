/**
 * Personal data and feedback: `POST /privacy/export`, `POST /privacy/deletion` (requests an operator handles;
 * a second request of the same kind the same day returns the first), `POST /feedback {content, contact?}`
 * (at most 5 per member and day: 429).
 */
import type { PrivacyRequestResponse } from '../../../src/api/contract'
import { businessDateOf, parseInstant, type BusinessDate } from '../../../src/domain/calendar'
import { HttpError } from '../http'
import type { RouteEntry } from '../route'
import { memberScopedId, type MemberTx } from '../tx'
import { objectBody, optionalString, requiredString } from '../validate'

const FEEDBACK_PER_DAY = 5
const MESSAGES = {
  export: '已收到你的数据导出申请，我们将在 15 个工作日内处理，结果会通过消息中心通知你',
  deletion: '已收到你的数据删除申请，我们将在 15 个工作日内核实并删除你的会员数据，处理前你可以联系客服撤回',
} as const

async function privacyRequest(tx: MemberTx, kind: 'export' | 'deletion'): Promise<PrivacyRequestResponse> {
  const earlier = await tx.work.scope.privacyRequests(tx.member.id)
  const same = earlier.find((r) => r.kind === kind && businessDateOf(parseInstant(r.at), tx.rules.calendar) === tx.today)
  if (same) return answer(same.id, tx.today, kind)
  const n = tx.member.seq.privacy + 1
  const id = memberScopedId('pr', tx.member.id, n)
  tx.member = { ...tx.member, seq: { ...tx.member.seq, privacy: n } }
  tx.work.privacyRequests.push({ id, memberId: tx.member.id, kind, at: tx.iso })
  return answer(id, tx.today, kind)
}

/** The answer, with the number a member reads out to customer service (`pr-42-1` of 2026-12-02 → 20261202-0042-1). */
function answer(id: string, date: BusinessDate, kind: 'export' | 'deletion'): PrivacyRequestResponse {
  const [, member, n] = id.split('-')
  return { requestId: id, requestNo: `${date.replace(/-/g, '')}-${member.padStart(4, '0')}-${n}`, kind, status: 'received', message: MESSAGES[kind] }
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
    'POST',
    '/feedback',
    {
      auth: 'member',
      handler: async (args) => {
        const body = objectBody(args.body)
        const content = requiredString(body, 'content', { max: 500 })
        const contact = optionalString(body, 'contact', { max: 64 })
        const tx = await args.me()
        const today = tx.member.feedbackDates.filter((d) => d === tx.today)
        if (today.length >= FEEDBACK_PER_DAY) {
          throw new HttpError(429, 'FEEDBACK_TOO_FREQUENT', '今天提交的反馈已经很多了，请明天再试', { limitPerDay: FEEDBACK_PER_DAY })
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
