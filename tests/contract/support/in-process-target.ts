/** The contract suite's target through the in-process adapter (the app's default transport), on a fresh seeded mock. */
import { createInProcessAdapter } from '../../../mock/adapter'
import { createLoyaltyBackend, DEFAULT_OPERATOR_TOKEN, DEMO_OPERATOR } from '../../../mock/app'
import { memoryKvPersistence } from '../../../mock/kv-persistence'
import { reminderSweep } from '../../../server/core/reminder-sweep'
import { splitTarget } from '../../../server/core/http'
import { parseClockSetting } from '../../../server/core/test-controls'
import { seededRng } from '@/domain/context'
import type { ContractTarget } from './target'

function lower(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]))
}

/** A new in-process mock whose clock only the suite moves (it starts pinned; the suite pins it again). */
export async function inProcessTarget(name: string, startAt: string): Promise<ContractTarget> {
  let now = Date.parse(startAt)
  const backend = await createLoyaltyBackend({ persistence: memoryKvPersistence(), clock: () => now, rng: seededRng(20260217) })
  const sendReminders = reminderSweep(backend.core, backend.storage)
  return {
    name,
    baseURL: '/api/v1',
    adapter: createInProcessAdapter(backend),
    async raw(req) {
      const { path, search } = splitTarget(req.path)
      const res = await backend.handle({ method: req.method, path, query: Object.fromEntries(new URLSearchParams(search)), headers: req.headers ?? {}, rawBody: req.body })
      return { status: res.status, body: res.body, headers: lower(res.headers) }
    },
    controls: {
      async setClock(iso) {
        if (iso === null) throw new Error('the in-process contract target has no real-time clock: pin an instant')
        // The same rule as the HTTP server's POST /__mock/clock: instants outside 2000 … 2999 are refused.
        const setting = parseClockSetting(iso)
        if (!setting.ok || setting.now === null) throw new Error(`the clock control refused ${iso}`)
        now = setting.now
      },
      reset: () => backend.reset(),
      sendReminders: () => sendReminders(() => now),
    },
    hasDemo: true,
    operatorToken: DEFAULT_OPERATOR_TOKEN,
    operatorAccount: { username: DEMO_OPERATOR.username, password: DEMO_OPERATOR.password },
  }
}
