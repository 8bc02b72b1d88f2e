/**
 * Operator accounts (SPEC §7) and their sessions:
 *   POST /admin/auth/login {username, password} → a bearer token for `/admin/*`, valid 12 hours
 *   GET  /admin/me, GET /admin/operators, POST /admin/operators, POST /admin/operators/{id}
 * Roles: `viewer` reads, `operator` edits rules and members, `admin` also manages operators and approves. A
 * wrong name or password is one answer (401), whichever it was, and costs the same time. An account disabled or
 * given another role takes effect on its open sessions at once (the pipeline reads the account on each request).
 * Passwords are hashed by the deployment (`CoreEnv.passwords`) before the write begins.
 */
import type { AuditAction, AuditEntry, AuditPage, OperatorWire } from '../../../src/api/contract'
import { addDays, startOfBusinessDay, toIso, MAX_BUSINESS_DATE } from '../../../src/domain/calendar'
import { errorResponse, HttpError } from '../http'
import { newPasswordProblem, OPERATOR_USERNAME } from '../password-policy'
import { OPERATOR_ROLES, type OperatorRecord, type OperatorRole } from '../records'
import type { ReadScope } from '../port'
import type { HandlerArgs, RouteEntry } from '../route'
import { sha256Hex } from '../sha256'
import type { CoreEnv, Work } from '../tx'
import { field, invalid, objectBody, oneOf, optionalString, pathId, queryDate, queryInt, requiredString, requiredText } from '../validate'

export const OPERATOR_SESSION_TTL_MS = 12 * 3600 * 1000

export function operatorWire(o: OperatorRecord): OperatorWire {
  return { id: o.id, username: o.username, displayName: o.displayName, role: o.role, disabled: o.disabledAt !== null, createdAt: o.createdAt }
}

/** An operator as the console names them: by display name, or by username when the account has none. */
export const operatorName = (o: Pick<OperatorRecord, 'username' | 'displayName'>): string => o.displayName || o.username

/**
 * Usernames recorded on what operators did (who asked, decided, replied, published) by the names the console shows
 * operators by — read once per list; `system` (who made a deployment's first rules version) as 系统, and an account
 * not found (since removed) by its username.
 */
export function operatorNames(operators: readonly OperatorRecord[]): (username: string) => string {
  const names = new Map(operators.map((o) => [o.username, operatorName(o)]))
  return (username) => names.get(username) ?? (username === 'system' ? '系统' : username)
}

/** The signed-in operator's account (the pipeline has checked it exists and is enabled). */
export async function currentOperator(args: Pick<HandlerArgs, 'session' | 'work'>): Promise<OperatorRecord> {
  const id = args.session?.operatorId
  const op = (await args.work.scope.operators()).find((o) => o.id === id)
  if (!op) throw new HttpError(401, 'UNAUTHORIZED', '登录已失效，请重新登录')
  return op
}

/** Records an operator write in the audit log: who, when, what, before and after (SPEC §7). */
export async function audit(args: Pick<HandlerArgs, 'session' | 'work'>, action: AuditAction, target: string | null, before: unknown, after: unknown): Promise<void> {
  const op = await currentOperator(args)
  args.work.audit.push({ operatorId: op.id, operatorName: operatorName(op), at: args.work.iso, action, target, before: before ?? null, after: after ?? null })
}

function checkNewPassword(password: string, username: string | undefined): void {
  const problem = newPasswordProblem(password, username)
  if (problem) throw new HttpError(422, 'PASSWORD_TOO_WEAK', problem.message, { rule: problem.detail })
}

async function nextOperatorId(work: Work): Promise<string> {
  const taken = (await work.scope.operators()).map((o) => Number(o.id.slice(o.id.lastIndexOf('-') + 1)) || 0)
  return `op-${Math.max(0, ...taken) + 1}`
}


export const operatorLoginRoutes: RouteEntry[] = [
  [
    'POST',
    '/admin/auth/login',
    {
      auth: 'none',
      idempotent: false,
      // The password check (scrypt on the server) runs before the write: no slow work inside a transaction.
      prepare: async ({ body }, env, read) => {
        const input = objectBody(body)
        const username = requiredString(input, 'username', { max: 64 })
        const password = requiredString(input, 'password', { max: 256 })
        const op = await read((scope) => scope.operatorByUsername(username))
        const ok = await env.passwords.verify(password, op?.passwordHash ?? null)
        if (!op || op.disabledAt !== null) throw new HttpError(401, 'OPERATOR_LOGIN_FAILED', '账号或密码错误')
        return { op, ok }
      },
      handler: async ({ work, prepared }) => {
        const { op, ok } = prepared as { op: OperatorRecord; ok: boolean }
        // A wrong password for an account is in its audit log (someone guessing shows there, before the lockout): under
        // the account, by nobody signed in — not as the account holder's own act.
        if (!ok) {
          work.audit.push({ operatorId: op.id, operatorName: '未登录的访问者', at: work.iso, action: 'operator.login_failed', target: op.id, before: null, after: null })
          return errorResponse(401, 'OPERATOR_LOGIN_FAILED', '账号或密码错误')
        }
        // The account as it is now, locked in the write: a password changed (or the account disabled) while the old
        // one was being checked does not let the old one in, and a change that comes after the lock waits for this
        // sign-in and then ends its session (port.ts, lockOperator).
        const current = await work.lockOperator(op.id)
        if (!current || current.username !== op.username || current.passwordHash !== op.passwordHash || current.disabledAt !== null) {
          throw new HttpError(401, 'OPERATOR_LOGIN_FAILED', '账号或密码错误')
        }
        const token = work.env.newToken()
        const expiresAt = work.ctx.now + OPERATOR_SESSION_TTL_MS
        work.sessions.push({
          tokenHash: sha256Hex(token),
          role: 'operator',
          memberId: null,
          operatorId: current.id,
          operatorRole: current.role,
          platform: null,
          createdAt: work.ctx.now,
          expiresAt,
        })
        // Who entered the console, and when, is in the audit log like every write of theirs.
        work.audit.push({ operatorId: current.id, operatorName: operatorName(current), at: work.iso, action: 'operator.login', target: current.id, before: null, after: { expiresAt: new Date(expiresAt).toISOString() } })
        return { body: { token, operator: { id: current.id, username: current.username, role: current.role }, expiresAt: new Date(expiresAt).toISOString() } }
      },
    },
  ],
  [
    'POST',
    '/admin/auth/logout',
    {
      auth: 'viewer',
      idempotent: false,
      // 退出: the token answers 401 from now on (the mock's shared demo token is no session of its own and stays).
      handler: async (args) => {
        objectBody(args.body)
        if (args.session?.tokenHash) {
          args.work.sessionsEnded.push(args.session.tokenHash)
          await audit(args, 'operator.logout', args.session.operatorId, null, null)
        }
        return { body: { ok: true } }
      },
    },
  ],
]

/**
 * Setting a password — a new account's or another's — asks the admin for their own password again (`currentPassword`):
 * a session alone, stolen or left open, cannot make an account or take one over (and with it approve what needs a
 * second person). Checked before anything is hashed; a wrong one is refused 422 CURRENT_PASSWORD_WRONG by the handler
 * (`refuseWrongOwnPassword`), which changes nothing but the audit log.
 */
async function ownPasswordWrong(input: Record<string, unknown>, operatorId: string | null, env: CoreEnv, read: <T>(fn: (scope: ReadScope) => Promise<T>) => Promise<T>): Promise<boolean> {
  const current = requiredString(input, 'currentPassword', { max: 256, min: 1 })
  const me = operatorId === null ? undefined : (await read((scope) => scope.operators())).find((o) => o.id === operatorId)
  return !(await env.passwords.verify(current, me?.passwordHash ?? null))
}

/** A wrong `currentPassword` is in the audit log (someone with a session guessing the admin's password shows there). */
async function refuseWrongOwnPassword(args: HandlerArgs, target: string | null): Promise<{ status: number; body: unknown }> {
  await audit(args, 'operator.reauth_failed', target, null, null)
  return errorResponse(422, 'CURRENT_PASSWORD_WRONG', '你的当前密码不正确，请重新输入')
}

export const operatorRoutes: RouteEntry[] = [
  ['GET', '/admin/me', { auth: 'viewer', handler: async (args) => ({ body: { operator: operatorWire(await currentOperator(args)) } }) }],
  [
    'GET',
    '/admin/operators',
    { auth: 'admin', handler: async (args) => ({ body: { operators: (await args.work.scope.operators()).map(operatorWire) } }) },
  ],
  [
    'POST',
    '/admin/operators',
    {
      auth: 'admin',
      prepare: async ({ body, operatorId }, env, read) => {
        const input = objectBody(body)
        const username = requiredString(input, 'username', { max: 64, min: 3, pattern: OPERATOR_USERNAME })
        const password = requiredString(input, 'password', { max: 256 })
        checkNewPassword(password, username)
        if (await ownPasswordWrong(input, operatorId, env, read)) return { wrongOwnPassword: true }
        return { passwordHash: await env.passwords.hash(password) }
      },
      handler: async (args) => {
        const input = objectBody(args.body)
        const username = requiredString(input, 'username', { max: 64, min: 3, pattern: OPERATOR_USERNAME })
        if ((args.prepared as { wrongOwnPassword?: true }).wrongOwnPassword) return refuseWrongOwnPassword(args, null)
        const displayName = requiredText(input, 'displayName', 40, { oneLine: true })
        const role = oneOf(input, 'role', OPERATOR_ROLES)
        if (await args.work.scope.operatorByUsername(username)) throw new HttpError(409, 'OPERATOR_EXISTS', '该账号名已被使用', { username })
        const op: OperatorRecord = {
          id: await nextOperatorId(args.work),
          username,
          displayName,
          role,
          passwordHash: (args.prepared as { passwordHash: string }).passwordHash,
          createdAt: args.work.iso,
          disabledAt: null,
        }
        args.work.newOperators.push(op)
        await audit(args, 'operator.create', op.id, null, operatorWire(op))
        return { status: 201, body: { operator: operatorWire(op) } }
      },
    },
  ],
  [
    'POST',
    '/admin/operators/:id',
    {
      auth: 'admin',
      prepare: async ({ body, params, operatorId }, env, read) => {
        const input = objectBody(body)
        const password = optionalString(input, 'password', { max: 256 })
        if (password === undefined) return { passwordHash: undefined }
        const target = (await read((scope) => scope.operators())).find((o) => o.id === params.id)
        checkNewPassword(password, target?.username)
        if (await ownPasswordWrong(input, operatorId, env, read)) return { wrongOwnPassword: true }
        return { passwordHash: await env.passwords.hash(password) }
      },
      handler: async (args) => {
        const input = objectBody(args.body)
        const id = pathId(args.params, 'id')
        if ((args.prepared as { wrongOwnPassword?: true }).wrongOwnPassword) return refuseWrongOwnPassword(args, id)
        // Both accounts locked, in id order: two admins demoting (or disabling) each other at once are decided one
        // after the other, and the second finds they are no admin any more — a deployment always keeps one.
        const myId = args.session?.operatorId ?? ''
        const locked = new Map<string, OperatorRecord | null>()
        for (const x of [...new Set([id, myId])].sort()) locked.set(x, await args.work.lockOperator(x))
        const target = locked.get(id)
        if (!target) throw new HttpError(404, 'OPERATOR_NOT_FOUND', '运营账号不存在', { id })
        const me = locked.get(myId)
        if (!me || me.disabledAt !== null) throw new HttpError(401, 'UNAUTHORIZED', '登录已失效，请重新登录')
        if (me.role !== 'admin') throw new HttpError(403, 'FORBIDDEN', '当前账号没有这项权限')
        const displayName = field(input, 'displayName') === undefined ? undefined : requiredText(input, 'displayName', 40, { oneLine: true })
        const role = field(input, 'role') === undefined ? undefined : oneOf(input, 'role', OPERATOR_ROLES)
        const disabled = field(input, 'disabled')
        if (disabled !== undefined && typeof disabled !== 'boolean') throw invalid('disabled', 'must be a boolean')
        const { passwordHash } = args.prepared as { passwordHash?: string }
        // An admin cannot lock themselves out (nor leave the deployment without an admin that way).
        if (target.id === me.id && ((role !== undefined && role !== me.role) || disabled === true)) {
          throw new HttpError(422, 'OPERATOR_SELF_CHANGE', '不能修改自己的角色或停用自己的账号')
        }
        const next: OperatorRecord = {
          ...target,
          displayName: displayName ?? target.displayName,
          role: (role as OperatorRole | undefined) ?? target.role,
          passwordHash: passwordHash ?? target.passwordHash,
          disabledAt: disabled === undefined ? target.disabledAt : disabled ? target.disabledAt ?? args.work.iso : null,
        }
        args.work.operators.push(next)
        // A new password shuts out whoever holds a session of the account (a leaked token too) — all but the one
        // that set it, when an admin changes their own.
        if (passwordHash !== undefined) args.work.operatorSessionsEnded.push({ operatorId: target.id, except: args.session?.tokenHash ?? '' })
        // Disabling ends the account's sessions for good: enabled again, it signs in afresh (a leaked token stays dead).
        else if (disabled === true) args.work.operatorSessionsEnded.push({ operatorId: target.id, except: '' })
        const after = { ...operatorWire(next), ...(passwordHash !== undefined ? { passwordChanged: true } : {}) }
        await audit(args, 'operator.update', target.id, operatorWire(target), after)
        return { body: { operator: operatorWire(next) } }
      },
    },
  ],
  [
    'GET',
    '/admin/audit',
    {
      auth: 'viewer',
      handler: async ({ query, work }) => {
        const limit = queryInt(query, 'limit', 1, 200) ?? 50
        const cursor = query.cursor
        if (cursor !== undefined && cursor !== '' && !/^\d{1,12}$/.test(cursor)) throw invalid('cursor', 'not a cursor of this list')
        const from = queryDate(query, 'from', false)
        const to = queryDate(query, 'to', false)
        // A range the wrong way round is a mistake to say, not a question whose answer is "nothing happened".
        if (from && to && from > to) throw invalid('from', 'on or before to')
        const calendar = work.rules.calendar
        const text = (name: string, max: number) => {
          const v = query[name]
          if (v === undefined || v === '') return undefined
          if (Array.from(v).length > max) throw invalid(name, `at most ${max} characters`)
          return v
        }
        // One more than asked tells whether a next page exists.
        const found = await work.scope.auditLog({
          operatorId: text('operatorId', 64),
          action: text('action', 64),
          target: text('target', 128),
          from: from ? toIso(startOfBusinessDay(from, calendar)) : undefined,
          // Up to the end of `to`; the calendar's last day has no day after it, so it bounds nothing.
          to: to && to < MAX_BUSINESS_DATE ? toIso(startOfBusinessDay(addDays(to, 1), calendar)) : undefined,
          before: cursor ? Number(cursor) : null,
          limit: limit + 1,
        })
        const entries: AuditEntry[] = found.slice(0, limit).map((r) => ({
          id: String(r.no),
          at: r.at,
          operatorId: r.operatorId,
          operatorName: r.operatorName,
          action: r.action,
          target: r.target,
          before: r.before,
          after: r.after,
        }))
        const body: AuditPage = { entries, nextCursor: found.length > limit ? entries[entries.length - 1].id : null }
        return { body }
      },
    },
  ],
]
