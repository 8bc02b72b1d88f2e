import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { TaskView } from '@/api/contract'
import { CampaignCard } from '@/components/campaigns/campaign-card'
import { openCampaign } from '@/components/campaigns/open-campaign'
import { TaskList } from '@/components/tasks/task-list'
import { AsyncView } from '@/components/ui/async-view'
import { EmptyState } from '@/components/ui/state-views'
import { PageShell } from '@/components/ui/page-shell'
import { Section } from '@/components/ui/section'
import { useSessionLoad } from '@/hooks/use-session-load'
import { useCampaignsStore } from '@/stores/campaigns'
import { useTasksStore } from '@/stores/tasks'
import { toast, toastError } from '@/utils/feedback'
import { go, taskActionRoute } from '@/utils/routes'

/** 热门活动 shows this many; setData stays small. */
const HOT_MAX = 3

export default function TasksPage() {
  const tasks = useTasksStore((s) => s.tasks)
  const request = useTasksStore((s) => s.requests.load)
  const savedAt = useTasksStore((s) => s.savedAt)
  const [claimingId, setClaimingId] = useState<string | null>(null)
  const campaigns = useCampaignsStore((s) => s.campaigns)

  const load = () => Promise.all([useTasksStore.getState().load(), useCampaignsStore.getState().loadList()])
  useSessionLoad(load)

  // Running ones (early access included) and the next to open; the full list is one tap away.
  const hot = (campaigns ?? []).filter((c) => c.status !== 'ended').slice(0, HOT_MAX)

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
          {hot.length > 0 ? (
            <Section
              title='热门活动'
              id='hot-campaigns'
              extra={
                <Text id='hot-campaigns-all' onClick={() => go('campaigns')}>
                  全部活动 ›
                </Text>
              }
            >
              {hot.map((c) => (
                <CampaignCard key={c.id} campaign={c} compact onOpen={openCampaign} />
              ))}
            </Section>
          ) : null}
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
