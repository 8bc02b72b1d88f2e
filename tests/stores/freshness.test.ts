/**
 * Back in the foreground after a while away — another browser tab redeemed, the phone was locked — every loaded
 * view loads again; a glance at another tab reloads nothing.
 */
import { waitFor } from '@testing-library/react'
import { api } from '@/api/http'
import { AWAY_MS, watchForeground } from '@/stores/freshness'
import { usePointsStore } from '@/stores/points'
import { startTestBackend } from '../support/backend'
import { requestsSettled } from '../support/requests'
import { appEvents } from '../support/taro-mock'

test('back after a while away, the balance shows what another tab spent; after a glance it is not reloaded', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  watchForeground()
  await usePointsStore.getState().loadSummary()
  const before = usePointsStore.getState().summary!.balance
  // Another tab of the same member (its own client) redeems 100 points.
  const { redemption } = await api.redeem('rw-coupon-10')
  expect(redemption.points).toBeGreaterThan(0)
  let clock = Date.now()
  const now = jest.spyOn(Date, 'now').mockImplementation(() => clock)
  try {
    appEvents.hide()
    clock += 2_000
    appEvents.show()
    await requestsSettled()
    expect(usePointsStore.getState().summary!.balance).toBe(before)
    appEvents.hide()
    clock += AWAY_MS
    appEvents.show()
    await waitFor(() => expect(usePointsStore.getState().summary!.balance).toBe(before - redemption.points))
  } finally {
    now.mockRestore()
  }
})
