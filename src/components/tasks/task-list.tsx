import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import type { TaskView } from '@/api/contract'
import { ProgressBar } from '@/components/ui/progress-bar'
import { campaignTaskDoubleWords } from '@/domain/benefit-words'
import { formatDate } from '@/utils/format'
import { passiveTaskHint } from './task-words'
import './task-list.scss'

const GROUPS: { kind: TaskView['kind']; title: string }[] = [
  { kind: 'newcomer', title: '新人任务' },
  { kind: 'daily', title: '每日任务' },
  { kind: 'campaign', title: '活动任务' },
  { kind: 'growth', title: '成长任务' },
]

const BUTTON: Record<TaskView['status'], string> = { todo: '去完成', claimable: '领取', claimed: '已领取', expired: '已过期' }

export interface TaskListProps {
  tasks: TaskView[]
  /** The task whose claim is under way (its button shows loading; the other claims wait). */
  claimingId: string | null
  onGo: (task: TaskView) => void
  onClaim: (task: TaskView) => void
  /** The rules' `tasks.memberDoublePercent` (what a doubled task's mark says); 200 until the rules are loaded. */
  memberDoublePercent?: number
}

/**
 * Daily / growth / newcomer / campaign tasks with progress ("已完成 0/1"), go and claim buttons. A task that counts by
 * itself (task-words.ts) says how instead of a 去完成; a task the member's tier raised is marked with that benefit's
 * name (the one the 会员权益 page uses).
 */
export function TaskList({ tasks, claimingId, onGo, onClaim, memberDoublePercent }: TaskListProps) {
  return (
    <View className='task-list' id='task-list'>
      {GROUPS.map(({ kind, title }) => {
        const group = tasks.filter((t) => t.kind === kind)
        if (group.length === 0) return null
        return (
          <View key={kind} className='task-group' id={`task-group-${kind}`}>
            <Text className='task-group__title'>{title}</Text>
            {group.map((t) => {
              const hint = passiveTaskHint(t)
              return (
                <View key={t.id} className='task' id={`task-${t.id}`}>
                  <View className='task__main'>
                    <Text className='task__title'>{t.title}</Text>
                    <Text className='task__reward'>
                      {t.rewardText}
                      {t.doubled ? ` · ${campaignTaskDoubleWords(memberDoublePercent)}` : ''}
                    </Text>
                    <View className='task__progress'>
                      <ProgressBar label={`${t.title}进度`} fraction={t.goal ? t.progress / t.goal : 0} />
                      <Text className='muted task__progress-text'>{t.progressText}</Text>
                    </View>
                    {hint ? (
                      <Text className='muted' id={`task-hint-${t.id}`}>
                        {hint}
                      </Text>
                    ) : null}
                    {t.availableUntil && t.status !== 'claimed' ? <Text className='muted'>截止 {formatDate(t.availableUntil)}</Text> : null}
                  </View>
                  {hint ? null : (
                    <Button
                      id={`task-button-${t.id}`}
                      className={`btn btn--small ${t.status === 'claimable' ? 'btn--primary' : t.status === 'todo' ? 'btn--ghost' : 'btn--disabled'}`}
                      hoverClass='pressed'
                      disabled={t.status === 'claimed' || t.status === 'expired' || (t.status === 'claimable' && claimingId !== null)}
                      loading={claimingId === t.id}
                      onClick={() => (t.status === 'claimable' ? onClaim(t) : t.status === 'todo' ? onGo(t) : undefined)}
                    >
                      {BUTTON[t.status]}
                    </Button>
                  )}
                </View>
              )
            })}
          </View>
        )
      })}
    </View>
  )
}
