import type { ProfileRequest } from '@/api/contract'
import { api } from '@/api/http'
import { defineAction } from './action'
import { useMemberStore } from './member'
import { nowIso } from './persist-storage'

/** Save nickname and birthday; rejects with the ApiError (e.g. an empty nickname). The profile page's. */
export const updateProfile = defineAction({
  name: 'member.updateProfile',
  key: ['member', 'profile'],
  // Completing the profile is the "完善个人资料" task.
  changes: ['member', 'tasks'],
  answers: ['balance'],
  run: async (profile: ProfileRequest) => {
    const me = await api.updateProfile(profile)
    useMemberStore.setState({ me, savedAt: nowIso() })
    return me
  },
})

/** One of this month's free services of the member's tier, as a voucher in 兑换记录; rejects with the ApiError (FREE_SERVICE_USED_UP …). */
export const claimFreeService = defineAction({
  name: 'member.freeService',
  key: ['member', 'free-service'],
  // What is left this month (the member card) and 兑换记录's new line.
  changes: ['member', 'rewards'],
  run: async () => {
    const res = await api.claimFreeService()
    useMemberStore.setState((s) => (s.me ? { me: { ...s.me, freeServices: res.freeServices } } : {}))
    return res
  },
})
