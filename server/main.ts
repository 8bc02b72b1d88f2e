/**
 * `npm run server`: the production backend on PGlite in DATA_DIR (default .data/, created and migrated on the
 * first start, locked against a second process), or on PostgreSQL with DATABASE_URL. `npm run server:migrate`
 * migrates and exits. Settings: server/config.ts (every variable is in the README).
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { createLoginProvider } from './auth'
import { createServerBackend, openDatabase } from './backend'
import { ConfigError, readConfig, type ServerConfig } from './config'
import { buildApp, CONSOLE_DIR } from './http/app'
import { createMessenger } from './messaging'
import { scheduleDelivery } from './messaging/delivery'
import { createPaymentProvider } from './payments'
import { runEvery } from './periodic'
import { scheduleReminders } from './reminders'
import { purgeExpired, scheduleVacuum } from './sql/maintenance'
import { withStartupLock } from './sql/db'
import { migrate } from './sql/migrate'

export interface RunningServer {
  url: string
  close(): Promise<void>
}

export async function startServer(cfg: ServerConfig): Promise<RunningServer> {
  const provider = createLoginProvider(process.env)
  // Subscription messages are queued only when something sends them: a messenger, and its timer (or a test's hand).
  const delivering = cfg.deliveryIntervalSeconds !== null || cfg.testControls
  const backend = await createServerBackend(cfg, {
    provider,
    messenger: delivering ? createMessenger(process.env, cfg) : null,
    payments: cfg.paymentProvider === 'wechat' || cfg.paymentProvider === 'alipay' ? (payerOf) => createPaymentProvider(cfg.paymentProvider as 'wechat' | 'alipay', process.env, payerOf) : undefined,
  })
  const app = await buildApp({ config: cfg, backend })
  try {
    await app.listen({ port: cfg.port, host: cfg.host })
  } catch (e) {
    await backend.close()
    throw e
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : cfg.port
  // Expired Idempotency-Keys and sessions are deleted (purgeExpired): on PGlite, which runs one statement at a time,
  // before its daily vacuum at the quiet hour; on PostgreSQL a minute after start (a server restarted more often than
  // hourly would otherwise never get to it) and every PURGE_INTERVAL_MINUTES after that.
  const purge = (stopping: () => boolean) => purgeExpired(backend.db, backend.clock.now(), { stopping })
  const vacuum =
    backend.db.kind === 'pglite' && cfg.pgliteVacuumHour !== null
      ? scheduleVacuum(backend.db, { hour: cfg.pgliteVacuumHour, calendar: async () => (await backend.storage.read((s) => s.rules())).calendar, log: app.log, purge })
      : null
  const purging =
    backend.db.kind === 'postgres' && cfg.purgeIntervalMinutes !== null
      ? runEvery(
          cfg.purgeIntervalMinutes * 60_000,
          async (stopping) => {
            await purge(stopping).then(
              (gone) => app.log.info(gone, 'expired rows deleted'),
              (e: unknown) => app.log.error({ err: e }, 'deleting expired rows failed'),
            )
          },
          { firstAfterMs: 60_000 },
        )
      : null
  // The sweep also runs where no message reaches a phone: expired points reach the ledger and expiry notes the in-app
  // centre. Members are asked to subscribe only to what the server sends (CoreEnv.messagePlatform), so no scheduled
  // reminder spends a subscription on a note they read when it no longer helps.
  const reminders =
    cfg.reminderIntervalMinutes === null ? null : scheduleReminders(backend.sendReminders, { everyMs: cfg.reminderIntervalMinutes * 60_000, now: backend.clock.now, log: app.log })
  const delivery =
    backend.delivery && cfg.deliveryIntervalSeconds !== null ? scheduleDelivery(backend.delivery, { everyMs: cfg.deliveryIntervalSeconds * 1000, log: app.log }) : null
  const reconcile =
    backend.payments && cfg.reconcileIntervalMinutes !== null
      ? runEvery(cfg.reconcileIntervalMinutes * 60_000, async (stopping) => {
          const pass = await backend.payments!.reconcile(stopping).catch((e: unknown) => {
            app.log.error({ err: e }, 'payment reconciliation failed')
            return null
          })
          if (pass && pass.asked > 0) app.log.info(pass, 'payment reconciliation')
        })
      : null
  let closing: Promise<void> | null = null
  return {
    url: `http://127.0.0.1:${port}`,
    // In-flight requests finish (new ones get 503), then the database closes.
    close() {
      return (closing ??= Promise.all([app.close(), vacuum?.stop(), reminders?.stop(), delivery?.stop(), reconcile?.stop(), purging?.stop()]).then(() => backend.close()))
    },
  }
}

async function main(): Promise<void> {
  let cfg: ServerConfig
  try {
    cfg = readConfig()
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`configuration: ${e.message}`)
      process.exit(1)
    }
    throw e
  }
  if (process.argv.includes('--migrate-only')) {
    const db = await openDatabase(cfg)
    try {
      const applied = await (cfg.databaseUrl ? withStartupLock(cfg.databaseUrl, () => migrate(db)) : migrate(db))
      console.log(applied.length ? `applied migrations ${applied.join(', ')}` : 'the database is up to date')
    } finally {
      await db.close()
    }
    return
  }
  const server = await startServer(cfg)
  const where = cfg.databaseUrl ? 'PostgreSQL' : `PGlite in ${cfg.dataDir}`
  console.log(`loyalty server on ${server.url}/api/v1 (${where}${cfg.testControls ? ', test controls on' : ''})`)
  // What a deployment most often misses, said where it is read first.
  if (cfg.nodeEnv === 'production' && cfg.corsOrigins.length === 0) {
    console.warn('CORS_ORIGINS is not set: only pages on this server\'s own origin (a reverse proxy in front of both) can call the API')
  }
  if (!existsSync(path.join(CONSOLE_DIR, 'index.html'))) console.warn('the operator console is not built: /console/ answers 404 (npm run build:console, then restart)')
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      server.close().then(
        () => process.exit(0),
        (e) => {
          console.error('shutdown failed', e)
          process.exit(1)
        },
      )
    })
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e)
    process.exit(1)
  })
}
