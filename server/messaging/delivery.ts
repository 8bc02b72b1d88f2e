/**
 * The delivery worker: sends the subscription messages queued in `message_outbox` (migration 013: a row per
 * notification sent with `subscriptionSent`, written in the same transaction) to WeChat or Alipay, whichever the
 * members sign in with.
 *
 * A pass claims up to `limit` due rows — `for update skip locked`, and each claim moves the row's `next_at` a lease
 * ahead, so two server processes never send one message twice and a process killed mid-pass leaves its rows to be
 * claimed again when the lease ends — then sends each and records what became of it: sent; failed for good (no
 * account on the platform, no template configured, or the platform refused it: wechat.ts, alipay.ts); or retried
 * later, backing off, until MAX_ATTEMPTS. A message is at most as late as its retries: after a day it is dropped
 * (a reminder that arrives two days late does more harm than none).
 */
import type { RulesConfig } from '../../src/domain/config'
import { templateOf, type MessagePlatform, type MessageTemplateId, type Notification } from '../../src/domain/messages'
import { ROUTES, type RouteName } from '../../src/utils/route-paths'
import { runEvery, type Periodic } from '../periodic'
import type { Db } from '../sql/db'
import { templateData, type TemplateData } from './template-data'

/** The page tapping a message opens in the mini program (the app's own route table; neither platform wants a leading slash). */
const MESSAGE_ROUTES: Record<MessageTemplateId, RouteName> = {
  points_expiring: 'points',
  coupon_expiring: 'coupons',
  signin_reminder: 'signin',
  tier_upgraded: 'benefits',
  tier_changed: 'benefits',
  tier_expiring: 'benefits',
  benefit_available: 'benefits',
  campaign_starting: 'campaigns',
  gift_shipped: 'redemptions',
  privacy_handled: 'settings',
  feedback_replied: 'messages',
}
export const messagePage = (template: MessageTemplateId): string => ROUTES[MESSAGE_ROUTES[template]].slice(1)

export const MAX_ATTEMPTS = 6
/**
 * How long a claimed row is left to the process that claimed it. A pass stops sending after half of it (a slow
 * WeChat: 50 messages of 5 s timeouts), so no row is sent after another process may have claimed it again.
 */
const LEASE_MS = 2 * 60_000
/** A message not sent within this long after it was written is dropped. */
const MAX_AGE_MS = 24 * 3_600_000
/** How long a message's delivery row is kept (the console reports the last 7 days); older rows are deleted. */
export const KEEP_DAYS = 30
const PURGE_BATCH = 1000

export interface SubscriptionMessage {
  /** The member's id on the platform: WeChat openid; Alipay user_id (2088…) or open_id. */
  touser: string
  templateId: string
  /** Where tapping the message leads, inside the mini program. */
  page: string
  data: TemplateData
}

export type DeliveryOutcome = { status: 'sent' } | { status: 'retry'; reason: string } | { status: 'failed'; reason: string }

/** Sends subscription messages to one platform's members. */
export interface Messenger {
  /** Whose templates and keywords it sends (`platformTemplateIds[platform]`, weappFields / alipayFields). */
  readonly platform: MessagePlatform
  /** The login provider its recipients sign in with: their `member_logins` key is `<loginProvider>:<id>`. */
  readonly loginProvider: 'wechat' | 'alipay'
  send(message: SubscriptionMessage): Promise<DeliveryOutcome>
}

const PLATFORM_NAMES: Record<MessagePlatform, string> = { weapp: 'WeChat', alipay: 'Alipay' }

export interface DeliveryDeps {
  db: Db
  messenger: Messenger
  rules(): Promise<RulesConfig>
  /** The backend's clock (pinned in tests). */
  now(): number
}

export interface DeliveryPass {
  sent: number
  failed: number
  retried: number
  /** Rows older than KEEP_DAYS deleted by this pass (a batch at most). */
  purged: number
}

interface Claimed {
  member_id: string
  notification_no: number
  template: MessageTemplateId
  attempts: number
  created_at: Date | string
  doc: Notification | null
  login_key: string | null
}

/** The wait before attempt `n + 1`: 30 s, 1 min, 2 min, 4 min … */
export function backoffMs(attempts: number): number {
  return 30_000 * 2 ** Math.max(0, attempts - 1)
}

/**
 * One pass over the due messages. `stopping` (shutdown) ends it after the message under way, and so does half the
 * lease gone by: the rest are released, due at once and their claim not counted as an attempt.
 */
export async function deliverDue(deps: DeliveryDeps, limit = 50, stopping: () => boolean = () => false): Promise<DeliveryPass> {
  const now = deps.now()
  // The queue does not grow for ever: a batch of what is past keeping goes each pass (message_outbox_created).
  const purged = (
    await deps.db.query(
      `delete from message_outbox where (member_id, notification_no) in
         (select member_id, notification_no from message_outbox where created_at < $1 limit $2) returning 1`,
      [new Date(now - KEEP_DAYS * 86_400_000), PURGE_BATCH],
    )
  ).rows.length
  const claimed = (
    await deps.db.transaction((tx) =>
      tx.query<Claimed>(
        `update message_outbox o set attempts = o.attempts + 1, next_at = $2
           from (select member_id, notification_no from message_outbox
                  where sent_at is null and failed_at is null and next_at <= $1
                  order by next_at limit $3 for update skip locked) due
          where o.member_id = due.member_id and o.notification_no = due.notification_no
          returning o.member_id, o.notification_no, o.template, o.attempts, o.created_at,
            (select n.doc from notifications n where n.member_id = o.member_id and n.notification_no = o.notification_no) as doc,
            (select l.login_key from member_logins l where l.member_id = o.member_id and l.login_key like $4 order by l.login_key limit 1) as login_key`,
        [new Date(now), new Date(now + LEASE_MS), limit, `${deps.messenger.loginProvider}:%`],
      ),
    )
  ).rows
  const pass: DeliveryPass = { sent: 0, failed: 0, retried: 0, purged }
  if (claimed.length === 0) return pass
  const rules = await deps.rules()
  const started = Date.now()
  const untried: Claimed[] = []
  for (const row of claimed) {
    if (stopping() || Date.now() - started > LEASE_MS / 2) {
      untried.push(row)
      continue
    }
    const outcome = await attempt(row, rules, deps.messenger, now)
    if (outcome.status === 'sent') {
      pass.sent++
      await deps.db.query('update message_outbox set sent_at = $3, last_error = null where member_id = $1 and notification_no = $2', [row.member_id, row.notification_no, new Date(now)])
    } else if (outcome.status === 'failed') {
      pass.failed++
      await deps.db.query('update message_outbox set failed_at = $3, last_error = $4 where member_id = $1 and notification_no = $2', [row.member_id, row.notification_no, new Date(now), outcome.reason])
    } else {
      pass.retried++
      await deps.db.query('update message_outbox set next_at = $3, last_error = $4 where member_id = $1 and notification_no = $2', [row.member_id, row.notification_no, new Date(now + backoffMs(row.attempts)), outcome.reason])
    }
  }
  // Claimed but not tried (shutdown, or the pass ran out of time): due again at once, the claim not counted.
  for (const row of untried) {
    await deps.db.query('update message_outbox set attempts = attempts - 1, next_at = $3 where member_id = $1 and notification_no = $2', [row.member_id, row.notification_no, new Date(now)])
  }
  return pass
}

async function attempt(row: Claimed, rules: RulesConfig, messenger: Messenger, now: number): Promise<DeliveryOutcome> {
  const template = templateOf(rules.messages, row.template)
  const { platform } = messenger
  const name = PLATFORM_NAMES[platform]
  if (!row.doc) return { status: 'failed', reason: 'the notification is gone' }
  if (!row.login_key) return { status: 'failed', reason: `the member has no ${name} account (signed in on another platform)` }
  const templateId = template.platformTemplateIds[platform]
  if (!templateId) return { status: 'failed', reason: `no ${name} template id for ${row.template}` }
  const data = templateData(platform, template, row.doc, rules.calendar)
  if (!data) return { status: 'failed', reason: `no ${name} template fields for ${row.template} (messages.templates[].${platform}Fields)` }
  if (now - new Date(row.created_at).getTime() > MAX_AGE_MS) return { status: 'failed', reason: 'not sent within a day: dropped' }
  const outcome = await messenger.send({ touser: row.login_key.slice(`${messenger.loginProvider}:`.length), templateId, page: messagePage(row.template), data })
  if (outcome.status === 'retry' && row.attempts >= MAX_ATTEMPTS) return { status: 'failed', reason: `gave up after ${row.attempts} attempts: ${outcome.reason}` }
  return outcome
}

/** A pass every `everyMs` (MESSAGE_DELIVERY_INTERVAL_SECONDS). */
export function scheduleDelivery(deps: DeliveryDeps, options: { everyMs: number; log: { info(o: object, msg: string): void; error(o: object, msg: string): void } }): Periodic {
  return runEvery(options.everyMs, async (stopping) => {
    try {
      const r = await deliverDue(deps, 50, stopping)
      if (r.sent + r.failed + r.retried + r.purged > 0) options.log.info(r, 'subscription messages delivered')
    } catch (e) {
      options.log.error({ err: e }, 'subscription message delivery failed')
    }
  })
}
