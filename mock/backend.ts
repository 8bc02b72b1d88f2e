import { isRuleError } from '../src/domain/errors'
import type { Rng } from '../src/domain/context'
import { errorResponse, HttpError, type MockRequest, type MockResponse } from './http-types'
import { IDEMPOTENCY_TTL_MS, MAX_BODY_BYTES, SESSION_TTL_MS } from './limits'
import { own, withOwn } from './own'
import { assertHeadSize, assertIdempotencyKeyShape, assertJsonDepth, assertJsonMediaType, decodePathParams, utf8Length } from './request-guards'
import { Router } from './router'
import { sha256Hex } from './sha256'

/**
 * The request pipeline of the mock backend, shared by the in-process adapter and the HTTP server:
 * check the head's size → route → decode the path ids → parse the body (size, media type, nesting depth, syntax)
 * → authenticate → (writes) serialise, check the Idempotency-Key, replay by it, run the handler, persist the new
 * state, and only then answer. The checks on raw input are request-guards.ts, their limits limits.ts. Handlers
 * decide nothing themselves: they call src/domain. Whatever a client sends, the answer is the contract's: a
 * refusal is `{error: {code, message}}`, never an exception escaping as a 5xx.
 */

export interface Session {
  token: string
  role: 'member' | 'operator'
  memberId?: string
  /** The platform the member logged in from (decides share-based rewards, SPEC §1.6). */
  platform?: 'weapp' | 'alipay' | 'h5'
  createdAt: number
}

/** A session is good for SESSION_TTL_MS after its login; the pipeline, login and compaction all ask this. */
export function sessionLive(session: Session, now: number): boolean {
  return now - session.createdAt < SESSION_TTL_MS
}

export interface IdempotencyRecord {
  hash: string
  status: number
  body: unknown
  at: number
}

/** The part of the database the pipeline itself owns. */
export interface CoreDb {
  /** Token → session. Looked up with `own()`: a token is a client's string. */
  sessions: Record<string, Session>
  /** Per member (or operator) → key → the first answer. */
  idempotency: Record<string, Record<string, IdempotencyRecord>>
}

export interface Persistence<Db> {
  load(): Promise<Db | null>
  /** Resolves only when the state is durable; a rejection means the write is not acknowledged. */
  save(db: Db): Promise<void>
}

export type AuthLevel = 'none' | 'member' | 'operator'

export interface HandlerArgs<Db, Env> {
  db: Db
  params: Record<string, string>
  query: Record<string, string>
  body: unknown
  session: Session | null
  /** The authenticated member's id (routes with auth 'member'). */
  memberId: string
  now: number
  rng: Rng
  env: Env
}

export interface HandlerResult<Db> {
  status?: number
  body: unknown
  /** The new state when the handler changed something; it is persisted before the answer is sent. */
  db?: Db
}

export type Handler<Db, Env> = (args: HandlerArgs<Db, Env>) => HandlerResult<Db>

export interface RouteDef<Db, Env> {
  auth: AuthLevel
  handler: Handler<Db, Env>
  /** Replays of POSTs are keyed by Idempotency-Key; login opts out (it has no member yet). */
  idempotent?: boolean
}

export interface BackendOptions<Db extends CoreDb, Env> {
  routes: (router: Router<RouteDef<Db, Env>>) => void
  persistence: Persistence<Db>
  /** Builds the first state (seed data) when persistence holds none. */
  seed: (now: number, rng: Rng) => Db
  clock: () => number
  rng: Rng
  env: Env
  /** Body size limit in bytes (413 above it). */
  maxBodyBytes?: number
  /** Bearer token of the operator role (`/admin/*`); never stored in the state. */
  operatorToken?: string
}

export interface MockBackend<Db> {
  handle(req: MockRequest): Promise<MockResponse>
  /** The current state (tests and test controls only). */
  snapshot(): Promise<Db>
  /** Replace the state (test controls: reset to seed). */
  replace(db: Db): Promise<void>
}

const INTERNAL_MESSAGE = '服务开小差了，请稍后重试'

function headerOf(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase()
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v
  return undefined
}

/**
 * Stable text of a JSON value with sorted keys, so `{a,b}` and `{b,a}` hash the same. Recursive: it only ever
 * sees bodies that passed `assertJsonDepth` (at most MAX_JSON_DEPTH levels).
 */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/**
 * The fingerprint of a write, to tell a replay from another request under the same Idempotency-Key: SHA-256
 * of method, path and canonical body (a 32-bit hash let a client find two bodies that pass for each other).
 */
function requestFingerprint(method: string, path: string, body: unknown): string {
  return sha256Hex(`${method} ${path}\n${canonical(body)}`)
}

/** The JSON body of a write (GET bodies are ignored): size, then media type, then depth, then syntax. */
function parseBody(req: MockRequest, maxBytes: number): unknown {
  const raw = req.rawBody
  if (req.method.toUpperCase() === 'GET' || raw === undefined || raw === '') return undefined
  if (utf8Length(raw) > maxBytes) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', '提交的内容过大')
  assertJsonMediaType(headerOf(req.headers, 'content-type'))
  assertJsonDepth(raw)
  try {
    return JSON.parse(raw)
  } catch {
    throw new HttpError(400, 'MALFORMED_JSON', '请求格式不正确')
  }
}

function toErrorResponse(e: unknown): MockResponse {
  if (e instanceof HttpError) return errorResponse(e.status, e.code, e.message, e.details)
  if (isRuleError(e)) return errorResponse(e.status, e.code, e.message, e.details)
  console.error('[mock backend] unexpected error', e)
  return errorResponse(500, 'INTERNAL', INTERNAL_MESSAGE)
}

export async function createMockBackend<Db extends CoreDb, Env>(options: BackendOptions<Db, Env>): Promise<MockBackend<Db>> {
  const router = new Router<RouteDef<Db, Env>>()
  options.routes(router)
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES

  const loaded = await options.persistence.load()
  let db: Db = loaded ?? options.seed(options.clock(), options.rng)
  // The seed is stored at once: seed data played with fresh randomness must not change on the next start.
  if (!loaded) await options.persistence.save(db)
  // One write at a time: a member's requests (and shared stock) can never interleave, so concurrent
  // requests cannot double-award, and each state is durable before the next write starts.
  let writeChain: Promise<unknown> = Promise.resolve()
  const serialised = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = writeChain.then(fn, fn)
    writeChain = run.catch(() => undefined)
    return run
  }

  function authenticate(req: MockRequest, level: AuthLevel): Session | null {
    const header = headerOf(req.headers, 'authorization')
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined
    const operator: Session | null =
      token && options.operatorToken && token === options.operatorToken ? { token, role: 'operator', createdAt: 0 } : null
    const stored = token ? own(db.sessions, token) : undefined
    const session = operator ?? (stored && sessionLive(stored, options.clock()) ? stored : null)
    if (level === 'none') return session
    if (!session) throw new HttpError(401, 'UNAUTHORIZED', '登录已失效，请重新登录')
    if (level === 'operator' && session.role !== 'operator') throw new HttpError(403, 'FORBIDDEN', '没有权限访问')
    if (level === 'member' && session.role !== 'member') throw new HttpError(403, 'FORBIDDEN', '请使用会员账号访问')
    return session
  }

  async function handle(req: MockRequest): Promise<MockResponse> {
    try {
      assertHeadSize(req)
      const match = router.match(req)
      if (match === 'not-found') throw new HttpError(404, 'NOT_FOUND', '请求的资源不存在')
      if (match === 'method-not-allowed') throw new HttpError(405, 'METHOD_NOT_ALLOWED', '不支持的请求方式')
      const { route } = match
      const params = decodePathParams(match.rawParams)
      const def = route.handler
      const body = parseBody(req, maxBodyBytes)
      const isWrite = route.method !== 'GET'

      const run = (): MockResponse => {
        const session = authenticate(req, def.auth)
        const result = def.handler({
          db,
          params,
          query: req.query,
          body,
          session,
          memberId: session?.memberId ?? '',
          now: options.clock(),
          rng: options.rng,
          env: options.env,
        })
        return { status: result.status ?? 200, body: result.body, ...(result.db ? { nextDb: result.db } : {}) } as MockResponse & { nextDb?: Db }
      }

      if (!isWrite) return run()

      return await serialised(async () => {
        const session = authenticate(req, def.auth)
        const scope = session?.memberId ?? (session ? 'operator' : 'anonymous')
        const key = headerOf(req.headers, 'idempotency-key')
        const keyed = def.idempotent !== false
        if (keyed && !key) throw new HttpError(400, 'IDEMPOTENCY_KEY_REQUIRED', '请求缺少幂等键')
        assertIdempotencyKeyShape(key)
        const hash = requestFingerprint(route.method, req.path, body)
        const now = options.clock()
        const previous = keyed && key ? own(own(db.idempotency, scope), key) : undefined
        if (previous && now - previous.at < IDEMPOTENCY_TTL_MS) {
          if (previous.hash !== hash) {
            throw new HttpError(422, 'IDEMPOTENCY_KEY_REUSED', '同一请求标识不能用于不同的请求')
          }
          return { status: previous.status, body: previous.body, headers: { 'Idempotent-Replay': 'true' } }
        }

        let response: MockResponse & { nextDb?: Db }
        try {
          response = run() as MockResponse & { nextDb?: Db }
        } catch (e) {
          response = toErrorResponse(e)
          // A refusal is also "the first answer": a replay must not succeed where the original failed
          // for a reason of state (a 5xx stays retryable).
          if (response.status >= 500) return response
        }
        let next = response.nextDb ?? db
        if (keyed && key) {
          const records = withOwn(pruneExpired(own(next.idempotency, scope) ?? {}, now), key, { hash, status: response.status, body: response.body, at: now })
          next = { ...next, idempotency: withOwn(next.idempotency, scope, records) }
        }
        if (next !== db) {
          await options.persistence.save(next)
          db = next
        }
        return { status: response.status, body: response.body }
      })
    } catch (e) {
      return toErrorResponse(e)
    }
  }

  return {
    handle,
    snapshot: async () => db,
    replace: (next) =>
      serialised(async () => {
        await options.persistence.save(next)
        db = next
      }),
  }
}

function pruneExpired(records: Record<string, IdempotencyRecord>, now: number): Record<string, IdempotencyRecord> {
  return Object.fromEntries(Object.entries(records).filter(([, r]) => now - r.at < IDEMPOTENCY_TTL_MS))
}
