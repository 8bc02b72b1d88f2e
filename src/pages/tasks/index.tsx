import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { TaskView } from '@/api/contract'
import { CampaignCard } from '@/components/campaigns/campaign-card'
import { openCampaign } from '@/components/campaigns/open-campaign'
import { TaskList } from '@/components/tasks/task-list'
import { AsyncView } from '@/components/ui/async-view'
import { EmptyState } from '@/components/ui/state-views'
import { definePage } from '@/components/ui/page-shell'
import { Section } from '@/components/ui/section'
import { useAction } from '@/hooks/use-action'
import { useSessionLoad } from '@/hooks/use-session-load'
import { useCampaignsStore } from '@/stores/campaigns'
import { useConfigStore } from '@/stores/config'
import { useRequest } from '@/stores/request'
import { claimTask, tasksView, useTasksStore } from '@/stores/tasks'
import { toast } from '@/utils/feedback'
import { go, taskActionRoute } from '@/utils/routes'
import { a11yRole } from '@/components/ui/a11y'

/** 热门活动 shows this many; setData stays small. */
const HOT_MAX = 3

function TasksPage() {
  const tasks = useTasksStore((s) => s.tasks)
  const request = useRequest(tasksView.key())
  const savedAt = useTasksStore((s) => s.savedAt)
  const [claimingId, setClaimingId] = useState<string | null>(null)
  const campaigns = useCampaignsStore((s) => s.campaigns)
  const memberDoublePercent = useConfigStore((s) => s.config?.rules.tasks.memberDoublePercent)

  const load = () => Promise.all([useTasksStore.getState().load(), useCampaignsStore.getState().loadList()])
  useSessionLoad(load)

  // Running ones (early access included) and the next to open; the full list is one tap away.
  const hot = (campaigns ?? []).filter((c) => c.status !== 'ended').slice(0, HOT_MAX)

  const claiming = useAction(claimTask)
  const claim = (task: TaskView) =>
    claiming.run(
      async () => {
        setClaimingId(task.id)
        try {
          return await claimTask(task.id)
        } finally {
          setClaimingId(null)
        }
      },
      (res) => toast(res.toast),
    )

  return (
    <>
      <AsyncView request={request} hasData={!!tasks} savedAt={savedAt} onRetry={load}>
        <View>
          {hot.length > 0 ? (
            <Section
              title='热门活动'
              id='hot-campaigns'
              extra={
                <Text id='hot-campaigns-all' onClick={() => go('campaigns')} {...a11yRole('link', true)}>
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
            <TaskList
              tasks={tasks}
              claimingId={claimingId}
              memberDoublePercent={memberDoublePercent}
              onClaim={claim}
              onGo={(t) => go(taskActionRoute(t.action))}
            />
          ) : (
            <EmptyState title='暂时没有任务' hint='稍后再来看看吧' />
          )}
        </View>
      </AsyncView>
    </>
  )
}

export default definePage('page-tasks', TasksPage)
