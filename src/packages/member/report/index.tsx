import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { adjustmentWords, ReportView } from '@/components/reports/report-view'
import { a11yRole, buttonWhen } from '@/components/ui/a11y'
import { AsyncView } from '@/components/ui/async-view'
import { definePage } from '@/components/ui/page-shell'
import { BottomSheet } from '@/components/ui/sheet'
import { isBusinessMonth } from '@/domain/calendar'
import { reportIsEmpty } from '@/domain/reports'
import { useSessionLoad } from '@/hooks/use-session-load'
import { reportKey, selectAvailableMonths, selectReport, useReportsStore } from '@/stores/reports'
import { requestState, useRequest } from '@/stores/request'
import { toast } from '@/utils/feedback'
import { formatMonth } from '@/utils/format'
import './index.scss'

function ReportPage() {
  const params = useRouter().params
  const report = useReportsStore(selectReport)
  const months = useReportsStore(selectAvailableMonths)
  const requestedMonth = useReportsStore((s) => s.requestedMonth)
  const request = useRequest(reportKey(requestedMonth))
  const savedAt = useReportsStore((s) => s.savedAt)
  const [picking, setPicking] = useState(false)
  // The first load opens `?month=YYYY-MM` (default: this month); later ones refresh the month on screen.
  const opened = useRef(false)
  const load = () => {
    const month = (opened.current ? useReportsStore.getState().requestedMonth : null) ?? (isBusinessMonth(params.month) ? params.month : undefined)
    opened.current = true
    return useReportsStore.getState().load(month)
  }
  useSessionLoad(load)

  // Another month: one that cannot come (offline, a server error) is said, the month on screen staying as it was.
  const show = async (month: string) => {
    setPicking(false)
    await useReportsStore.getState().load(month)
    const { status, error } = requestState(reportKey(month))
    if (status === 'error' && error && useReportsStore.getState().requestedMonth === month) toast(`${formatMonth(month)}的报告没有打开：${error.message}`)
  }
  const index = report ? months.indexOf(report.month) : -1
  const older = index >= 0 && index < months.length - 1 ? months[index + 1] : null
  const newer = index > 0 ? months[index - 1] : null
  const current = months[0]

  return (
    <>
      <AsyncView request={request} hasData={!!report} savedAt={savedAt} onRetry={load}>
        {report ? (
          <View>
            <View className='report-hero'>
              <View className='report-switcher' id='report-month-switcher'>
                <Text
                  id='report-month-prev'
                  className={`report-switcher__arrow${older ? '' : ' report-switcher__arrow--off'}`}
                  {...buttonWhen('上个月', older ? () => void show(older) : null)}
                >
                  ‹
                </Text>
                <View className='report-switcher__label' id='report-month' hoverClass='pressed' {...a11yRole('button', true)} aria-label={`${report.label}，选择月份`} onClick={() => setPicking(true)}>
                  <Text>{report.label}</Text>
                  <Text className='report-switcher__caret'>▾</Text>
                </View>
                <Text
                  id='report-month-next'
                  className={`report-switcher__arrow${newer ? '' : ' report-switcher__arrow--off'}`}
                  {...buttonWhen('下个月', newer ? () => void show(newer) : null)}
                >
                  ›
                </Text>
              </View>
              <Text className='report-hero__summary' id='report-summary'>
                {reportIsEmpty(report)
                  ? `${report.partial ? '本月至今' : '这个月'}还没有会员动态`
                  : `${report.partial ? '本月至今' : '这个月'}你获得 ${report.points.earned} 积分${report.points.adjusted ? `，${adjustmentWords(report.points.adjusted)}` : ''}，签到 ${report.signin.days} 天，完成 ${report.tasksDone} 个任务`}
              </Text>
            </View>
            <ReportView report={report} />
          </View>
        ) : null}
      </AsyncView>
      {picking ? (
        <BottomSheet id='report-month-sheet' label='选择月份' onClose={() => setPicking(false)}>
          <Text className='report-sheet__title'>选择月份</Text>
          <View className='report-sheet__months'>
            {months.map((m) => (
              <View
                key={m}
                id={`report-month-${m}`}
                className={`report-sheet__month${m === report?.month ? ' report-sheet__month--active' : ''}`}
                hoverClass='pressed'
                onClick={() => void show(m)}
                {...a11yRole('button', true)}
              >
                <Text>{m === current ? `${formatMonth(m)} 本月至今` : formatMonth(m)}</Text>
              </View>
            ))}
          </View>
        </BottomSheet>
      ) : null}
    </>
  )
}

export default definePage('page-report', ReportPage)
