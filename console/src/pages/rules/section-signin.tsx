import type { SigninBonus } from '@/domain/signin'
import { F, Grid, ListBlock, useFields } from './fields'
import { couponOptions, taskOptions } from './options'

export function SigninSection() {
  const { draft } = useFields()
  return (
    <>
      <Grid>
        <F path="signin.cycleDays" label="连签周期" type="int" min={1} unit="天" help="满一个周期后从第 1 天重新计算" />
        <F path="signin.makeup.costPoints" label="补签每天消耗" type="int" min={0} unit="积分" />
        <F path="signin.makeup.maxPerMonth" label="每月最多补签" type="int" min={0} unit="次" />
        <F path="signin.followUpTasks" label="签到后推荐任务" type="multi" options={taskOptions(draft)} help="1–2 个" wide />
      </Grid>
      <ListBlock<SigninBonus>
        path="signin.bonuses"
        title="连签奖励"
        addLabel="添加连签奖励"
        itemTitle={(b) => `连续签到第 ${b.day} 天`}
        make={(items) => ({ day: Math.min(draft.signin.cycleDays, Math.max(0, ...items.map((b) => b.day)) + 1), points: 10 })}
        render={(_, p) => (
          <Grid>
            <F path={`${p}.day`} label="周期第几天" type="int" min={1} max={draft.signin.cycleDays} />
            <F path={`${p}.points`} label="额外积分" type="int" min={0} unit="积分" />
            <F path={`${p}.couponTemplateId`} label="并发放优惠券" type="select" optional options={couponOptions(draft)} />
          </Grid>
        )}
      />
    </>
  )
}
