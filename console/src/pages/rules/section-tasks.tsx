import type { TaskDefinition } from '@/domain/tasks'
import { F, Grid, ListBlock, nextId, useFields } from './fields'
import { campaignOptions, couponOptions, EVENT_OPTIONS, TASK_ACTION_OPTIONS, TASK_KIND_LABELS, TASK_KIND_OPTIONS } from './options'


export function TasksSection() {
  const { draft } = useFields()
  return (
    <>
      <Grid>
        <F path="tasks.newcomerDays" label="新人任务期" type="int" min={1} unit="天" help="须与“其他设置 › 新人期”一致" />
        <F path="tasks.memberDoublePercent" label="会员翻倍比例" type="int" min={100} unit="%" help="200 = 翻倍" />
      </Grid>
      <ListBlock<TaskDefinition>
        path="tasks.definitions"
        title="任务"
        addLabel="添加任务"
        itemTitle={(t) => `${TASK_KIND_LABELS[t.kind] ?? t.kind} · ${t.title || '未命名'}`}
        make={(items) => ({
          id: nextId('task', items.map((t) => t.id)),
          kind: 'daily',
          title: '新任务',
          goal: { eventType: 'core_use', count: 1 },
          reward: { points: 5 },
          action: 'home',
        })}
        render={(i, p) => {
          const kind = draft.tasks.definitions[i]?.kind
          return (
            <Grid>
              <F path={`${p}.id`} label="任务 ID" />
              <F path={`${p}.kind`} label="类型" type="select" options={TASK_KIND_OPTIONS} />
              <F path={`${p}.title`} label="标题（会员可见）" wide />
              <F path={`${p}.goal.eventType`} label="完成事件" type="select" options={EVENT_OPTIONS} />
              <F path={`${p}.goal.count`} label="需要次数" type="int" min={1} />
              <F path={`${p}.goal.distinctDays`} label="每天最多计 1 次" type="bool" optional />
              <F path={`${p}.goal.afterSignin`} label="当天签到后才计入" type="bool" optional />
              <F path={`${p}.reward.points`} label="奖励积分" type="int" min={0} unit="积分" />
              <F path={`${p}.reward.growth`} label="奖励成长值" type="int" min={0} optional placeholder="随积分" />
              <F path={`${p}.reward.couponTemplateId`} label="奖励优惠券" type="select" optional options={couponOptions(draft)} />
              <F path={`${p}.action`} label="“去完成”跳转" type="select" options={TASK_ACTION_OPTIONS} />
              <F path={`${p}.memberDouble`} label="会员积分翻倍" type="bool" optional />
              {kind === 'campaign' || draft.tasks.definitions[i]?.campaignId ? (
                <F path={`${p}.campaignId`} label="所属活动" type="select" optional options={campaignOptions(draft)} />
              ) : null}
            </Grid>
          )
        }}
      />
    </>
  )
}
