/** The app-storage persistence of the embedded mock: keys under the per-key limit, atomic commits, two tabs. */
import { storageKvPersistence } from '../../mock/kv-persistence'
import { RetryableConflict } from '../../server/core/port'
import { limitedStore } from './support/storage'

const doc = (n: number) => JSON.stringify({ items: Array.from({ length: n }, (_, i) => ({ i, text: '积分到账啦'.repeat(10) })) })
const meta = (generation: number) => JSON.stringify({ schema: 2, memberSeq: 0, generation })

test('documents are stored one key each and read back whole; nothing stored reads as null', async () => {
  const store = limitedStore()
  const p = storageKvPersistence(store)
  expect(await p.load()).toBeNull()
  await p.commit(new Map([['meta', meta(1)], ['a', doc(10)], ['b', doc(20)]]), -1)
  expect(await p.load()).toEqual(new Map([['meta', meta(1)], ['a', doc(10)], ['b', doc(20)]]))
  await p.commit(new Map([['meta', meta(2)], ['a', null], ['c', doc(5)]]), 1)
  expect([...(await p.load())!.keys()].sort()).toEqual(['b', 'c', 'meta'])
})

test('a commit larger than one key goes through a chunked journal, every key under the limit', async () => {
  const store = limitedStore()
  const p = storageKvPersistence(store)
  await p.commit(new Map([['meta', meta(1)]]), -1)
  const big = new Map([['meta', meta(2)], ['x', doc(900)], ['y', doc(900)], ['z', doc(900)]])
  const written: string[] = []
  const setItem = store.setItem.bind(store)
  store.setItem = (k, v) => {
    written.push(k)
    setItem(k, v)
  }
  await p.commit(big, 1)
  expect(written.filter((k) => k.startsWith('kv:journal:')).length).toBeGreaterThan(1)
  for (const [k, v] of store.map) expect(Buffer.byteLength(k) + Buffer.byteLength(v)).toBeLessThan(200 * 1024)
  expect([...store.map.keys()].some((k) => k.startsWith('kv:journal'))).toBe(false)
  expect((await p.load())!.get('y')).toBe(doc(900))
})

test('a crash after the journal is written is finished on the next load; a crash while writing it leaves the old state', async () => {
  const store = limitedStore()
  const p = storageKvPersistence(store)
  await p.commit(new Map([['meta', meta(1)], ['a', JSON.stringify('old')]]), -1)
  // The journal's chunks and head are 2 writes; the crash comes with the first document write after them.
  store.failAfter = 2
  await expect(p.commit(new Map([['meta', meta(2)], ['a', JSON.stringify('new')]]), 1)).rejects.toThrow('storage crashed')
  store.failAfter = null
  expect((await storageKvPersistence(store).load())!.get('a')).toBe(JSON.stringify('new'))

  store.failAfter = 0
  await expect(p.commit(new Map([['meta', meta(3)], ['a', JSON.stringify('newer')]]), 2)).rejects.toThrow('storage crashed')
  store.failAfter = null
  expect((await storageKvPersistence(store).load())!.get('a')).toBe(JSON.stringify('new'))
})

test('a second writer (another tab) that moved the state on makes this commit a retryable conflict', async () => {
  const store = limitedStore()
  const tabA = storageKvPersistence(store)
  const tabB = storageKvPersistence(store)
  await tabA.commit(new Map([['meta', meta(1)], ['a', '1']]), -1)
  await tabB.commit(new Map([['meta', meta(2)], ['a', '2']]), 1)
  await expect(tabA.commit(new Map([['meta', meta(2)], ['a', 'A']]), 1)).rejects.toBeInstanceOf(RetryableConflict)
  expect((await tabA.load())!.get('a')).toBe('2')
})
