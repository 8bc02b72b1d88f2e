import { tierFieldsDeciding } from '@/domain/rules-versions'
import type { TierDefinition } from '@/domain/tiers'
import type { PaidPlan } from '@/domain/tiers'
import { Typography } from 'antd'
import { F, Grid, ListBlock, nextId, useFields } from './fields'
import { useLockedCampaigns } from './locked-campaigns'
import { METRIC_OPTIONS, tierOptions } from './options'

export function TiersSection() {
  const { draft } = useFields()
  // The tiers' fields the running campaigns depend on, as the server locks them (tierFieldsDeciding), named by campaign.
  const running = useLockedCampaigns()
  const deciding = (field: keyof ReturnType<typeof tierFieldsDeciding>) => running.filter((c) => tierFieldsDeciding(c)[field]).map((c) => c.name)
  const lotteries = deciding('lotteryWeight')
  const byTier = deciding('rankAndRequirements')
  const early = deciding('earlyAccess')
  return (
    <>
      <Grid>
        <F path="tiers.retentionMonths" label="等级有效期" type="int" min={1} unit="个月" help="到期按近期指标重新评定" />
        <F path="tiers.maxDropOnReevaluation" label="重新评定最多降级" type="int" min={0} unit="级" />
        <F path="tiers.freeService.name" label="每月免费服务名称" optional help="会员在「会员权益」领取核销码，到店使用；未填写时为「会员月度免费饮品」" />
        <F path="tiers.freeService.description" label="每月免费服务说明" help="会员可见，最多 60 字" />
      </Grid>
      <ListBlock<TierDefinition>
        path="tiers.levels"
        title="等级（按排名从低到高）"
        ordered
        minItems={1}
        fixed={byTier.length > 0}
        addLabel="添加等级"
        itemTitle={(t) => `${t.name || '未命名'} · 排名 ${t.rank}`}
        make={(items) => ({
          ...items[items.length - 1],
          id: nextId('tier', items.map((t) => t.id)),
          name: '新等级',
          rank: Math.max(-1, ...items.map((t) => t.rank)) + 1,
          requirements: [{ metric: 'growth', min: 0 }],
          benefits: [],
        })}
        render={(i, p) => (
          <>
            <Grid>
              <F path={`${p}.id`} label="等级 ID" help="被活动、付费方案引用，慎改" disabled={byTier.length > 0} />
              <F path={`${p}.name`} label="名称" />
              <F path={`${p}.rank`} label="排名" type="int" min={0} disabled={byTier.length > 0} help={byTier.length > 0 ? `活动「${byTier.join('、')}」进行中：等级决定会员的中奖权重或参与资格，修改排名需管理员操作` : undefined} />
              <F path={`${p}.discountPercent`} label="消费折扣" type="int" min={1} max={100} unit="%" help="100 = 不打折，95 = 9.5折" />
              <F path={`${p}.freeServicesPerMonth`} label="每月免费服务" type="int" min={0} unit="次" />
              <F path={`${p}.signinBasePoints`} label="签到基础积分" type="int" min={0} unit="积分" />
              <F
                path={`${p}.lotteryWeightPercent`}
                label="抽奖中奖权重"
                type="int"
                min={1}
                unit="%"
                disabled={lotteries.length > 0}
                help={lotteries.length > 0 ? `抽奖「${lotteries.join('、')}」进行中：修改中奖权重需管理员操作` : '120 = 非空奖品权重 ×1.2'}
              />
              <F
                path={`${p}.earlyAccessMinutes`}
                label="优先参与活动"
                type="int"
                min={0}
                unit="分钟"
                disabled={early.length > 0}
                help={early.length > 0 ? `优先活动「${early.join('、')}」进行中：修改提前时间需管理员操作` : undefined}
              />
              <F path={`${p}.campaignTaskDoublePoints`} label="活动任务积分翻倍" type="bool" />
              <F path={`${p}.benefits`} label="权益说明（会员可见）" type="tags" wide />
            </Grid>
            <ListBlock<{ metric: string; min: number }>
              path={`${p}.requirements`}
              title={i === 0 ? undefined : <Typography.Text>升级条件（全部满足）{byTier.length > 0 ? `：活动「${byTier.join('、')}」进行中，修改需管理员操作` : ''}</Typography.Text>}
              fixed={byTier.length > 0}
              addLabel="添加条件"
              itemTitle={(_, j) => `条件 ${j + 1}`}
              make={() => ({ metric: 'growth', min: 0 })}
              render={(_, rp) => (
                <Grid>
                  <F path={`${rp}.metric`} label="指标" type="select" options={METRIC_OPTIONS} disabled={byTier.length > 0} />
                  <F path={`${rp}.min`} label="至少" type="int" min={0} disabled={byTier.length > 0} />
                </Grid>
              )}
            />
          </>
        )}
      />
      <ListBlock<PaidPlan>
        path="tiers.paidPlans"
        title="付费会员方案"
        addLabel="添加方案"
        itemTitle={(pl) => pl.name || '未命名方案'}
        make={(items) => ({ id: nextId('plan', items.map((x) => x.id)), name: '新方案', priceFen: 1000, months: 1, tierId: draft.tiers.levels[1]?.id ?? draft.tiers.levels[0]?.id })}
        render={(_, p) => (
          <Grid>
            <F path={`${p}.id`} label="方案 ID" />
            <F path={`${p}.name`} label="名称" />
            <F path={`${p}.priceFen`} label="价格" type="int" min={1} unit="分" />
            <F path={`${p}.months`} label="时长" type="int" min={1} unit="个月" />
            <F path={`${p}.tierId`} label="期间至少享有等级" type="select" options={tierOptions(draft)} />
          </Grid>
        )}
      />
    </>
  )
}
