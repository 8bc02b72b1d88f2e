/**
 * Operator sign-in: `POST /admin/auth/login {username, password}` → a session token for the 运营后台, with the
 * account's role (viewer reads, operator edits rules and members, admin also manages operators). Accounts live
 * with the deployment (`CoreEnv.verifyOperator`): the production server keeps them with scrypt hashes; the mock
 * has one demo account (mock/app.ts); a deployment without accounts answers 404. A wrong name or password is
 * one answer (401), whichever it was. Operator sessions last 12 hours.
 */
import type { RouteEntry } from '../route'
import type { OperatorRole } from '../records'
import { HttpError } from '../http'
import { sha256Hex } from '../sha256'
import { objectBody, requiredString } from '../validate'

export const OPERATOR_SESSION_TTL_MS = 12 * 3600 * 1000

export const operatorRoutes: RouteEntry[] = [
  [
    'POST',
    '/admin/auth/login',
    {
      auth: 'none',
      idempotent: false,
      // The password check (scrypt) runs before the write: no slow work inside a transaction.
      prepare: async (body, env) => {
        const input = objectBody(body)
        const username = requiredString(input, 'username', { max: 64 })
        const password = requiredString(input, 'password', { max: 256 })
        if (!env.verifyOperator) throw new HttpError(404, 'NOT_FOUND', '请求的资源不存在')
        const found = await env.verifyOperator(username, password)
        if (!found) throw new HttpError(401, 'OPERATOR_LOGIN_FAILED', '账号或密码错误')
        return { ...found, username }
      },
      handler: async ({ work, prepared }) => {
        const op = prepared as { operatorId: string; role: OperatorRole; username: string }
        const token = work.env.newToken()
        const expiresAt = work.ctx.now + OPERATOR_SESSION_TTL_MS
        work.sessions.push({
          tokenHash: sha256Hex(token),
          role: 'operator',
          memberId: null,
          operatorId: op.operatorId,
          operatorRole: op.role,
          platform: null,
          createdAt: work.ctx.now,
          expiresAt,
        })
        return { body: { token, operator: { id: op.operatorId, username: op.username, role: op.role }, expiresAt: new Date(expiresAt).toISOString() } }
      },
    },
  ],
]
