/**
 * Task centre (SPEC §2.4): daily tasks reset each business day, growth tasks are one-time, newcomer
 * tasks live for the first `newcomerDays` days after registration, campaign tasks while their campaign
 * runs. Events advance progress; a complete task is claimed once per period and its reward is granted
 * through the points module as a capped 'task' award (`performTaskClaim`).
 */
import { addDays, addMonthsToMonth, businessDateOf, daysBetween, monthOf, toIso, type BusinessDate, type CalendarRules } from './calendar'
import type { Ctx } from './context'
import { RuleError } from './errors'
import { capWords, grantPoints, settledNote, type AwardResult, type PointsCaps, type PointsEvent, type PointsRules, type PointsState } from './points'
import { isRuleId, RULE_ID_PROBLEM, textProblem } from './rule-text'

export type TaskKind = 'daily' | 'growth' | 'newcomer' | 'campaign'
export const TASK_KINDS: readonly TaskKind[] = ['daily', 'growth', 'newcomer', 'campaign']

export interface TaskGoal {
  /** The behaviour event that advances it (`POST /events` type or a backend event such as `order_paid`). */
  eventType: string
  count: number
  /** Count at most one event per business day ("use the app on 10 different days"). */
  distinctDays?: boolean
  /** Count only events after that business day's sign-in (签到后浏览 1 个商品); until then 去完成 leads to 签到. */
  afterSignin?: boolean
}

export interface TaskReward {
  points: number
  /** Explicit growth; when absent growth follows the awarded points (points rules' growthPerPoint). */
  growth?: number
  couponTemplateId?: string
}

export interface TaskDefinition {
  id: string
  kind: TaskKind
  /** zh-CN */
  title: string
  goal: TaskGoal
  reward: TaskReward
  /** Route key of the "去完成" button: 'mall' | 'guide' | 'profile' | 'invite' | 'order' | 'follow' | 'home' | … */
  action: string
  /** Members whose tier has `campaignTaskDoublePoints` earn `memberDoublePercent` of the points. */
  memberDouble?: boolean
  /** Campaign tasks: listed and advanced only while this campaign runs. */
  campaignId?: string
}

export interface TaskRules {
  definitions: TaskDefinition[]
  newcomerDays: number
  /** Integer percent applied to memberDouble tasks for eligible tiers (200 = double). */
  memberDoublePercent: number
}

export const DEFAULT_TASK_RULES: TaskRules = {
  definitions: [
    { id: 'daily-core-use', kind: 'daily', title: '下单 1 次', goal: { eventType: 'core_use', count: 1 }, reward: { points: 10 }, action: 'order' },
    { id: 'daily-guide-read', kind: 'daily', title: '浏览使用指南', goal: { eventType: 'guide_read', count: 1 }, reward: { points: 5 }, action: 'guide' },
    { id: 'daily-follow-account', kind: 'daily', title: '关注公众号', goal: { eventType: 'follow_account', count: 1 }, reward: { points: 5 }, action: 'follow' },
    { id: 'daily-browse-product', kind: 'daily', title: '签到后浏览 1 个商品', goal: { eventType: 'browse_product', count: 1, afterSignin: true }, reward: { points: 5 }, action: 'mall' },
    { id: 'growth-profile', kind: 'growth', title: '完善个人资料', goal: { eventType: 'profile_complete', count: 1 }, reward: { points: 50 }, action: 'profile' },
    {
      id: 'growth-active-10-days',
      kind: 'growth',
      title: '累计使用 10 天',
      goal: { eventType: 'first_open', count: 10, distinctDays: true },
      reward: { points: 50 },
      action: 'home',
    },
    {
      id: 'growth-invite-1',
      kind: 'growth',
      title: '邀请 1 位好友注册',
      goal: { eventType: 'invite_registered', count: 1 },
      reward: { points: 50, growth: 100 },
      action: 'invite',
    },
    { id: 'growth-first-order', kind: 'growth', title: '完成首笔订单', goal: { eventType: 'order_paid', count: 1 }, reward: { points: 50 }, action: 'order' },
    {
      id: 'newcomer-first-core-use',
      kind: 'newcomer',
      title: '新人首次下单',
      goal: { eventType: 'core_use', count: 1 },
      reward: { points: 20, couponTemplateId: 'newcomer-5' },
      action: 'order',
    },
    {
      id: 'campaign-spring-core-use',
      kind: 'campaign',
      title: '春节活动：下单 3 次',
      goal: { eventType: 'core_use', count: 3 },
      reward: { points: 15 },
      action: 'order',
      memberDouble: true,
      campaignId: 'spring-cards',
    },
  ],
  newcomerDays: 7,
  memberDoublePercent: 200,
}

export type TaskCtx = Ctx<{ calendar: CalendarRules; tasks: TaskRules }>

export interface TaskProgress {
  /** Business date for daily tasks, 'once' otherwise. */
  period: string
  count: number
  /** Last business date counted (distinctDays goals). */
  lastDay?: BusinessDate
}

export interface TaskClaimRecord {
  lastPeriod: string
  count: number
  lastAt: string
}

export interface TaskState {
  progress: Record<string, TaskProgress>
  claims: Record<string, TaskClaimRecord>
}

export function emptyTaskState(): TaskState {
  return { progress: {}, claims: {} }
}

export interface TaskMemberContext {
  registeredOn: BusinessDate
  /** The member's effective tier has `campaignTaskDoublePoints`. */
  tierCampaignDouble?: boolean
  /** Campaign ids running now (campaign tasks need theirs). */
  runningCampaignIds?: string[]
  /** The member has signed in today (goals `afterSignin`). */
  signedToday?: boolean
}

export interface TaskCompletedEvent {
  type: 'task_completed'
  taskId: string
  period: string
  businessDate: BusinessDate
}

export interface TaskClaimedEvent {
  type: 'task_claimed'
  taskId: string
  period: string
  points: number
  businessDate: BusinessDate
}

export type TaskEvent = TaskCompletedEvent | TaskClaimedEvent

function periodOf(def: TaskDefinition, today: BusinessDate): string {
  return def.kind === 'daily' ? today : 'once'
}

/** The first `newcomerDays` days counting the registration day: day 1 … day 7. */
export function isInNewcomerWindow(registeredOn: BusinessDate, today: BusinessDate, rules: TaskRules): boolean {
  const d = daysBetween(registeredOn, today)
  return d >= 0 && d < rules.newcomerDays
}

function isAvailable(def: TaskDefinition, member: TaskMemberContext, today: BusinessDate, rules: TaskRules): boolean {
  if (def.kind === 'newcomer') return isInNewcomerWindow(member.registeredOn, today, rules)
  if (def.kind === 'campaign') return !!def.campaignId && (member.runningCampaignIds ?? []).includes(def.campaignId)
  return true
}

function progressNow(state: TaskState, def: TaskDefinition, period: string): number {
  const p = state.progress[def.id]
  return p && p.period === period ? p.count : 0
}

function claimedIn(state: TaskState, def: TaskDefinition, period: string): boolean {
  return state.claims[def.id]?.lastPeriod === period
}

export function rewardPointsFor(def: TaskDefinition, tierCampaignDouble: boolean | undefined, rules: TaskRules): number {
  if (def.memberDouble && tierCampaignDouble) return Math.floor((def.reward.points * rules.memberDoublePercent) / 100)
  return def.reward.points
}

/** Tasks claimed in total (the `tasksCompleted` tier metric counts claims). */
export function completedTaskCount(state: TaskState): number {
  return Object.values(state.claims).reduce((s, c) => s + c.count, 0)
}

/**
 * Advance every task whose goal counts this event. Progress stops at the goal; a task already claimed in
 * this period, a newcomer task outside the window and a campaign task whose campaign is not running do not
 * move. Never refuses: an event that advances nothing is simply a no-op.
 */
export function recordTaskEvent(
  state: TaskState,
  input: { eventType: string; ref?: string } & TaskMemberContext,
  ctx: TaskCtx,
): { state: TaskState; events: TaskEvent[] } {
  const rules = ctx.config.tasks
  const today = businessDateOf(ctx.now, ctx.config.calendar)
  let progress = state.progress
  const events: TaskEvent[] = []
  for (const def of rules.definitions) {
    if (def.goal.eventType !== input.eventType) continue
    if (!isAvailable(def, input, today, rules) || (def.goal.afterSignin && !input.signedToday)) continue
    const period = periodOf(def, today)
    if (claimedIn(state, def, period)) continue
    const current = progress[def.id]
    const fresh = current && current.period === period ? current : { period, count: 0 }
    if (fresh.count >= def.goal.count) continue
    if (def.goal.distinctDays && fresh.lastDay === today) continue
    const count = fresh.count + 1
    progress = { ...progress, [def.id]: { period, count, lastDay: today } }
    if (count === def.goal.count) events.push({ type: 'task_completed', taskId: def.id, period, businessDate: today })
  }
  return { state: progress === state.progress ? state : { ...state, progress }, events }
}

/**
 * An event taken back (a paid order refunded: its 完成订单 and its 下单): each task it counted toward, not yet claimed in
 * the period it counted in, keeps at most what the member's other events still give it — `remaining(def, period)` (the
 * business date of a daily task's, 'once' for the rest; the task says which of those events it could have counted, e.g.
 * only a newcomer's first days). A reward already claimed stays claimed.
 */
export function withdrawTaskEvent(
  state: TaskState,
  input: { eventTypes: readonly string[]; occurredOn: BusinessDate; remaining: (def: TaskDefinition, period: string) => number },
  rules: TaskRules,
): TaskState {
  let progress = state.progress
  for (const def of rules.definitions) {
    if (!input.eventTypes.includes(def.goal.eventType)) continue
    const period = periodOf(def, input.occurredOn)
    const current = progress[def.id]
    if (!current || current.period !== period || claimedIn(state, def, period)) continue
    const count = Math.min(current.count, input.remaining(def, period))
    if (count < current.count) progress = { ...progress, [def.id]: { ...current, count } }
  }
  return progress === state.progress ? state : { ...state, progress }
}

export type TaskStatus = 'todo' | 'claimable' | 'claimed' | 'expired'

export interface TaskView {
  id: string
  kind: TaskKind
  title: string
  progress: number
  goal: number
  /** "已完成 0/1" */
  progressText: string
  status: TaskStatus
  reward: { points: number; growth?: number; couponTemplateId?: string }
  /** "+10 积分", "+50 积分 +100 成长值", "+20 积分 + 优惠券" */
  rewardText: string
  doubled: boolean
  action: string
  /** Newcomer tasks: last business date they can be claimed. */
  availableUntil?: BusinessDate
}

function rewardText(points: number, growth: number | undefined, coupon: string | undefined): string {
  let s = `+${points} 积分`
  if (growth) s += ` +${growth} 成长值`
  if (coupon) s += ' + 优惠券'
  return s
}

/**
 * The task centre view, in definition order. Campaign tasks of campaigns not running are left out; newcomer tasks
 * past the window are listed as 'expired' unless already claimed — for as long again as the window lasted (a
 * member who just missed one sees why), then left out: 新人任务 are a newcomer's, not a long-standing member's.
 */
export function taskList(state: TaskState, member: TaskMemberContext, ctx: TaskCtx): TaskView[] {
  const rules = ctx.config.tasks
  const today = businessDateOf(ctx.now, ctx.config.calendar)
  const out: TaskView[] = []
  for (const def of rules.definitions) {
    if (def.kind === 'campaign' && !isAvailable(def, member, today, rules)) continue
    if (def.kind === 'newcomer' && daysBetween(member.registeredOn, today) >= 2 * rules.newcomerDays) continue
    const period = periodOf(def, today)
    const progress = Math.min(def.goal.count, progressNow(state, def, period))
    let status: TaskStatus
    if (claimedIn(state, def, period)) status = 'claimed'
    else if (!isAvailable(def, member, today, rules)) status = 'expired'
    else status = progress >= def.goal.count ? 'claimable' : 'todo'
    const points = rewardPointsFor(def, member.tierCampaignDouble, rules)
    const signinFirst = status === 'todo' && def.goal.afterSignin && !member.signedToday
    const view: TaskView = {
      id: def.id,
      kind: def.kind,
      title: def.title,
      progress,
      goal: def.goal.count,
      progressText: `已完成 ${progress}/${def.goal.count}${signinFirst ? ' · 请先签到' : ''}`,
      status,
      reward: { points, growth: def.reward.growth, couponTemplateId: def.reward.couponTemplateId },
      rewardText: rewardText(points, def.reward.growth, def.reward.couponTemplateId),
      doubled: points !== def.reward.points,
      action: signinFirst ? 'signin' : def.action,
    }
    if (def.kind === 'newcomer') view.availableUntil = addDays(member.registeredOn, rules.newcomerDays - 1)
    out.push(view)
  }
  return out
}

export interface TaskClaimReward {
  taskId: string
  period: string
  points: number
  /** Explicit growth; undefined = growth follows the awarded points. */
  growth?: number
  couponTemplateId?: string
}

/**
 * Claim a completed task for the current period. Refusals: unknown task (`TASK_NOT_FOUND` 404), already
 * claimed this period (`TASK_ALREADY_CLAIMED` 409), newcomer task after the window or campaign task after
 * its campaign (`TASK_EXPIRED` 422), goal not reached (`TASK_NOT_COMPLETE` 422). Returns the reward to grant.
 */
export function claimTask(
  state: TaskState,
  input: { taskId: string } & TaskMemberContext,
  ctx: TaskCtx,
): { state: TaskState; events: TaskEvent[]; reward: TaskClaimReward } {
  const rules = ctx.config.tasks
  const today = businessDateOf(ctx.now, ctx.config.calendar)
  const def = rules.definitions.find((d) => d.id === input.taskId)
  if (!def) throw new RuleError('TASK_NOT_FOUND', '任务不存在', 404, { taskId: input.taskId })
  const period = periodOf(def, today)
  if (claimedIn(state, def, period)) throw new RuleError('TASK_ALREADY_CLAIMED', '奖励已经领取过了', 409, { taskId: def.id, period })
  if (!isAvailable(def, input, today, rules)) {
    throw new RuleError('TASK_EXPIRED', def.kind === 'newcomer' ? '新人任务已过期' : '活动已结束，任务不可领取', 422, { taskId: def.id })
  }
  const progress = progressNow(state, def, period)
  if (progress < def.goal.count) {
    throw new RuleError('TASK_NOT_COMPLETE', '任务还没有完成', 422, { taskId: def.id, progress, goal: def.goal.count })
  }
  const points = rewardPointsFor(def, input.tierCampaignDouble, rules)
  const previous = state.claims[def.id]
  const claims = { ...state.claims, [def.id]: { lastPeriod: period, count: (previous?.count ?? 0) + 1, lastAt: toIso(ctx.now) } }
  const reward: TaskClaimReward = { taskId: def.id, period, points }
  if (def.reward.growth !== undefined) reward.growth = def.reward.growth
  if (def.reward.couponTemplateId) reward.couponTemplateId = def.reward.couponTemplateId
  return {
    state: { ...state, claims },
    events: [{ type: 'task_claimed', taskId: def.id, period, points, businessDate: today }],
    reward,
  }
}

/**
 * Records a task as done AND claimed when its reward is paid elsewhere, so it is never paid twice. The §2.4
 * growth task "invite 1 friend who registers (+50, +100 growth)" and the §2.10 inviter reward are one and the
 * same reward: the invite acceptance pays it (invites.ts) and calls this, so the task shows "claimed" and a
 * later claim is refused `TASK_ALREADY_CLAIMED`. Already claimed in this period → no change (a second
 * invitee does not touch it). Unknown task → `TASK_NOT_FOUND` (404); a task not available to the member
 * (newcomer window over, campaign not running) → no change, since nothing can be paid for it anyway.
 */
export function completeTaskPaidElsewhere(
  state: TaskState,
  input: { taskId: string } & TaskMemberContext,
  ctx: TaskCtx,
): { state: TaskState; events: TaskEvent[] } {
  const rules = ctx.config.tasks
  const today = businessDateOf(ctx.now, ctx.config.calendar)
  const def = rules.definitions.find((d) => d.id === input.taskId)
  if (!def) throw new RuleError('TASK_NOT_FOUND', '任务不存在', 404, { taskId: input.taskId })
  const period = periodOf(def, today)
  if (claimedIn(state, def, period) || !isAvailable(def, input, today, rules)) return { state, events: [] }
  const previous = state.claims[def.id]
  return {
    state: {
      progress: { ...state.progress, [def.id]: { period, count: def.goal.count, lastDay: today } },
      claims: { ...state.claims, [def.id]: { lastPeriod: period, count: (previous?.count ?? 0) + 1, lastAt: toIso(ctx.now) } },
    },
    events: [
      { type: 'task_completed', taskId: def.id, period, businessDate: today },
      { type: 'task_claimed', taskId: def.id, period, points: 0, businessDate: today },
    ],
  }
}

export interface MemberTaskState {
  tasks: TaskState
  points: PointsState
}

export interface PerformTaskClaimResult {
  state: MemberTaskState
  events: (TaskEvent | PointsEvent)[]
  reward: TaskClaimReward
  points: AwardResult | null
  /** "奖励已到账 +10 积分", with the cap cut when there is one. */
  toast: string
}

/**
 * Claim and grant in one pure step (capped 'task' award, ref `task:<id>:<period>`). The caller issues
 * `reward.couponTemplateId` (dedupe ref `task:<id>:<period>`).
 */
export function performTaskClaim(
  member: MemberTaskState,
  input: { taskId: string } & TaskMemberContext,
  ctx: Ctx<{ calendar: CalendarRules; tasks: TaskRules; points: PointsRules }>,
): PerformTaskClaimResult {
  const claimed = claimTask(member.tasks, input, ctx)
  const { reward } = claimed
  let points = member.points
  let award: AwardResult | null = null
  const events: (TaskEvent | PointsEvent)[] = [...claimed.events]
  if (reward.points > 0) {
    const granted = grantPoints(
      points,
      { amount: reward.points, source: 'task', ref: `task:${reward.taskId}:${reward.period}`, growth: reward.growth },
      ctx,
    )
    points = granted.state
    award = granted.award
    events.push(...granted.events)
  }
  return { state: { tasks: claimed.state, points }, events, reward, points: award, toast: claimToast(award, !!reward.couponTemplateId) }
}

/** What a claim's toast says: what arrived, and what a points cap took off (never "+0 积分 到账"). */
function claimToast(award: AwardResult | null, coupon: boolean): string {
  const cap = award && award.capped > 0 ? capWords(award.cappedBy) : null
  if (award && award.awarded === 0 && cap) return coupon ? `优惠券已到账，${cap}，积分本次未到账` : `${cap}，本次未得积分`
  let toast = `奖励已到账 +${award?.awarded ?? 0} 积分`
  if (coupon) toast += ' + 优惠券'
  if (award && cap) toast += `（${cap}，少得 ${award.capped} 积分）`
  if (award && award.settled > 0) toast += `（${settledNote(award.settled)}）`
  return toast
}

/**
 * Before a claim: the points cap would cut a task's reward today, and the task can still be claimed once the cap
 * frees up — a growth task any day, a newcomer task until its last day — so the member may wait instead of losing
 * the points. Null when nothing would be cut, or when waiting gains nothing: a daily task is today's or never, a
 * campaign task's end is not in the view, a reward above the cap itself stays cut.
 */
export function claimCapNotice(
  task: Pick<TaskView, 'kind' | 'status' | 'reward' | 'availableUntil'>,
  caps: PointsCaps,
  today: BusinessDate,
  tasksCapped: boolean,
): { title: string; content: string; now: string; later: string } | null {
  const points = task.reward.points
  if (!tasksCapped || task.status !== 'claimable' || points <= 0) return null
  const dayLeft = Math.max(0, caps.dayLimit - caps.dayUsed)
  const monthLeft = Math.max(0, caps.monthLimit - caps.monthUsed)
  const gets = Math.min(points, dayLeft, monthLeft)
  // The month's cap frees up next month, the day's tomorrow.
  const byMonth = monthLeft < points && monthLeft <= dayLeft
  const freeOn = byMonth ? `${addMonthsToMonth(monthOf(today), 1)}-01` : addDays(today, 1)
  const later = Math.min(points, caps.dayLimit, byMonth ? caps.monthLimit : monthLeft)
  const waits = task.kind === 'growth' || (task.kind === 'newcomer' && !!task.availableUntil && task.availableUntil >= freeOn)
  if (gets >= points || later <= gets || !waits) return null
  const when = byMonth ? '下月' : '明天'
  const coupon = task.reward.couponTemplateId ? '（优惠券现在领也会到账）' : ''
  return {
    // Reached only when nothing is left; with some left, the claim would reach it.
    title: `${byMonth ? '本月' : '今日'}积分${gets > 0 ? '即将达到' : '已达'}上限`,
    content: `${gets > 0 ? `现在领取只能得 ${gets} 积分` : '现在领取得不到积分'}${coupon}，${when}再领最多可得 ${later} 积分`,
    now: '现在领取',
    later: `${when}再领`,
  }
}

export function validateTaskRules(rules: TaskRules, path = 'tasks'): string[] {
  const problems: string[] = []
  const ids = new Set<string>()
  ;(rules.definitions ?? []).forEach((d, i) => {
    const p = `${path}.definitions[${i}]`
    if (!isRuleId(d.id)) problems.push(`${p}.id: ${RULE_ID_PROBLEM}`)
    else if (ids.has(d.id)) problems.push(`${p}.id: duplicate task id "${d.id}"`)
    ids.add(d.id)
    if (!TASK_KINDS.includes(d.kind)) problems.push(`${p}.kind: unknown kind "${d.kind}"`)
    const title = textProblem(d.title, 'string')
    if (title) problems.push(`${p}.title: ${title}`)
    if (!d.action) problems.push(`${p}.action: must name where the task is done`)
    if (!d.goal?.eventType) problems.push(`${p}.goal.eventType: must be a non-empty string`)
    if (d.goal?.afterSignin !== undefined && typeof d.goal.afterSignin !== 'boolean') problems.push(`${p}.goal.afterSignin: must be true or false`)
    if (!Number.isInteger(d.goal?.count) || d.goal.count < 1) problems.push(`${p}.goal.count: must be an integer ≥ 1, got ${d.goal?.count}`)
    if (!Number.isInteger(d.reward?.points) || d.reward.points < 0) problems.push(`${p}.reward.points: must be a non-negative integer, got ${d.reward?.points}`)
    if (d.reward?.growth !== undefined && (!Number.isInteger(d.reward.growth) || d.reward.growth < 0)) {
      problems.push(`${p}.reward.growth: must be a non-negative integer, got ${d.reward.growth}`)
    }
    if (d.kind === 'campaign' && !d.campaignId) problems.push(`${p}.campaignId: a campaign task must name its campaign`)
  })
  if (!Number.isInteger(rules.newcomerDays) || rules.newcomerDays < 1) problems.push(`${path}.newcomerDays: must be an integer ≥ 1, got ${rules.newcomerDays}`)
  if (!Number.isInteger(rules.memberDoublePercent) || rules.memberDoublePercent < 100) {
    problems.push(`${path}.memberDoublePercent: must be an integer percent ≥ 100, got ${rules.memberDoublePercent}`)
  }
  return problems
}

/**
 * What one share earns, in words (邀请 page, where a copied link or the share sheet counts as the share): the 分享
 * earning rule's points and its daily limit, and the share tasks a share advances — only those the rules have
 * (the default rules have none: the page once promised "可完成分享任务" with no such task to find).
 */
export function shareRewardWords(points: PointsRules, tasks: TaskRules): string[] {
  const words: string[] = []
  const rule = points.earningRules.share
  if (rule && rule.points > 0) words.push(`+${rule.points} 积分${rule.limits.day ? `（每天最多 ${rule.limits.day} 次）` : ''}`)
  if (tasks.definitions.some((d) => d.goal.eventType === 'share')) words.push('可完成分享任务')
  return words
}
