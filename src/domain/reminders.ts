/**
 * Scheduled reminders (SPEC §2.8): what the backend's reminder sweep sends a member who is not in the app. The
 * other messages follow something the member or an operator did (an upgrade, a reply) or are noticed when the
 * member comes back (points and coupons about to expire); these two are due at a time of day, whoever is online.
 *
 * - 签到提醒 (`signin_reminder`): once per business day, from `signinReminderHour` in business time (default
 *   20:00), to a member whose streak is alive (signed yesterday) and who has not signed today.
 * - 活动即将开始 (`campaign_starting`): once per campaign, in the `campaignReminderHours` (default 24) before
 *   the campaign opens for the member (early access counts), for a campaign whose audience they are in.
 *
 * Both go out only as subscription messages the member can still receive (quota for the template, under the
 * weekly cap): a reminder that could only land in the in-app centre would reach them when it no longer helps,
 * so none is written. What was sent is remembered so a sweep run twice (or by two servers) sends once.
 */
import { addDays, businessDateOf, parseInstant, startOfBusinessDay, type BusinessDate, type CalendarRules } from './calendar'
import { campaignEntry, campaignStatus, opensAtFor, type CampaignConfig, type CampaignDefinition, type CampaignMember } from './campaigns'
import type { Ctx } from './context'
import { sendsInWindow, type MessagePayloads, type MessageRules, type MessageState } from './messages'
import { currentStreak, isSigned, signIn, type SigninRules, type SigninState } from './signin'

export const DEFAULT_SIGNIN_REMINDER_HOUR = 20
export const DEFAULT_CAMPAIGN_REMINDER_HOURS = 24

/** What the sweep has sent a member (kept in their MessageState). */
export interface ReminderState {
  /** The business date of the last 签到提醒. */
  signinOn?: BusinessDate
  /** Campaigns the member was told are starting (ids of campaigns still in the rules). */
  campaigns?: string[]
}

export type ScheduledReminder =
  | { template: 'signin_reminder'; payload: MessagePayloads['signin_reminder'] }
  | { template: 'campaign_starting'; payload: MessagePayloads['campaign_starting'] }

export interface ReminderMember {
  messages: MessageState
  signin: SigninState
  campaign: CampaignMember
  /** The member's tier's early access, minutes (priority campaigns open that much earlier for them). */
  earlyMinutes: number
}

export type ReminderCtx = Ctx<{ calendar: CalendarRules; signin: SigninRules; messages: MessageRules; campaigns: CampaignDefinition[] } & CampaignConfig>

/** Today and yesterday once 签到提醒 may go out today (from `signinReminderHour`), else null. */
export function signinReminderDay(now: number, config: { calendar: CalendarRules; messages: MessageRules }): { today: BusinessDate; yesterday: BusinessDate } | null {
  const today = businessDateOf(now, config.calendar)
  const hour = config.messages.signinReminderHour ?? DEFAULT_SIGNIN_REMINDER_HOUR
  return now >= startOfBusinessDay(today, config.calendar) + hour * 3_600_000 ? { today, yesterday: addDays(today, -1) } : null
}

/** The templates the sweep sends: a member with quota for none of them has nothing due. */
export const SCHEDULED_TEMPLATES = ['signin_reminder', 'campaign_starting'] as const

/**
 * The reminders due to this member now, in the order to send them, and the reminder state once they are sent.
 * The sends are left to the caller (messages.ts `sendMessage`, which spends the quota and counts the cap): this
 * stops at what quota and the cap allow, so every reminder returned goes out as a subscription message.
 */
export function scheduledReminders(member: ReminderMember, ctx: ReminderCtx): { due: ScheduledReminder[]; state: ReminderState } {
  const { messages } = member
  const cfg = ctx.config
  const reminded = messages.reminded ?? {}
  const quota = { ...messages.quota }
  let room = Math.max(0, cfg.messages.maxSendsPerWeek - sendsInWindow(messages, ctx))
  const due: ScheduledReminder[] = []
  const state: ReminderState = { ...reminded }

  const day = signinReminderDay(ctx.now, cfg)
  if (
    day &&
    room > 0 &&
    (quota.signin_reminder ?? 0) > 0 &&
    reminded.signinOn !== day.today &&
    !isSigned(member.signin, day.today) &&
    isSigned(member.signin, day.yesterday)
  ) {
    const today = day.today
    const streak = currentStreak(member.signin, today)
    // What signing in now would pay beyond the tier's base points (a streak bonus reached today).
    const bonus = signIn(member.signin, { tierBasePoints: 0 }, ctx).award.bonus
    due.push({ template: 'signin_reminder', payload: bonus > 0 ? { streakDays: streak, nextBonusPoints: bonus } : { streakDays: streak } })
    quota.signin_reminder = (quota.signin_reminder ?? 0) - 1
    room--
    state.signinOn = today
  }

  const window = (cfg.messages.campaignReminderHours ?? DEFAULT_CAMPAIGN_REMINDER_HOURS) * 3_600_000
  const told = new Set(reminded.campaigns ?? [])
  const starting = cfg.campaigns
    .map((c) => ({ c, entry: campaignEntry(c, member.campaign, member.earlyMinutes, ctx) }))
    .filter(({ c, entry }) => !told.has(c.id) && entry.status === 'upcoming' && entry.eligible && parseInstant(entry.opensAt) - ctx.now <= window)
    .sort((a, b) => parseInstant(a.entry.opensAt) - parseInstant(b.entry.opensAt) || (a.c.id < b.c.id ? -1 : 1))
  for (const { c, entry } of starting) {
    if (room <= 0 || (quota.campaign_starting ?? 0) <= 0) break
    due.push({ template: 'campaign_starting', payload: { campaignName: c.name, startsAt: entry.opensAt } })
    quota.campaign_starting = (quota.campaign_starting ?? 0) - 1
    room--
    told.add(c.id)
  }
  // Campaigns gone from the rules are forgotten: the list stays as short as the rules' own.
  const known = new Set(cfg.campaigns.map((c) => c.id))
  const campaigns = [...told].filter((id) => known.has(id)).sort()
  if (campaigns.length > 0) state.campaigns = campaigns
  else delete state.campaigns
  return { due, state }
}

/**
 * The campaigns some member may be told of now (the sweep's pre-filter): not open yet for anyone, and opening within
 * the reminder window for a member with the longest early access.
 */
export function campaignsAboutToOpen(config: { campaigns: CampaignDefinition[]; messages: MessageRules; tiers: { levels: { earlyAccessMinutes: number }[] } }, now: number): string[] {
  const window = (config.messages.campaignReminderHours ?? DEFAULT_CAMPAIGN_REMINDER_HOURS) * 3_600_000
  const earliest = Math.max(0, ...config.tiers.levels.map((t) => t.earlyAccessMinutes))
  return config.campaigns.filter((c) => campaignStatus(c, now) === 'upcoming' && opensAtFor(c, earliest) - now <= window).map((c) => c.id)
}
