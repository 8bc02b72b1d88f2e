import { MAX_STORAGE_VALUE_BYTES, platform, utf8Bytes } from '@/platform'
import { useMemberStore } from '@/stores/member'
import { usePointsStore } from '@/stores/points'
import { useSessionStore } from '@/stores/session'
import { useTasksStore } from '@/stores/tasks'
import { startTestBackend } from '../support/backend'
import { useLedgerStore } from '@/stores/ledger'
import { loadCalendar } from '@/stores/signin-actions'

const SNAPSHOT_KEYS = ['session', 'member-snapshot', 'points-snapshot', 'signin-snapshot', 'tasks-snapshot']

test('only the session and last-known snapshots are persisted, each key far below 200 KB', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  await Promise.all([
    useMemberStore.getState().load(),
    usePointsStore.getState().loadSummary(),
    useLedgerStore.getState().loadLedger(),
    loadCalendar(),
    useTasksStore.getState().load(),
  ])
  for (const key of SNAPSHOT_KEYS) {
    const raw = platform.storage.getItem(key)
    expect(raw).not.toBeNull()
    expect(utf8Bytes(raw!)).toBeLessThan(MAX_STORAGE_VALUE_BYTES / 4)
  }
  // The ledger pages are not persisted: they are refetched.
  expect(platform.storage.getItem('points-snapshot')).not.toContain('balanceAfter')
  expect(JSON.parse(platform.storage.getItem('session')!).state.token).toBe(useSessionStore.getState().token)
})

test('a snapshot written by an older version of the app is dropped, not misread', async () => {
  platform.storage.setItem('member-snapshot', JSON.stringify({ state: { me: { id: 'old', tier: 'gold' }, savedAt: '2020-01-01T00:00:00Z' }, version: 0 }))
  await useMemberStore.persist.rehydrate()
  expect(useMemberStore.getState().me).toBeNull()
})
