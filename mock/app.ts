/**
 * The loyalty mock backend: the generic pipeline (backend.ts) with this project's routes, state and seed.
 * Used by the embedded adapter (the app's default transport), the HTTP server and the tests.
 */
import type { RulesConfig } from '../src/domain/config'
import { seededRng, type Rng } from '../src/domain/context'
import { createMockBackend, type MockBackend, type Persistence } from './backend'
import { DB_SCHEMA_VERSION, type LoyaltyDb } from './db'
import { ROUTES } from './routes'
import { DEFAULT_OPERATOR_TOKEN, seedDb, type SeedOptions } from './seed'
import type { LoyaltyEnv } from './state'

export { DEFAULT_OPERATOR_TOKEN }

const SEED_HISTORY_RNG = 20260217

export interface LoyaltyBackendOptions {
  persistence: Persistence<LoyaltyDb>
  clock: () => number
  rng: Rng
  /** Bearer token of the operator (`/admin/*`); default `operator-demo-token`. */
  operatorToken?: string
  /** Body size limit, bytes (413 above it); default 64 KB. */
  maxBodyBytes?: number
  /** The rules document; default: the domain defaults with demo campaigns around the seed instant. */
  config?: RulesConfig
  /** Seed options (tests may skip the members' history). */
  seed?: SeedOptions
}

export type LoyaltyBackend = MockBackend<LoyaltyDb> & { reset(): Promise<void> }

export async function createLoyaltyBackend(options: LoyaltyBackendOptions): Promise<LoyaltyBackend> {
  const env: LoyaltyEnv = { config: options.config ?? null }
  // The seeded history is played with a fixed random sequence: the same day gives the same demo everywhere
  // (a contract failure on the demo reproduces). Runtime randomness (tokens, draws, cards) uses `rng`.
  const seed = (now: number) => seedDb(now, seededRng(SEED_HISTORY_RNG), options.config, options.seed)
  const persistence: Persistence<LoyaltyDb> = {
    // State written by an older shape of the mock is re-seeded rather than misread.
    load: async () => {
      const db = await options.persistence.load()
      return db && db.schemaVersion === DB_SCHEMA_VERSION ? db : null
    },
    save: (db) => options.persistence.save(db),
  }
  const backend = await createMockBackend<LoyaltyDb, LoyaltyEnv>({
    routes: (router) => {
      for (const [method, pattern, def] of ROUTES) router.add(method, pattern, def)
    },
    persistence,
    seed,
    clock: options.clock,
    rng: options.rng,
    env,
    maxBodyBytes: options.maxBodyBytes,
    operatorToken: options.operatorToken ?? DEFAULT_OPERATOR_TOKEN,
  })
  return { ...backend, reset: () => backend.replace(seed(options.clock())) }
}
