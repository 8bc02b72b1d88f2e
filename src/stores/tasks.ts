import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { BehaviourEventType, TaskView } from '@/api/contract'
import { api } from '@/api/http'
import { nowIso, snapshotOptions } from './persist-storage'
import { defineAction } from './action'
import { defineView } from './request'

export interface TasksSnapshot {
  tasks: TaskView[] | null
  savedAt: string | null
}

interface TasksState extends TasksSnapshot {
  load: () => Promise<void>
  /** Claim a completed task; the answer carries the toast text. Rejects with the ApiError. */
  claim: typeof claimTask
  /** Report a behaviour (core use, guide read …); the tasks it moved follow its answer. */
  report: typeof reportEvent
}

function merge(list: TaskView[] | null, updated: TaskView[]): TaskView[] | null {
  if (!list) return list
  const byId = new Map(updated.map((t) => [t.id, t]))
  return list.map((t) => byId.get(t.id) ?? t)
}

/** `GET /tasks`: daily, growth and newcomer tasks with progress. */
export const tasksView = defineView({
  name: 'tasks',
  tags: ['tasks'],
  key: () => ['tasks'],
  fetch: () => api.tasks(),
  apply: (res) => useTasksStore.setState({ tasks: res.tasks, savedAt: nowIso() }),
})

export const claimTask = defineAction({
  name: 'tasks.claim',
  key: ['tasks', 'claim'],
  // The reward's points count as growth; a claim can also earn a card, leaderboard points and a tier (campaigns open to it).
  changes: ['growth', 'tasks', 'campaigns'],
  answers: ['balance'],
  run: async (taskId: string) => {
    const res = await api.claimTask(taskId)
    useTasksStore.setState((s) => ({ tasks: merge(s.tasks, [res.task]) }))
    return res
  },
})

export const reportEvent = defineAction({
  name: 'tasks.report',
  key: ['tasks', 'event'],
  // What it earns counts as growth; a card of a collect-cards campaign may come with it.
  changes: ['growth'],
  answers: ['balance', 'tasks'],
  run: async (type: BehaviourEventType, ref?: string) => {
    const res = await api.event({ type, ref })
    useTasksStore.setState((s) => ({ tasks: merge(s.tasks, res.tasks) }))
    return res
  },
})

/**
 * Reports a behaviour in passing (reading the guide, looking at a product, paying): nothing waits for it and a
 * failure is not the member's concern — the behaviour simply does not count. Its error, if any, stays in the
 * request state of ['tasks', 'event'] like every action's.
 */
export function recordBehaviour(type: BehaviourEventType, ref?: string): void {
  reportEvent(type, ref).then(
    () => undefined,
    () => undefined,
  )
}

export const useTasksStore = create<TasksState>()(
  persist(
    (): TasksState => ({
      tasks: null,
      savedAt: null,
      load: () => tasksView.load(),
      claim: claimTask,
      report: reportEvent,
    }),
    snapshotOptions('tasks', (s): TasksSnapshot => ({ tasks: s.tasks, savedAt: s.savedAt })),
  ),
)
