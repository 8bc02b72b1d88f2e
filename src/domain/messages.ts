/**
 * Messages (订阅消息 & notification center, SPEC §2.8).
 *
 * Every message lands in the in-app notification center. A platform subscription message is sent as well
 * only when the member has quota for that template (each acceptance of `requestSubscribeMessage` allows
 * exactly one send) and fewer than `maxSendsPerWeek` subscription sends in the ROLLING 7 days before now
 * (a calendar week would allow 4 sends across one weekend boundary). Sending consumes one quota.
 */
import { businessDateOf, type BusinessDate, type CalendarRules, instantWords, monthDayWords, parseInstant, toIso } from './calendar'
import type { Ctx } from './context'
import { RuleError } from './errors'
import { textProblem } from './rule-text'
import type { ReminderState } from './reminders'

export type MessageTemplateId =
  | 'points_expiring'
  | 'coupon_expiring'
  | 'signin_reminder'
  | 'tier_upgraded'
  | 'tier_changed'
  | 'tier_expiring'
  | 'benefit_available'
  | 'campaign_starting'
  | 'gift_shipped'
  | 'privacy_handled'
  | 'feedback_replied'

export const MESSAGE_TEMPLATE_IDS: MessageTemplateId[] = [
  'points_expiring',
  'coupon_expiring',
  'signin_reminder',
  'tier_upgraded',
  'tier_changed',
  'tier_expiring',
  'benefit_available',
  'campaign_starting',
  'gift_shipped',
  'privacy_handled',
  'feedback_replied',
]

export interface MessageTemplateConfig {
  id: MessageTemplateId
  /** zh-CN title in the notification center. */
  title: string
  /** The platform's subscription template id (WeChat / Alipay); empty until the brand configures it. */
  platformTemplateIds: { weapp: string; alipay: string }
  /**
   * What each keyword of the WeChat template says (the template the brand picked in WeChat's library has its own
   * keywords: `thing1`, `time2` …): text with placeholders — `{title}`, `{body}`, `{date}`, `{time}` and the
   * template's own fields (MESSAGE_FIELDS). Without them a WeChat template id cannot be sent.
   */
  weappFields?: TemplateField[]
  /**
   * The same for the Alipay template (its keywords are `keyword1`, `keyword2` … in the order the template lists
   * them). Without them an Alipay template id cannot be sent.
   */
  alipayFields?: TemplateField[]
}

/** The platforms with subscription messages (H5 has only the in-app centre). */
export type MessagePlatform = keyof MessageTemplateConfig['platformTemplateIds']

/** One keyword of a platform's template and what it says (text with placeholders). */
export interface TemplateField {
  key: string
  value: string
}

/** The keywords each platform's templates use: WeChat's `thing1`, `time2`, `character_string3` …; Alipay's `keyword1` … */
const TEMPLATE_KEYWORD: Record<MessagePlatform, { pattern: RegExp; example: string }> = {
  weapp: { pattern: /^[a-z]+(?:_[a-z]+)*\d+$/, example: 'a WeChat keyword like thing1' },
  alipay: { pattern: /^keyword\d+$/, example: 'an Alipay keyword like keyword1' },
}

/** The fields a platform's template is filled in with (empty: it cannot be sent there). */
export function templateFields(template: MessageTemplateConfig, platform: MessagePlatform): TemplateField[] {
  return (platform === 'weapp' ? template.weappFields : template.alipayFields) ?? []
}

/** Every message's placeholders: its title and text, and the day and time it was written (business time). */
export const COMMON_MESSAGE_FIELDS = ['title', 'body', 'date', 'time'] as const

/** Each template's own placeholders (its payload). */
export const MESSAGE_FIELDS: { [K in MessageTemplateId]: readonly (keyof MessagePayloads[K] & string)[] } = {
  points_expiring: ['points', 'expiresOn', 'lastExpiresOn'],
  coupon_expiring: ['couponName', 'expiresOn'],
  signin_reminder: ['streakDays', 'nextBonusPoints'],
  tier_upgraded: ['tierName'],
  tier_changed: ['tierName', 'cause'],
  tier_expiring: ['tierName', 'until', 'nextTierName', 'cause', 'needs'],
  benefit_available: ['benefitName'],
  campaign_starting: ['campaignName', 'startsAt'],
  gift_shipped: ['itemName', 'trackingNo'],
  privacy_handled: ['kind', 'requestNo', 'reply'],
  feedback_replied: ['excerpt', 'reply'],
}

export interface MessageRules {
  templates: MessageTemplateConfig[]
  /** Subscription sends per member in any rolling window of `windowDays` days. */
  maxSendsPerWeek: number
  windowDays: number
  /** From this hour of the business day (0–23) a member who has not signed in yet is reminded (reminders.ts); default 20. */
  signinReminderHour?: number | null
  /** How many hours before a campaign opens its 活动即将开始 goes out (1–168, reminders.ts); default 24. */
  campaignReminderHours?: number | null
}

export const DEFAULT_MESSAGE_RULES: MessageRules = {
  maxSendsPerWeek: 2,
  windowDays: 7,
  signinReminderHour: 20,
  campaignReminderHours: 24,
  templates: [
    { id: 'points_expiring', title: '积分即将过期', platformTemplateIds: { weapp: '', alipay: '' } },
    { id: 'coupon_expiring', title: '优惠券即将过期', platformTemplateIds: { weapp: '', alipay: '' } },
    { id: 'signin_reminder', title: '签到提醒', platformTemplateIds: { weapp: '', alipay: '' } },
    { id: 'tier_upgraded', title: '会员等级升级', platformTemplateIds: { weapp: '', alipay: '' } },
    { id: 'tier_changed', title: '会员等级变更', platformTemplateIds: { weapp: '', alipay: '' } },
    { id: 'tier_expiring', title: '会员即将到期', platformTemplateIds: { weapp: '', alipay: '' } },
    { id: 'benefit_available', title: '会员权益可用', platformTemplateIds: { weapp: '', alipay: '' } },
    { id: 'campaign_starting', title: '活动即将开始', platformTemplateIds: { weapp: '', alipay: '' } },
    { id: 'gift_shipped', title: '礼品已发货', platformTemplateIds: { weapp: '', alipay: '' } },
    { id: 'privacy_handled', title: '隐私申请已处理', platformTemplateIds: { weapp: '', alipay: '' } },
    { id: 'feedback_replied', title: '反馈已回复', platformTemplateIds: { weapp: '', alipay: '' } },
  ],
}

export interface MessagesConfig {
  messages: MessageRules
  /** The business calendar the texts' dates are written in (default: UTC+8). */
  calendar?: CalendarRules
}

export interface MessagePayloads {
  /** `lastExpiresOn` when the points expire over several days of one month. */
  points_expiring: { points: number; expiresOn: string; lastExpiresOn?: string }
  coupon_expiring: { couponName: string; expiresOn: string }
  signin_reminder: { streakDays: number; nextBonusPoints?: number }
  tier_upgraded: { tierName: string }
  /** The effective tier went down, and why: a paid, granted or trial tier ended, the earned tier's period, a refund. */
  tier_changed: { tierName: string; cause: 'paid' | 'grant' | 'trial' | 'period' | 'refund' }
  /**
   * A tier held for a time ends within days (tiers.ts heldTierNotices), or an earned tier's period ends short of
   * what keeps it (`earned`, earnedTierNotice, with what keeps it in `needs`): its last day and the tier after it.
   */
  tier_expiring: { tierName: string; until: string; nextTierName: string; cause: 'paid' | 'grant' | 'trial' | 'earned'; needs?: string }
  benefit_available: { benefitName: string }
  campaign_starting: { campaignName: string; startsAt: string }
  gift_shipped: { itemName: string; trackingNo: string }
  /** A data export or deletion request handled: its number and the brand's reply. */
  privacy_handled: { kind: 'export' | 'deletion'; requestNo: string; reply: string }
  /** The brand's answer to a member's 意见反馈, with the start of what they wrote. */
  feedback_replied: { excerpt: string; reply: string }
}

export interface Notification {
  id: string
  template: MessageTemplateId
  title: string
  body: string
  payload: Record<string, unknown>
  createdAt: string
  read: boolean
  /** Whether a platform subscription message was sent as well. */
  subscriptionSent: boolean
}

export interface MessageState {
  /** Remaining subscription sends per template. */
  quota: Partial<Record<MessageTemplateId, number>>
  /** Subscription sends (ISO instants), for the weekly cap. */
  sends: { template: MessageTemplateId; at: string }[]
  notifications: Notification[]
  /** Counter for notification ids. */
  nextNotificationNo: number
  /** What the reminder sweep has sent (reminders.ts); absent until it sends one. */
  reminded?: ReminderState
  /** The business month the member was last told their tier's free services are there (权益可用). */
  benefitMonth?: string
}

export type MessageEvent =
  | { type: 'subscription_recorded'; templates: MessageTemplateId[] }
  | { type: 'notification_created'; notificationId: string; template: MessageTemplateId }
  | { type: 'subscription_message_sent'; template: MessageTemplateId; payload: Record<string, unknown> }

export function emptyMessageState(): MessageState {
  return { quota: {}, sends: [], notifications: [], nextNotificationNo: 1 }
}

function assertTemplate(id: string): asserts id is MessageTemplateId {
  if (!MESSAGE_TEMPLATE_IDS.includes(id as MessageTemplateId)) {
    throw new RuleError('MESSAGE_TEMPLATE_UNKNOWN', '消息类型不存在', 400, { template: id })
  }
}

/**
 * Records what the member accepted in one `requestSubscribeMessage` tap: +1 quota per accepted template
 * (a template listed twice in one tap counts once — the platform grants one send per acceptance).
 */
export function recordSubscription(
  state: MessageState,
  input: { accepted: string[] },
  _ctx: Ctx<MessagesConfig>,
): { state: MessageState; events: MessageEvent[] } {
  const accepted = [...new Set(input.accepted)]
  accepted.forEach(assertTemplate)
  const templates = accepted as MessageTemplateId[]
  if (templates.length === 0) return { state, events: [] }
  const quota = { ...state.quota }
  for (const t of templates) quota[t] = (quota[t] ?? 0) + 1
  return { state: { ...state, quota }, events: [{ type: 'subscription_recorded', templates }] }
}


/** Why a member's tier went down, as the start of 会员等级变更's text. */
const TIER_CHANGE_CAUSE: Record<string, string> = {
  paid: '付费会员已到期，',
  grant: '赠送的会员等级已到期，',
  trial: '会员体验已结束，',
  period: '会员等级有效期已到，按保级条件重新评定，',
  refund: '因订单退款，',
}

/** A message's text; dates in words, with the year when it is not `today`'s. */
function renderBody<T extends MessageTemplateId>(template: T, payload: MessagePayloads[T], today: string, calendar?: CalendarRules): string {
  const p = payload as MessagePayloads[MessageTemplateId] & Record<string, unknown>
  const day = (d: unknown) => monthDayWords(String(d), today)
  switch (template) {
    case 'points_expiring':
      return p.lastExpiresOn && p.lastExpiresOn !== p.expiresOn
        ? `你有 ${p.points} 积分将于 ${day(p.expiresOn)} 至 ${day(p.lastExpiresOn)} 陆续过期，记得及时使用。`
        : `你有 ${p.points} 积分将于 ${day(p.expiresOn)} 过期，记得及时使用。`
    case 'coupon_expiring':
      return `你的「${p.couponName}」将于 ${day(p.expiresOn)} 过期，记得及时使用。`
    case 'signin_reminder':
      return p.nextBonusPoints
        ? `已连续签到 ${p.streakDays} 天，今天签到可额外得 ${p.nextBonusPoints} 积分。`
        : `已连续签到 ${p.streakDays} 天，今天别忘了签到哦。`
    case 'tier_upgraded':
      return `恭喜你升级为${p.tierName}，新权益已生效。`
    case 'tier_changed':
      return `${TIER_CHANGE_CAUSE[String(p.cause)] ?? ''}你的会员等级已调整为${p.tierName}。`
    case 'tier_expiring':
      if (p.cause === 'earned') return `你的${p.tierName}有效期至 ${day(p.until)}，届时将重新评定等级，按目前的成长将调整为${p.nextTierName}。${p.needs ? `${p.needs}。` : ''}`
      return p.cause === 'paid'
        ? `你的付费会员（${p.tierName}）将于 ${day(p.until)} 到期，之后会员等级为${p.nextTierName}。如需继续享受权益，可在会员权益页续费。`
        : `你的${p.tierName}${p.cause === 'trial' ? '体验' : ''}将于 ${day(p.until)} 到期，之后会员等级为${p.nextTierName}。`
    case 'benefit_available':
      return `你的会员权益「${p.benefitName}」可以使用了。`
    case 'campaign_starting':
      return `「${p.campaignName}」即将开始，开始时间 ${instantWords(parseInstant(String(p.startsAt)), today, calendar)}。`
    case 'gift_shipped':
      return `你兑换的「${p.itemName}」已发货，快递单号 ${p.trackingNo}。`
    case 'feedback_replied':
      return `你的反馈「${p.excerpt}」已回复：${p.reply}`
    case 'privacy_handled':
      return `你的${p.kind === 'export' ? '数据导出' : '数据删除'}申请（编号 ${p.requestNo}）已处理：${p.reply}`
    default:
      return ''
  }
}

/** The templates whose text carries a date, and the payload field that holds it. */
const DATED: Partial<Record<MessageTemplateId, string>> = { points_expiring: 'expiresOn', coupon_expiring: 'expiresOn', tier_expiring: 'until', campaign_starting: 'startsAt' }

/**
 * A notification's text as read on `today`: its date says the year when that is not today's — a reminder from
 * December read in January says 2026年12月19日, where the 12月19日 it was written with would read as the coming one.
 * Other texts are as they were written.
 */
export function notificationBody(n: Pick<Notification, 'template' | 'payload' | 'body'>, today: BusinessDate, calendar?: CalendarRules): string {
  const field = DATED[n.template]
  if (!field || typeof n.payload[field] !== 'string') return n.body
  return renderBody(n.template, n.payload as unknown as MessagePayloads[MessageTemplateId], today, calendar) || n.body
}

/**
 * A template as the rules configure it; one the rules do not list (a rules version written before the template
 * existed) has its default title and no platform template.
 */
export function templateOf(rules: MessageRules, id: MessageTemplateId): MessageTemplateConfig {
  return rules.templates.find((t) => t.id === id) ?? DEFAULT_MESSAGE_RULES.templates.find((t) => t.id === id)!
}

/**
 * The rules with every template listed: one a rules version written before it existed gets its default (no platform
 * template), so an operator editing that version sees it and can configure it.
 */
export function withEveryTemplate<T extends { messages?: MessageRules }>(doc: T): T {
  const listed = doc.messages?.templates
  if (!listed) return doc
  const missing = DEFAULT_MESSAGE_RULES.templates.filter((d) => !listed.some((t) => t.id === d.id))
  return missing.length === 0 ? doc : { ...doc, messages: { ...doc.messages!, templates: [...listed, ...missing] } }
}

/** Subscription sends in the rolling window ending now. */
export function sendsInWindow(state: MessageState, ctx: Pick<Ctx<MessagesConfig>, 'now' | 'config'>): number {
  const from = ctx.now - ctx.config.messages.windowDays * 86_400_000
  return state.sends.filter((s) => {
    const at = parseInstant(s.at)
    return at > from && at <= ctx.now
  }).length
}

export interface SendOutcome {
  notification: Notification
  subscriptionSent: boolean
  /** Why no subscription message went out; null when one did. */
  skippedBecause: 'no_quota' | 'weekly_cap' | null
}

/**
 * Sends a message: always an in-app notification; also a subscription message when quota and the weekly cap
 * allow (the caller hands the returned event to the platform's send API).
 */
export function sendMessage<T extends MessageTemplateId>(
  state: MessageState,
  input: { template: T; payload: MessagePayloads[T] },
  ctx: Ctx<MessagesConfig>,
): { state: MessageState; events: MessageEvent[]; result: SendOutcome } {
  assertTemplate(input.template)
  const config = templateOf(ctx.config.messages, input.template)
  const quotaLeft = state.quota[input.template] ?? 0
  const capped = sendsInWindow(state, ctx) >= ctx.config.messages.maxSendsPerWeek
  const subscriptionSent = quotaLeft > 0 && !capped
  const skippedBecause = subscriptionSent ? null : quotaLeft <= 0 ? 'no_quota' : 'weekly_cap'
  const at = toIso(ctx.now)
  const payload = { ...input.payload } as Record<string, unknown>
  const notification: Notification = {
    id: `n${state.nextNotificationNo}`,
    template: input.template,
    title: config.title,
    body: renderBody(input.template, input.payload, businessDateOf(ctx.now, ctx.config.calendar), ctx.config.calendar),
    payload,
    createdAt: at,
    read: false,
    subscriptionSent,
  }
  const events: MessageEvent[] = [{ type: 'notification_created', notificationId: notification.id, template: input.template }]
  let next: MessageState = {
    ...state,
    notifications: [...state.notifications, notification],
    nextNotificationNo: state.nextNotificationNo + 1,
  }
  if (subscriptionSent) {
    next = {
      ...next,
      quota: { ...state.quota, [input.template]: quotaLeft - 1 },
      sends: [...state.sends, { template: input.template, at }],
    }
    events.push({ type: 'subscription_message_sent', template: input.template, payload })
  }
  return { state: next, events, result: { notification, subscriptionSent, skippedBecause } }
}

export function unreadCount(state: MessageState): number {
  return state.notifications.filter((n) => !n.read).length
}

/** Marks the given notifications read ('all' for every one). Unknown ids: MESSAGE_NOT_FOUND (404). */
export function markRead(state: MessageState, input: { ids: string[] | 'all' }): { state: MessageState; events: MessageEvent[] } {
  if (input.ids !== 'all') {
    for (const id of input.ids) {
      if (!state.notifications.some((n) => n.id === id)) throw new RuleError('MESSAGE_NOT_FOUND', '消息不存在', 404, { id })
    }
  }
  const ids = input.ids === 'all' ? null : new Set(input.ids)
  return {
    state: { ...state, notifications: state.notifications.map((n) => (!n.read && (ids === null || ids.has(n.id)) ? { ...n, read: true } : n)) },
    events: [],
  }
}

/** The notification center, newest first. */
export function notificationsNewestFirst(state: MessageState): Notification[] {
  return [...state.notifications].reverse()
}

export function validateMessageRules(rules: MessageRules): string[] {
  const problems: string[] = []
  if (!Number.isInteger(rules.maxSendsPerWeek) || rules.maxSendsPerWeek < 0) {
    problems.push(`messages.maxSendsPerWeek: must be an integer ≥ 0, got ${String(rules.maxSendsPerWeek)}`)
  }
  if (!Number.isInteger(rules.windowDays) || rules.windowDays < 1) {
    problems.push(`messages.windowDays: must be a positive integer, got ${String(rules.windowDays)}`)
  }
  // Absent (or cleared: null) means the default.
  const hour = rules.signinReminderHour
  if (hour != null && (!Number.isInteger(hour) || hour < 0 || hour > 23)) {
    problems.push(`messages.signinReminderHour: must be an integer in 0..23, got ${String(hour)}`)
  }
  const hours = rules.campaignReminderHours
  if (hours != null && (!Number.isInteger(hours) || hours < 1 || hours > 168)) {
    problems.push(`messages.campaignReminderHours: must be an integer in 1..168, got ${String(hours)}`)
  }
  if (!Array.isArray(rules.templates)) {
    problems.push('messages.templates: must be a list')
    return problems
  }
  const seen = new Set<string>()
  rules.templates.forEach((t, i) => {
    if (!MESSAGE_TEMPLATE_IDS.includes(t.id)) problems.push(`messages.templates[${i}].id: unknown template "${String(t.id)}"`)
    else if (seen.has(t.id)) problems.push(`messages.templates[${i}].id: duplicate template "${t.id}"`)
    else seen.add(t.id)
    const title = textProblem(t.title, 'title')
    if (title) problems.push(`messages.templates[${i}].title: ${title}`)
    if (t.weappFields != null) problems.push(...fieldProblems(t.weappFields, t.id, `messages.templates[${i}].weappFields`, 'weapp'))
    if (t.alipayFields != null) problems.push(...fieldProblems(t.alipayFields, t.id, `messages.templates[${i}].alipayFields`, 'alipay'))
  })
  // A template left out takes its default title (templateOf): a rules version written before it existed stays valid.
  return problems
}

function fieldProblems(fields: unknown, template: MessageTemplateId, at: string, platform: MessagePlatform): string[] {
  if (!Array.isArray(fields)) return [`${at}: must be a list`]
  const problems: string[] = []
  const known = new Set<string>([...COMMON_MESSAGE_FIELDS, ...(MESSAGE_FIELDS[template] ?? [])])
  const keys = new Set<string>()
  fields.forEach((f: { key?: unknown; value?: unknown } | null, j) => {
    const key = f?.key
    const value = f?.value
    const keyword = TEMPLATE_KEYWORD[platform]
    if (typeof key !== 'string' || !keyword.pattern.test(key)) problems.push(`${at}[${j}].key: must be ${keyword.example}, got ${JSON.stringify(key ?? null)}`)
    else if (keys.has(key)) problems.push(`${at}[${j}].key: duplicate keyword "${key}"`)
    else keys.add(key)
    if (typeof value !== 'string' || value.trim() === '') problems.push(`${at}[${j}].value: must be a non-empty string`)
    else {
      for (const [, name] of value.matchAll(/\{([^{}]*)\}/g)) {
        if (!known.has(name)) problems.push(`${at}[${j}].value: unknown placeholder {${name}}`)
      }
    }
  })
  return problems
}
