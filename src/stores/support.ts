import { create } from 'zustand'
import type { FeedbackRequest, PrivacyRequestView } from '@/api/contract'
import { api } from '@/api/http'
import { defineAction } from './action'
import { defineView } from './request'
import { useSessionStore } from './session'

/** Feedback and personal-data requests (export, deletion) from the settings page. */
interface SupportState {
  /** The member's export and deletion requests, newest first, with the brand's reply once handled; null until loaded. */
  privacyRequests: PrivacyRequestView[] | null
  sendFeedback: typeof sendFeedback
  requestExport: typeof requestExport
  requestDeletion: typeof requestDeletion
}

export const sendFeedback = defineAction({
  name: 'support.feedback',
  key: ['support', 'feedback'],
  changes: [],
  run: async (body: FeedbackRequest) => {
    await api.feedback(body)
  },
})

/** `GET /privacy/requests`: 我的申请 — a handled request arrives with a message, so a new message reloads it too. */
export const privacyRequestsView = defineView({
  name: 'support.privacy-requests',
  tags: ['privacy', 'messages'],
  key: () => ['support', 'privacy-requests'],
  fetch: () => api.privacyRequests(),
  apply: (res) => useSupportStore.setState({ privacyRequests: res.requests }),
})

/** Both personal-data requests share one key: one request at a time from the settings page. */
const PRIVACY_KEY = ['support', 'privacy'] as const

export const requestExport = defineAction({
  name: 'support.export',
  key: PRIVACY_KEY,
  changes: ['privacy'],
  run: () => api.requestDataExport(),
})

export const requestDeletion = defineAction({
  name: 'support.deletion',
  key: PRIVACY_KEY,
  changes: ['privacy'],
  run: () => api.requestDeletion(),
})

export const useSupportStore = create<SupportState>()((): SupportState => ({
  privacyRequests: null,
  sendFeedback,
  requestExport,
  requestDeletion,
}))

// Without consent nothing of the member shows (撤回同意): their requests and the brand's replies go too.
useSessionStore.subscribe((s, prev) => {
  if (prev.consent === 'accepted' && s.consent !== 'accepted') useSupportStore.setState({ privacyRequests: null })
})
