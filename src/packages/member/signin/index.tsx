import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { TaskView } from '@/api/contract'
import { SigninCalendar } from '@/components/signin/signin-calendar'
import { signinRuleLines } from '@/components/signin/signin-rules'
import { SigninResultSheet } from '@/components/signin/signin-result-sheet'
import { AsyncView } from '@/components/ui/async-view'
import { PageShell } from '@/components/ui/page-shell'
import { addMonthsToMonth } from '@/domain/calendar'
import { useSessionLoad } from '@/hooks/use-session-load'
import { useConfigStore } from '@/stores/config'
import { useSigninStore } from '@/stores/signin'
import { useTasksStore } from '@/stores/tasks'
import { confirm, toast, toastError } from '@/utils/feedback'
import { formatDate } from '@/utils/format'
import { go, taskActionRoute } from '@/utils/routes'
import './index.scss'

export default function SigninPage() {
  const month = useSigninStore((s) => s.month)
  const calendar = useSigninStore((s) => (s.month ? s.calendars[s.month] : undefined))
  const requests = useSigninStore((s) => s.requests)
  const savedAt = useSigninStore((s) => s.savedAt)
  const lastResult = useSigninStore((s) => s.lastResult)
  const rules = useConfigStore((s) => s.config?.rules.signin)
  const [selected, setSelected] = useState<string | null>(null)

  const load = () => Promise.all([useSigninStore.getState().loadCalendar(month ?? undefined), useConfigStore.getState().load()])
  useSessionLoad(load)

  if (!calendar) {
    return (
      <PageShell id='page-signin'>
        <AsyncView request={requests.calendar} hasData={false} onRetry={load} />
      </PageShell>
    )
  }

  const currentMonth = calendar.today.slice(0, 7)
  const isCurrentMonth = calendar.month === currentMonth
  const showMonth = (m: string) => {
    setSelected(null)
    void useSigninStore.getState().loadCalendar(m)
  }

  const signIn = async () => {
    try {
      await useSigninStore.getState().signIn()
    } catch (e) {
      toastError(e)
      void load()
    }
  }

  const makeUp = async () => {
    const candidates = calendar.days.filter((d) => d.canMakeUp)
    const date = selected ?? candidates[candidates.length - 1]?.date
    if (!date) {
      toast(calendar.makeupsRemaining === 0 ? '本月补签次数已用完' : '本月没有可补签的日期')
      return
    }
    try {
      const quote = await useSigninStore.getState().quoteMakeup(date)
      if (!quote.allowed) {
        toast(quote.reason?.message ?? '这一天不能补签')
        return
      }
      const extra = quote.bonusPoints > 0 ? `，补签后可额外获得 ${quote.bonusPoints} 积分` : ''
      const ok = await confirm('确认补签', `补签 ${formatDate(date)} 需消耗 ${quote.costPoints} 积分${extra}。本月还可补签 ${quote.remainingThisMonth} 次。`, '确认补签')
      if (!ok) return
      const res = await useSigninStore.getState().makeUp(date)
      setSelected(null)
      toast(`补签成功，已连续签到 ${res.streak} 天`)
    } catch (e) {
      toastError(e)
    }
  }

  const openTask = (task: TaskView) => {
    useSigninStore.getState().dismissResult()
    if (task.status === 'claimable') {
      useTasksStore
        .getState()
        .claim(task.id)
        .then((r) => toast(r.toast), toastError)
      return
    }
    go(taskActionRoute(task.action))
  }

  return (
    <PageShell id='page-signin'>
      <AsyncView request={requests.calendar} hasData savedAt={savedAt} onRetry={load}>
        <View className='signin-page'>
          <View className='signin-hero'>
            <Text className='signin-hero__streak' id='signin-streak'>
              已连续签到 {calendar.streak} 天
            </Text>
            <Text className='signin-hero__bonus' id='signin-next-bonus'>
              {calendar.nextBonus?.words ?? '坚持签到，奖励不断'}
            </Text>
            {calendar.multiplier > 1 ? (
              <Text className='signin-hero__multiplier' id='signin-multiplier'>
                活动期间签到积分 ×{calendar.multiplier}
              </Text>
            ) : null}
            <Button
              id='signin-button'
              className={`btn signin-hero__button ${calendar.signedToday ? 'btn--disabled' : ''}`}
              hoverClass='pressed'
              disabled={calendar.signedToday || requests.signin.status === 'loading'}
              loading={requests.signin.status === 'loading'}
              onClick={signIn}
            >
              {calendar.signedToday ? '今日已签到' : `立即签到 +${calendar.basePoints} 积分`}
            </Button>
          </View>
          <View className='signin-page__calendar'>
            <SigninCalendar
              calendar={calendar}
              selectedDate={selected}
              onSelect={setSelected}
              onPrevMonth={() => showMonth(addMonthsToMonth(calendar.month, -1))}
              onNextMonth={isCurrentMonth ? undefined : () => showMonth(addMonthsToMonth(calendar.month, 1))}
            />
          </View>
          {isCurrentMonth ? (
            <View className='signin-page__makeup'>
              <View className='signin-page__makeup-text'>
                <Text>补签</Text>
                <Text className='muted'>
                  {selected ? `已选 ${formatDate(selected)} · ` : '点选日历中的虚线日期 · '}每次消耗 {calendar.makeupCostPoints} 积分，本月还可补 {calendar.makeupsRemaining} 次
                </Text>
              </View>
              <Button id='makeup-button' className='btn btn--small btn--ghost' hoverClass='pressed' onClick={makeUp}>
                补签
              </Button>
            </View>
          ) : null}
          {rules ? (
            <View className='signin-page__rules' id='signin-rules'>
              <Text className='signin-page__rules-title'>签到规则</Text>
              {signinRuleLines(rules).map((line) => (
                <Text key={line} className='muted'>
                  {line}
                </Text>
              ))}
            </View>
          ) : null}
        </View>
      </AsyncView>
      {lastResult ? (
        <SigninResultSheet result={lastResult} multiplier={calendar.multiplier} onClose={() => useSigninStore.getState().dismissResult()} onTask={openTask} />
      ) : null}
    </PageShell>
  )
}
