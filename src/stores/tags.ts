/**
 * What an action can change, by name. An action says which of these it changed (`changes`, plus what its
 * answer proves: `tagsInAnswer` in src/stores/action.ts); a view says which of these it shows (`tags`). After an action, every view
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
  /** The member's data export and deletion requests. */
  'privacy',
] as const

export type Tag = (typeof TAGS)[number]

export const intersects = (a: readonly Tag[], b: readonly Tag[]): boolean => a.some((t) => b.includes(t))

/** The balance an action's answer carries, if any: views showing the balance take it at once. */
export const balanceIn = (answer: unknown): number | null => {
  const balance = (answer as { balance?: unknown } | null)?.balance
  return typeof balance === 'number' ? balance : null
}
