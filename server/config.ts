/**
 * The production server's settings, read from the environment once and validated (a bad value stops the start
 * with a message naming it). Every variable is listed in the README.
 */
import path from 'node:path'
import { LOTS_WINDOW_MIN } from '../src/domain/points'
import { MIN_PASSWORD_LENGTH, newPasswordProblem, OPERATOR_USERNAME } from './core/password-policy'

export interface ServerConfig {
  nodeEnv: string
  port: number
  host: string
  /** PGlite data directory (when no DATABASE_URL). */
  dataDir: string
  databaseUrl: string | null
  /** Connections to PostgreSQL. */
  dbPoolSize: number
  /** Allowed browser origins for CORS; `*` = any (refused in production). */
  corsOrigins: string[]
  /**
   * Requests per minute per IP, per member session and per operator session (the console's pages read more at once
   * than the app's, and staff move through members quickly).
   */
  rateLimitPerIp: number
  rateLimitPerMember: number
  rateLimitPerOperator: number
  /**
   * Console sign-ins per minute per IP, under rateLimitPerIp: each costs a password hash. Below the password checks
   * the server queues (server/auth/passwords.ts), so one address cannot fill that queue alone.
   */
  rateLimitConsoleSignInPerIp: number
  bodyLimitBytes: number
  sessionTtlMs: number
  testControls: boolean
  /** Play the demo history into an empty database (evaluation; refused in production). */
  seedDemo: boolean
  /** A rules document (JSON sections of RulesConfig) for an empty database. */
  rulesFile: string | null
  brand: { name: string; serviceUrl: string; shareBaseUrl: string }
  logLevel: string
  /** First admin account, created when there is no operator yet. */
  /** Fastify's `trustProxy`: false, a number of proxy hops, or the proxies' addresses (comma-separated). */
  trustProxy: boolean | number | string
  adminUsername: string | null
  adminPassword: string | null
  /** Points adjustments larger than this (either sign) wait for a second operator's approval. */
  adjustApprovalAbove: number
  /** Failed console sign-ins of one account from one address before it waits 15 minutes (server/http/login-throttle.ts). */
  operatorLoginFailures: number
  /**
   * Failed console sign-ins of one account from all addresses together before only the addresses that signed in to it
   * in the last 30 days may try it until the 15 minutes end (guesses spread over many addresses).
   */
  operatorAccountLoginFailures: number
  /**
   * On PGlite: the business hour (0–23) of the daily VACUUM (ANALYZE), after the purge of expired rows; null = never
   * (server/sql/maintenance.ts). Off by default with test controls, like `purgeIntervalMinutes`.
   */
  pgliteVacuumHour: number | null
  /**
   * On PostgreSQL: minutes between two purges of expired Idempotency-Keys and sessions (the first a minute after the
   * start); null = never. Off by default with test controls: expiry judged at a test's moved clock would delete a
   * session that is live again once the clock is set back.
   */
  purgeIntervalMinutes: number | null
  /**
   * Minutes between two reminder sweeps (签到提醒, 活动即将开始: server/core/reminder-sweep.ts); null = none. Off by default
   * with test controls: a test sends them with POST /__mock/reminders at its pinned clock.
   */
  reminderIntervalMinutes: number | null
  /** Seconds between two passes of subscription message delivery (server/messaging); null = none. Off with test controls unless set (POST /__mock/deliver). */
  deliveryIntervalSeconds: number | null
  /** Minutes between two payment reconciliations (server/payments/settle.ts) with a real provider; null = none. Off with test controls (POST /__mock/reconcile). */
  reconcileIntervalMinutes: number | null
  /**
   * Who confirms payments: `mock` (the app's mock cashier; default outside production, refused in production: a
   * member would declare their own order paid), `none` (default in production: nothing can be bought, 422
   * PAYMENTS_UNAVAILABLE), `wechat` (WeChat Pay, server/payments: WECHATPAY_* settings, members signing in with
   * WeChat) or `alipay` (Alipay, with the ALIPAY_* settings of Alipay login).
   */
  paymentProvider: 'mock' | 'none' | 'wechat' | 'alipay'
  /** Which version of the mini program a WeChat subscription message opens: formal (default), trial or developer. */
  wechatMiniprogramState: 'formal' | 'trial' | 'developer'
  /** The least number of live point lots a working set loads (`lotsWindow`, src/domain/points.ts). */
  lotsWindowMin: number
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`)
  return n
}

/**
 * A background job's setting: `off` = null (never), else an integer as int() reads it. Off by default with test
 * controls: a test runs the job itself at its pinned clock (a job judging expiry at a moved clock would act on it).
 */
function job(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, testControls: boolean): number | null {
  return (env[name] ?? (testControls ? 'off' : '')) === 'off' ? null : int(env, name, fallback, min, max)
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name]
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return false
  if (raw === '1' || raw === 'true') return true
  throw new ConfigError(`${name} must be 1 or 0, got "${raw}"`)
}

/**
 * What is wrong with ADMIN_USERNAME / ADMIN_PASSWORD as the first admin (server/backend.ts reads them only for a
 * database without operators), or null. The first admin is held to the rules of every account (POST
 * /admin/operators): a typo would otherwise open a console nobody can sign in to, or one guarded by a password no
 * operator could choose.
 */
export function firstAdminProblem(cfg: Pick<ServerConfig, 'adminUsername' | 'adminPassword'>): string | null {
  const { adminUsername, adminPassword } = cfg
  if (!adminUsername || !adminPassword) return 'ADMIN_USERNAME and ADMIN_PASSWORD go together: set both (the first admin) or neither'
  if (!OPERATOR_USERNAME.test(adminUsername)) return `ADMIN_USERNAME: 3 to 64 letters, digits, ".", "_" or "-", got "${adminUsername}"`
  const weak = newPasswordProblem(adminPassword, adminUsername)
  return weak ? `ADMIN_PASSWORD: ${weak.detail} (at least ${MIN_PASSWORD_LENGTH} characters, not one repeated, not the username, not digits and symbols alone, not a keyboard or alphabet walk, not a common word with digits)` : null
}

/** TRUST_PROXY: unset, 0 or false — the socket's address; a number — that many proxies; else their addresses. */
function trustProxyOf(v: string | undefined): boolean | number | string {
  const value = v?.trim() ?? ''
  if (value === '' || value === '0' || value === 'false') return false
  if (/^\d{1,2}$/.test(value)) return Number(value)
  if (value === 'true') throw new ConfigError('TRUST_PROXY=true would believe any client\'s X-Forwarded-For: give the number of proxies or their addresses')
  for (const a of value.split(',').map((x) => x.trim())) {
    if (!/^[\d.:a-fA-F]+(\/\d{1,3})?$/.test(a) && !['loopback', 'linklocal', 'uniquelocal'].includes(a)) throw new ConfigError(`TRUST_PROXY: "${a}" is not an address, a CIDR range or loopback`)
  }
  return value
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  // Exactly one of three: a typo ("Production", "prod", "production ") would quietly turn every production
  // safeguard off — here and in the providers, which compare the variable with 'production' too.
  const nodeEnv = env.NODE_ENV || 'development'
  if (nodeEnv !== 'development' && nodeEnv !== 'test' && nodeEnv !== 'production') {
    throw new ConfigError(`NODE_ENV must be development, test or production, got ${JSON.stringify(nodeEnv)}`)
  }
  const production = nodeEnv === 'production'
  const corsOrigins = (env.CORS_ORIGINS ?? (production ? '' : '*'))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (production && corsOrigins.includes('*')) throw new ConfigError('CORS_ORIGINS=* is refused with NODE_ENV=production: list the H5 origins')
  for (const o of corsOrigins) if (o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o)) throw new ConfigError(`CORS_ORIGINS: "${o}" is not an origin (scheme://host[:port])`)
  const testControls = flag(env, 'MOCK_TEST_CONTROLS')
  if (testControls && production) throw new ConfigError('MOCK_TEST_CONTROLS is refused with NODE_ENV=production')
  const seedDemo = flag(env, 'SEED_DEMO')
  if (seedDemo && production) throw new ConfigError('SEED_DEMO is refused with NODE_ENV=production')
  const adminUsername = env.ADMIN_USERNAME?.trim() || null
  const adminPassword = env.ADMIN_PASSWORD || null
  const databaseUrl = env.DATABASE_URL?.trim() || null
  const paymentProvider = env.PAYMENT_PROVIDER?.trim() || (production ? 'none' : 'mock')
  if (paymentProvider !== 'mock' && paymentProvider !== 'none' && paymentProvider !== 'wechat' && paymentProvider !== 'alipay') {
    throw new ConfigError(`PAYMENT_PROVIDER must be mock, none, wechat or alipay, got ${JSON.stringify(paymentProvider)}`)
  }
  if ((paymentProvider === 'wechat' || paymentProvider === 'alipay') && env.AUTH_PROVIDER?.trim() !== paymentProvider) {
    throw new ConfigError(`PAYMENT_PROVIDER=${paymentProvider} needs AUTH_PROVIDER=${paymentProvider}: the payer is named by the id they signed in with`)
  }
  if (paymentProvider === 'mock' && production) {
    throw new ConfigError('PAYMENT_PROVIDER=mock is refused with NODE_ENV=production: members would confirm their own payments')
  }
  const wechatMiniprogramState = env.WECHAT_MINIPROGRAM_STATE ?? 'formal'
  if (wechatMiniprogramState !== 'formal' && wechatMiniprogramState !== 'trial' && wechatMiniprogramState !== 'developer') {
    throw new ConfigError(`WECHAT_MINIPROGRAM_STATE must be formal, trial or developer, got ${JSON.stringify(wechatMiniprogramState)}`)
  }
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('DATABASE_URL must be a postgres:// URL')
  return {
    nodeEnv,
    port: int(env, 'PORT', 3200, 0, 65535),
    // Outside production only this machine reaches it: the demo login (any code is an identity), the mock cashier and
    // CORS * are never on the network by accident (HOST=0.0.0.0 to try it from a phone on the LAN).
    host: env.HOST?.trim() || (production ? '0.0.0.0' : '127.0.0.1'),
    // Set but empty is unset (path.resolve('') would be the working directory).
    dataDir: path.resolve(env.DATA_DIR?.trim() || '.data'),
    databaseUrl,
    dbPoolSize: int(env, 'DB_POOL_SIZE', 10, 1, 200),
    corsOrigins,
    rateLimitPerIp: int(env, 'RATE_LIMIT_PER_IP', 600, 1, 1_000_000),
    rateLimitPerMember: int(env, 'RATE_LIMIT_PER_MEMBER', 120, 1, 1_000_000),
    rateLimitPerOperator: int(env, 'RATE_LIMIT_PER_OPERATOR', 600, 1, 1_000_000),
    rateLimitConsoleSignInPerIp: int(env, 'RATE_LIMIT_CONSOLE_SIGN_IN_PER_IP', 10, 1, 1_000_000),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    sessionTtlMs: int(env, 'SESSION_TTL_DAYS', 30, 1, 365) * 24 * 3600 * 1000,
    testControls,
    seedDemo,
    rulesFile: env.RULES_FILE ? path.resolve(env.RULES_FILE) : null,
    brand: {
      name: env.BRAND_NAME ?? '悦享会员',
      serviceUrl: env.BRAND_SERVICE_URL ?? 'tel:400-820-8820',
      shareBaseUrl: env.BRAND_SHARE_BASE_URL ?? '',
    },
    logLevel: env.LOG_LEVEL ?? (production ? 'info' : 'warn'),
    trustProxy: trustProxyOf(env.TRUST_PROXY),
    adminUsername,
    adminPassword,
    adjustApprovalAbove: int(env, 'ADJUST_APPROVAL_ABOVE', 1000, 0, 10_000_000),
    operatorLoginFailures: int(env, 'OPERATOR_LOGIN_FAILURES', 10, 1, 1000),
    operatorAccountLoginFailures: int(env, 'OPERATOR_ACCOUNT_LOGIN_FAILURES', 100, 1, 100_000),
    pgliteVacuumHour: job(env, 'PGLITE_VACUUM_HOUR', 4, 0, 23, testControls),
    purgeIntervalMinutes: job(env, 'PURGE_INTERVAL_MINUTES', 60, 1, 1440, testControls),
    reminderIntervalMinutes: job(env, 'REMINDER_INTERVAL_MINUTES', 10, 1, 1440, testControls),
    deliveryIntervalSeconds: job(env, 'MESSAGE_DELIVERY_INTERVAL_SECONDS', 5, 1, 3600, testControls),
    reconcileIntervalMinutes: job(env, 'PAYMENT_RECONCILE_INTERVAL_MINUTES', 5, 1, 1440, testControls),
    paymentProvider,
    wechatMiniprogramState,
    lotsWindowMin: int(env, 'LOTS_WINDOW_MIN', LOTS_WINDOW_MIN, 1, 100_000),
  }
}
