/** The app's default transport: the mock in-process, its state in (size-limited) app storage. */
import { createEmbeddedAdapter, EMBEDDED_STORAGE } from '../../mock/embedded'
import { createApiClient } from '@/api/client'
import { createEndpoints } from '@/api/endpoints'
import { limitedStore } from './support/storage'

function app(store: ReturnType<typeof limitedStore>) {
  let token: string | null = null
  const api = createEndpoints(createApiClient({ baseURL: '', adapter: createEmbeddedAdapter(store), auth: { getToken: () => token, relogin: async () => null } }))
  return {
    api,
    login: async (code: string) => {
      const r = await api.login({ platform: 'weapp', code })
      token = r.token
      return r
    },
  }
}

test('the demo logs in on first launch; state survives a restart; keys stay under 200 KB, the total under budget even mid-save', async () => {
  const store = limitedStore()
  let peak = 0
  const setItem = store.setItem.bind(store)
  store.setItem = (k, v) => {
    setItem(k, v)
    peak = Math.max(peak, store.bytes())
  }
  const first = app(store)
  const demo = await first.login('demo')
  expect(demo.isNew).toBe(false)
  expect(demo.member.balance).toBeGreaterThan(0)
  const signed = await first.api.signin()
  for (const [k, v] of store.map) expect(Buffer.byteLength(k) + Buffer.byteLength(v)).toBeLessThan(200 * 1024)
  expect(store.bytes()).toBeLessThan(EMBEDDED_STORAGE.totalBytes / 2)
  // Two generations coexist while a save commits: still inside the budget (SPEC §6: ≤ 1 MB in all).
  expect(peak).toBeGreaterThan(store.bytes())
  expect(peak).toBeLessThanOrEqual(EMBEDDED_STORAGE.totalBytes)

  const restarted = app(store)
  await restarted.login('demo')
  expect((await restarted.api.signinCalendar()).signedToday).toBe(true)
  expect((await restarted.api.pointsSummary()).balance).toBe(signed.balance)
})
