/**
 * The request pipeline, shared by the in-process adapter, the mock's HTTP server and the production server:
 * check the head's size → route → decode the path ids → parse the body (size, media type, nesting depth, syntax)
 * → (writes) settle what is due → authenticate → in one storage write: lock the member, replay by
 * Idempotency-Key, run the use case, store its changes and its answer with the key — and only then answer.
 * The checks on raw input are request-guards.ts, their limits limits.ts. Use cases decide nothing themselves:
 * they call src/domain. Whatever a client sends, the answer is the contract's: a refusal is
 * `{error: {code, message}}`, never an exception escaping as a 5xx.
 */
import { campaignStatus, type CampaignDefinition } from '../../src/domain/campaigns'
import type { Rng } from '../../src/domain/context'
import { isRuleError } from '../../src/domain/errors'
import { requestFingerprint } from './fingerprint'
import { clockInRange, IDEMPOTENCY_TTL_MS, MAX_BODY_BYTES } from './limits'
import { assertHeadSize, assertIdempotencyKeyShape, assertJsonDepth, assertJsonMediaType, assertStorableText, decodePathParams, utf8Length } from './request-guards'
import { bearerToken, errorResponse, HttpError, type CoreRequest, type CoreResponse } from './http'
import { RetryableConflict, StorageUnavailable, UniqueViolation, type Changes, type ReadScope, type Storage } from './port'
import { OPERATOR_ROLES, type SessionRecord } from './records'
import type { AuthLevel, PrepareInput, RouteDef } from './route'
import { ROUTES } from './routes'
import { Router } from './router'
import { sha256Hex } from './sha256'
import { NOT_LOGGED_IN, Work, type CoreEnv, type MemberTx } from './tx'
import { settleLeaderboards } from './use-cases/campaigns'

const INTERNAL_MESSAGE = '服务开小差了，请稍后重试'
const UNAVAILABLE_MESSAGE = '服务暂时不可用，请稍后重试'
/** How long a leaderboard whose settlement failed waits before the next write tries it again. */
const SETTLE_RETRY_MS = 60_000

/** A clock outside the core's range (limits.ts): nothing is read or written at such an instant. */
function assertClock(now: number): void {
  if (!clockInRange(now)) throw new HttpError(503, 'CLOCK_OUT_OF_RANGE', '服务时间异常，请稍后重试', { now })
}

/**
 * A check of a request against a published contract (the production server's OpenAPI validation), run after
 * authentication; it throws an HttpError (400) to refuse.
 */
export type RequestValidator = (req: { method: string; pattern: string; params: Record<string, string>; query: Record<string, string>; body: unknown }) => void

export interface CoreOptions {
  /** Checks every authenticated request against the contract before its use case runs (server only). */
  validateRequest?: RequestValidator
  storage: Storage
  clock: () => number
  rng: Rng
  env: CoreEnv
  /** Body size limit in bytes (413 above it); default 64 KB. */
  maxBodyBytes?: number
  /** The mock's shared operator token (`/admin/*`); the production server has operator accounts instead. */
  operatorToken?: string
  /** Where unexpected errors go (default console.error). */
  logError?: (message: string, error: unknown) => void
}

export interface Core {
  handle(req: CoreRequest): Promise<CoreResponse>
  /** Runs use cases in one write at `now` (the seed players; tests), with `rng` instead of the core's own. */
  write<T>(now: number, fn: (work: Work) => Promise<T>, rng?: Rng): Promise<T>
  /** Reads as of `now` (tests, reports). */
  read<T>(now: number, fn: (work: Work) => Promise<T>): Promise<T>
  /** Forgets what it remembers of the storage (the leaderboards it saw settled): after the storage was emptied. */
  forget(): void
}

/**
 * The session's member, locked on a write (`acting`: this request is their activity). Erased since the session was
 * read — a write's lock waited for the erase; a read outside a transaction saw the session before the erase committed
 * and the member after it — they are signed out: 401, on a read as on a write.
 */
async function sessionMember(work: Work, session: SessionRecord | null, acting: boolean): Promise<MemberTx> {
  const tx = await work.unlessErased(session?.memberId ?? '', { platform: session?.platform, acting })
  if (!tx) throw NOT_LOGGED_IN()
  return tx
}

/** The member behind a member route's session (authenticate() let only such a session through). */
function memberIdOf(session: SessionRecord | null): string {
  if (!session?.memberId) throw NOT_LOGGED_IN()
  return session.memberId
}

function headerOf(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase()
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v
  return undefined
}

/** The JSON body of a write (GET bodies are ignored): size, then media type, then depth, then syntax. */
function parseBody(req: CoreRequest, maxBytes: number): unknown {
  const raw = req.rawBody
  if (req.method.toUpperCase() === 'GET' || raw === undefined || raw === '') return undefined
  if (utf8Length(raw) > maxBytes) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', '提交的内容过大')
  assertJsonMediaType(headerOf(req.headers, 'content-type'))
  // No content coding is taken (RFC 9110 §15.5.16): a gzip body is a 415, not JSON read as if it were plain.
  const coding = headerOf(req.headers, 'content-encoding')?.trim().toLowerCase()
  if (coding && coding !== 'identity') throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', '请求内容须为未压缩的 JSON', { expected: 'identity' })
  assertJsonDepth(raw)
  try {
    return JSON.parse(raw)
  } catch {
    throw new HttpError(400, 'MALFORMED_JSON', '请求格式不正确')
  }
}

export function createCore(options: CoreOptions): Core {
  const router = new Router<RouteDef>()
  for (const [method, pattern, def] of ROUTES) router.add(method, pattern, def)
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES
  const logError = options.logError ?? ((message, e) => console.error(message, e))
  const { storage, env } = options
  /** Leaderboards known to be settled (a settlement never comes undone). */
  const settled = new Set<string>()
  /** Leaderboards whose settlement failed, and when (tried again after SETTLE_RETRY_MS). */
  const settleFailedAt = new Map<string, number>()

  function toErrorResponse(e: unknown, req: CoreRequest): CoreResponse {
    const log = req.logError ?? logError
    if (e instanceof HttpError) return { ...errorResponse(e.status, e.code, e.message, e.details), ...(e.headers ? { headers: e.headers } : {}) }
    if (isRuleError(e)) return errorResponse(e.status, e.code, e.message, e.details)
    if (e instanceof UniqueViolation) {
      // The key's name is for the server's log, not the caller: it names the schema's tables.
      log(`[core] ${e.message}`, e)
      return errorResponse(409, 'CONFLICT', '这个操作已经完成了，请刷新后查看')
    }
    if (e instanceof StorageUnavailable || e instanceof RetryableConflict) {
      log('[core] storage unavailable', e)
      return { ...errorResponse(503, 'SERVICE_UNAVAILABLE', UNAVAILABLE_MESSAGE), headers: { 'Retry-After': '1' } }
    }
    log('[core] unexpected error', e)
    return errorResponse(500, 'INTERNAL', INTERNAL_MESSAGE)
  }

  async function authenticate(scope: ReadScope, req: CoreRequest, level: AuthLevel, now: number): Promise<SessionRecord | null> {
    const token = bearerToken(headerOf(req.headers, 'authorization'))
    let session: SessionRecord | null = null
    if (token && options.operatorToken && token === options.operatorToken) {
      session = { tokenHash: '', role: 'operator', memberId: null, operatorId: 'demo-operator', operatorRole: 'admin', platform: null, createdAt: 0, expiresAt: Infinity }
    } else if (token) {
      const found = await scope.session(sha256Hex(token))
      session = found && now < found.expiresAt ? found : null
    }
    if (level === 'none') return session
    if (!session) throw NOT_LOGGED_IN()
    if (level === 'member') {
      if (session.role !== 'member') throw new HttpError(403, 'FORBIDDEN', '请使用会员账号访问')
      return session
    }
    if (session.role !== 'operator') throw new HttpError(403, 'FORBIDDEN', '没有权限访问')
    if (session.tokenHash !== '') {
      // The account as it is now: disabling it or changing its role takes effect on its open sessions.
      const account = (await scope.operators()).find((o) => o.id === session!.operatorId)
      if (!account || account.disabledAt !== null) throw NOT_LOGGED_IN()
      session = { ...session, operatorRole: account.role }
    }
    if (OPERATOR_ROLES.indexOf(session.operatorRole ?? 'viewer') < OPERATOR_ROLES.indexOf(level)) throw new HttpError(403, 'FORBIDDEN', '当前账号没有这项权限')
    return session
  }

  /** Ended leaderboards not yet paid, as far as this process knows. */
  function dueLeaderboards(campaigns: CampaignDefinition[], now: number): CampaignDefinition[] {
    return campaigns.filter((c) => c.type === 'leaderboard' && !settled.has(c.id) && campaignStatus(c, now) === 'ended')
  }

  /**
   * Pays the ended leaderboards before a write. A settlement that fails is logged and tried again a minute later;
   * it never fails the request that carried it (nor, through it, every write of every member).
   */
  async function settleDue(now: number, log: (message: string, error: unknown) => void = logError): Promise<void> {
    const due = (await storage.read(async (scope) => dueLeaderboards((await scope.rules()).campaigns, now))).filter(
      (c) => (settleFailedAt.get(c.id) ?? -Infinity) + SETTLE_RETRY_MS <= now,
    )
    if (due.length === 0) return
    for (let attempt = 1; ; attempt++) {
      try {
        await storage.write(async (scope) => {
          const work = new Work(scope, await scope.rules(), now, options.rng, true, env)
          await settleLeaderboards(work, due)
          return { result: undefined, changes: work.changes() }
        })
        break
      } catch (e) {
        // Concurrent requests (or server processes) settle at once: one pays out, the others meet the settlement's
        // unique key and are rolled back whole. Once more, and settleLeaderboards skips what is settled now; the
        // request that carried the settlement goes on to its own work instead of answering 409.
        if (e instanceof UniqueViolation && attempt < 3) continue
        // The database away: the request meets it too, and answers 503 as any other.
        if (e instanceof StorageUnavailable || e instanceof RetryableConflict) throw e
        log(`[core] settling ${due.map((c) => c.id).join(', ')} failed; tried again in ${SETTLE_RETRY_MS / 1000} s`, e)
        for (const c of due) settleFailedAt.set(c.id, now)
        return
      }
    }
    for (const c of due) settled.add(c.id)
  }

  /**
   * Every answer says the backend's time (`X-Server-Time`, epoch ms): the app shows dates relative to the
   * backend's "today" (a year only when it is not this year), not to a phone's clock that may be off — or, in
   * tests, to the day they run.
   */
  async function handle(req: CoreRequest): Promise<CoreResponse> {
    const res = await answer(req)
    return { ...res, headers: { ...res.headers, 'X-Server-Time': String(options.clock()) } }
  }

  async function answer(req: CoreRequest): Promise<CoreResponse> {
    try {
      assertClock(options.clock())
      assertHeadSize(req)
      const match = router.match(req)
      if (match === 'not-found') throw new HttpError(404, 'NOT_FOUND', '请求的资源不存在')
      if (match === 'method-not-allowed') throw new HttpError(405, 'METHOD_NOT_ALLOWED', '不支持的请求方式')
      const { route } = match
      const params = decodePathParams(match.rawParams)
      const def = route.handler
      const body = parseBody(req, maxBodyBytes)
      assertStorableText(req.query, body)
      const now = options.clock()

      if (route.method === 'GET') {
        return await storage.read(async (scope) => {
          const work = new Work(scope, await scope.rules(), now, options.rng, false, env)
          const session = await authenticate(scope, req, def.auth, now)
          options.validateRequest?.({ method: route.method, pattern: route.pattern, params, query: req.query, body })
          const result = await def.handler({ params, query: req.query, body, session, work, prepared: undefined, me: () => sessionMember(work, session, false), memberId: () => memberIdOf(session) })
          return { status: result.status ?? 200, body: result.body }
        })
      }

      const keyed = def.idempotent !== false
      const key = headerOf(req.headers, 'idempotency-key')
      if (keyed && !key) throw new HttpError(400, 'IDEMPOTENCY_KEY_REQUIRED', '请求缺少幂等键')
      assertIdempotencyKeyShape(key)
      await settleDue(now, req.logError)
      // Who asks is known before any work is done for them (a password is not hashed for a stranger; a publish's
      // exclusive lock on the rules, which every write waits for, is not taken for a stranger or a malformed request).
      const asker = (def.prepare || def.publishesRules) && def.auth !== 'none' ? await storage.read((scope) => authenticate(scope, req, def.auth, now)) : null
      if (def.publishesRules) options.validateRequest?.({ method: route.method, pattern: route.pattern, params, query: req.query, body })
      const input: PrepareInput = { body, params, memberId: asker?.memberId ?? null, operatorId: asker?.operatorId ?? null, now }
      const prepared = def.prepare ? await def.prepare(input, env, (fn) => storage.read(fn)) : undefined
      const hash = keyed ? requestFingerprint(route.method, req.path, body) : ''
      let actedFor: string | null = null // `complete` runs for the member the write ran for

      const response = await storage.write<CoreResponse>(async (scope) => {
        const work = new Work(scope, await scope.rules(), now, options.rng, true, env)
        const session = await authenticate(scope, req, def.auth, now)
        actedFor = session?.memberId ?? null
        const me = () => sessionMember(work, session, true)
        const idempotencyScope = session?.memberId ?? (session?.operatorId ? `operator:${session.operatorId}` : 'anonymous')
        if (keyed && key) {
          // The member is locked first: a replay racing its original waits for it and then finds its answer.
          if (session?.memberId) await me()
          const previous = await scope.idempotency(idempotencyScope, key)
          if (previous && now - previous.at < IDEMPOTENCY_TTL_MS) {
            if (previous.hash !== hash) throw new HttpError(422, 'IDEMPOTENCY_KEY_REUSED', '同一请求标识不能用于不同的请求')
            return { result: { status: previous.status, body: previous.body, headers: { 'Idempotent-Replay': 'true' } }, changes: { now } }
          }
        }
        let response: CoreResponse
        let changes: Changes
        try {
          options.validateRequest?.({ method: route.method, pattern: route.pattern, params, query: req.query, body })
          const result = await def.handler({ params, query: req.query, body, session, work, prepared, me, memberId: () => memberIdOf(session) })
          response = { status: result.status ?? 200, body: result.body }
          changes = work.changes()
        } catch (e) {
          if (!(e instanceof HttpError) && !isRuleError(e)) throw e
          // A refusal is also "the first answer": a replay must not succeed where the original failed for a
          // reason of state. Nothing the use case did is kept.
          response = toErrorResponse(e, req)
          changes = { now }
        }
        // A 400 is about the request's form, not the state: it is not the key's answer, so the corrected request may
        // take the same key (a client keeps its key across retries of one intended action).
        if (keyed && key && response.status !== 400) changes.idempotency = { scope: idempotencyScope, key, record: { hash, status: response.status, body: response.body, at: now } }
        return { result: response, changes }
      }, { publishesRules: def.publishesRules })
      if (!def.complete || response.status >= 300) return response
      return { ...response, ...(await def.complete({ status: response.status, body: response.body }, { ...input, memberId: actedFor }, env)) }
    } catch (e) {
      return toErrorResponse(e, req)
    }
  }

  async function write<T>(now: number, fn: (work: Work) => Promise<T>, rng: Rng = options.rng): Promise<T> {
    await settleDue(now)
    return storage.write(async (scope) => {
      const work = new Work(scope, await scope.rules(), now, rng, true, env)
      const result = await fn(work)
      return { result, changes: work.changes() }
    })
  }

  async function read<T>(now: number, fn: (work: Work) => Promise<T>): Promise<T> {
    return storage.read(async (scope) => fn(new Work(scope, await scope.rules(), now, options.rng, false, env)))
  }

  return { handle, write, read, forget: () => settled.clear() }
}
