/**
 * Store and page tests run against the real mock backend, in-process, with a clock the test controls.
 * The stores reach it through the same axios client as the app (src/api/http.ts).
 */
import type { AxiosAdapter } from 'axios'
import { AxiosError } from 'axios'
import { api, setApiAdapter } from '@/api/http'
import { seededRng } from '@/domain/context'
import { platform } from '@/platform'
import { useSessionStore } from '@/stores/session'
import { createInProcessAdapter } from '../../mock/adapter'
import { createLoyaltyBackend, type LoyaltyBackend } from '../../mock/app'
import { memoryPersistence } from '../../mock/persistence'

export interface TestBackend {
  backend: LoyaltyBackend
  now(): number
  setNow(iso: string): void
  advanceDays(days: number): void
  /** Log the stores in as a member (the seeded `demo` member, or a new one per code). */
  loginAs(code: string): Promise<void>
  /** Every request fails as if the network were down, until `online()`. */
  offline(): void
  online(): void
}

/** 10:00 in Shanghai on a Tuesday. */
export const DEFAULT_NOW = '2026-11-24T02:00:00.000Z'

let counter = 0

export async function startTestBackend(nowIso: string = DEFAULT_NOW): Promise<TestBackend> {
  let now = Date.parse(nowIso)
  const backend = await createLoyaltyBackend({ persistence: memoryPersistence(), clock: () => now, rng: seededRng(20261124) })
  const inProcess = createInProcessAdapter(backend)
  const down: AxiosAdapter = (config) => Promise.reject(new AxiosError('Network Error', AxiosError.ERR_NETWORK, config))
  setApiAdapter(inProcess)
  await platform.privacy.accept()
  return {
    backend,
    now: () => now,
    setNow: (iso) => {
      now = Date.parse(iso)
    },
    advanceDays: (days) => {
      now += days * 86_400_000
    },
    async loginAs(code) {
      const res = await api.login({ platform: 'h5', code })
      useSessionStore.setState({ consent: 'accepted', token: res.token, memberId: res.member.id })
    },
    offline: () => setApiAdapter(down),
    online: () => setApiAdapter(inProcess),
  }
}

/** A code no member has used yet: logging in with it registers a new member. */
export function newMemberCode(): string {
  counter += 1
  return `jest-member-${counter}-${Date.now()}`
}
