import { create } from 'zustand'
import type { FeedbackRequest, PrivacyRequestResponse } from '@/api/contract'
import { api } from '@/api/http'
import { defineAction } from './action'

/** Feedback and personal-data requests (export, deletion) from the settings page. */
interface SupportState {
  lastPrivacyRequest: PrivacyRequestResponse | null
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

/** Both personal-data requests share one key: one request at a time from the settings page. */
const PRIVACY_KEY = ['support', 'privacy'] as const

export const requestExport = defineAction({
  name: 'support.export',
  key: PRIVACY_KEY,
  changes: [],
  run: async () => {
    const res = await api.requestDataExport()
    useSupportStore.setState({ lastPrivacyRequest: res })
    return res
  },
})

export const requestDeletion = defineAction({
  name: 'support.deletion',
  key: PRIVACY_KEY,
  changes: [],
  run: async () => {
    const res = await api.requestDeletion()
    useSupportStore.setState({ lastPrivacyRequest: res })
    return res
  },
})

export const useSupportStore = create<SupportState>()((): SupportState => ({
  lastPrivacyRequest: null,
  sendFeedback,
  requestExport,
  requestDeletion,
}))
