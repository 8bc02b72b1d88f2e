/**
 * `GET /member/me`: the member card (tier, growth, progress in words, retention, benefits, balance).
 * `POST /member/profile {nickname, birthday?}`: saves the profile; a nickname plus a birthday completes the
 * profile, which is the "完善个人资料" growth task (the task decides what that pays, once).
 */
import type { MemberMe } from '../../../src/api/contract'
import { objectBody, optionalBirthday, requiredText } from '../validate'
import { memberMe } from '../views'
import type { RouteEntry } from '../route'

/** 完善个人资料: a nickname is always there, so a profile is complete once it has a birthday. */
export function profileComplete(member: { birthday?: string | null }): boolean {
  return !!member.birthday
}

export const memberRoutes: RouteEntry[] = [
  ['GET', '/member/me', { auth: 'member', handler: async (args) => ({ body: memberMe(await args.me()) }) }],
  [
    'POST',
    '/member/profile',
    {
      auth: 'member',
      handler: async (args) => {
        const body = objectBody(args.body)
        const nickname = requiredText(body, 'nickname', 20, { oneLine: true })
        const tx = await args.me()
        const birthday = optionalBirthday(body, 'birthday', tx.today)
        tx.member = { ...tx.member, nickname, birthday: birthday ?? tx.member.birthday ?? null }
        if (profileComplete(tx.member)) tx.recordTasks('profile_complete')
        const answer: MemberMe = memberMe(tx)
        return { body: answer }
      },
    },
  ],
]
