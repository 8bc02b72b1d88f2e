import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { MemberMe, ProfileRequest } from '@/api/contract'
import { api } from '@/api/http'
import { nowIso, snapshotOptions } from './persist-storage'
import { defineAction, defineView } from './request'
import { balanceIn } from './tags'

export interface MemberSnapshot {
  me: MemberMe | null
  /** When `me` was fetched; shown by the offline banner. */
  savedAt: string | null
}

interface MemberState extends MemberSnapshot {
  load: () => Promise<void>
  /** Save nickname and birthday; rejects with the ApiError (e.g. an empty nickname). */
  updateProfile: (profile: ProfileRequest) => Promise<MemberMe>
}

/** `GET /member/me`: tier card, balance, growth, benefits — on home, 我的, 会员权益. */
export const memberView = defineView({
  name: 'member',
  tags: ['balance', 'growth', 'member'],
  key: () => ['member'],
  fetch: () => api.me(),
  apply: (me) => useMemberStore.setState({ me, savedAt: nowIso() }),
  patch: (answer) => {
    // A payment or a refund answers with the whole member; anything else may carry the new balance.
    const member = (answer as { member?: MemberMe }).member
    if (member && typeof member === 'object') return useMemberStore.setState({ me: member, savedAt: nowIso() })
    const balance = balanceIn(answer)
    useMemberStore.setState((s) => (s.me && balance !== null ? { me: { ...s.me, balance } } : {}))
  },
})

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

export const useMemberStore = create<MemberState>()(
  persist(
    (): MemberState => ({
      me: null,
      savedAt: null,
      load: () => memberView.load(),
      updateProfile,
    }),
    snapshotOptions('member', (s): MemberSnapshot => ({ me: s.me, savedAt: s.savedAt })),
  ),
)
