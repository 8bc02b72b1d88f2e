import type { CouponTemplate } from '@/domain/coupons'
import { templatesOfCampaigns } from '@/domain/rules-versions'
import { Alert } from 'antd'
import { F, Grid, ListBlock, nextId, useFields } from './fields'
import { useLockedCampaigns } from './locked-campaigns'
import { COUPON_KIND_LABELS, COUPON_KIND_OPTIONS, COUPON_SOURCE_OPTIONS } from './options'

export function CouponsSection() {
  const { draft } = useFields()
  // A running campaign's coupon prize keeps its terms (useLockedCampaigns); everyone may still rename it.
  const lockedBy = templatesOfCampaigns(useLockedCampaigns())
  return (
    <>
      <Grid>
        <F path="coupons.expiringSoonDays" label="即将过期提醒" type="int" min={0} unit="天内" />
      </Grid>
      <ListBlock<CouponTemplate>
        path="coupons.templates"
        title="优惠券模板"
        addLabel="添加模板"
        itemTitle={(t) => `${t.name || '未命名'} · ${COUPON_KIND_LABELS[t.kind] ?? t.kind}`}
        make={(items) => ({ id: nextId('coupon', items.map((t) => t.id)), name: '新优惠券', kind: 'no_threshold', offFen: 500, validity: { kind: 'days', days: 7 }, source: 'campaign' })}
        render={(i, p) => {
          const t = draft.coupons.templates[i]
          const campaigns = t ? lockedBy.get(t.id) : undefined
          const locked = Boolean(campaigns)
          return (
            <>
              {campaigns ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`活动「${campaigns.join('、')}」进行中，以本券为奖品：券面规则只有管理员可以修改，名称仍可修改。`} /> : null}
              <Grid>
                <F path={`${p}.id`} label="模板 ID" help="被签到、任务、活动引用，慎改" disabled={locked} />
                <F path={`${p}.name`} label="名称（会员可见）" />
                <F path={`${p}.kind`} label="类型" type="select" options={COUPON_KIND_OPTIONS} disabled={locked} />
                <F path={`${p}.source`} label="来源" type="select" options={COUPON_SOURCE_OPTIONS} disabled={locked} />
                {t?.kind !== 'discount' ? <F path={`${p}.offFen`} label="减免金额" type="int" min={1} unit="分" disabled={locked} /> : null}
                {t?.kind !== 'no_threshold' ? <F path={`${p}.minSpendFen`} label="使用门槛" type="int" min={0} unit="分" optional={t?.kind === 'discount'} disabled={locked} /> : null}
                {t?.kind === 'discount' ? <F path={`${p}.percent`} label="折扣（实付比例）" type="int" min={1} max={99} unit="%" help="90 = 9折" disabled={locked} /> : null}
                {t?.kind === 'discount' ? <F path={`${p}.maxOffFen`} label="最多减免" type="int" min={1} unit="分" optional disabled={locked} /> : null}
                <F
                  path={`${p}.validity.kind`}
                  label="有效期方式"
                  type="select"
                  options={[
                    { value: 'days', label: '领取后 N 天' },
                    { value: 'fixed', label: '固定日期' },
                  ]}
                  disabled={locked}
                />
                {t?.validity?.kind === 'fixed' ? (
                  <>
                    <F path={`${p}.validity.from`} label="开始日期" type="date" disabled={locked} />
                    <F path={`${p}.validity.to`} label="结束日期" type="date" disabled={locked} />
                  </>
                ) : (
                  <F path={`${p}.validity.days`} label="有效天数" type="int" min={1} unit="天" disabled={locked} />
                )}
              </Grid>
            </>
          )
        }}
      />
    </>
  )
}
