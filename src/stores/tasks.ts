import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { BehaviourEventType, EventResponse, TaskClaimResponse, TaskView } from '@/api/contract'
import { api } from '@/api/http'
import { useMemberStore } from './member'
import { discardOlderVersion, nowIso, persistStorage } from './persist-storage'
import { IDLE, type RequestState, track } from './request'
import { usePointsStore } from './points'
import { useSessionStore } from './session'

interface TasksState {
  tasks: TaskView[] | null
  savedAt: string | null
  requests: { load: RequestState; claim: RequestState; event: RequestState }
  load: () => Promise<void>
  /** Claim a completed task; the answer carries the toast text. Rejects with the ApiError. */
  claim: (taskId: string) => Promise<TaskClaimResponse>
  /** Report a behaviour (core use, guide read …); updates the tasks it moved and the balance. */
  report: (type: BehaviourEventType, ref?: string) => Promise<EventResponse>
}

function merge(list: TaskView[] | null, updated: TaskView[]): TaskView[] | null {
  if (!list) return list
  const byId = new Map(updated.map((t) => [t.id, t]))
  return list.map((t) => byId.get(t.id) ?? t)
}

export const useTasksStore = create<TasksState>()(
  persist(
    (set) => ({
      tasks: null,
      savedAt: null,
      requests: { load: IDLE, claim: IDLE, event: IDLE },
      load: () =>
        track(set, 'load', async () => {
          await useSessionStore.getState().ensureSession()
          set({ tasks: (await api.tasks()).tasks, savedAt: nowIso() })
        }).catch(() => undefined),
      claim: (taskId) =>
        track(set, 'claim', async () => {
          const res = await api.claimTask(taskId)
          set((s) => ({ tasks: merge(s.tasks, [res.task]) }))
          usePointsStore.getState().applyBalance(res.balance)
          void useMemberStore.getState().load()
          return res
        }),
      report: (type, ref) =>
        track(set, 'event', async () => {
          await useSessionStore.getState().ensureSession()
          const res = await api.event({ type, ref })
          set((s) => ({ tasks: merge(s.tasks, res.tasks) }))
          usePointsStore.getState().applyBalance(res.balance)
          return res
        }),
    }),
    {
      name: 'tasks-snapshot',
      version: 1,
      migrate: discardOlderVersion,
      storage: persistStorage,
      partialize: (s) => ({ tasks: s.tasks, savedAt: s.savedAt }),
    },
  ),
)
