import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import type { FreeServiceWire, MemberMe } from '@/api/contract'
import { useState } from 'react'
import { announceOrderPaid } from '@/components/mall/order-paid'
import { AsyncView } from '@/components/ui/async-view'
import { definePage } from '@/components/ui/page-shell'
import { Section } from '@/components/ui/section'
import { durationWords } from '@/domain/benefit-words'
import { requirementWords } from '@/components/member/tier-metrics'
import { businessDateOf } from '@/domain/calendar'
import { campaignTaskDoubleWords } from '@/domain/benefit-words'
import { freeServiceOf, paidPlanOffer, type PaidPlan, type PaidPlanOffer, type TierDefinition, type TierRules } from '@/domain/tiers'
import { useAction } from '@/hooks/use-action'
import { useSessionLoad } from '@/hooks/use-session-load'
import { appNow } from '@/platform/clock'
import { CONFIG_KEY, PAYMENTS_CLOSED_WORDS, useConfigStore, usePaymentsOpen } from '@/stores/config'
import { memberView, useMemberStore } from '@/stores/member'
import { useSessionStore } from '@/stores/session'
import { claimFreeService } from '@/stores/member-actions'
import { buyPlan } from '@/stores/orders'
import { useRequest } from '@/stores/request'
import { confirm, toast } from '@/utils/feedback'
import { go } from '@/utils/routes'
import { formatDate, formatFen } from '@/utils/format'
import './index.scss'

function requirementText(t: TierDefinition): string {
  return t.requirements.length ? t.requirements.map((r) => requirementWords(r.metric, r.min)).join('\n且') : '注册即享'
}

/**
 * The tier table. The free service and the campaign-task boost are named as the tiers' benefit lines name them
 * (src/domain/benefit-words.ts): one benefit, one name.
 */
function rowsOf(tiers: TierRules, memberDoublePercent: number | undefined): { label: string; value: (t: TierDefinition) => string }[] {
  return [
    { label: '升级条件', value: requirementText },
    { label: '消费折扣', value: (t) => (t.discountPercent < 100 ? `${t.discountPercent / 10}折` : '—') },
    { label: freeServiceOf(tiers).name, value: (t) => (t.freeServicesPerMonth ? `${t.freeServicesPerMonth} 次` : '—') },
    { label: '签到基础积分', value: (t) => `${t.signinBasePoints}` },
    { label: '抽奖中奖加成', value: (t) => (t.lotteryWeightPercent > 100 ? `×${t.lotteryWeightPercent / 100}` : '—') },
    { label: '活动优先参与', value: (t) => (t.earlyAccessMinutes ? `提前 ${durationWords(t.earlyAccessMinutes)}` : '—') },
    { label: campaignTaskDoubleWords(memberDoublePercent), value: (t) => (t.campaignTaskDoublePoints ? '✓' : '—') },
  ]
}

interface PlanWords {
  /** Under the plan's name, when buying it is not simply "this tier from today". */
  note: string | null
  /** The purchase dialog's text before "开通后不支持退款。"; null: the plan is not offered (the backend would refuse it). */
  dialog: string | null
}

/**
 * What a member is told about a plan before paying — from the rule that decides the purchase (`paidPlanOffer`),
 * so the page never offers what the backend refuses, and a renewal says until when instead of "nothing".
 */
function planWords(plan: PaidPlan, offer: PaidPlanOffer, tiers: TierRules, me: Pick<MemberMe, 'tier' | 'earnedTier'> | null): PlanWords {
  const nameOf = (id: string) => tiers.levels.find((l) => l.id === id)?.name ?? ''
  const planTier = tiers.levels.find((l) => l.id === plan.tierId)
  const price = `${plan.name} ${formatFen(plan.priceFen)}`
  if (offer.kind === 'refused') {
    return { note: `你已是付费${nameOf(offer.activeTierId)}（有效期至 ${formatDate(offer.activeUntil)}），无需开通`, dialog: null }
  }
  const until = formatDate(offer.until)
  const renewal = offer.kind === 'extends' && offer.activeTierId === plan.tierId
  // The tier the member holds without a paid plan (earned, granted): a plan at or below it adds nothing — a new
  // plan, a renewal or a plan above the one held alike.
  const held = me && (me.tier.source === 'paid' ? { name: me.earnedTier.name, rank: tiers.levels.find((l) => l.id === me.earnedTier.id)?.rank ?? 0 } : me.tier)
  if (held && planTier && held.rank >= planTier.rank) {
    return { note: `你已享受${held.name}权益，开通不会提升等级`, dialog: `你当前已是${held.name}，${renewal ? '续期' : '开通'}${plan.name}不会提升等级（有效期至 ${until}）。` }
  }
  if (offer.kind === 'extends') {
    return {
      note: renewal ? `开通后续期至 ${until}` : `开通后升级为${planTier?.name}，有效期至 ${until}`,
      dialog: renewal ? `${price}，在当前付费会员到期后续期 ${plan.months} 个月，有效期至 ${until}。` : `${price}，立即升级为${planTier?.name}，有效期至 ${until}。`,
    }
  }
  return { note: null, dialog: `${price}，有效期至 ${until}，期间至少享受${planTier?.name}权益。` }
}

/** What is left of this month's free services, or which tier brings them. */
function freeServiceWords(fs: FreeServiceWire, tierName: string, tiers: TierRules): string {
  if (fs.perMonth === 0) {
    const first = tiers.levels.find((l) => l.freeServicesPerMonth > 0)
    return first ? `${tierName}暂无${fs.name}，升级${first.name}即可享受` : `${tierName}暂无${fs.name}`
  }
  return fs.left > 0 ? `本月剩余 ${fs.left} / ${fs.perMonth} 次，领取后 ${formatDate(fs.validTo)} 前到店使用` : `本月 ${fs.perMonth} 次已领完，下月 1 日恢复`
}

function BenefitsPage() {
  const config = useConfigStore((s) => s.config)
  const configRequest = useRequest(CONFIG_KEY)
  const memberRequest = useRequest(memberView.key())
  // Before consent the tier table is shown on its own; after it, the page needs where the member stands in it too:
  // either load failing with nothing to show is the page's error, with its retry.
  const withMember = useSessionStore((s) => s.consent) === 'accepted'
  const request = configRequest.status === 'error' || !withMember ? configRequest : memberRequest
  const me = useMemberStore((s) => s.me)
  // When the member's standing shown under the banner was fetched (the tier table is the rules': no time of its own).
  const savedAt = useMemberStore((s) => s.savedAt)
  const paying = useAction(buyPlan)
  const claiming = useAction(claimFreeService)
  const claim = () =>
    claiming.run(
      () => claimFreeService(),
      () => {
        toast('已领取，到店出示核销码即可使用')
        go('redemptions')
      },
    )
  const [payingPlanId, setPayingPlanId] = useState<string | null>(null)
  const load = () => Promise.all([useConfigStore.getState().load(), useMemberStore.getState().load()])
  useSessionLoad(load)

  const tiers = config?.rules.tiers
  const today = config ? businessDateOf(appNow(), config.rules.calendar) : null
  const paymentsOpen = usePaymentsOpen()
  // Nothing is sold by a backend that takes no payment: every plan says so instead of opening a cashier that would fail.
  const wordsOf = (plan: PaidPlan): PlanWords =>
    !paymentsOpen
      ? { note: PAYMENTS_CLOSED_WORDS, dialog: null }
      : tiers && today
        ? planWords(plan, paidPlanOffer(me?.paid ?? undefined, plan, today, tiers), tiers, me)
        : { note: null, dialog: null }
  const buy = (plan: PaidPlan, dialog: string) =>
    paying.run(
      async () => {
        setPayingPlanId(plan.id)
        try {
          const ok = await confirm('开通付费会员', `${dialog}开通后不支持退款。`, '去支付')
          return ok ? await buyPlan(plan.id) : undefined
        } finally {
          setPayingPlanId(null)
        }
      },
      (res) => {
        if (res) announceOrderPaid(res)
        else if (res === null) toast('已取消支付')
      },
    )

  return (
    <>
      <AsyncView request={request} hasData={!!tiers && (!!me || !withMember)} savedAt={withMember ? savedAt : null} onRetry={load}>
        {tiers ? (
          <View>
            {me ? (
              <View className='benefits-me' id='benefits-current'>
                <Text>
                  当前等级：<Text className='benefits-me__tier'>{me.tier.name}</Text>
                </Text>
                {me.progress.words.map((w) => (
                  <Text key={w} className='muted'>
                    {w}
                  </Text>
                ))}
                <Text className='muted' id='tier-window'>
                  {`成长值、消费等按近 ${tiers.retentionMonths} 个月计算，更早的记录会移出统计`}
                </Text>
              </View>
            ) : null}
            {me ? (
              <View className='free-service' id='free-service'>
                <View className='free-service__main'>
                  <Text className='free-service__name'>{me.freeServices.name}</Text>
                  <Text className='muted'>{me.freeServices.description}</Text>
                  <Text className='muted' id='free-service-left'>
                    {freeServiceWords(me.freeServices, me.tier.name, tiers)}
                  </Text>
                </View>
                <Button
                  id='claim-free-service'
                  className={`btn btn--small ${me.freeServices.left > 0 ? 'btn--primary' : 'btn--disabled'}`}
                  hoverClass={me.freeServices.left > 0 ? 'pressed' : 'none'}
                  disabled={claiming.busy || me.freeServices.left === 0}
                  loading={claiming.busy}
                  onClick={claim}
                >
                  领取
                </Button>
              </View>
            ) : null}
            <View className='tier-table' id='tier-table'>
              <View className='tier-table__row tier-table__row--head'>
                <Text className='tier-table__label' />
                {tiers.levels.map((t) => (
                  <Text key={t.id} className={`tier-table__cell tier-table__head ${me?.tier.id === t.id ? 'tier-table__cell--current' : ''}`}>
                    {t.name.replace('会员', '')}
                  </Text>
                ))}
              </View>
              {rowsOf(tiers, config?.rules.tasks.memberDoublePercent).map((row) => (
                <View key={row.label} className='tier-table__row'>
                  <Text className='tier-table__label'>{row.label}</Text>
                  {tiers.levels.map((t) => (
                    <Text key={t.id} className={`tier-table__cell ${me?.tier.id === t.id ? 'tier-table__cell--current' : ''}`}>
                      {row.value(t)}
                    </Text>
                  ))}
                </View>
              ))}
            </View>
            <Section title='专属权益'>
              {tiers.levels.map((t) => (
                <View key={t.id} className='tier-benefits'>
                  <Text className='tier-benefits__name'>{t.name}</Text>
                  <Text className='muted'>{t.benefits.join('、')}</Text>
                </View>
              ))}
            </Section>
            <Section title='付费会员' id='paid-plans'>
              <Text className='muted'>开通后立即享受对应等级权益，到期后回到你自己获得的等级。开通后不支持退款。</Text>
              {tiers.paidPlans.map((plan) => {
                const tierName = tiers.levels.find((l) => l.id === plan.tierId)?.name ?? ''
                const { note, dialog } = wordsOf(plan)
                return (
                  <View key={plan.id} className='plan' id={`plan-${plan.id}`}>
                    <View className='plan__main'>
                      <Text className='plan__name'>{plan.name}</Text>
                      <Text className='muted'>
                        {plan.months} 个月 · 至少享受{tierName}权益
                      </Text>
                      {note ? (
                        <Text className='muted' id={`plan-note-${plan.id}`}>
                          {note}
                        </Text>
                      ) : null}
                    </View>
                    <Text className='plan__price'>{formatFen(plan.priceFen)}</Text>
                    <Button
                      id={`buy-${plan.id}`}
                      className={`btn btn--small ${dialog ? 'btn--primary' : 'btn--disabled'}`}
                      hoverClass={dialog ? 'pressed' : 'none'}
                      disabled={paying.busy || !dialog}
                      loading={payingPlanId === plan.id}
                      onClick={() => dialog && buy(plan, dialog)}
                    >
                      开通
                    </Button>
                  </View>
                )
              })}
              {me?.paid ? (
                <Text className='plan__active' id='paid-active'>
                  付费会员有效期至 {formatDate(me.paid.until)}
                </Text>
              ) : null}
            </Section>
          </View>
        ) : null}
      </AsyncView>
    </>
  )
}

export default definePage('page-benefits', BenefitsPage)
