/**
 * The launch's app_open when the backend was out of reach at launch (the embedded backend's script blocked, a
 * server down): nothing is earned then, and the day's first open is earned once a session is made — by the page's
 * 重新加载 — not lost until the next launch.
 */
import { waitFor } from '@testing-library/react'
import { useLifecycleStore } from '@/stores/lifecycle'
import { useSessionStore } from '@/stores/session'
import { startTestBackend } from '../support/backend'

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
