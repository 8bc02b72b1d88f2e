import { DEFAULT_CALENDAR_RULES, parseInstant } from '@/domain/calendar'
import { seededRng } from '@/domain/context'
import { DEFAULT_POINTS_RULES, emptyPointsState, grantPoints } from '@/domain/points'
import {
  DEFAULT_TASK_RULES,
  claimTask,
  completeTaskPaidElsewhere,
  completedTaskCount,
  emptyTaskState,
  claimCapNotice,
  performTaskClaim,
  recordTaskEvent,
  shareRewardWords,
  taskList,
  withdrawTaskEvent,
  validateTaskRules,
  type TaskDefinition,
  type TaskRules,
  type TaskState,
} from '@/domain/tasks'
import { expectRuleError } from '../support/rule-error'

function on(date: string, time = '10:00', tasks: TaskRules = DEFAULT_TASK_RULES) {
  return {
    now: parseInstant(`${date}T${time}:00+08:00`),
    rng: seededRng(1),
    config: { calendar: DEFAULT_CALENDAR_RULES, tasks, points: DEFAULT_POINTS_RULES },
  }
}

const member = { registeredOn: '2025-03-01' }
function record(state: TaskState, eventType: string, date: string, time = '10:00', m = member) {
  return recordTaskEvent(state, { eventType, ref: `${eventType}-${date}`, ...m }, on(date, time)).state
}
function view(state: TaskState, id: string, date: string, m: Parameters<typeof taskList>[1] = member, rules?: TaskRules) {
  return taskList(state, m, on(date, '10:00', rules)).find((t) => t.id === id)
}

describe('§2.4 task defaults', () => {
  test('daily, growth and newcomer tasks with the SPEC rewards', () => {
    const summary = DEFAULT_TASK_RULES.definitions.map((d) => [d.id, d.kind, d.goal.eventType, d.goal.count, d.reward])
    expect(summary).toEqual([
      ['daily-core-use', 'daily', 'core_use', 1, { points: 10 }],
      ['daily-guide-read', 'daily', 'guide_read', 1, { points: 5 }],
      ['daily-follow-account', 'daily', 'follow_account', 1, { points: 5 }],
      ['daily-browse-product', 'daily', 'browse_product', 1, { points: 5 }],
      ['growth-profile', 'growth', 'profile_complete', 1, { points: 50 }],
      ['growth-active-10-days', 'growth', 'first_open', 10, { points: 50 }],
      ['growth-invite-1', 'growth', 'invite_registered', 1, { points: 50, growth: 100 }],
      ['growth-first-order', 'growth', 'order_paid', 1, { points: 50 }],
      ['newcomer-first-core-use', 'newcomer', 'core_use', 1, { points: 20, couponTemplateId: 'newcomer-5' }],
      ['campaign-spring-core-use', 'campaign', 'core_use', 3, { points: 15 }],
    ])
    expect(DEFAULT_TASK_RULES.definitions.find((d) => d.kind === 'campaign')).toMatchObject({ memberDouble: true, campaignId: 'spring-cards' })
    expect(DEFAULT_TASK_RULES.newcomerDays).toBe(7)
    expect(DEFAULT_TASK_RULES.definitions.find((d) => d.id === 'daily-browse-product')!.title).toBe('签到后浏览 1 个商品')
    expect(validateTaskRules(DEFAULT_TASK_RULES)).toEqual([])
  })
})

describe('§2.4 progress, claim, and daily reset', () => {
  test('a daily task shows 已完成 0/1, becomes claimable, is claimed once, and resets the next business day', () => {
    let s = emptyTaskState()
    expect(view(s, 'daily-guide-read', '2025-03-03')).toMatchObject({
      progress: 0,
      goal: 1,
      progressText: '已完成 0/1',
      status: 'todo',
      action: 'guide',
      rewardText: '+5 积分',
    })
    s = record(s, 'guide_read', '2025-03-03')
    expect(view(s, 'daily-guide-read', '2025-03-03')).toMatchObject({ progressText: '已完成 1/1', status: 'claimable' })
    const claimed = claimTask(s, { taskId: 'daily-guide-read', ...member }, on('2025-03-03', '11:00'))
    expect(claimed.reward).toEqual({ taskId: 'daily-guide-read', period: '2025-03-03', points: 5 })
    s = claimed.state
    expect(view(s, 'daily-guide-read', '2025-03-03')!.status).toBe('claimed')
    expectRuleError(() => claimTask(s, { taskId: 'daily-guide-read', ...member }, on('2025-03-03', '23:59')), 'TASK_ALREADY_CLAIMED', 409)
    // 2025-03-03T16:00Z is Mar 4 in Shanghai: a new period
    const next = { ...on('2025-03-04', '00:00'), now: parseInstant('2025-03-03T16:00:00Z') }
    expect(taskList(s, member, next).find((t) => t.id === 'daily-guide-read')).toMatchObject({ progress: 0, status: 'todo' })
    expectRuleError(() => claimTask(s, { taskId: 'daily-guide-read', ...member }, next), 'TASK_NOT_COMPLETE', 422)
  })
  test('progress stops at the goal and events after the claim do not count', () => {
    let s = record(emptyTaskState(), 'core_use', '2025-03-03')
    s = record(s, 'core_use', '2025-03-03', '11:00')
    expect(view(s, 'daily-core-use', '2025-03-03')!.progressText).toBe('已完成 1/1')
    s = claimTask(s, { taskId: 'daily-core-use', ...member }, on('2025-03-03', '12:00')).state
    const after = recordTaskEvent(s, { eventType: 'core_use', ...member }, on('2025-03-03', '13:00'))
    expect(after.state.progress['daily-core-use']).toEqual(s.progress['daily-core-use'])
    expect(view(after.state, 'daily-core-use', '2025-03-03')).toMatchObject({ status: 'claimed', progressText: '已完成 1/1' })
  })
  test('unknown task 404, incomplete 422', () => {
    expectRuleError(() => claimTask(emptyTaskState(), { taskId: 'nope', ...member }, on('2025-03-03')), 'TASK_NOT_FOUND', 404)
    expectRuleError(() => claimTask(emptyTaskState(), { taskId: 'growth-profile', ...member }, on('2025-03-03')), 'TASK_NOT_COMPLETE', 422)
  })
  test('growth tasks are one-time: never claimable again', () => {
    let s = record(emptyTaskState(), 'profile_complete', '2025-03-03')
    s = claimTask(s, { taskId: 'growth-profile', ...member }, on('2025-03-03')).state
    s = record(s, 'profile_complete', '2025-06-03')
    expect(view(s, 'growth-profile', '2025-06-03')!.status).toBe('claimed')
    expectRuleError(() => claimTask(s, { taskId: 'growth-profile', ...member }, on('2026-03-03')), 'TASK_ALREADY_CLAIMED', 409)
  })
  test('"use the app on 10 different days" counts distinct business days', () => {
    let s = emptyTaskState()
    s = record(s, 'first_open', '2025-03-01', '09:00')
    s = record(s, 'first_open', '2025-03-01', '23:59')
    expect(view(s, 'growth-active-10-days', '2025-03-01')!.progressText).toBe('已完成 1/10')
    for (let d = 2; d <= 9; d++) s = record(s, 'first_open', `2025-03-${String(d).padStart(2, '0')}`)
    expect(view(s, 'growth-active-10-days', '2025-03-09')).toMatchObject({ progress: 9, status: 'todo' })
    s = record(s, 'first_open', '2025-04-20')
    expect(view(s, 'growth-active-10-days', '2025-04-20')).toMatchObject({ progress: 10, status: 'claimable' })
  })
  test('签到后浏览 1 个商品 counts a browse only after that day\'s sign-in; until then it says 请先签到 and 去完成 leads to 签到', () => {
    const signed = { ...member, signedToday: true }
    let s = record(emptyTaskState(), 'browse_product', '2025-03-03', '09:00')
    expect(view(s, 'daily-browse-product', '2025-03-03')).toMatchObject({ progress: 0, progressText: '已完成 0/1 · 请先签到', status: 'todo', action: 'signin' })
    // Signed in: the browse before it still does not count, the next one does.
    expect(view(s, 'daily-browse-product', '2025-03-03', signed)).toMatchObject({ progress: 0, progressText: '已完成 0/1', action: 'mall' })
    s = record(s, 'browse_product', '2025-03-03', '10:00', signed)
    expect(view(s, 'daily-browse-product', '2025-03-03', signed)).toMatchObject({ progressText: '已完成 1/1', status: 'claimable', action: 'mall' })
    // A task without the rule counts the same event either way.
    const anyTime: TaskRules = { ...DEFAULT_TASK_RULES, definitions: [{ ...DEFAULT_TASK_RULES.definitions[3], goal: { eventType: 'browse_product', count: 1 } }] }
    const before = recordTaskEvent(emptyTaskState(), { eventType: 'browse_product', ...member }, on('2025-03-03', '09:00', anyTime)).state
    expect(view(before, 'daily-browse-product', '2025-03-03', member, anyTime)).toMatchObject({ status: 'claimable', action: 'mall' })
  })

  test('invite 1 friend: +50 points and +100 growth', () => {
    const s = record(emptyTaskState(), 'invite_registered', '2025-03-03')
    expect(view(s, 'growth-invite-1', '2025-03-03')!.rewardText).toBe('+50 积分 +100 成长值')
    expect(claimTask(s, { taskId: 'growth-invite-1', ...member }, on('2025-03-03')).reward).toMatchObject({ points: 50, growth: 100 })
  })
  test('completedTaskCount counts claims (the tasksCompleted tier metric)', () => {
    let s = record(emptyTaskState(), 'guide_read', '2025-03-03')
    s = claimTask(s, { taskId: 'daily-guide-read', ...member }, on('2025-03-03')).state
    s = record(s, 'guide_read', '2025-03-04')
    s = claimTask(s, { taskId: 'daily-guide-read', ...member }, on('2025-03-04')).state
    expect(completedTaskCount(s)).toBe(2)
  })
  test('task_completed is emitted when the goal is reached', () => {
    const r = recordTaskEvent(emptyTaskState(), { eventType: 'core_use', ...member }, on('2025-03-03'))
    expect(r.events.map((e) => e.taskId).sort()).toEqual(['daily-core-use', 'newcomer-first-core-use'])
  })
})

describe('§2.4 newcomer tasks: first 7 days after registration', () => {
  test('day 7 (registration day = day 1) is the last day; day 8 is expired', () => {
    let s = record(emptyTaskState(), 'core_use', '2025-03-07', '23:00')
    expect(view(s, 'newcomer-first-core-use', '2025-03-07')).toMatchObject({
      status: 'claimable',
      availableUntil: '2025-03-07',
      rewardText: '+20 积分 + 优惠券',
    })
    expectRuleError(() => claimTask(s, { taskId: 'newcomer-first-core-use', ...member }, on('2025-03-08', '00:00')), 'TASK_EXPIRED', 422)
    expect(view(s, 'newcomer-first-core-use', '2025-03-08')!.status).toBe('expired')
    const r = claimTask(s, { taskId: 'newcomer-first-core-use', ...member }, on('2025-03-07', '23:59'))
    expect(r.reward).toEqual({ taskId: 'newcomer-first-core-use', period: 'once', points: 20, couponTemplateId: 'newcomer-5' })
    s = r.state
    expect(view(s, 'newcomer-first-core-use', '2025-03-14')!.status).toBe('claimed')
  })
  test('past the window, listed for as long again (claimed or expired), then no longer', () => {
    const claimed = claimTask(record(emptyTaskState(), 'core_use', '2025-03-03'), { taskId: 'newcomer-first-core-use', ...member }, on('2025-03-03')).state
    for (const s of [emptyTaskState(), claimed]) {
      expect(view(s, 'newcomer-first-core-use', '2025-03-14')).toBeDefined()
      expect(view(s, 'newcomer-first-core-use', '2025-03-15')).toBeUndefined()
      expect(view(s, 'newcomer-first-core-use', '2026-03-01')).toBeUndefined()
    }
    expect(view(emptyTaskState(), 'newcomer-first-core-use', '2025-03-14')!.status).toBe('expired')
    expect(view(claimed, 'newcomer-first-core-use', '2025-03-14')!.status).toBe('claimed')
  })
  test('events after the window do not advance newcomer tasks', () => {
    const s = record(emptyTaskState(), 'core_use', '2025-03-08')
    expect(s.progress['newcomer-first-core-use']).toBeUndefined()
    expect(s.progress['daily-core-use'].count).toBe(1)
  })
})

describe('§2.1/§2.4 member-double campaign tasks', () => {
  const campaignTask: TaskDefinition = {
    id: 'spring-core-use',
    kind: 'campaign',
    title: '春节期间下单 3 次',
    goal: { eventType: 'core_use', count: 3 },
    reward: { points: 15 },
    action: 'order',
    memberDouble: true,
    campaignId: 'spring-cards',
  }
  const rules: TaskRules = { ...DEFAULT_TASK_RULES, definitions: [...DEFAULT_TASK_RULES.definitions, campaignTask] }
  const running = { ...member, runningCampaignIds: ['spring-cards'] }
  function done(): TaskState {
    let s = emptyTaskState()
    for (const t of ['09:00', '10:00', '11:00']) s = recordTaskEvent(s, { eventType: 'core_use', ...running }, on('2025-03-03', t, rules)).state
    return s
  }
  test('silver+ members earn double points; others the base', () => {
    const s = done()
    expect(claimTask(s, { taskId: 'spring-core-use', ...running, tierCampaignDouble: true }, on('2025-03-03', '12:00', rules)).reward.points).toBe(30)
    expect(claimTask(s, { taskId: 'spring-core-use', ...running, tierCampaignDouble: false }, on('2025-03-03', '12:00', rules)).reward.points).toBe(15)
    expect(view(s, 'spring-core-use', '2025-03-03', { ...running, tierCampaignDouble: true }, rules)).toMatchObject({ doubled: true, rewardText: '+30 积分' })
  })
  test('hidden and not advanced while its campaign is not running; claiming after it ended is TASK_EXPIRED', () => {
    expect(view(emptyTaskState(), 'spring-core-use', '2025-03-03', member, rules)).toBeUndefined()
    const s = recordTaskEvent(emptyTaskState(), { eventType: 'core_use', ...member }, on('2025-03-03', '10:00', rules)).state
    expect(s.progress['spring-core-use']).toBeUndefined()
    expectRuleError(() => claimTask(done(), { taskId: 'spring-core-use', ...member }, on('2025-03-03', '12:00', rules)), 'TASK_EXPIRED', 422)
  })
  test('daily tasks are never doubled (only tasks marked memberDouble)', () => {
    const s = record(emptyTaskState(), 'core_use', '2025-03-03')
    expect(claimTask(s, { taskId: 'daily-core-use', ...member, tierCampaignDouble: true }, on('2025-03-03')).reward.points).toBe(10)
  })
})

describe('§2.4 claiming grants the reward at once (capped task award)', () => {
  test('performTaskClaim grants points with growth and a toast', () => {
    const tasks = record(emptyTaskState(), 'invite_registered', '2025-03-03')
    const r = performTaskClaim({ tasks, points: emptyPointsState() }, { taskId: 'growth-invite-1', ...member }, on('2025-03-03'))
    expect(r.points).toMatchObject({ awarded: 50, growth: 100 })
    expect(r.toast).toBe('奖励已到账 +50 积分')
    expect(r.state.points.ledger[0]).toMatchObject({ source: 'task', ref: 'task:growth-invite-1:once', amount: 50, growth: 100 })
  })
  test('task points count against the day cap and the toast says so', () => {
    const points = grantPoints(emptyPointsState(), { amount: 95, source: 'signin', ref: 's' }, on('2025-03-03', '09:00')).state
    const tasks = record(emptyTaskState(), 'guide_read', '2025-03-03')
    const r = performTaskClaim({ tasks, points }, { taskId: 'daily-guide-read', ...member }, on('2025-03-03'))
    expect(r.points).toMatchObject({ awarded: 5, capped: 0 })
    const tasks2 = record(r.state.tasks, 'core_use', '2025-03-03')
    const r2 = performTaskClaim({ tasks: tasks2, points: r.state.points }, { taskId: 'daily-core-use', ...member }, on('2025-03-03'))
    expect(r2.points).toMatchObject({ awarded: 0, capped: 10, cappedBy: 'day' })
    expect(r2.toast).toBe('当日积分已达上限，本次未得积分')
  })
  test('a reward the cap cuts in part says how much it took', () => {
    const points = grantPoints(emptyPointsState(), { amount: 80, source: 'signin', ref: 's' }, on('2025-03-03', '09:00')).state
    const tasks = record(emptyTaskState(), 'invite_registered', '2025-03-03')
    const r = performTaskClaim({ tasks, points }, { taskId: 'growth-invite-1', ...member }, on('2025-03-03'))
    expect(r.points).toMatchObject({ awarded: 20, capped: 30, cappedBy: 'day' })
    expect(r.toast).toBe('奖励已到账 +20 积分（当日积分已达上限，少得 30 积分）')
  })
  test('points that settle what earlier refunds could not take back are named in the toast', () => {
    const tasks = record(emptyTaskState(), 'invite_registered', '2025-03-03')
    const r = performTaskClaim({ tasks, points: { ...emptyPointsState(), owed: 30 } }, { taskId: 'growth-invite-1', ...member }, on('2025-03-03'))
    expect(r.points).toMatchObject({ awarded: 50, settled: 30 })
    expect(r.state.points.owed).toBe(0)
    expect(r.toast).toBe('奖励已到账 +50 积分（其中 30 积分用于扣回此前订单退款时已使用的积分）')
  })
  test('a refused claim changes nothing', () => {
    const member0 = { tasks: emptyTaskState(), points: emptyPointsState() }
    expectRuleError(() => performTaskClaim(member0, { taskId: 'daily-core-use', ...member }, on('2025-03-03')), 'TASK_NOT_COMPLETE', 422)
  })
})

describe('§2.4/§2.10 a task whose reward is paid elsewhere (invite acceptance)', () => {
  test('marks the invite task done and claimed, paying nothing; a later claim is refused', () => {
    const r = completeTaskPaidElsewhere(emptyTaskState(), { taskId: 'growth-invite-1', ...member }, on('2025-03-03'))
    expect(r.events).toEqual([
      { type: 'task_completed', taskId: 'growth-invite-1', period: 'once', businessDate: '2025-03-03' },
      { type: 'task_claimed', taskId: 'growth-invite-1', period: 'once', points: 0, businessDate: '2025-03-03' },
    ])
    expect(view(r.state, 'growth-invite-1', '2025-03-04')).toMatchObject({ status: 'claimed', progress: 1, progressText: '已完成 1/1' })
    expect(completedTaskCount(r.state)).toBe(1)
    expectRuleError(() => claimTask(r.state, { taskId: 'growth-invite-1', ...member }, on('2025-03-05')), 'TASK_ALREADY_CLAIMED', 409)
  })
  test('a second invitee changes nothing; unknown task 404; an unavailable task is left alone', () => {
    const once = completeTaskPaidElsewhere(emptyTaskState(), { taskId: 'growth-invite-1', ...member }, on('2025-03-03')).state
    const twice = completeTaskPaidElsewhere(once, { taskId: 'growth-invite-1', ...member }, on('2025-03-09'))
    expect(twice.state).toBe(once)
    expect(twice.events).toEqual([])
    expectRuleError(() => completeTaskPaidElsewhere(once, { taskId: 'nope', ...member }, on('2025-03-03')), 'TASK_NOT_FOUND', 404)
    const late = completeTaskPaidElsewhere(emptyTaskState(), { taskId: 'newcomer-first-core-use', ...member }, on('2025-04-01'))
    expect(late.events).toEqual([])
  })
})

describe('§2.4 validateTaskRules', () => {
  test('duplicate ids, zero goal, negative reward, campaign task without campaign, afterSignin not a boolean', () => {
    const d = DEFAULT_TASK_RULES.definitions[0]
    expect(
      validateTaskRules({
        ...DEFAULT_TASK_RULES,
        definitions: [
          d,
          { ...d, goal: { eventType: 'x', count: 0 }, reward: { points: -1 } },
          { ...d, id: 'c', kind: 'campaign' },
          { ...d, id: 'd', goal: { eventType: 'x', count: 1, afterSignin: 'yes' as unknown as boolean } },
        ],
      }),
    ).toEqual([
      'tasks.definitions[1].id: duplicate task id "daily-core-use"',
      'tasks.definitions[1].goal.count: must be an integer ≥ 1, got 0',
      'tasks.definitions[1].reward.points: must be a non-negative integer, got -1',
      'tasks.definitions[2].campaignId: a campaign task must name its campaign',
      'tasks.definitions[3].goal.afterSignin: must be true or false',
    ])
  })
})

describe('withdrawTaskEvent (a paid order refunded)', () => {
  const rules: TaskRules = {
    ...DEFAULT_TASK_RULES,
    definitions: [
      { id: 'first', kind: 'growth', title: '完成首笔订单', goal: { eventType: 'order_paid', count: 1 }, reward: { points: 50 }, action: 'order' },
      { id: 'three', kind: 'growth', title: '下单 3 次', goal: { eventType: 'order_paid', count: 3 }, reward: { points: 80 }, action: 'order' },
      { id: 'today', kind: 'daily', title: '今日下单', goal: { eventType: 'order_paid', count: 1 }, reward: { points: 5 }, action: 'order' },
      { id: 'signin', kind: 'daily', title: '签到', goal: { eventType: 'signin', count: 1 }, reward: { points: 5 }, action: 'signin' },
    ],
  }
  const state: TaskState = {
    progress: {
      first: { period: 'once', count: 1 },
      three: { period: 'once', count: 3 },
      today: { period: '2026-12-01', count: 1 },
      signin: { period: '2026-12-01', count: 1 },
    },
    claims: {},
  }

  test('each unclaimed task keeps only what the other events of its period give', () => {
    const next = withdrawTaskEvent(state, { eventTypes: ['order_paid'], occurredOn: '2026-12-01', remaining: (_def, p) => (p === 'once' ? 2 : 0) }, rules)
    expect(next.progress).toEqual({ ...state.progress, three: { period: 'once', count: 2 }, today: { period: '2026-12-01', count: 0 } })
  })

  test('every event type the order was, each task asked what it could still count', () => {
    const withUse: TaskRules = {
      ...rules,
      definitions: [
        ...rules.definitions,
        { id: 'new', kind: 'newcomer', title: '新人首次下单', goal: { eventType: 'core_use', count: 1 }, reward: { points: 20 }, action: 'order' },
      ],
    }
    const before: TaskState = { ...state, progress: { ...state.progress, new: { period: 'once', count: 1 } } }
    const asked: string[] = []
    const next = withdrawTaskEvent(
      before,
      { eventTypes: ['order_paid', 'core_use'], occurredOn: '2026-12-01', remaining: (def) => (asked.push(def.id), def.id === 'first' ? 1 : 0) },
      withUse,
    )
    expect(asked.sort()).toEqual(['first', 'new', 'three', 'today'])
    expect(next.progress).toEqual({ ...before.progress, three: { period: 'once', count: 0 }, today: { period: '2026-12-01', count: 0 }, new: { period: 'once', count: 0 } })
  })

  test('a claimed task, another period, or enough other events: unchanged', () => {
    const claimed = { ...state, claims: { first: { lastPeriod: 'once', count: 1, lastAt: '2026-12-01T02:00:00.000Z' } } }
    expect(withdrawTaskEvent(claimed, { eventTypes: ['order_paid'], occurredOn: '2026-12-01', remaining: () => 0 }, rules).progress.first).toEqual({ period: 'once', count: 1 })
    expect(withdrawTaskEvent(state, { eventTypes: ['order_paid'], occurredOn: '2026-11-30', remaining: () => 0 }, rules).progress.today).toEqual({ period: '2026-12-01', count: 1 })
    expect(withdrawTaskEvent(state, { eventTypes: ['order_paid'], occurredOn: '2026-12-01', remaining: () => 5 }, rules)).toBe(state)
  })
})

describe('before a claim the caps would cut: wait or take what is left (claimCapNotice)', () => {
  const caps = (dayUsed: number, monthUsed = dayUsed) => ({ dayUsed, dayLimit: 100, monthUsed, monthLimit: 2000 })
  const growth = { kind: 'growth' as const, status: 'claimable' as const, reward: { points: 50 } }
  test('a growth task: tomorrow, or next month when the month’s cap is what cuts it; the cap is reached only when nothing is left', () => {
    expect(claimCapNotice(growth, caps(80), '2025-03-03', true)).toEqual({
      title: '今日积分即将达到上限',
      content: '现在领取只能得 20 积分，明天再领最多可得 50 积分',
      now: '现在领取',
      later: '明天再领',
    })
    expect(claimCapNotice({ ...growth, reward: { points: 50, couponTemplateId: 'newcomer-5' } }, caps(100), '2025-03-03', true)).toMatchObject({
      title: '今日积分已达上限',
      content: '现在领取得不到积分（优惠券现在领也会到账），明天再领最多可得 50 积分',
    })
    expect(claimCapNotice(growth, caps(40, 1990), '2025-03-31', true)).toMatchObject({ title: '本月积分即将达到上限', content: '现在领取只能得 10 积分，下月再领最多可得 50 积分', later: '下月再领' })
  })
  test('nothing to say when nothing is cut, tasks are uncapped, the task will not keep, or waiting gets no more', () => {
    expect(claimCapNotice(growth, caps(50), '2025-03-03', true)).toBeNull()
    expect(claimCapNotice(growth, caps(100), '2025-03-03', false)).toBeNull()
    expect(claimCapNotice({ ...growth, kind: 'daily' }, caps(100), '2025-03-03', true)).toBeNull()
    expect(claimCapNotice({ ...growth, kind: 'campaign' }, caps(100), '2025-03-03', true)).toBeNull()
    expect(claimCapNotice({ ...growth, status: 'claimed' }, caps(100), '2025-03-03', true)).toBeNull()
    // A newcomer task whose last day is today is today's; one that lasts until tomorrow can wait.
    expect(claimCapNotice({ ...growth, kind: 'newcomer', availableUntil: '2025-03-03' }, caps(100), '2025-03-03', true)).toBeNull()
    expect(claimCapNotice({ ...growth, kind: 'newcomer', availableUntil: '2025-03-04' }, caps(100), '2025-03-03', true)?.later).toBe('明天再领')
    // A reward above the day's cap itself is cut tomorrow too, by as much.
    expect(claimCapNotice({ ...growth, reward: { points: 150 } }, { ...caps(0), dayUsed: 0 }, '2025-03-03', true)).toBeNull()
  })
})

describe('§1.6/§2.2 what a share earns, in words', () => {
  test('the default rules: the 分享 rule\'s points and limit, and no share task (there is none to complete)', () => {
    expect(shareRewardWords(DEFAULT_POINTS_RULES, DEFAULT_TASK_RULES)).toEqual(['+30 积分（每天最多 1 次）'])
  })
  test('a share task in the rules is named; a rule paying nothing is not', () => {
    const shareTask: TaskDefinition = { id: 'daily-share', kind: 'daily', title: '分享 1 次', goal: { eventType: 'share', count: 1 }, reward: { points: 5 }, action: 'invite' }
    const tasks: TaskRules = { ...DEFAULT_TASK_RULES, definitions: [...DEFAULT_TASK_RULES.definitions, shareTask] }
    const noPoints = { ...DEFAULT_POINTS_RULES, earningRules: { ...DEFAULT_POINTS_RULES.earningRules, share: { ...DEFAULT_POINTS_RULES.earningRules.share, points: 0 } } }
    expect(shareRewardWords(noPoints, tasks)).toEqual(['可完成分享任务'])
  })
})
