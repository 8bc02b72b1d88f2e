import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { ClientPlatform } from '@/api/contract'
import { loginCodeOverride } from '@/api/env'
import { CONSENT_REQUIRED, consentRequired } from '@/api/errors'
import { api, configureAuth } from '@/api/http'
import { platform } from '@/platform'
import { snapshotOptions } from './persist-storage'

export type ConsentStatus = 'unknown' | 'required' | 'accepted' | 'declined'

export { CONSENT_REQUIRED }

export interface SessionSnapshot {
  token: string | null
  memberId: string | null
  /** An invite code the app was opened with, sent once the member is registered. */
  pendingInviteCode: string | null
}

interface SessionState extends SessionSnapshot {
  consent: ConsentStatus
  /** True once this launch has a session (the first login of a new member included). */
  isNewMember: boolean
  checkConsent: () => Promise<ConsentStatus>
  acceptPrivacy: () => Promise<void>
  declinePrivacy: () => Promise<void>
  /**
   * The token, logging in first if needed. Rejects with CONSENT_REQUIRED until the notice is accepted. The API
   * client calls it before every request that needs a member (src/api/client.ts); store actions never do.
   */
  ensureSession: () => Promise<string>
  setPendingInviteCode: (code: string | null) => void
  /**
   * An invite link or share card opens the app with `?inviteCode=…`: kept until the member registers (a member
   * already signed in was not invited). WeChat gives it to the app's launch; Alipay gives a shared path's query to
   * the page it opens (onLoad) only, as does a card opened while the app was in the background: both are read.
   */
  noteInviteCode: (query: Record<string, string | undefined> | undefined) => void
}

export const clientPlatform = (): ClientPlatform => (platform.name === 'neutral' ? 'h5' : platform.name)

let loginInFlight: Promise<string> | null = null

export const useSessionStore = create<SessionState>()(
  persist(
    (set, get) => {
      const login = (): Promise<string> => {
        loginInFlight ??= (async () => {
          // Someone opening a friend's invite link is a new visitor: never the shared demo login of a demo build.
          const override = get().pendingInviteCode ? null : loginCodeOverride
          const code = override ?? (await platform.loginCode())
          const res = await api.login({ platform: clientPlatform(), code })
          set({ token: res.token, memberId: res.member.id, isNewMember: res.isNew })
          return res.token
        })().finally(() => {
          loginInFlight = null
        })
        return loginInFlight
      }

      configureAuth({
        getToken: () => get().token,
        relogin: async () => {
          set({ token: null })
          return get().consent === 'accepted' ? login() : null
        },
        ensureSession: () => get().ensureSession(),
      })

      return {
        consent: 'unknown',
        token: null,
        memberId: null,
        isNewMember: false,
        pendingInviteCode: null,
        async checkConsent() {
          const status = await platform.privacy.status()
          set({ consent: status })
          return status
        },
        async acceptPrivacy() {
          await platform.privacy.accept()
          set({ consent: 'accepted' })
        },
        async declinePrivacy() {
          await platform.privacy.decline()
          set({ consent: 'declined', token: null })
        },
        async ensureSession() {
          let consent = get().consent
          if (consent === 'unknown') consent = await get().checkConsent()
          if (consent !== 'accepted') throw consentRequired()
          return get().token ?? login()
        },
        setPendingInviteCode: (code) => set({ pendingInviteCode: code }),
        noteInviteCode: (query) => {
          const code = query?.inviteCode
          if (code && /^[A-Za-z0-9]{4,16}$/.test(code) && !get().token) set({ pendingInviteCode: code })
        },
      }
    },
    snapshotOptions('session', (s): SessionSnapshot => ({ token: s.token, memberId: s.memberId, pendingInviteCode: s.pendingInviteCode })),
  ),
)

// WeChat may ask for consent again (e.g. after the notice changed): show the sheet.
platform.privacy.onRequired(() => useSessionStore.setState({ consent: 'required' }))
