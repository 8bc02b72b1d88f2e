import { create } from 'zustand'
import { platform } from '@/platform'

export type ConsentStatus = 'unknown' | 'required' | 'accepted' | 'declined'

interface SessionState {
  consent: ConsentStatus
  /** Reads whether the privacy notice has been accepted; personal-data calls wait for it. */
  checkConsent: () => Promise<ConsentStatus>
  acceptPrivacy: () => Promise<void>
  declinePrivacy: () => Promise<void>
}

export const useSessionStore = create<SessionState>()((set) => ({
  consent: 'unknown',
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
    set({ consent: 'declined' })
  },
}))

// WeChat may ask for consent again (e.g. after the notice changed): show the sheet.
platform.privacy.onRequired(() => useSessionStore.setState({ consent: 'required' }))
