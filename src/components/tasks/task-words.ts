import type { TaskView } from '@/api/contract'

/**
 * Tasks that count by themselves — nothing to go and do but come back. The `home` action ("累计使用 10 天", one
 * day's first open at a time) would take its 去完成 to 首页 only: such a task shows how it counts instead, and no
 * button until it can be claimed.
 */
const PASSIVE_HINTS: Record<string, string> = { home: '每天打开即可累计' }

/** How a task still to do counts by itself ("每天打开即可累计"), or null when 去完成 leads where it is done. */
export function passiveTaskHint(task: Pick<TaskView, 'action' | 'status'>): string | null {
  return task.status === 'todo' ? (PASSIVE_HINTS[task.action] ?? null) : null
}
