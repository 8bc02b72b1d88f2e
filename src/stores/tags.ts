/**
 * What an action can change, by name. An action says which of these it changed (`changes`, plus what its
 * answer proves: `tagsInAnswer`); a view says which of these it shows (`tags`). After an action, every view
 * sharing a tag with it is refreshed (src/stores/request.ts). No action lists the views it affects and no view
 * lists the actions that affect it, so a new view that shows the balance only has to say 'balance'.
 */
export const TAGS = [
  /** The points balance and what follows from it: ledger, expiries, points earned this month, the mall's 可用积分. */
  'balance',
  /** Growth value, tier, tier progress and benefits. */
  'growth',
  /** The rest of the member: nickname, birthday, paid plan. */
  'member',
  /** Sign-in calendars and streaks. */
  'signin',
  /** Task progress and claims. */
  'tasks',
  /** The member's coupons. */
  'coupons',
  /** The mall's stock and what this member redeemed. */
  'rewards',
  /** Orders and their status. */
  'orders',
  /** Campaign lists and details: cards collected, standings, prizes. */
  'campaigns',
  /** Notifications, the unread count, subscriptions. */
  'messages',
  /** The member's invites. */
  'invites',
] as const

export type Tag = (typeof TAGS)[number]

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const nonEmpty = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : !!v)

/**
 * The tags an action's answer proves changed, read from the contract's field names: an answer that carries
 * `balance` moved the balance, one that carries a `coupon` issued one, and so on. An action cannot forget them.
 */
export function tagsInAnswer(answer: unknown): Tag[] {
  if (!isObject(answer)) return []
  const tags = new Set<Tag>()
  if (typeof answer.balance === 'number') tags.add('balance')
  if (isObject(answer.calendar)) tags.add('signin')
  if (nonEmpty(answer.coupon) || nonEmpty(answer.coupons) || nonEmpty(answer.winback)) tags.add('coupons')
  if (isObject(answer.task) || nonEmpty(answer.tasks)) tags.add('tasks')
  if (isObject(answer.member)) {
    tags.add('member')
    tags.add('growth')
  }
  if (isObject(answer.order)) tags.add('orders')
  if (isObject(answer.item)) tags.add('rewards')
  if (nonEmpty(answer.card) || isObject(answer.cards)) tags.add('campaigns')
  if (Array.isArray(answer.notifications) || isObject(answer.subscriptions) || Array.isArray(answer.templates)) tags.add('messages')
  return [...tags]
}

export const intersects = (a: readonly Tag[], b: readonly Tag[]): boolean => a.some((t) => b.includes(t))

/** The balance an action's answer carries, if any: views showing the balance take it at once. */
export const balanceIn = (answer: unknown): number | null => (isObject(answer) && typeof answer.balance === 'number' ? answer.balance : null)
