import { View } from '@tarojs/components'
import { useState } from 'react'
import type { TaskView } from '@/api/contract'
import { TaskList } from '@/components/tasks/task-list'
import { AsyncView } from '@/components/ui/async-view'
import { EmptyState } from '@/components/ui/state-views'
import { PageShell } from '@/components/ui/page-shell'
import { useSessionLoad } from '@/hooks/use-session-load'
import { useTasksStore } from '@/stores/tasks'
import { toast, toastError } from '@/utils/feedback'
import { go, taskActionRoute } from '@/utils/routes'

export default function TasksPage() {
  const tasks = useTasksStore((s) => s.tasks)
  const request = useTasksStore((s) => s.requests.load)
  const savedAt = useTasksStore((s) => s.savedAt)
  const [claimingId, setClaimingId] = useState<string | null>(null)

  const load = () => useTasksStore.getState().load()
  useSessionLoad(load)

  const claim = async (task: TaskView) => {
    setClaimingId(task.id)
    try {
      const res = await useTasksStore.getState().claim(task.id)
      toast(res.toast)
    } catch (e) {
      toastError(e)
      void load()
    } finally {
      setClaimingId(null)
    }
  }

  return (
    <PageShell id='page-tasks'>
      <AsyncView request={request} hasData={!!tasks} savedAt={savedAt} onRetry={load}>
        <View>
          {tasks && tasks.length > 0 ? (
            <TaskList tasks={tasks} claimingId={claimingId} onClaim={claim} onGo={(t) => go(taskActionRoute(t.action))} />
          ) : (
            <EmptyState title='暂时没有任务' hint='稍后再来看看吧' />
          )}
        </View>
      </AsyncView>
    </PageShell>
  )
}
