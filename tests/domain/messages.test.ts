import { parseInstant } from '@/domain/calendar'
import { seededRng, type Ctx } from '@/domain/context'
import {
  DEFAULT_MESSAGE_RULES,
  emptyMessageState,
  MESSAGE_TEMPLATE_IDS,
  markRead,
  notificationBody,
  notificationsNewestFirst,
  recordSubscription,
  sendMessage,
  templateOf,
  unreadCount,
  validateMessageRules,
  withEveryTemplate,
  type MessageRules,
  type MessageState,
  type MessagesConfig,
} from '@/domain/messages'

const config: MessagesConfig = { messages: DEFAULT_MESSAGE_RULES }
const ctxAt = (when: string | number): Ctx<MessagesConfig> => ({ now: typeof when === 'number' ? when : parseInstant(when), rng: seededRng(1), config })
const T0 = parseInstant('2026-06-01T02:00:00Z')
const DAY = 86_400_000
const subscribe = (s: MessageState, ids: string[], when = T0) => recordSubscription(s, { accepted: ids }, ctxAt(when)).state
const expiring = (s: MessageState, when: number) =>
  sendMessage(s, { template: 'points_expiring', payload: { points: 120, expiresOn: '2026-06-30' } }, ctxAt(when))

describe('§2.8 subscription messages: one acceptance = one send, at most 2 per week, always in-app', () => {
  test('without quota: only the in-app notification', () => {
    const r = expiring(emptyMessageState(), T0)
    expect(r.result).toMatchObject({ subscriptionSent: false, skippedBecause: 'no_quota' })
    expect(r.result.notification).toMatchObject({ title: '积分即将过期', body: '你有 120 积分将于 6月30日 过期，记得及时使用。', read: false })
    expect(r.events.map((e) => e.type)).toEqual(['notification_created'])
  })

  test('with quota: a subscription send that consumes the quota', () => {
    const s = subscribe(emptyMessageState(), ['points_expiring'])
    const r = expiring(s, T0)
    expect(r.result.subscriptionSent).toBe(true)
    expect(r.state.quota.points_expiring).toBe(0)
    expect(r.events.map((e) => e.type)).toEqual(['notification_created', 'subscription_message_sent'])
    expect(expiring(r.state, T0 + 1000).result.skippedBecause).toBe('no_quota')
  })

  test('the third send within a rolling 7 days is held back (quota kept); exactly 7 days later it goes out', () => {
    let s = subscribe(emptyMessageState(), ['points_expiring', 'coupon_expiring', 'tier_upgraded'])
    s = subscribe(s, ['points_expiring'])
    expect(s.quota.points_expiring).toBe(2)
    s = expiring(s, T0).state
    s = sendMessage(s, { template: 'coupon_expiring', payload: { couponName: '满100减20', expiresOn: '2026-06-03' } }, ctxAt(T0 + 3 * DAY)).state
    const capped = sendMessage(s, { template: 'tier_upgraded', payload: { tierName: '黄金会员' } }, ctxAt(T0 + 7 * DAY - 1))
    expect(capped.result).toMatchObject({ subscriptionSent: false, skippedBecause: 'weekly_cap' })
    expect(capped.state.quota.tier_upgraded).toBe(1)
    const later = sendMessage(capped.state, { template: 'tier_upgraded', payload: { tierName: '黄金会员' } }, ctxAt(T0 + 7 * DAY))
    expect(later.result.subscriptionSent).toBe(true)
    expect(unreadCount(later.state)).toBe(4)
  })

  test('a template accepted twice in one tap counts once; unknown templates are 400', () => {
    expect(subscribe(emptyMessageState(), ['signin_reminder', 'signin_reminder']).quota.signin_reminder).toBe(1)
    expect(() => subscribe(emptyMessageState(), ['marketing_blast'])).toThrow(expect.objectContaining({ code: 'MESSAGE_TEMPLATE_UNKNOWN', status: 400 }))
  })
})

describe('message texts: dates in words, the year when it is not this year', () => {
  const body = (template: 'points_expiring' | 'coupon_expiring' | 'campaign_starting' | 'gift_shipped', payload: Record<string, string | number>, when: string) =>
    sendMessage(emptyMessageState(), { template, payload } as Parameters<typeof sendMessage>[1], ctxAt(when)).result.notification.body
  test('a December reminder of January says the year; one of the same year does not', () => {
    expect(body('points_expiring', { points: 80, expiresOn: '2027-01-10' }, '2026-12-15T02:00:00Z')).toBe('你有 80 积分将于 2027年1月10日 过期，记得及时使用。')
    expect(body('points_expiring', { points: 80, expiresOn: '2026-12-31', lastExpiresOn: '2027-01-02' }, '2026-12-15T02:00:00Z')).toBe('你有 80 积分将于 12月31日 至 2027年1月2日 陆续过期，记得及时使用。')
    expect(body('coupon_expiring', { couponName: '满100减20', expiresOn: '2027-01-02' }, '2026-12-30T02:00:00Z')).toBe('你的「满100减20」将于 2027年1月2日 过期，记得及时使用。')
    // 16:30 UTC on 31 December is already 1 January in Shanghai: that is the business day the text is written on.
    expect(body('coupon_expiring', { couponName: '满100减20', expiresOn: '2027-01-02' }, '2026-12-31T16:30:00Z')).toBe('你的「满100减20」将于 1月2日 过期，记得及时使用。')
  })
  test('read in a later year, a reminder\'s date says its year; texts without a date are as written', () => {
    const sent = (template: 'points_expiring' | 'gift_shipped', payload: Record<string, string | number>) =>
      sendMessage(emptyMessageState(), { template, payload } as Parameters<typeof sendMessage>[1], ctxAt('2026-12-18T02:00:00Z')).result.notification
    const reminder = sent('points_expiring', { points: 80, expiresOn: '2026-12-19' })
    expect(reminder.body).toBe('你有 80 积分将于 12月19日 过期，记得及时使用。')
    expect(notificationBody(reminder, '2026-12-20')).toBe(reminder.body)
    expect(notificationBody(reminder, '2028-01-10')).toBe('你有 80 积分将于 2026年12月19日 过期，记得及时使用。')
    const shipped = sent('gift_shipped', { itemName: '周年徽章', trackingNo: 'SF1' })
    expect(notificationBody(shipped, '2028-01-10')).toBe(shipped.body)
  })
  test('会员即将到期 names the plan\'s tier, its last day (with the year when it is another) and the tier after it', () => {
    const ending = (cause: 'paid' | 'grant' | 'trial', when: string) =>
      sendMessage(emptyMessageState(), { template: 'tier_expiring', payload: { tierName: '黄金会员', until: '2027-01-03', nextTierName: '白银会员', cause } }, ctxAt(when)).result.notification
    const paid = ending('paid', '2026-12-28T02:00:00Z')
    expect(paid).toMatchObject({ title: '会员即将到期', body: '你的付费会员（黄金会员）将于 2027年1月3日 到期，之后会员等级为白银会员。如需继续享受权益，可在会员权益页续费。' })
    expect(notificationBody(paid, '2027-01-01')).toBe('你的付费会员（黄金会员）将于 1月3日 到期，之后会员等级为白银会员。如需继续享受权益，可在会员权益页续费。')
    expect(ending('trial', '2027-01-01T02:00:00Z').body).toBe('你的黄金会员体验将于 1月3日 到期，之后会员等级为白银会员。')
    expect(ending('grant', '2027-01-01T02:00:00Z').body).toBe('你的黄金会员将于 1月3日 到期，之后会员等级为白银会员。')
    const keep = sendMessage(
      emptyMessageState(),
      { template: 'tier_expiring', payload: { tierName: '黄金会员', until: '2027-01-03', nextTierName: '白银会员', cause: 'earned', needs: '保级还需 300 成长值，保级还需活跃 7 天' } },
      ctxAt('2026-12-10T02:00:00Z'),
    ).result.notification
    expect(keep).toMatchObject({ title: '会员即将到期', body: '你的黄金会员有效期至 2027年1月3日，届时将重新评定等级，按目前的成长将调整为白银会员。保级还需 300 成长值，保级还需活跃 7 天。' })
  })
  test('a rules version written before a template existed lists it with its defaults (the console can configure it)', () => {
    const old = { messages: { ...DEFAULT_MESSAGE_RULES, templates: DEFAULT_MESSAGE_RULES.templates.filter((t) => t.id !== 'tier_expiring') } }
    expect(withEveryTemplate(old).messages.templates.map((t) => t.id).sort()).toEqual([...MESSAGE_TEMPLATE_IDS].sort())
    expect(withEveryTemplate(old).messages.templates.at(-1)).toEqual(templateOf(DEFAULT_MESSAGE_RULES, 'tier_expiring'))
    const complete = { messages: DEFAULT_MESSAGE_RULES }
    expect(withEveryTemplate(complete)).toBe(complete)
  })
  test('a campaign start is a business-time instant in words, never ISO', () => {
    expect(body('campaign_starting', { campaignName: '幸运大转盘', startsAt: '2026-06-02T12:00:00Z' }, '2026-06-01T02:00:00Z')).toBe('「幸运大转盘」即将开始，开始时间 6月2日 20:00。')
    expect(body('campaign_starting', { campaignName: '新春集福', startsAt: '2026-12-31T16:00:00Z' }, '2026-12-20T02:00:00Z')).toBe('「新春集福」即将开始，开始时间 2027年1月1日 00:00。')
    expect(body('gift_shipped', { itemName: '帆布托特包', trackingNo: 'SF1234567890' }, '2026-12-20T02:00:00Z')).toBe('你兑换的「帆布托特包」已发货，快递单号 SF1234567890。')
  })
})

describe('§2.8 notification center: unread count and read flag', () => {
  test('markRead by id and all; unknown id 404', () => {
    let s = emptyMessageState()
    s = expiring(s, T0).state
    s = sendMessage(s, { template: 'campaign_starting', payload: { campaignName: '幸运大转盘', startsAt: '2026-06-02T12:00:00Z' } }, ctxAt(T0 + 1)).state
    s = sendMessage(s, { template: 'signin_reminder', payload: { streakDays: 2, nextBonusPoints: 10 } }, ctxAt(T0 + 2)).state
    expect(unreadCount(s)).toBe(3)
    expect(notificationsNewestFirst(s).map((n) => n.id)).toEqual(['n3', 'n2', 'n1'])
    expect(notificationsNewestFirst(s)[0].body).toBe('已连续签到 2 天，今天签到可额外得 10 积分。')
    s = markRead(s, { ids: ['n1'] }).state
    expect(unreadCount(s)).toBe(2)
    expect(() => markRead(s, { ids: ['n9'] })).toThrow(expect.objectContaining({ code: 'MESSAGE_NOT_FOUND', status: 404 }))
    expect(unreadCount(markRead(s, { ids: 'all' }).state)).toBe(0)
  })
})

describe('validateMessageRules', () => {
  test('defaults: the 7 templates, 2 sends per 7 days', () => {
    expect(DEFAULT_MESSAGE_RULES).toMatchObject({ maxSendsPerWeek: 2, windowDays: 7 })
    expect(DEFAULT_MESSAGE_RULES.templates.map((t) => t.id)).toEqual(MESSAGE_TEMPLATE_IDS)
    expect(validateMessageRules(DEFAULT_MESSAGE_RULES)).toEqual([])
  })
  test('precise problems', () => {
    const [first, ...rest] = DEFAULT_MESSAGE_RULES.templates
    expect(validateMessageRules({ maxSendsPerWeek: -1, windowDays: 7, templates: [...rest, { ...rest[0], title: ' ' }, { ...first, id: 'birthday' as never }] })).toEqual([
      'messages.maxSendsPerWeek: must be an integer ≥ 0, got -1',
      `messages.templates[${rest.length}].id: duplicate template "${rest[0].id}"`,
      `messages.templates[${rest.length}].title: must be a non-empty zh-CN title`,
      `messages.templates[${rest.length + 1}].id: unknown template "birthday"`,
    ])
  })
  test('a rules version written before a template existed stays valid, and the template has its default title', () => {
    const older: MessageRules = { ...DEFAULT_MESSAGE_RULES, templates: DEFAULT_MESSAGE_RULES.templates.filter((t) => t.id !== 'gift_shipped') }
    expect(validateMessageRules(older)).toEqual([])
    expect(templateOf(older, 'gift_shipped')).toEqual({ id: 'gift_shipped', title: '礼品已发货', platformTemplateIds: { weapp: '', alipay: '' } })
    const renamed: MessageRules = { ...older, templates: [...older.templates, { id: 'gift_shipped', title: '你的礼品在路上', platformTemplateIds: { weapp: 'tpl-1', alipay: '' } }] }
    expect(templateOf(renamed, 'gift_shipped').title).toBe('你的礼品在路上')
  })
})
