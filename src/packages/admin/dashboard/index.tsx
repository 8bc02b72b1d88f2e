import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import { useState } from 'react'
import type { MetricsResponse } from '@/api/contract'
import { ColumnChart, KpiGrid, PairedRateBars, RateBars } from '@/components/admin/charts'
import { AsyncView } from '@/components/ui/async-view'
import { definePage } from '@/components/ui/page-shell'
import { TextField } from '@/platform/ui'
import { Section } from '@/components/ui/section'
import { Segmented } from '@/components/ui/segmented'
import { EmptyState } from '@/components/ui/state-views'
import { useSessionLoad } from '@/hooks/use-session-load'
import { demoOperatorToken, METRICS_KEY, METRICS_RANGES, type MetricsRangeDays, useAdminStore } from '@/stores/admin'
import { useConfigStore } from '@/stores/config'
import { useRequest } from '@/stores/request'
import { formatDate, formatFen, formatFullDate } from '@/utils/format'
import { CAMPAIGNS_NOTE, liftWords, retentionNote, roiBasis, soFar } from '../metrics-words'
import './index.scss'
import { a11yRole } from '@/components/ui/a11y'

function Dashboard({ metrics, tierNames }: { metrics: MetricsResponse; tierNames: Record<string, string> }) {
  const { retention, completeThrough } = metrics
  const days = Object.keys(retention.member)
  const retentionWhyNot = retentionNote(metrics)
  return (
    <View>
      <Section title='核心指标' id='metrics-kpis'>
        <KpiGrid
          items={[
            { id: 'kpi-new-members', label: '新增会员', value: metrics.newMembers },
            { id: 'kpi-dau', label: 'DAU', value: metrics.dau, hint: `${formatDate(metrics.dauOn)}${soFar(metrics.dauOn, completeThrough)}` },
            { id: 'kpi-mau', label: 'MAU', value: metrics.mau },
            { id: 'kpi-dau-mau', label: 'DAU/MAU', value: metrics.dauMau.percent },
            { id: 'kpi-paid-rate', label: '付费会员率', value: metrics.paidMemberRate.percent, hint: `${metrics.paidMemberRate.numerator}/${metrics.paidMemberRate.denominator} 位会员` },
            { id: 'kpi-signin', label: '签到参与率', value: metrics.signinParticipation.percent },
            { id: 'kpi-benefit', label: '权益使用率', value: metrics.benefitUsage.percent },
            { id: 'kpi-roi', label: '整体 ROI', value: metrics.roi.display, hint: roiBasis(metrics.roi, formatFen) },
          ]}
        />
      </Section>
      <Section title='每日活跃用户' id='metrics-dau'>
        {/* Today is still under way: its bar says its figure is so far, and is drawn apart. */}
        <ColumnChart
          id='dau-chart'
          data={metrics.dailyActive.map((d) => ({ key: d.date, label: `${formatDate(d.date)}${soFar(d.date, completeThrough)}`, value: d.users, partial: d.date > completeThrough }))}
        />
      </Section>
      <Section title='会员等级分布' id='metrics-tiers' extra={<Text>当前时点，不随区间变化</Text>}>
        <RateBars
          id='tier-chart'
          rows={metrics.tierDistribution.map((t) => ({ key: t.tierId, label: `${tierNames[t.tierId] ?? t.tierId} · ${t.members} 人`, rate: t.share }))}
        />
      </Section>
      <Section title='留存率' id='metrics-retention' extra={<Text>会员 vs 非会员</Text>}>
        <PairedRateBars
          id='retention-chart'
          legend={['会员', '非会员']}
          rows={days.map((d) => ({ key: d, label: d.toUpperCase(), a: retention.member[d] ?? null, b: retention.nonMember[d] ?? null }))}
        />
        {retentionWhyNot ? (
          <Text className='muted dashboard__note' id='retention-note'>
            {retentionWhyNot}
          </Text>
        ) : null}
      </Section>
      <Section title='活动效果' id='metrics-campaigns'>
        {metrics.campaigns.length === 0 ? <EmptyState title='统计区间内没有活动' /> : <Text className='muted dashboard__note'>{CAMPAIGNS_NOTE}</Text>}
        {metrics.campaigns.map((c) => (
          <View key={c.campaignId} className='campaign-metrics' id={`campaign-metrics-${c.campaignId}`}>
            <View className='campaign-metrics__head'>
              <Text className='campaign-metrics__name'>{c.name}</Text>
              <Text className='muted'>{c.participants} 人参与</Text>
            </View>
            <RateBars
              id={`campaign-rates-${c.campaignId}`}
              rows={[
                { key: 'participation', label: '参与率', rate: c.participation },
                { key: 'completion', label: '完成率', rate: c.completion },
              ]}
            />
            <View className='campaign-metrics__facts'>
              <Text id={`campaign-lift-${c.campaignId}`}>留存提升：{liftWords(c, '个百分点')}</Text>
              <Text id={`campaign-roi-${c.campaignId}`}>ROI：{c.roi.display}</Text>
            </View>
            <Text className='muted campaign-metrics__basis' id={`campaign-roi-basis-${c.campaignId}`}>
              {roiBasis(c.roi, formatFen)}
            </Text>
          </View>
        ))}
      </Section>
      <Text className='muted dashboard__footnote' id='metrics-range-note'>
        统计区间 {formatFullDate(metrics.from)} 至 {formatFullDate(metrics.to)}，数据完整至 {formatFullDate(metrics.completeThrough)}
      </Text>
    </View>
  )
}

/** The operator dashboard (H5 only): token first, then the backend's metrics drawn with CSS. */
function DashboardPage() {
  const token = useAdminStore((s) => s.token)
  const metrics = useAdminStore((s) => s.metrics)
  const days = useAdminStore((s) => s.days)
  const request = useRequest(METRICS_KEY)
  const tiers = useConfigStore((s) => s.config?.rules.tiers.levels)
  const [input, setInput] = useState('')
  const load = () => Promise.all([useConfigStore.getState().load(), useAdminStore.getState().token ? useAdminStore.getState().load() : undefined])
  useSessionLoad(load)

  const signIn = () => {
    if (!input.trim()) return
    void useAdminStore.getState().signIn(input)
    setInput('')
  }
  const tierNames = Object.fromEntries((tiers ?? []).map((t) => [t.id, t.name]))
  const refused = !token && request.status === 'error' ? request.error : null

  return (
    // Staff page: no member data is collected here, so the member privacy gate does not apply.
    <>
      {token ? (
        <View>
          <View className='dashboard__bar'>
            <Segmented<string>
              id='metrics-range'
              value={String(days)}
              onChange={(v) => void useAdminStore.getState().load(Number(v) as MetricsRangeDays)}
              options={METRICS_RANGES.map((d) => ({ value: String(d), label: `近 ${d} 天` }))}
            />
            <Text className='link dashboard__signout' id='operator-sign-out' onClick={() => useAdminStore.getState().signOut()} {...a11yRole('button', true)}>
              退出
            </Text>
          </View>
          <AsyncView request={request} hasData={!!metrics} onRetry={load}>
            {metrics ? <Dashboard metrics={metrics} tierNames={tierNames} /> : null}
          </AsyncView>
        </View>
      ) : (
        <Section title='运营看板' id='operator-login'>
          <Text className='muted'>请输入运营令牌。令牌只保存在当前浏览器标签页，关闭后需要重新输入。</Text>
          <TextField id='operator-token-input' className='dashboard__input' password value={input} placeholder='运营令牌' onChange={setInput} onConfirm={signIn} />
          {refused ? (
            <Text className='dashboard__error' id='operator-error'>
              {/* The member-facing words of a 401 (登录已失效…) make no sense for a token typed here. */}
              {refused.status === 403 ? '该令牌没有运营权限（403）' : refused.status === 401 ? '令牌无效或已过期（401）' : refused.message}
            </Text>
          ) : null}
          <Button
            id='operator-sign-in'
            className={`btn btn--block ${input.trim() ? 'btn--primary' : 'btn--disabled'}`}
            hoverClass='pressed'
            disabled={!input.trim()}
            onClick={signIn}
          >
            进入看板
          </Button>
          {demoOperatorToken ? <Text className='muted dashboard__demo'>演示版内置模拟后端的运营令牌：{demoOperatorToken}</Text> : null}
        </Section>
      )}
    </>
  )
}

export default definePage('page-dashboard', DashboardPage, { gate: false })
