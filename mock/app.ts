/**
 * The loyalty mock backend: the core's pipeline and use cases (server/core) on the key-value storage, seeded
 * with the demo's catalogue, campaigns and played history. Used by the embedded adapter (the app's default
 * transport), the mock HTTP server and the tests.
 */
import type { RulesConfig } from '../src/domain/config'
import { seededRng, type Rng } from '../src/domain/context'
import type { CoreRequest, CoreResponse } from '../server/core/http'
import { SESSION_TTL_MS } from '../server/core/limits'
import { createCore, type Core } from '../server/core/pipeline'
import type { BrandSettings } from '../server/core/tx'
import { createKvStorage, type KvPersistence, type KvStorage } from './kv-storage'
import { demoPasswords } from './demo-passwords'
import { DEFAULT_OPERATOR_TOKEN, DEMO_ADJUST_APPROVAL_ABOVE, DEMO_BRAND, DEMO_OPERATOR, defaultRules, playHistory, seedData } from './seed'

export { DEFAULT_OPERATOR_TOKEN, DEMO_OPERATOR }


/** The seeded history is played with a fixed random sequence: the same day gives the same demo everywhere. */
const SEED_HISTORY_RNG = 20260217

export interface LoyaltyBackendOptions {
  persistence: KvPersistence
  clock: () => number
  /** Runtime randomness: draws, cards, tokens. */
  rng: Rng
  /** Bearer token of the operator (`/admin/*`); default `operator-demo-token`. */
  operatorToken?: string
  /** Body size limit, bytes (413 above it); default 64 KB. */
  maxBodyBytes?: number
  /** The rules document; default: the domain defaults with demo campaigns around the seed instant. */
  config?: RulesConfig
  /** false: no members' history (faster when the demo is not needed). */
  history?: boolean
  /** The documents' byte budget (the app's storage); history pages go first when over it. */
  budgetBytes?: number
  brand?: BrandSettings
  /** `none`: nothing can be bought (a backend without a payment provider); default the mock cashier. */
  payments?: 'mock' | 'none'
}

export interface LoyaltyBackend {
  handle(req: CoreRequest): Promise<CoreResponse>
  /** Back to the seed, played up to the clock's now (test controls). */
  reset(): Promise<void>
  core: Core
  storage: KvStorage
}

/** 128 random bits as hex from the injected source (the server and the app pass a real entropy source). */
export function tokenFrom(rng: Rng): string {
  let out = ''
  for (let i = 0; i < 4; i++) out += Math.floor(rng() * 0x100000000).toString(16).padStart(8, '0')
  return out
}

export async function createLoyaltyBackend(options: LoyaltyBackendOptions): Promise<LoyaltyBackend> {
  const rulesAt = (now: number) => options.config ?? defaultRules(now)
  const storage = await createKvStorage({
    persistence: options.persistence,
    initial: () => seedData(rulesAt(options.clock())),
    budgetBytes: options.budgetBytes,
    clock: options.clock,
  })
  const core = createCore({
    storage,
    clock: options.clock,
    rng: options.rng,
    operatorToken: options.operatorToken ?? DEFAULT_OPERATOR_TOKEN,
    maxBodyBytes: options.maxBodyBytes,
    env: {
      brand: options.brand ?? DEMO_BRAND,
      // The mock's identity is the code itself; the seeded members answer to their code on any platform.
      identify: async (platform, code) => ({ loginKeys: [`${platform}:${code}`, `*:${code}`] }),
      newToken: () => tokenFrom(options.rng),
      sessionTtlMs: SESSION_TTL_MS,
      passwords: demoPasswords(options.rng),
      adjustApprovalAbove: DEMO_ADJUST_APPROVAL_ABOVE,
      // The demo's mock cashier (tests may take it away).
      payments: options.payments ?? 'mock',
    },
  })
  const playSeed = async () => {
    if (options.history === false) return
    const now = options.clock()
    storage.deferCommits()
    await playHistory(core, now, seededRng(SEED_HISTORY_RNG), await storage.read((s) => s.rules()))
    await storage.flush()
  }
  if (storage.created) await playSeed()
  return {
    handle: (req) => core.handle(req),
    async reset() {
      await storage.reset()
      core.forget()
      await playSeed()
    },
    core,
    storage,
  }
}
