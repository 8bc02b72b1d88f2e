import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { MemberMe } from '@/api/contract'
import { api } from '@/api/http'
import { nowIso, snapshotOptions } from './persist-storage'
import { defineView } from './request'
import { balanceIn } from './tags'

export interface MemberSnapshot {
  me: MemberMe | null
  /** When `me` was fetched; shown by the offline banner. */
  savedAt: string | null
}

interface MemberState extends MemberSnapshot {
  load: () => Promise<void>
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
    const member = (answer as { member?: MemberMe } | null)?.member
    if (member && typeof member === 'object') return useMemberStore.setState({ me: member, savedAt: nowIso() })
    const balance = balanceIn(answer)
    useMemberStore.setState((s) => (s.me && balance !== null ? { me: { ...s.me, balance } } : {}))
  },
})

export const useMemberStore = create<MemberState>()(
  persist(
    (): MemberState => ({
      me: null,
      savedAt: null,
      load: () => memberView.load(),
    }),
    snapshotOptions('member', (s): MemberSnapshot => ({ me: s.me, savedAt: s.savedAt })),
  ),
)
