/**
 * `POST /auth/login {platform, code}` → `{token, member, isNew}`.
 *
 * The mock treats the login code as the member's identity: a code never seen before registers a new `normal`
 * member with 0 points; `demo` (and `demo-friend-1` … `demo-friend-6`) log into the seeded members whatever the
 * platform. A real backend instead exchanges the one-time code with the platform — WeChat `jscode2session`
 * (appid + secret + code → openid, session_key), Alipay `alipay.system.oauth.token` (→ user_id) — keys the
 * member on that openid / user_id, keeps `session_key` on the server (it never goes into a response), and
 * issues its own session token. No endpoint takes a member id from the client: the member is always the one
 * behind the bearer token.
 */
import type { LoginResponse } from '../../src/api/contract'
import type { Rng } from '../../src/domain/context'
import { sessionLive, type Session } from '../backend'
import type { LoyaltyDb } from '../db'
import { own, withOwn } from '../own'
import { ctxOf, openTx, registerMember, type RouteEntry } from '../state'
import { objectBody, oneOf, requiredString } from '../validate'
import { memberMe } from '../views'

const PLATFORMS = ['weapp', 'alipay', 'h5'] as const

/** 128 random bits as hex from the injected source (the server and the app pass a real entropy source). */
export function newToken(rng: Rng): string {
  let out = ''
  for (let i = 0; i < 4; i++) out += Math.floor(rng() * 0x100000000).toString(16).padStart(8, '0')
  return out
}

/** Finds or registers the member behind a login code and opens a session. */
export function loginOp(
  db: LoyaltyDb,
  input: { platform: (typeof PLATFORMS)[number]; code: string },
  now: number,
  rng: Rng,
  config: LoyaltyDb['config'],
): { db: LoyaltyDb; token: string; memberId: string; isNew: boolean } {
  const key = `${input.platform}:${input.code}`
  let memberId = own(db.loginCodes, key) ?? own(db.loginCodes, `*:${input.code}`)
  let next = db
  const isNew = memberId === undefined
  if (memberId === undefined) {
    const r = registerMember(next, { platform: input.platform, now, config })
    memberId = r.member.id
    next = { ...r.db, loginCodes: withOwn(r.db.loginCodes, key, memberId) }
  }
  const token = newToken(rng)
  // Expired sessions are dropped on every login (SESSION_TTL_MS, shared with the pipeline and compaction).
  const live: Record<string, Session> = Object.fromEntries(Object.entries(next.sessions).filter(([, s]) => sessionLive(s, now)))
  const sessions = withOwn<Session>(live, token, { token, role: 'member', memberId, platform: input.platform, createdAt: now })
  return { db: { ...next, sessions }, token, memberId, isNew }
}

export const authRoutes: RouteEntry[] = [
  [
    'POST',
    '/auth/login',
    {
      auth: 'none',
      // No member yet to key a replay on; a retried login simply logs in again (same code → same member).
      idempotent: false,
      handler: (args) => {
        const body = objectBody(args.body)
        const platform = oneOf(body, 'platform', PLATFORMS)
        const code = requiredString(body, 'code', { max: 128, pattern: /^[A-Za-z0-9._:@-]+$/ })
        const ctx = ctxOf(args.db, args.env, args.now, args.rng)
        const r = loginOp(args.db, { platform, code }, args.now, args.rng, ctx.config)
        const tx = openTx(r.db, r.memberId, ctx, { write: true, platform })
        const answer: LoginResponse = { token: r.token, member: memberMe(tx), isNew: r.isNew }
        return { body: answer, db: tx.finish() }
      },
    },
  ],
]
