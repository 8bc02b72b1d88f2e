/**
 * The two kinds of words a rules document holds, checked alike in every section (validateRulesConfig): an id —
 * what other rules, stored records and links refer to — is one word without spaces; a name or title is what members
 * read, so it has something to read (spaces alone would show as a blank tier or coupon).
 */
export const isRuleId = (s: unknown): s is string => typeof s === 'string' && /^\S{1,64}$/.test(s)
export const isRuleText = (s: unknown): s is string => typeof s === 'string' && s.trim() !== ''

export const RULE_ID_PROBLEM = 'must be 1–64 characters without spaces'
