import { Text, View } from '@tarojs/components'
import { useReachBottom } from '@tarojs/taro'
import { useState } from 'react'
import { LedgerList } from '@/components/points/ledger-list'
import { PointsRulesView } from '@/components/points/points-rules'
import { AsyncView } from '@/components/ui/async-view'
import { definePage } from '@/components/ui/page-shell'
import { Section } from '@/components/ui/section'
import { BottomSheet } from '@/components/ui/sheet'
import type { ExpiringAmount } from '@/api/contract'
import { businessDateOf } from '@/domain/calendar'
import { splitAtReminderWindow } from '@/domain/points'
import type { RulesConfig } from '@/domain/config'
import { useSessionLoad } from '@/hooks/use-session-load'
import { appNow } from '@/platform/clock'
import { useCampaignsStore } from '@/stores/campaigns'
import { useConfigStore, useShareRewards } from '@/stores/config'
import { pointsSummaryView, usePointsStore } from '@/stores/points'
import { ledgerPages, useLedgerStore } from '@/stores/ledger'
import { useMoreState } from '@/stores/paged'
import { useRequest } from '@/stores/request'
import { dueWords, formatFen, formatFullDate } from '@/utils/format'
import { go } from '@/utils/routes'
import './index.scss'
import { a11yRole } from '@/components/ui/a11y'

/**
 * 即将过期 lists what expires within the reminder window (SPEC §2.2); later expiries stay one tap away. Until
 * the rules are loaded nothing is flagged and the window is not named.
 */
function expiriesByWindow(expiring: ExpiringAmount[], rules: RulesConfig | undefined): { soon: ExpiringAmount[]; later: ExpiringAmount[]; horizon: number | null } {
  if (!rules) return { soon: [], later: expiring, horizon: null }
  return splitAtReminderWindow(expiring, businessDateOf(appNow(), rules.calendar), rules.points)
}

function PointsPage() {
  const summary = usePointsStore((s) => s.summary)
  const ledger = useLedgerStore((s) => s.ledger)
  const complete = useLedgerStore((s) => s.ledgerComplete)
  const summaryRequest = useRequest(pointsSummaryView.key())
  const ledgerRequest = useRequest(ledgerPages.view.key())
  const { loadingMore, moreFailed } = useMoreState(ledgerPages)
  const savedAt = usePointsStore((s) => s.savedAt)
  const config = useConfigStore((s) => s.config)
  const shareRewards = useShareRewards()
  // The running campaign that multiplies sign-in points for this member (the one whose multiplier is in force).
  const multiplier = useCampaignsStore((s) => s.signinMultiplier)
  const boost = useCampaignsStore((s) => s.campaigns?.find((c) => c.status === 'running' && c.canEnter && c.signinMultiplier === s.signinMultiplier && s.signinMultiplier > 1))
  const [rulesOpen, setRulesOpen] = useState(false)
  const [laterShown, setLaterShown] = useState(false)

  const load = () =>
    Promise.all([usePointsStore.getState().loadSummary(), useLedgerStore.getState().loadLedger(), useConfigStore.getState().load(), useCampaignsStore.getState().loadList()])
  useSessionLoad(load)
  useReachBottom(() => void useLedgerStore.getState().loadMore())

  const expiries = expiriesByWindow(summary?.expiring ?? [], config?.rules)

  return (
    <>
      <AsyncView request={summaryRequest} hasData={!!summary} savedAt={savedAt} onRetry={load}>
        {summary ? (
          <View>
            <View className='points-hero'>
              <View className='row row--between'>
                <Text className='points-hero__label'>当前积分</Text>
                <Text className='points-hero__rules' id='points-rules-link' onClick={() => setRulesOpen(true)} {...a11yRole('button', true)}>
                  规则说明 ›
                </Text>
              </View>
              <Text className='points-hero__balance' id='points-balance'>
                {summary.balance}
              </Text>
              <Text className='points-hero__value'>可抵 {formatFen(summary.valueFen)} · 今日已获 {summary.caps.dayUsed}/{summary.caps.dayLimit}</Text>
              {summary.expiryNotice ? (
                <Text className='points-hero__notice' id='expiry-notice'>
                  {summary.expiryNotice.amount} 积分将在{summary.expiryNotice.daysLeft > 1 ? ' ' : ''}
                  {dueWords(summary.expiryNotice.daysLeft, summary.expiryNotice.date)}过期，记得使用
                </Text>
              ) : null}
              {summary.owed > 0 ? (
                <Text className='points-hero__notice' id='owed-notice'>
                  退款订单所得的 {summary.owed} 积分已使用，将从之后获得的积分中扣回
                </Text>
              ) : null}
              <View className='points-hero__actions'>
                <View className='points-hero__action' hoverClass='pressed' onClick={() => go('mall')} {...a11yRole('link', true)}>
                  <Text>去兑换</Text>
                </View>
                <View className='points-hero__action' hoverClass='pressed' onClick={() => go('tasks')} {...a11yRole('link', true)}>
                  <Text>赚积分</Text>
                </View>
              </View>
            </View>
            <Section title='即将过期' id='points-expiring'>
              {expiries.soon.length === 0 && expiries.horizon !== null ? <View className='muted'>{expiries.horizon} 天内没有到期的积分</View> : null}
              {[...expiries.soon, ...(laterShown ? expiries.later : [])].map((e) => (
                <View key={e.date} className='row row--between points-expiry'>
                  <Text>{formatFullDate(e.date)} 到期</Text>
                  <Text className='points-expiry__amount'>{e.amount} 积分</Text>
                </View>
              ))}
              {!laterShown && expiries.later.length > 0 ? (
                <Text className='link' id='expiries-more' onClick={() => setLaterShown(true)} {...a11yRole('button', true)}>
                  查看以后的到期（{expiries.later.length} 笔）›
                </Text>
              ) : null}
            </Section>
            <Section title='积分明细'>
              <AsyncView request={ledgerRequest} hasData={ledger.length > 0 || complete} onRetry={() => useLedgerStore.getState().loadLedger()}>
                <LedgerList
                  entries={ledger}
                  complete={complete}
                  loadingMore={loadingMore}
                  moreFailed={moreFailed}
                  onRetryMore={() => void useLedgerStore.getState().loadMore()}
                />
              </AsyncView>
            </Section>
          </View>
        ) : null}
      </AsyncView>
      {rulesOpen && config ? (
        <BottomSheet id='points-rules-sheet' label='积分规则说明' onClose={() => setRulesOpen(false)}>
          <PointsRulesView config={config.rules} shareRewards={shareRewards} boost={boost ? { name: boost.name, endsAt: boost.endsAt, multiplier } : null} />
        </BottomSheet>
      ) : null}
    </>
  )
}

export default definePage('page-points', PointsPage)
