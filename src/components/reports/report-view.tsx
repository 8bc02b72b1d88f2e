import { Text, View } from '@tarojs/components'
import type { MonthlyReport } from '@/api/contract'
import { EmptyState } from '@/components/ui/state-views'
import { reportIsEmpty } from '@/domain/reports'
import { formatFen, formatMonth } from '@/utils/format'
import './report-view.scss'

function Figure({ id, value, label, tone }: { id: string; value: string | number; label: string; tone?: 'plus' | 'minus' }) {
  return (
    <View className='report-figure'>
      <Text className={`report-figure__value${tone ? ` report-figure__value--${tone}` : ''}`} id={id}>
        {value}
      </Text>
      <Text className='muted'>{label}</Text>
    </View>
  )
}

/** The tier the report was computed with: today's on this month's report, the one held at its end on a past month's. */
const TierFigure = ({ report }: { report: MonthlyReport }) => <Figure id='report-tier' value={report.tier.name} label={report.partial ? '当前等级' : '月末等级'} />

function TierProgress({ tier }: { tier: MonthlyReport['tier'] }) {
  return (
    <View className='report-card__lines' id='report-tier-progress'>
      {tier.progressLines.map((line) => (
        <Text key={line} className='report-card__line'>
          {line}
        </Text>
      ))}
    </View>
  )
}

/**
 * The figures of one monthly report (SPEC §2.9), as the server computed them. A month with nothing to report
 * shows an empty state instead of a page of zeros; the tier and next month's preview still show.
 */
export function ReportView({ report }: { report: MonthlyReport }) {
  const { tier, nextMonth } = report
  return (
    <View className='report' id='report'>
      {reportIsEmpty(report) ? (
        <>
          <EmptyState
            id='report-empty'
            title={report.partial ? '本月还没有积分、签到或任务记录' : '这个月没有积分、签到或任务记录'}
            hint={report.partial ? '签到、完成任务或下单后，这里会记下你的收获' : '可以切换到其他月份看看'}
          />
          <View className='report-card'>
            <Text className='report-card__title'>等级</Text>
            <View className='report-figures'>
              <TierFigure report={report} />
            </View>
            <TierProgress tier={tier} />
          </View>
        </>
      ) : (
        <MonthFigures report={report} />
      )}
      <NextMonth nextMonth={nextMonth} ahead={report.partial} tierName={tier.name} />
    </View>
  )
}

/** The month's operator adjustments as the member reads them: 客服调整 +40 积分 / 客服调整 −40 积分. */
export function adjustmentWords(points: number): string {
  return `客服调整 ${points > 0 ? '+' : '−'}${Math.abs(points)} 积分`
}

function MonthFigures({ report }: { report: MonthlyReport }) {
  const { points, signin, coupons, growth, tier } = report
  return (
    <>
      <View className='report-card'>
        <Text className='report-card__title'>积分</Text>
        <View className='report-figures'>
          <Figure id='report-points-earned' value={`+${points.earned}`} label='获得' tone='plus' />
          <Figure id='report-points-spent' value={points.spent} label='使用' />
          <Figure id='report-points-expired' value={points.expired} label='过期' />
        </View>
        {points.returned || points.reversed ? (
          <Text className='muted report-card__note' id='report-points-refunds'>
            {[points.returned ? `退款退回 ${points.returned} 积分` : '', points.reversed ? `退款扣回 ${points.reversed} 积分` : ''].filter(Boolean).join('，')}
          </Text>
        ) : null}
        {points.adjusted ? (
          <Text className='muted report-card__note' id='report-points-adjusted'>
            {adjustmentWords(points.adjusted)}
          </Text>
        ) : null}
        <Text className='muted report-card__note' id='report-points-net'>
          本月积分净{points.netChange >= 0 ? '增加' : '减少'} {Math.abs(points.netChange)}
        </Text>
      </View>
      <View className='report-card'>
        <Text className='report-card__title'>签到与任务</Text>
        <View className='report-figures'>
          <Figure id='report-signin-days' value={signin.days} label='签到天数' />
          <Figure id='report-best-streak' value={signin.bestStreak} label='最长连续（天）' />
          <Figure id='report-tasks' value={report.tasksDone} label='完成任务' />
        </View>
      </View>
      <View className='report-card'>
        <Text className='report-card__title'>优惠券</Text>
        <View className='report-figures'>
          <Figure id='report-coupons-used' value={coupons.used} label='使用（张）' />
          <Figure id='report-saved' value={formatFen(coupons.savedFen)} label='为你节省' tone='plus' />
        </View>
      </View>
      <View className='report-card'>
        <Text className='report-card__title'>成长值与等级</Text>
        <View className='report-figures'>
          <Figure id='report-growth' value={`+${growth.gained}`} label='获得成长值' tone='plus' />
          {growth.reversed ? <Figure id='report-growth-reversed' value={`-${growth.reversed}`} label='退款扣回' tone='minus' /> : null}
          <TierFigure report={report} />
        </View>
        <TierProgress tier={tier} />
      </View>
    </>
  )
}

/**
 * On this month's report, next month's benefits (预告) with the points that will expire then; on a past month's, the
 * benefits of the tier held at its end — not a forecast that is history by now, nor a claim about the month after
 * (the member may have changed tier since).
 */
function NextMonth({ nextMonth, ahead, tierName }: { nextMonth: MonthlyReport['nextMonth']; ahead: boolean; tierName: string }) {
  return (
    <View className='report-card' id='report-next-month'>
      <Text className='report-card__title'>{ahead ? `${formatMonth(nextMonth.month)}权益预告` : `月末等级（${tierName}）的权益`}</Text>
      <View className='report-card__lines'>
        {nextMonth.benefits.map((b) => (
          <Text key={b} className='report-card__line report-card__line--benefit'>
            {b}
          </Text>
        ))}
      </View>
      {ahead && nextMonth.pointsExpiring > 0 ? (
        <Text className='report-card__warn' id='report-next-expiring'>
          {formatMonth(nextMonth.month)}将有 {nextMonth.pointsExpiring} 积分过期，记得及时使用
        </Text>
      ) : null}
    </View>
  )
}
