/**
 * The production server's HTTP layer (Fastify 5): the core's pipeline under `/api/v1`, with what a public
 * server needs around it — a body limit (413), a header limit (431), CORS from an allowlist, rate limits per IP,
 * per member and per operator (429 + Retry-After), pino logs with a request id and no secrets, `/healthz` and
 * `/readyz`, and the contract's error shape for everything, including what Node itself refuses.
 * Request bodies reach the core as text: it checks media type, depth and syntax the same way on every transport.
 */
import { createHash, randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { ServerBackend } from '../backend'
import type { ServerConfig } from '../config'
import { API_PREFIX, bearerToken, errorResponse, splitTarget, type CoreResponse } from '../core/http'
import { LoginThrottle } from './login-throttle'
import { sqlFailureStore } from '../sql/login-failures'
import { SessionOwners } from './session-owners'
import { bodyText, clientErrorAnswer, createApiServer } from './node-server'
import { deliverDue } from '../messaging/delivery'
import { parseClockSetting } from '../core/test-controls'
import type { NotificationAck, PaymentNotice } from '../core/payments'

const WINDOW_MS = 60_000
/** A request that arrives while the server closes is asked to come back in this many seconds (SERVER_CLOSING). */
const CLOSING_RETRY_AFTER_SECONDS = 2
/** How long a client that failed OPERATOR_LOGIN_FAILURES console sign-ins of one account waits (LoginThrottle). */
const LOGIN_LOCK_MS = 15 * 60_000
/** How long an address an operator signed in from stays theirs: it may try the account while others may not. */
const KNOWN_ADDRESS_MS = 30 * 24 * 3600_000

/**
 * The console's sign-in costs what other requests do not — a password hash (scrypt, server/auth/passwords.ts) — so one
 * address gets fewer of them a minute (RATE_LIMIT_CONSOLE_SIGN_IN_PER_IP) than of other requests. Members' sign-ins are
 * not held to it: they check no password, and a mobile carrier puts thousands of phones behind one address.
 */
const CONSOLE_SIGN_IN = new RegExp(`^${API_PREFIX}/admin/auth/login/?$`)

/** The account a console sign-in names, as accounts are matched (ignoring case); '' when the body names none. */
function loginName(body: string | undefined): string {
  try {
    const name = (JSON.parse(body ?? '') as { username?: unknown } | null)?.username
    return typeof name === 'string' ? name.trim().toLowerCase() : ''
  } catch {
    return ''
  }
}

/**
 * A key of the sign-in counters (one table for all of them): its parts as a JSON list, so no username a request
 * makes up (`known\n…`, an address) can name another counter.
 */
function throttleKey(kind: 'login' | 'reauth' | 'account' | 'known', ...parts: string[]): string {
  return JSON.stringify([kind, ...parts])
}

/** Whether a body gives `currentPassword` (a request the password lockout is about). */
function asksPassword(raw: string | undefined): boolean {
  try {
    const body: unknown = raw ? JSON.parse(raw) : null
    return typeof body === 'object' && body !== null && 'currentPassword' in body
  } catch {
    return false
  }
}

/** The operator console's build (`npm run build:console`), served at /console/ when it exists. */
export const CONSOLE_DIR = path.resolve(__dirname, '../../dist/console')
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

export interface AppOptions {
  config: ServerConfig
  backend: ServerBackend
  /** pino logger options; false for none (tests). */
  logger?: boolean | Record<string, unknown>
  /** Where the console's static files are (default dist/console); not served when it holds no index.html. */
  consoleDir?: string
}

function send(reply: FastifyReply, r: CoreResponse): FastifyReply {
  return reply.code(r.status).headers({ 'content-type': 'application/json; charset=utf-8', ...r.headers }).send(JSON.stringify(r.body))
}

/** The nearest `hops` proxies are trusted (proxy-addr counts hops from the socket's address). */
const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops

/** A query value that is a voucher code as staff type it (12 digits, maybe spaced or hyphenated as printed). */
function voucherCodeTyped(value: string): boolean {
  try {
    return /^\d{12}$/.test(decodeURIComponent(value.replace(/\+/g, ' ')).replace(/[\s-]/g, ''))
  } catch {
    return false
  }
}

/**
 * The path as logged: `/admin/vouchers/<code>…` with the code replaced, and so is a code looked for in the audit log
 * (操作日志's 对象: `?target=`) or typed into member search (`?q=`).
 */
export function loggedUrl(url: string): string {
  return url
    .replace(/(\/vouchers\/)[^/?#]+/, '$1[code]')
    .replace(/([?&](?:target|q)=)([^&#]*)/g, (all, name: string, value: string) => (voucherCodeTyped(value) ? `${name}[code]` : all))
}

/** The hash of the request's bearer token (however its scheme is spelt), or null. */
function bearerKey(headers: { authorization?: string }): string | null {
  const token = bearerToken(headers.authorization)
  return token === null ? null : createHash('sha256').update(token).digest('hex')
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config: cfg, backend } = options
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: cfg.logLevel,
            // Never a token, a login code or a session key: bodies are not logged, credentials are redacted, and a
            // voucher's code (whoever holds it can use it at the counter) is cut from the logged path.
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]'],
            serializers: {
              req: (req: FastifyRequest) => ({ method: req.method, url: loggedUrl(req.url), hostname: req.hostname, remoteAddress: req.ip, remotePort: req.socket?.remotePort }),
            },
            ...(typeof options.logger === 'object' ? options.logger : {}),
          },
    bodyLimit: cfg.bodyLimitBytes,
    // Behind a reverse proxy: the client's address from X-Forwarded-For (per-IP limits, logs), from trusted hops only.
    trustProxy: typeof cfg.trustProxy === 'number' ? trustHops(cfg.trustProxy) : cfg.trustProxy,
    // The id is ours to check (Fastify would take any X-Request-Id as it is, into the answer and every log line).
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID()
    },
    serverFactory: (handler) => createApiServer(handler as (req: IncomingMessage, res: ServerResponse) => void),
    clientErrorHandler: clientErrorAnswer(),
    // A graceful close answers what is in flight; what arrives meanwhile is refused below (SERVER_CLOSING), in the
    // contract's shape — Fastify's own 503 is a body of its own making.
    return503OnClosing: false,
    // A path Fastify cannot decode (`/campaigns/%zz`) still reaches the core, which names the bad id (400).
    frameworkErrors: (error, req, reply) => {
      if (error.code === 'FST_ERR_BAD_URL' && req.url.startsWith(`${API_PREFIX}/`)) {
        void forward(req, reply)
        return
      }
      send(reply, errorResponse(400, 'MALFORMED_REQUEST', '请求格式不正确'))
    },
  })

  const failureStore = sqlFailureStore(backend.db)
  const logins = new LoginThrottle(cfg.operatorLoginFailures, LOGIN_LOCK_MS, backend.clock.now, failureStore)

  /**
   * Guesses of one account spread over many addresses (each under OPERATOR_LOGIN_FAILURES): past
   * OPERATOR_ACCOUNT_LOGIN_FAILURES of them in 15 minutes, only addresses the account signed in from in the last 30
   * days may try it until the window ends — the operator at their desk still signs in, nobody can lock them out from
   * elsewhere, and a password is not guessed at the pace of a botnet. Counted in the same table as the per-address
   * failures (an address that signed in is kept there as a "window" of 30 days). The seconds to wait, or null.
   */
  async function accountLocked(name: string, ip: string): Promise<number | null> {
    const now = backend.clock.now()
    const wide = await failureStore.read(throttleKey('account', name), now)
    if (!wide || wide.failed < cfg.operatorAccountLoginFailures) return null
    if (await failureStore.read(throttleKey('known', name, ip), now)) return null
    return Math.max(1, Math.ceil((wide.until - now) / 1000))
  }

  /** A sign-in's outcome for the account: a wrong password counts against it, a right one makes the address known. */
  async function countSignIn(name: string, ip: string, failed: boolean): Promise<void> {
    const now = backend.clock.now()
    if (failed) await failureStore.add(throttleKey('account', name), now, LOGIN_LOCK_MS)
    else {
      await failureStore.clear(throttleKey('known', name, ip))
      await failureStore.add(throttleKey('known', name, ip), now, KNOWN_ADDRESS_MS)
    }
  }

  /** The request, as text, to the core's pipeline (the path stays as sent: the core decodes and checks ids). */
  async function forward(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const { path, search } = splitTarget(req.url)
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v
    const rawBody = typeof req.body === 'string' ? req.body : undefined
    const login = req.method === 'POST' && path.replace(/\/$/, '') === `${API_PREFIX}/admin/auth/login` ? throttleKey('login', loginName(rawBody), req.ip) : null
    // Setting an operator's password asks for the admin's own (currentPassword): guesses of it through a session — a
    // stolen one, from any number of addresses — are counted per session and locked out like sign-ins (the window
    // ends the lock; a success does not clear it). Only requests that give one: renaming or disabling an account
    // (a compromised one) stays open to a session locked out of setting passwords.
    const tokenHash = bearerKey(headers)
    const reauth =
      req.method === 'POST' && /^\/admin\/operators(\/[^/]+)?\/?$/.test(path.slice(API_PREFIX.length)) && tokenHash !== null && asksPassword(rawBody) ? throttleKey('reauth', tokenHash) : null
    const throttled = login ?? reauth
    const lockedAccount = login === null ? null : await accountLocked(loginName(rawBody), req.ip)
    const attempt = throttled === null || lockedAccount !== null ? lockedAccount : await logins.begin(throttled)
    if (typeof attempt === 'number') {
      const minutes = Math.ceil(attempt / 60)
      const words = lockedAccount !== null ? `该账号登录失败次数过多，请 ${minutes} 分钟后再试，或在常用网络登录` : `${login ? '登录失败' : '密码错误'}次数过多，请 ${minutes} 分钟后再试`
      return send(reply, { ...errorResponse(429, 'OPERATOR_LOGIN_LOCKED', words, { retryAfterSeconds: attempt }), headers: { 'Retry-After': String(attempt) } })
    }
    let res: CoreResponse
    try {
      res = await backend.core.handle({
        method: req.method,
        path: path.slice(API_PREFIX.length) || '/',
        query: Object.fromEntries(new URLSearchParams(search)),
        headers,
        rawBody,
        logError: (message, e) => req.log.error({ err: e }, message),
      })
    } catch (e) {
      // Never left in flight: the tries waiting behind it would wait for ever.
      await attempt?.release()
      throw e
    }
    // A wrong password counts; a sign-in clears the count; anything else checked no password, or the right one — and
    // a replayed answer (a retry under the same Idempotency-Key) checked nothing again: its guess counted once.
    if (attempt !== null) {
      const code = (res.body as { error?: { code?: string } }).error?.code
      const replayed = res.headers?.['Idempotent-Replay'] === 'true'
      // Written before the answer goes: the next try, on any instance, counts it.
      if (!replayed && code === (login !== null ? 'OPERATOR_LOGIN_FAILED' : 'CURRENT_PASSWORD_WRONG')) await attempt.failed()
      else if (login !== null && res.status === 200) await attempt.clear()
      else await attempt.release()
      if (login !== null && ((!replayed && code === 'OPERATOR_LOGIN_FAILED') || res.status === 200)) await countSignIn(loginName(rawBody), req.ip, res.status !== 200)
    }
    return send(reply, res)
  }

  // Bodies go to the core as text, whatever their media type (it answers 415 / 400 in the contract's shape).
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, bodyText(body as Buffer)))

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) return send(reply, errorResponse(413, 'PAYLOAD_TOO_LARGE', '提交的内容过大'))
    // Fastify's own refusals in the contract's words: a media type it cannot read, a static path outside its root.
    if (error.statusCode === 415) return send(reply, errorResponse(415, 'UNSUPPORTED_MEDIA_TYPE', '请求内容须为 JSON 格式', { expected: 'application/json' }))
    if (error.statusCode === 403 || error.statusCode === 404) return send(reply, errorResponse(404, 'NOT_FOUND', '请求的资源不存在'))
    if (error.statusCode && error.statusCode < 500) return send(reply, errorResponse(error.statusCode, 'BAD_REQUEST', '请求格式不正确'))
    req.log.error({ err: error }, 'unexpected error')
    return send(reply, errorResponse(500, 'INTERNAL', '服务开小差了，请稍后重试'))
  })
  // Methods no route declares still reach the core under /api/v1: it answers 405 where the path exists.
  app.setNotFoundHandler((req, reply) => (req.url.startsWith(`${API_PREFIX}/`) ? forward(req, reply) : send(reply, errorResponse(404, 'NOT_FOUND', '请求的资源不存在'))))

  // A graceful close (SIGTERM: server/main.ts) lets the requests in flight finish, but a keep-alive connection may still
  // send one more: it is refused at once — the load balancer's next try goes to another instance, or to this one restarted.
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id)
  })

  await app.register(cors, {
    origin: cfg.corsOrigins.includes('*') ? true : cfg.corsOrigins,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
    exposedHeaders: ['Idempotent-Replay', 'Retry-After', 'X-Request-Id', 'X-Server-Time'],
    maxAge: 600,
    // A preflight without an Origin or a method gets an empty answer (no CORS headers), not a plain-text 400.
    strictPreflight: false,
  })
  // After CORS's own hook (hooks run in the order added): a browser on another origin reads the 503, not a CORS error.
  app.addHook('onRequest', async (_req, reply) => {
    if (closing) {
      return send(reply, { ...errorResponse(503, 'SERVER_CLOSING', '服务正在重启，请稍后重试'), headers: { 'Retry-After': String(CLOSING_RETRY_AFTER_SECONDS), connection: 'close' } })
    }
  })

  await app.register(rateLimit, { global: false })
  // A session's limit is its member's (or operator's): every session of one member draws on one budget.
  const owners = new SessionOwners(async (hash) => {
    const session = await backend.storage.read((scope) => scope.session(hash))
    return session?.memberId ?? session?.operatorId ?? null
  })
  /** The member or operator the request's token is of; the token's hash when no session has it. */
  const ownerKey = async (req: FastifyRequest) => {
    const hash = bearerKey(req.headers)
    return hash === null ? 'none' : ((await owners.of(hash)) ?? `token:${hash}`)
  }
  const perIp = app.createRateLimit({ max: cfg.rateLimitPerIp, timeWindow: WINDOW_MS, keyGenerator: (req) => `ip:${req.ip}` })
  const perMember = app.createRateLimit({ max: cfg.rateLimitPerMember, timeWindow: WINDOW_MS, keyGenerator: async (req) => `member:${await ownerKey(req)}` })
  const perOperator = app.createRateLimit({ max: cfg.rateLimitPerOperator, timeWindow: WINDOW_MS, keyGenerator: async (req) => `operator:${await ownerKey(req)}` })
  const perIpConsoleSignIn = app.createRateLimit({ max: cfg.rateLimitConsoleSignInPerIp, timeWindow: WINDOW_MS, keyGenerator: (req) => `sign-in:${req.ip}` })
  const limited = async (req: FastifyRequest, reply: FastifyReply) => {
    const session = bearerKey(req.headers) !== null
    const staff = req.url.startsWith(`${API_PREFIX}/admin/`)
    for (const [check, applies] of [
      [perIp, true],
      [perIpConsoleSignIn, req.method === 'POST' && CONSOLE_SIGN_IN.test(splitTarget(req.url).path)],
      [perMember, session && !staff],
      [perOperator, session && staff],
    ] as const) {
      if (!applies) continue
      const r = await check(req)
      if (!r.isAllowed && r.isExceeded) {
        return send(reply, {
          ...errorResponse(429, 'RATE_LIMITED', '操作太频繁了，请稍后再试', { retryAfterSeconds: r.ttlInSeconds }),
          headers: { 'Retry-After': String(r.ttlInSeconds) },
        })
      }
    }
  }

  // Every request under /api/v1 counts against its limits — the routes' own and a method no route declares — except
  // the payment provider's notifications, which come from the provider's few addresses and must not be turned away
  // (each is verified before anything is done with it).
  const notifyPath = `${API_PREFIX}/payments/`
  app.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith(`${API_PREFIX}/`) && !req.url.startsWith(notifyPath)) return limited(req, reply)
  })

  app.get('/healthz', async () => ({ status: 'ok' }))
  app.get('/readyz', async (_req, reply) => {
    const ready = await backend.storage.ping().catch(() => false)
    return ready ? { status: 'ready' } : send(reply, errorResponse(503, 'NOT_READY', '数据库暂时不可用'))
  })

  const payments = backend.payments
  if (payments) {
    /**
     * The provider's payment notifications (server/payments): verified, decoded, applied once. The provider sends
     * again what is not acknowledged (for a day), so one that cannot be applied now (the database, or the provider for
     * a refund, unreachable) is answered as failed and comes back.
     */
    const { provider } = payments
    app.post(`${API_PREFIX}/payments/${provider.name}/notify`, async (req, reply) => {
      const ack = (a: NotificationAck) => {
        const r = provider.acknowledge(a)
        return reply.code(r.status).header('content-type', r.type).send(r.body)
      }
      let notice: PaymentNotice | null
      try {
        notice = provider.notification(req.headers, typeof req.body === 'string' ? req.body : '')
      } catch (e) {
        req.log.warn({ detail: (e as Error).message }, 'payment notification refused')
        return ack('refused')
      }
      if (!notice) return ack('ok')
      try {
        const outcome = await payments.confirm(notice)
        req.log.info({ outTradeNo: notice.outTradeNo, transactionId: notice.transactionId, outcome }, 'payment notification')
        return ack('ok')
      } catch (e) {
        req.log.error({ err: e, outTradeNo: notice.outTradeNo }, 'payment notification not applied')
        return ack('failed')
      }
    })
  }

  app.route({ method: ['GET', 'POST'], url: `${API_PREFIX}/*`, handler: forward })

  const consoleDir = options.consoleDir ?? CONSOLE_DIR
  // Only the console's own scripts run, it talks only to its own origin, and no other page frames it. Styles may be
  // inline: antd writes its CSS-in-JS into <style> elements and ECharts' SVG sets style attributes.
  if (existsSync(path.join(consoleDir, 'index.html'))) {
    // Hashed assets are immutable; index.html is revalidated so a new build is picked up at once.
    await app.register(fastifyStatic, {
      root: consoleDir,
      prefix: '/console/',
      redirect: true,
      // cacheControl off: these headers are set here (the plugin's would override them).
      cacheControl: false,
      setHeaders: (reply, file) => {
        reply.headers({
          'cache-control': file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'DENY',
          'referrer-policy': 'same-origin',
          'content-security-policy': CONSOLE_CSP,
        })
      },
    })
    app.get('/console', (_req, reply) => reply.redirect('/console/', 301))
  }

  if (cfg.testControls) {
    app.post('/__mock/clock', async (req, reply) => {
      let body: unknown
      try {
        body = typeof req.body === 'string' && req.body ? JSON.parse(req.body) : {}
      } catch {
        return send(reply, errorResponse(400, 'MALFORMED_JSON', '请求格式不正确'))
      }
      const setting = parseClockSetting((body as { now?: unknown } | null)?.now)
      if (!setting.ok) return send(reply, errorResponse(400, 'INVALID_INPUT', setting.message))
      backend.clock.pin(setting.now)
      return { now: new Date(backend.clock.now()).toISOString(), frozen: setting.now !== null }
    })
    app.post('/__mock/reset', async () => {
      await backend.reset()
      return { reset: true }
    })
    // The reminder sweep at the (pinned) clock: the timer is off with test controls (config.ts).
    app.post('/__mock/reminders', async () => backend.sendReminders(backend.clock.now))
    // One pass of subscription message delivery at the clock (the timer is off with test controls), when a platform sends them.
    app.post('/__mock/deliver', async (_req, reply) =>
      backend.delivery ? deliverDue(backend.delivery) : send(reply, errorResponse(404, 'NOT_FOUND', '没有配置订阅消息的发送方')),
    )
    // One payment reconciliation at the clock (the timer is off with test controls), with a real payment provider.
    app.post('/__mock/reconcile', async (_req, reply) => (backend.payments ? backend.payments.reconcile() : send(reply, errorResponse(404, 'NOT_FOUND', '没有配置支付服务'))))
  }
  return app
}
