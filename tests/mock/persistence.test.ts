/** The app-storage persistence: chunks under the per-key limit, atomic generations, the total budget. */
import { storagePersistence } from '../../mock/persistence'
import { limitedStore } from './support/storage'

const doc = (n: number) => ({ items: Array.from({ length: n }, (_, i) => ({ i, text: '积分到账啦'.repeat(10) })) })

test('a large state is split into chunks under the per-key limit and read back whole', async () => {
  const store = limitedStore()
  const p = storagePersistence<ReturnType<typeof doc>>(store, { chunkBytes: 180 * 1024, totalBytes: 2 * 900 * 1024 })
  const state = doc(3000)
  await p.save(state)
  expect(store.map.size).toBeGreaterThan(2)
  for (const [k, v] of store.map) expect(Buffer.byteLength(k) + Buffer.byteLength(v)).toBeLessThan(200 * 1024)
  expect(await p.load()).toEqual(state)
})

test('a crash in the middle of a save leaves the previous generation readable', async () => {
  const store = limitedStore()
  const p = storagePersistence<ReturnType<typeof doc>>(store)
  const first = doc(2000)
  await p.save(first)
  store.failAfter = 1
  await expect(p.save(doc(2500))).rejects.toThrow('storage crashed')
  store.failAfter = null
  expect(await p.load()).toEqual(first)
})

test('over the budget, compact shrinks the state; what cannot fit is refused', async () => {
  const store = limitedStore()
  const compact = jest.fn((d: ReturnType<typeof doc>) => ({ items: d.items.slice(-100) }))
  const p = storagePersistence<ReturnType<typeof doc>>(store, { totalBytes: 100 * 1024, compact })
  await p.save(doc(3000))
  expect(compact).toHaveBeenCalledTimes(1)
  expect((await p.load())?.items).toHaveLength(100)
  // The state is kept under half the budget: the next save's new generation fits beside it.
  expect(store.bytes()).toBeLessThan(50 * 1024)
  const noCompact = storagePersistence<ReturnType<typeof doc>>(limitedStore(), { totalBytes: 10 * 1024 })
  await expect(noCompact.save(doc(3000))).rejects.toThrow(/over the/)
})
