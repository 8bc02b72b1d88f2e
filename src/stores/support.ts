import { create } from 'zustand'
import type { FeedbackRequest, PrivacyRequestResponse } from '@/api/contract'
import { api } from '@/api/http'
import { IDLE, type RequestState, track } from './request'
import { useSessionStore } from './session'

/** Feedback and personal-data requests (export, deletion) from the settings page. */
interface SupportState {
  lastPrivacyRequest: PrivacyRequestResponse | null
  requests: { feedback: RequestState; privacy: RequestState }
  sendFeedback: (body: FeedbackRequest) => Promise<void>
  requestExport: () => Promise<PrivacyRequestResponse>
  requestDeletion: () => Promise<PrivacyRequestResponse>
}

export const useSupportStore = create<SupportState>()((set) => ({
  lastPrivacyRequest: null,
  requests: { feedback: IDLE, privacy: IDLE },
  sendFeedback: (body) =>
    track(set, 'feedback', async () => {
      await useSessionStore.getState().ensureSession()
      await api.feedback(body)
    }),
  requestExport: () =>
    track(set, 'privacy', async () => {
      await useSessionStore.getState().ensureSession()
      const res = await api.requestDataExport()
      set({ lastPrivacyRequest: res })
      return res
    }),
  requestDeletion: () =>
    track(set, 'privacy', async () => {
      await useSessionStore.getState().ensureSession()
      const res = await api.requestDeletion()
      set({ lastPrivacyRequest: res })
      return res
    }),
}))
