/**
 * The production backend: the core's pipeline and use cases (server/core) on the SQL storage, with real login
 * providers and operator accounts. Node only.
 */
import { randomBytes } from 'node:crypto'
import { DEFAULT_RULES_CONFIG, type RulesConfig } from '../src/domain/config'
import { createLoyaltyBackend } from '../mock/app'
import { BEGINNING } from '../mock/kv-storage'
import { memoryKvPersistence } from '../mock/kv-persistence'
import { loadRulesFile } from '../mock/rules-file'
import { CATALOGUE, defaultRules } from '../mock/seed'
import { seededRng } from '../src/domain/context'
import { hashPassword, newInviteCode, newToken, verifyPassword, AuthError, type LoginProvider } from './auth'
import { ConfigError, firstAdminProblem, type ServerConfig } from './config'
import { HttpError } from './core/http'
import { createCore, type Core } from './core/pipeline'
import { openApiValidator } from './http/openapi-validation'
import { bulkLoad, loadReference, truncateAll } from './sql/bulk-load'
import { openPglite, openPostgres, withStartupLock, type Db } from './sql/db'
import { reminderSweep, type ReminderSweep } from './core/reminder-sweep'
import type { DeliveryDeps, Messenger } from './messaging/delivery'
import { migrate } from './sql/migrate'
import { createSqlStorage, type SqlStorage } from './sql/sql-storage'
import type { PaymentNotice, PaymentProvider } from './core/payments'
import { confirmPayment, reconcilePayments, type PaymentOutcome, type ReconcileCursor, type ReconcilePass, type SettleDeps } from './payments/settle'


export interface ServerBackend {
  core: Core
  storage: SqlStorage
  db: Db
  /** The clock the core runs on: real time, or a pinned instant (test controls). */
  clock: { now(): number; pin(at: number | null): void }
  /** Empties the database and bootstraps it again (test controls). */
  reset(): Promise<void>
  /** The reminder sweep (签到提醒, 活动即将开始) on this database. */
  sendReminders: ReminderSweep
  /** What delivers subscription messages (server/messaging), with the backend's database, rules and clock; null when nobody does. */
  delivery: DeliveryDeps | null
  /** The real payment provider and what its notifications do; null with the mock cashier or no payments. */
  payments: ServerPayments | null
  close(): Promise<void>
}

export interface ServerBackendOptions {
  provider: LoginProvider
  /** Sends subscription messages to the platform (server/messaging); none: they stay in the in-app centre only. */
  messenger?: Messenger | null
  /** The payment provider (server/payments) of PAYMENT_PROVIDER=wechat or alipay, given how to find a member's id on its platform. */
  payments?: (payerOf: (memberId: string) => Promise<string | null>) => PaymentProvider
}

export interface ServerPayments {
  provider: PaymentProvider
  /** A payment the provider confirmed in a notification (server/payments/settle.ts). */
  confirm(notice: PaymentNotice): Promise<PaymentOutcome>
  /** One pass over the unpaid orders that have lapsed (settle.ts). */
  reconcile(stopping?: () => boolean): Promise<ReconcilePass>
}

/** A login provider's or the password module's refusal as the API answers it (with Retry-After when a retry can help). */
function httpErrorOf(e: AuthError): HttpError {
  return new HttpError(e.status, e.code, e.message, undefined, e.retryAfterSeconds ? { 'Retry-After': String(e.retryAfterSeconds) } : undefined)
}

/** Real entropy, for draws and card kinds as much as for tokens. */
function cryptoRng(): number {
  return randomBytes(4).readUInt32BE(0) / 0x100000000
}

export async function openDatabase(cfg: ServerConfig): Promise<Db> {
  return cfg.databaseUrl ? openPostgres(cfg.databaseUrl, cfg.dbPoolSize) : openPglite(cfg.dataDir)
}

/** The rules an empty database starts with: the defaults (with the demo's campaigns for a demo), then RULES_FILE. */
function initialRules(cfg: ServerConfig, now: number): RulesConfig {
  const base = cfg.seedDemo || cfg.testControls ? defaultRules(now) : DEFAULT_RULES_CONFIG
  return cfg.rulesFile ? loadRulesFile(cfg.rulesFile, now, base) : base
}

async function bootstrap(db: Db, cfg: ServerConfig, now: number): Promise<void> {
  const rules = initialRules(cfg, now)
  if (cfg.seedDemo || cfg.testControls) {
    // The demo is played through the same use cases in memory, then copied in (thousands of small writes).
    const played = await createLoyaltyBackend({ persistence: memoryKvPersistence(), clock: () => now, rng: seededRng(7), config: rules })
    await bulkLoad(db, played.storage)
  } else {
    await db.transaction((q) => loadReference(q, { rules, catalogue: CATALOGUE }, BEGINNING))
  }
  await firstAdmin(db, cfg)
}

/**
 * The first admin, from ADMIN_USERNAME / ADMIN_PASSWORD, on a database without operators (a new one, or one first
 * started without them). Only then are the variables read, and held to every account's rules: a typo stops the
 * start with the reason instead of opening a console nobody can enter. Set on a database with operators, they do
 * nothing (an upgrade that left them in the environment starts as before).
 */
async function firstAdmin(db: Db, cfg: ServerConfig): Promise<void> {
  if ((await db.query('select 1 from operators limit 1')).rows.length > 0) return
  if (!cfg.adminUsername && !cfg.adminPassword) {
    // Nobody could sign in to the console: said at every start until someone can.
    console.warn('no console account yet: start the server once with ADMIN_USERNAME and ADMIN_PASSWORD to create the first admin')
    return
  }
  const problem = firstAdminProblem(cfg)
  if (problem) throw new ConfigError(problem)
  const hash = await hashPassword(cfg.adminPassword!)
  await db.query(
    `insert into operators (operator_id, username, display_name, role, password_hash) select $1, $2, $2, 'admin', $3
      where not exists (select 1 from operators)`,
    ['op-1', cfg.adminUsername, hash],
  )
}

export async function createServerBackend(cfg: ServerConfig, options: ServerBackendOptions): Promise<ServerBackend> {
  let pinned: number | null = null
  const clock = { now: () => pinned ?? Date.now(), pin: (at: number | null) => void (pinned = at) }
  const db = await openDatabase(cfg)
  const prepare = async () => {
    await migrate(db)
    const empty = (await db.query('select 1 from rules_versions limit 1')).rows.length === 0
    if (empty) await bootstrap(db, cfg, clock.now())
    else await firstAdmin(db, cfg)
  }
  try {
    // PGlite's directory lock already keeps a second process out.
    await (cfg.databaseUrl ? withStartupLock(cfg.databaseUrl, prepare) : prepare())
  } catch (e) {
    await db.close()
    throw e
  }
  const storage = createSqlStorage({ db, clock: clock.now, lotsWindowMin: cfg.lotsWindowMin, outbox: Boolean(options.messenger) })
  const { provider } = options
  const paymentProvider = options.payments?.(async (memberId) => {
    // The login provider is the payment provider (server/config.ts): its login keys are `<provider>:<id>`.
    const { rows } = await db.query<{ login_key: string }>(`select login_key from member_logins where member_id = $1 and login_key like $2 order by login_key limit 1`, [memberId, `${provider.name}:%`])
    return rows[0]?.login_key.slice(provider.name.length + 1) ?? null
  })
  const core = createCore({
    storage,
    validateRequest: await openApiValidator(),
    clock: clock.now,
    rng: cryptoRng,
    maxBodyBytes: cfg.bodyLimitBytes,
    env: {
      brand: cfg.brand,
      async identify(platform, code) {
        try {
          const identity = await provider.exchange(platform, code)
          // The demo provider keeps the mock's keys, so the seeded members answer to their codes on any platform.
          if (provider.name === 'demo') return { loginKeys: [`${platform}:${code}`, `*:${code}`] }
          if (identity.sessionKey) {
            await db.query(
              `insert into platform_sessions (login_key, session_key, updated_at) values ($1, $2, now())
               on conflict (login_key) do update set session_key = excluded.session_key, updated_at = now()`,
              [`${provider.name}:${identity.subject}`, identity.sessionKey],
            )
          }
          return { loginKeys: [`${provider.name}:${identity.subject}`] }
        } catch (e) {
          throw e instanceof AuthError ? httpErrorOf(e) : e
        }
      },
      newToken,
      newInviteCode,
      sessionTtlMs: cfg.sessionTtlMs,
      passwords: {
        async hash(password) {
          try {
            return await hashPassword(password)
          } catch (e) {
            throw e instanceof AuthError ? httpErrorOf(e) : e
          }
        },
        async verify(password, hash) {
          try {
            // An unknown account costs the same scrypt as a wrong password (no account enumeration by timing).
            return await verifyPassword(password, hash)
          } catch (e) {
            // A password no account could have (empty, too long) is a wrong one; the server too busy to check is not.
            if (e instanceof AuthError && e.code === 'PASSWORD_INVALID') return false
            throw e instanceof AuthError ? httpErrorOf(e) : e
          }
        },
      },
      adjustApprovalAbove: cfg.adjustApprovalAbove,
      payments: paymentProvider ?? (cfg.paymentProvider === 'mock' ? 'mock' : 'none'),
      messagePlatform: options.messenger?.platform ?? null,
    },
  })
  return {
    core,
    storage,
    db,
    clock,
    async reset() {
      await truncateAll(db)
      core.forget()
      await bootstrap(db, cfg, clock.now())
      storage.invalidateRules()
    },
    sendReminders: reminderSweep(core, storage),
    delivery: options.messenger ? { db, messenger: options.messenger, rules: () => storage.read((scope) => scope.rules()), now: clock.now } : null,
    payments: paymentProvider ? serverPayments({ core, db, provider: paymentProvider, now: clock.now }, () => storage.read((scope) => scope.rules())) : null,
    close: () => storage.close(),
  }
}

export function serverPayments(deps: SettleDeps & { batch?: number }, rules: () => Promise<RulesConfig>): ServerPayments {
  const cursor: ReconcileCursor = { after: null }
  return {
    provider: deps.provider,
    confirm: (notice) => confirmPayment(deps, notice),
    reconcile: async (stopping) => reconcilePayments({ ...deps, pendingExpiryMinutes: (await rules()).orders.pendingExpiryMinutes }, cursor, stopping),
  }
}
