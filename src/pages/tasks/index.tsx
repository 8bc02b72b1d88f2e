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
import { businessDateOf } from '@/domain/calendar'
import { claimCapNotice } from '@/domain/tasks'
import { useAction } from '@/hooks/use-action'
import { useSessionLoad } from '@/hooks/use-session-load'
import { appNow } from '@/platform/clock'
import { useCampaignsStore } from '@/stores/campaigns'
import { useConfigStore } from '@/stores/config'
import { usePointsStore } from '@/stores/points'
import { useRequest } from '@/stores/request'
import { claimTask, tasksView, useTasksStore } from '@/stores/tasks'
import { confirm, toast } from '@/utils/feedback'
import { go, taskActionRoute } from '@/utils/routes'
import { a11yRole } from '@/components/ui/a11y'

/** 热门活动 shows this many; setData stays small. */
const HOT_MAX = 3

/** What the caps would take off a task's reward, as the points summary last told them (none before it is loaded). */
function capNotice(task: TaskView) {
  const caps = usePointsStore.getState().summary?.caps
  const rules = useConfigStore.getState().config?.rules
  if (!caps || !rules) return null
  return claimCapNotice(task, caps, businessDateOf(appNow(), rules.calendar), rules.points.grantSources.task?.capped ?? false)
}

function TasksPage() {
  const tasks = useTasksStore((s) => s.tasks)
  const request = useRequest(tasksView.key())
  const savedAt = useTasksStore((s) => s.savedAt)
  const [claimingId, setClaimingId] = useState<string | null>(null)
  const campaigns = useCampaignsStore((s) => s.campaigns)
  const memberDoublePercent = useConfigStore((s) => s.config?.rules.tasks.memberDoublePercent)

  // The points summary and the rules too: whether a claim would be cut (capNotice).
  const load = () =>
    Promise.all([useTasksStore.getState().load(), useCampaignsStore.getState().loadList(), usePointsStore.getState().loadSummary(), useConfigStore.getState().load()])
  useSessionLoad(load)

  // Running ones (early access included) and the next to open; the full list is one tap away.
  const hot = (campaigns ?? []).filter((c) => c.status !== 'ended').slice(0, HOT_MAX)

  const claiming = useAction(claimTask)
  const claim = (task: TaskView) =>
    claiming.run(
      async () => {
        setClaimingId(task.id)
        try {
          // A reward the points cap would cut today, of a task that keeps: the member may come back for all of it.
          const notice = capNotice(task)
          if (notice && !(await confirm(notice.title, notice.content, notice.now, notice.later))) return null
          return await claimTask(task.id)
        } finally {
          setClaimingId(null)
        }
      },
      (res) => res && toast(res.toast),
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
