import { parseInstant } from '@/domain/calendar'
import { DEFAULT_CAMPAIGNS, type CampaignDefinition } from '@/domain/campaigns'
import { DEFAULT_RULES_CONFIG, validateRulesConfig, type RulesConfig } from '@/domain/config'
import { seededRng } from '@/domain/context'
import { emptyMessageState, recordSubscription, type MessageState } from '@/domain/messages'
import { campaignsAboutToOpen, scheduledReminders, type ReminderCtx, type ReminderMember } from '@/domain/reminders'
import type { SigninState } from '@/domain/signin'

const HOUR = 3_600_000
/** 2026-06-10 in Shanghai, at `hour`:`minute`. */
const june10 = (hour: number, minute = 0) => parseInstant(`2026-06-10T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`)

const campaign = (over: Partial<CampaignDefinition>): CampaignDefinition => ({
  id: 'summer',
  type: 'lottery',
  name: '夏日抽奖',
  description: '',
  startsAt: '2026-06-11T10:00:00+08:00',
  endsAt: '2026-06-20T00:00:00+08:00',
  audience: { kind: 'all' },
  lottery: DEFAULT_CAMPAIGNS.find((c) => c.type === 'lottery')!.lottery,
  ...over,
})

const rules = (over: Partial<RulesConfig> = {}): RulesConfig => ({ ...DEFAULT_RULES_CONFIG, campaigns: [campaign({})], ...over })
const ctxAt = (now: number, config = rules()): ReminderCtx => ({ now, rng: seededRng(1), config })

/** Signed in on each of these June days (normal sign-ins). */
const signedOn = (...days: number[]): SigninState => ({
  records: days.map((d) => ({ date: `2026-06-${String(d).padStart(2, '0')}`, kind: 'normal' as const, at: `2026-06-${String(d).padStart(2, '0')}T01:00:00.000Z`, bonusDays: [] })),
})

const subscribed = (...templates: string[]): MessageState => recordSubscription(emptyMessageState(), { accepted: templates }, { now: 0, rng: seededRng(1), config: DEFAULT_RULES_CONFIG }).state

const member = (over: Partial<ReminderMember> = {}): ReminderMember => ({
  messages: subscribed('signin_reminder'),
  signin: signedOn(8, 9),
  campaign: { memberId: 'mbr-1', tierRank: 0, registeredAt: '2026-01-01T00:00:00.000Z' },
  earlyMinutes: 0,
  ...over,
})

/** The reminders due, as their templates. */
const due = (m: ReminderMember, ctx: ReminderCtx) => scheduledReminders(m, ctx).due.map((d) => d.template)

describe('签到提醒: once a day from 20:00, to a member whose streak is alive and who has not signed today', () => {
  test('due from 20:00 business time with the streak and what signing now would add', () => {
    expect(due(member(), ctxAt(june10(19, 59)))).toEqual([])
    const r = scheduledReminders(member(), ctxAt(june10(20)))
    // Signed June 8 and 9: the third day of the run pays the day-3 bonus (10 points).
    expect(r.due).toEqual([{ template: 'signin_reminder', payload: { streakDays: 2, nextBonusPoints: 10 } }])
    expect(r.state.signinOn).toBe('2026-06-10')
    const once = scheduledReminders(member({ signin: signedOn(9) }), ctxAt(june10(23, 59)))
    expect(once.due).toEqual([{ template: 'signin_reminder', payload: { streakDays: 1 } }])
  })

  test('not after signing today, not without yesterday, not twice a day, not without a subscription', () => {
    const at = ctxAt(june10(21))
    expect(due(member({ signin: signedOn(9, 10) }), at)).toEqual([])
    expect(due(member({ signin: signedOn(8) }), at)).toEqual([])
    expect(due(member({ messages: { ...subscribed('signin_reminder'), reminded: { signinOn: '2026-06-10' } } }), at)).toEqual([])
    expect(due(member({ messages: subscribed('points_expiring') }), at)).toEqual([])
    // Yesterday's reminder does not stop today's.
    expect(due(member({ messages: { ...subscribed('signin_reminder'), reminded: { signinOn: '2026-06-09' } } }), at)).toEqual(['signin_reminder'])
  })

  test('the hour is the brand’s (messages.signinReminderHour) and validated', () => {
    const config = rules({ messages: { ...DEFAULT_RULES_CONFIG.messages, signinReminderHour: 9 } })
    expect(due(member(), ctxAt(june10(8, 59), config))).toEqual([])
    expect(due(member(), ctxAt(june10(9), config))).toEqual(['signin_reminder'])
    for (const bad of [-1, 24, 8.5]) {
      const checked = validateRulesConfig({ ...DEFAULT_RULES_CONFIG, messages: { ...DEFAULT_RULES_CONFIG.messages, signinReminderHour: bad } })
      expect(checked).toEqual({ ok: false, problems: [expect.stringContaining('messages.signinReminderHour')] })
    }
  })
})

describe('活动即将开始: once per campaign, in the day before it opens for the member', () => {
  test('due in the 24 hours before the start, once, to the audience', () => {
    const quiet = member({ signin: signedOn(1), messages: subscribed('campaign_starting') })
    expect(due(quiet, ctxAt(june10(9, 59)))).toEqual([])
    const r = scheduledReminders(quiet, ctxAt(june10(10)))
    expect(r.due).toEqual([{ template: 'campaign_starting', payload: { campaignName: '夏日抽奖', startsAt: '2026-06-11T02:00:00.000Z' } }])
    expect(r.state.campaigns).toEqual(['summer'])
    expect(due({ ...quiet, messages: { ...quiet.messages, reminded: r.state } }, ctxAt(june10(12)))).toEqual([])
    // Running already: too late to say it is starting.
    expect(due(quiet, ctxAt(parseInstant('2026-06-11T10:00:00+08:00')))).toEqual([])
    const diamonds = rules({ campaigns: [campaign({ audience: { kind: 'tier', minTierRank: 3 } })] })
    expect(due(quiet, ctxAt(june10(12), diamonds))).toEqual([])
    expect(due({ ...quiet, campaign: { ...quiet.campaign, tierRank: 3 } }, ctxAt(june10(12), diamonds))).toEqual(['campaign_starting'])
  })

  test('early access moves the window and the time the member is told', () => {
    const config = rules({ campaigns: [campaign({ priority: true })] })
    const early = member({ signin: signedOn(1), messages: subscribed('campaign_starting'), earlyMinutes: 60 })
    expect(due(early, ctxAt(june10(8, 59), config))).toEqual([])
    expect(scheduledReminders(early, ctxAt(june10(9), config)).due[0]).toEqual({ template: 'campaign_starting', payload: { campaignName: '夏日抽奖', startsAt: '2026-06-11T01:00:00.000Z' } })
    expect(campaignsAboutToOpen(config, june10(8, 59))).toEqual([])
    expect(campaignsAboutToOpen(config, june10(9))).toEqual(['summer'])
  })

  test('one quota per campaign, soonest first; campaigns gone from the rules are forgotten', () => {
    const config = rules({ campaigns: [campaign({ id: 'b', name: '晚场', startsAt: '2026-06-11T12:00:00+08:00' }), campaign({ id: 'a', name: '早场' })] })
    const m = member({ signin: signedOn(1), messages: { ...subscribed('campaign_starting'), reminded: { campaigns: ['gone'] } } })
    const r = scheduledReminders(m, ctxAt(june10(13), config))
    expect(r.due.map((d) => d.payload)).toEqual([{ campaignName: '早场', startsAt: '2026-06-11T02:00:00.000Z' }])
    expect(r.state.campaigns).toEqual(['a'])
  })
})

describe('scheduled reminders only go out as subscription messages', () => {
  test('the weekly cap counts the reminders of one sweep and the sends before it', () => {
    const at = june10(20)
    const sent = (n: number): MessageState => ({
      ...subscribed('signin_reminder', 'campaign_starting'),
      sends: Array.from({ length: n }, () => ({ template: 'tier_upgraded' as const, at: new Date(at - HOUR).toISOString() })),
    })
    // Two sends in the week already (the default cap is 2): nothing due, and nothing remembered as sent.
    const r = scheduledReminders(member({ messages: sent(2) }), ctxAt(at))
    expect(r.due).toEqual([])
    expect(r.state).toEqual({})
    // Room for one: the sign-in reminder (it cannot wait), the campaign at a later sweep.
    expect(due(member({ messages: sent(1) }), ctxAt(at))).toEqual(['signin_reminder'])
    expect(due(member({ messages: sent(0) }), ctxAt(at))).toEqual(['signin_reminder', 'campaign_starting'])
  })
})
