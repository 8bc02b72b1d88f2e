/** The contract suite through the in-process adapter (the app's default transport), on a fresh seeded mock. */
import { createInProcessAdapter } from '../../mock/adapter'
import { createLoyaltyBackend, DEFAULT_OPERATOR_TOKEN, type LoyaltyBackend } from '../../mock/app'
import { memoryPersistence } from '../../mock/persistence'
import { seededRng } from '@/domain/context'
import { contractSuite } from './contract-suite'
import type { ContractTarget } from './support/target'

let backend: LoyaltyBackend
let fixedNow: number | null = null

function lower(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]))
}

beforeAll(async () => {
  backend = await createLoyaltyBackend({ persistence: memoryPersistence(), clock: () => fixedNow ?? Date.now(), rng: seededRng(20260217) })
})

const target = (): ContractTarget => ({
  name: 'in-process',
  baseURL: '/api/v1',
  adapter: createInProcessAdapter(backend),
  async raw(req) {
    const [path, search = ''] = req.path.split('?')
    const res = await backend.handle({ method: req.method, path, query: Object.fromEntries(new URLSearchParams(search)), headers: req.headers ?? {}, rawBody: req.body })
    return { status: res.status, body: res.body, headers: lower(res.headers) }
  },
  controls: {
    async setClock(iso) {
      fixedNow = iso === null ? null : Date.parse(iso)
    },
    reset: () => backend.reset(),
  },
  hasDemo: true,
  operatorToken: DEFAULT_OPERATOR_TOKEN,
})

contractSuite('in-process', { controls: true, demo: true, operator: true }, target)
