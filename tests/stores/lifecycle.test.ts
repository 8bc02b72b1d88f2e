/**
 * The launch's app_open when the backend was out of reach at launch (the embedded backend's script blocked, a
 * server down): nothing is earned then, and the day's first open is earned once a session is made — by the page's
 * 重新加载 — not lost until the next launch. And the app left open into a new business day: that day's first open.
 */
import { waitFor } from '@testing-library/react'
import { api } from '@/api/http'
import { AWAY_MS, newBusinessDay, watchForeground } from '@/stores/freshness'
import { useLifecycleStore } from '@/stores/lifecycle'
import { useSessionStore } from '@/stores/session'
import { newMemberCode, startTestBackend } from '../support/backend'
import { requestsSettled } from '../support/requests'
import { appEvents } from '../support/taro-mock'

test('a launch that could not reach the backend earns the first open of the day once a session is made', async () => {
  const t = await startTestBackend()
  t.offline()
  // Consent given (as at launch, or on the sheet): the launch opens — and cannot log in.
  useSessionStore.setState({ consent: 'accepted', token: null, memberId: null })
  expect(useLifecycleStore.getState().opened).toBe(true)
  await waitFor(() => expect(useLifecycleStore.getState()).toMatchObject({ opened: false, openResult: null }))
  t.online()
  // What any page's load (or retry) does first.
  await useSessionStore.getState().ensureSession()
  await waitFor(() => expect(useLifecycleStore.getState().openResult?.awarded?.awarded).toBeGreaterThan(0))
  expect(useLifecycleStore.getState().opened).toBe(true)
})

test('the app left open into a new business day earns that day’s first open, once — at midnight or back in the foreground', async () => {
  const t = await startTestBackend('2026-11-30T15:58:00.000Z') // 23:58 on 30 November in Shanghai
  watchForeground()
  useLifecycleStore.setState({ opened: false, openedOn: null, openResult: null })
  useSessionStore.setState({ consent: 'unknown' }) // the login's consent change starts the launch
  await t.loginAs(newMemberCode())
  await waitFor(() => expect(useLifecycleStore.getState().openedOn).toBe('2026-11-30'))
  await requestsSettled()
  const firstOpens = async () => (await api.pointsLedger(null, 50)).entries.filter((e) => e.reason === '每日首次使用').length
  expect(await firstOpens()).toBe(1)

  // Past midnight (the app's clock learns the backend's from its next answer), the tab in the background: the
  // midnight timer opens nothing for a member who is not looking.
  const opens = jest.spyOn(api, 'event')
  t.setNow('2026-11-30T16:00:01.000Z')
  await api.config()
  appEvents.hide()
  newBusinessDay()
  await requestsSettled()
  expect(opens).not.toHaveBeenCalled()
  // Shown again, with the midnight timer firing at the same moment: one open.
  appEvents.show()
  newBusinessDay()
  await waitFor(() => expect(useLifecycleStore.getState().openedOn).toBe('2026-12-01'))
  await requestsSettled()
  expect(opens).toHaveBeenCalledTimes(1)
  opens.mockRestore()
  expect(await firstOpens()).toBe(2)
  expect(useLifecycleStore.getState().openResult?.awarded?.awarded).toBeGreaterThan(0)

  // Back in the foreground: the same day opens nothing again; the next day (the phone locked overnight) does.
  let clock = Date.now()
  const now = jest.spyOn(Date, 'now').mockImplementation(() => clock)
  try {
    const away = async () => {
      appEvents.hide()
      clock += AWAY_MS
      appEvents.show()
      await requestsSettled()
    }
    await away()
    expect(useLifecycleStore.getState().openedOn).toBe('2026-12-01')
    expect(await firstOpens()).toBe(2)
    t.setNow('2026-12-01T23:00:00.000Z') // 07:00 on 2 December
    await api.config()
    await away()
    await waitFor(() => expect(useLifecycleStore.getState().openedOn).toBe('2026-12-02'))
    await requestsSettled()
    expect(await firstOpens()).toBe(3)
  } finally {
    now.mockRestore()
  }
})
