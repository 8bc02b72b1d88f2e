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
  run: async (profile: ProfileRequest) => {
    const me = await api.updateProfile(profile)
    useMemberStore.setState({ me, savedAt: nowIso() })
    return me
  },
})
