import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import { useState } from 'react'
import type { TaskView } from '@/api/contract'
import { SigninCalendar } from '@/components/signin/signin-calendar'
import { signinCapNote, signinRuleLines, todaysSigninPoints } from '@/components/signin/signin-rules'
import { SigninResultSheet } from '@/components/signin/signin-result-sheet'
import { AsyncView } from '@/components/ui/async-view'
import { definePage } from '@/components/ui/page-shell'
import { addMonthsToMonth } from '@/domain/calendar'
import { capWords } from '@/domain/points'
import { makeupJoinsStreak } from '@/domain/signin'
import { useAction } from '@/hooks/use-action'
import { useSessionLoad } from '@/hooks/use-session-load'
import { useSigninCaps } from '@/hooks/use-signin-caps'
import { useConfigStore } from '@/stores/config'
import { usePointsStore } from '@/stores/points'
import { requestSubscriptions, subscribeResultText, subscribeTemplates, useSubscribeAvailable } from '@/stores/messages'
import { requestState, useRequest } from '@/stores/request'
import { calendarKey, useSigninStore } from '@/stores/signin'
import { claimTask } from '@/stores/tasks'
import { confirm, toast } from '@/utils/feedback'
import { formatDate, formatMonth } from '@/utils/format'
import { go, taskActionRoute } from '@/utils/routes'
import './index.scss'
import { loadCalendar, makeUp, quoteMakeup, selectShownCalendar, signIn } from '@/stores/signin-actions'

function SigninPage() {
  const requestedMonth = useSigninStore((s) => s.requestedMonth)
  const calendar = useSigninStore(selectShownCalendar)
  const request = useRequest(calendarKey(requestedMonth))
  const savedAt = useSigninStore((s) => s.savedAt)
  const lastResult = useSigninStore((s) => s.lastResult)
  const rules = useConfigStore((s) => s.config?.rules.signin)
  const [picked, setSelected] = useState<string | null>(null)
  const signing = useAction(signIn)
  const makingUp = useAction(makeUp)
  const claiming = useAction(claimTask)
  const subscribing = useAction(requestSubscriptions)
  const config = useConfigStore((s) => s.config)
  // 签到提醒 can be asked for here where the platform has subscription messages and the brand set up its template.
  const canRemind = useSubscribeAvailable() && subscribeTemplates(config).some((t) => t.template === 'signin_reminder')
  const reminderHour = config?.rules.messages.signinReminderHour ?? 20

  // The points summary for what the caps leave of today's sign-in (立即签到 +N 积分 is what it pays).
  const under = useSigninCaps()
  const load = () =>
    Promise.all([loadCalendar(useSigninStore.getState().requestedMonth ?? undefined), useConfigStore.getState().load(), usePointsStore.getState().loadSummary()])
  useSessionLoad(load)

  if (!calendar) return <AsyncView request={request} hasData={false} onRetry={load} />

  // A day picked for 补签 holds while the calendar shown still offers it: not once the day or month has turned (a
  // page left open at midnight) or it was made up elsewhere.
  const selected = picked && calendar.days.some((d) => d.date === picked && d.canMakeUp) ? picked : null
  const currentMonth = calendar.today.slice(0, 7)
  const isCurrentMonth = calendar.month === currentMonth
  // Browsing moves from the month asked for last, so two quick taps on ‹ go back two months. A month that could not
  // come (offline) is not named over the one shown: the header and grid stay that month's, and a toast says so.
  const loadingMonth = requestedMonth && requestedMonth !== calendar.month && request.status === 'loading' ? requestedMonth : null
  const browsedMonth = loadingMonth ?? calendar.month
  const showMonth = async (m: string) => {
    setSelected(null)
    await loadCalendar(m)
    const { status, error } = requestState(calendarKey(m))
    const shown = selectShownCalendar(useSigninStore.getState())?.month
    // Kept from before (shown at once), the month is there all the same: the banner says it is a saved copy.
    if (status === 'error' && error && useSigninStore.getState().requestedMonth === m && shown !== m) toast(`${formatMonth(m)}的签到记录没有打开：${error.message}`)
  }

  // The result sheet opens from the store's lastResult; a refusal (already signed) refreshes the calendar by itself.
  const onSignIn = () => signing.run(() => signIn())

  // No day to make up (all signed, none missed since joining, or the month's make-ups used): the hint says so, not
  // to pick a dashed day there is none of.
  const candidates = calendar.days.filter((d) => d.canMakeUp)
  const noMakeupWords = candidates.length > 0 ? null : calendar.makeupsRemaining === 0 ? '本月补签次数已用完' : '本月没有可补签的日期'
  // What signing in today pays, under the caps, and the words when they cut it.
  const paying = todaysSigninPoints(calendar, under)
  const capNote = signinCapNote(calendar, under)
  const onMakeUp = () => {
    const date = selected ?? candidates[candidates.length - 1]?.date
    if (!date) return
    // One journey, one busy state: a second tap during the quote, the dialog or the make-up does nothing.
    void makingUp.run(
      async () => {
        const quote = await quoteMakeup(date)
        if (!quote.allowed) return quote.reason?.message ?? '这一天不能补签'
        const gifts = [quote.bonusPoints > 0 ? `${quote.bonusPoints} 积分` : '', quote.couponTemplateIds.length > 0 ? `${quote.couponTemplateIds.length} 张优惠券` : ''].filter(Boolean)
        const extra = gifts.length > 0 ? `，补签后可额外获得 ${gifts.join('和 ')}` : ''
        const ok = await confirm('确认补签', `补签 ${formatDate(date)} 需消耗 ${quote.costPoints} 积分${extra}。本月还可补签 ${quote.remainingThisMonth} 次。`, '确认补签')
        if (!ok) return null
        const res = await makeUp(date, quote.costPoints)
        setSelected(null)
        // A make-up that does not reach today (or yesterday) fills the calendar without joining the streak.
        const done = makeupJoinsStreak(date, res.calendar) ? `补签成功，已连续签到 ${res.calendar.streak} 天` : `补签成功，${formatDate(date)}已计入本月签到`
        // What the confirmation promised, as it came (a bonus the points cap cut says what was left of it).
        const bonus = Math.max(0, res.bonus - res.capped)
        const got = [bonus > 0 ? `${bonus} 积分` : '', res.coupons.length > 0 ? `${res.coupons.length} 张优惠券` : ''].filter(Boolean)
        const words = got.length > 0 ? `${done}，额外获得 ${got.join('和 ')}` : done
        return res.capped > 0 ? `${words}（${capWords(res.cappedBy)}，少得 ${res.capped} 积分）` : words
      },
      (words) => words && toast(words),
    )
  }

  // The subscription dialog opens inside this tap (the platforms allow it nowhere else).
  const onRemind = () =>
    subscribing.run(
      () => requestSubscriptions(['signin_reminder']),
      (r) => toast(!r.supported ? subscribeResultText(r) : r.accepted.length > 0 ? `已开启：断签前一晚 ${reminderHour} 点提醒你一次` : '未开启提醒，可随时再次开启'),
    )

  const openTask = (task: TaskView) => {
    useSigninStore.getState().dismissResult()
    if (task.status === 'claimable') {
      void claiming.run(
        () => claimTask(task.id),
        (r) => toast(r.toast),
      )
      return
    }
    go(taskActionRoute(task.action))
  }

  return (
    <>
      <AsyncView request={request} hasData savedAt={savedAt} onRetry={load}>
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
              disabled={calendar.signedToday || signing.busy}
              loading={signing.busy}
              onClick={onSignIn}
            >
              {calendar.signedToday ? '今日已签到' : paying > 0 ? `立即签到 +${paying} 积分` : '立即签到'}
            </Button>
            {capNote ? (
              <Text className='signin-hero__cap' id='signin-cap-note'>
                {capNote}
              </Text>
            ) : null}
          </View>
          <View className='signin-page__calendar'>
            <SigninCalendar
              calendar={calendar}
              selectedDate={selected}
              onSelect={setSelected}
              onPrevMonth={() => void showMonth(addMonthsToMonth(browsedMonth, -1))}
              onNextMonth={browsedMonth >= currentMonth ? undefined : () => void showMonth(addMonthsToMonth(browsedMonth, 1))}
              loadingMonth={loadingMonth}
            />
          </View>
          {isCurrentMonth ? (
            <View className='signin-page__makeup'>
              <View className='signin-page__makeup-text'>
                <Text>补签</Text>
                <Text className='muted' id='makeup-hint'>
                  {selected || noMakeupWords === null
                    ? `${selected ? `已选 ${formatDate(selected)}` : '点选日历中的虚线日期'} · 每次消耗 ${calendar.makeupCostPoints} 积分，本月还可补 ${calendar.makeupsRemaining} 次`
                    : noMakeupWords}
                </Text>
              </View>
              {/* Nothing to make up (the hint says why): the button says so by being off, not by a toast once tapped. */}
              <Button
                id='makeup-button'
                className={`btn btn--small ${noMakeupWords === null ? 'btn--ghost' : 'btn--disabled'}`}
                hoverClass={noMakeupWords === null ? 'pressed' : 'none'}
                disabled={makingUp.busy || noMakeupWords !== null}
                loading={makingUp.busy}
                onClick={onMakeUp}
              >
                补签
              </Button>
            </View>
          ) : null}
          {canRemind ? (
            <View className='signin-page__makeup' id='signin-reminder'>
              <View className='signin-page__makeup-text'>
                <Text>签到提醒</Text>
                <Text className='muted'>昨天签了、今天还没签时，{reminderHour} 点提醒你一次，不断签</Text>
              </View>
              <Button id='signin-remind-button' className='btn btn--small btn--ghost' hoverClass='pressed' disabled={subscribing.busy} loading={subscribing.busy} onClick={onRemind}>
                开启提醒
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
    </>
  )
}

export default definePage('page-signin', SigninPage)
