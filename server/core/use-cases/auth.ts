/**
 * `POST /auth/login {platform, code}` → `{token, member, isNew}`.
 *
 * Who the code belongs to is the deployment's business (`CoreEnv.identify`): the mock takes the code as the
 * identity (`demo`, `demo-friend-1` … log into the seeded members on any platform); the server exchanges it
 * with WeChat (`jscode2session`) or Alipay (`alipay.system.oauth.token`) before the write starts, keeps the
 * platform's session key on the server, and never answers with it. A key never seen registers a new `normal`
 * member with 0 points. The session token is random; only its SHA-256 is stored, and it expires; a member keeps
 * the newest `MAX_MEMBER_SESSIONS` sessions open, a login past them ends the oldest. No endpoint takes a member id
 * from the client: the member is always the one behind the bearer token.
 */
import type { ClientPlatform, LoginResponse } from '../../../src/api/contract'
import { MAX_MEMBER_SESSIONS } from '../limits'
import type { RouteEntry } from '../route'
import { sha256Hex } from '../sha256'
import type { MemberTx, Work } from '../tx'
import { objectBody, oneOf, requiredString } from '../validate'
import { memberMe } from '../views'

export const PLATFORMS = ['weapp', 'alipay', 'h5'] as const

/** Finds or registers the member behind `loginKeys` and opens a session for them. */
export async function loginOp(work: Work, platform: ClientPlatform, loginKeys: string[]): Promise<{ tx: MemberTx; token: string; isNew: boolean }> {
  const memberId = await work.scope.memberIdByLogin(loginKeys)
  // Erased meanwhile, their login keys went with them: the same person is a new member, as after any erase.
  const found = memberId ? await work.unlessErased(memberId, { platform, acting: true }) : null
  let tx: MemberTx
  if (found) tx = found
  else {
    tx = await work.register({ platform })
    work.logins.push({ key: loginKeys[0], memberId: tx.member.id })
    tx.markActive()
  }
  const token = work.env.newToken()
  work.sessions.push({
    tokenHash: sha256Hex(token),
    role: 'member',
    memberId: tx.member.id,
    operatorId: null,
    operatorRole: null,
    platform,
    createdAt: work.ctx.now,
    expiresAt: work.ctx.now + work.env.sessionTtlMs,
  })
  // With the new one, MAX_MEMBER_SESSIONS.
  work.memberSessionsKept.push({ memberId: tx.member.id, newest: MAX_MEMBER_SESSIONS - 1 })
  return { tx, token, isNew: found === null }
}

export const authRoutes: RouteEntry[] = [
  [
    'POST',
    '/auth/login',
    {
      auth: 'none',
      // No member yet to key a replay on; a retried login simply logs in again (same code → same member).
      idempotent: false,
      prepare: async ({ body }, env) => {
        const input = objectBody(body)
        const platform = oneOf(input, 'platform', PLATFORMS)
        const code = requiredString(input, 'code', { max: 128, pattern: /^[A-Za-z0-9._:@-]+$/ })
        return { platform, ...(await env.identify(platform, code)) }
      },
      handler: async ({ work, prepared }) => {
        const { platform, loginKeys } = prepared as { platform: ClientPlatform; loginKeys: string[] }
        const r = await loginOp(work, platform, loginKeys)
        const answer: LoginResponse = { token: r.token, member: memberMe(r.tx), isNew: r.isNew }
        return { body: answer }
      },
    },
  ],
]
