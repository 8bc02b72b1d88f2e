/**
 * The two kinds of words a rules document holds, checked alike in every section (validateRulesConfig): an id —
 * what other rules, stored records and links refer to — is one word without spaces; a name or title is what members
 * read, so it has something to read (spaces alone would show as a blank tier or coupon).
 */
export const isRuleId = (s: unknown): s is string => typeof s === 'string' && /^\S{1,64}$/.test(s)
export const isRuleText = (s: unknown): s is string => typeof s === 'string' && s.trim() !== ''

/** A name or title members read on one line — a tier card, a coupon, a banner, a task, a prize: a few words. */
export const NAME_MAX = 24
/** A sentence or two members read: a campaign's description, a tier's benefit line, a ledger line's reason. */
export const SENTENCE_MAX = 200

/**
 * The problem with a name, a title (`what`) or, with `max` = SENTENCE_MAX, a sentence: missing, blank, or longer than
 * members can read where it is shown (counted in characters as they see them, not UTF-16 units); null when none.
 */
export function textProblem(s: unknown, what: 'name' | 'title' | 'string' = 'name', max = NAME_MAX): string | null {
  if (!isRuleText(s)) return `must be a non-empty zh-CN ${what}`
  const length = [...s].length
  return length > max ? `must be at most ${max} characters, got ${length}` : null
}

/** The problem with words that may be left empty or blank (a description): not a string, or longer than `max`. */
export function optionalTextProblem(s: unknown, max = SENTENCE_MAX): string | null {
  if (typeof s !== 'string') return 'must be a string'
  return s.trim() === '' ? null : textProblem(s, 'string', max)
}

export const RULE_ID_PROBLEM = 'must be 1–64 characters without spaces'
