/**
 * A member's draws in a lottery that a working set trimmed before it kept their count (working-set.ts `earlier`: the
 * slice went whole) are still stored, their ids taken: when the campaign is listed again, the next draw numbers after
 * them (server/core/use-cases/campaigns.ts drawOp asks the storage how many there are) — on the server a repeated id
 * was a primary-key 409 on every draw, the member locked out of the lottery.
 */
import { createLoyaltyBackend } from '../../mock/app'
import { memoryKvPersistence } from '../../mock/kv-persistence'
import { seededRng } from '../../src/domain/context'

test('draws trimmed away whole (as before their count was kept): the next draw numbers after them', async () => {
  const now = Date.parse('2026-11-24T02:00:00.000Z')
  const backend = await createLoyaltyBackend({ persistence: memoryKvPersistence(), clock: () => now, rng: seededRng(7), history: false })
  let n = 0
  const call = (method: string, path: string, body?: unknown, token?: string) =>
    backend.handle({
      method,
      path,
      query: {},
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(method === 'POST' ? { 'idempotency-key': `k-${++n}` } : {}) },
      rawBody: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    }) as Promise<{ status: number; body: { token?: string; member?: { id: string }; drawId?: string; campaigns?: { id: string; type: string; status: string }[] } }>
  const login = await call('POST', '/auth/login', { platform: 'h5', code: 'legacy-draws' })
  const token = login.body.token!
  const lottery = (await call('GET', '/campaigns', undefined, token)).body.campaigns!.find((c) => c.type === 'lottery' && c.status === 'running')!
  const first = await call('POST', `/campaigns/${lottery.id}/draw`, {}, token)
  expect(first.status).toBe(200)
  // What the trim of an earlier version left: no slice for the campaign at all, the stored draw still there.
  await backend.core.write(now, async (work) => {
    const tx = await work.member(login.body.member!.id)
    const { [lottery.id]: _dropped, ...rest } = tx.member.campaigns
    tx.member = { ...tx.member, campaigns: rest }
  })
  const next = await call('POST', `/campaigns/${lottery.id}/draw`, {}, token)
  expect(next.status).toBe(200)
  expect(next.body.drawId).not.toBe(first.body.drawId)
  expect(next.body.drawId).toBe(`${lottery.id}-2`)
})
