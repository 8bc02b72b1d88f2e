/**
 * A rule refused the request. `code` is stable (callers branch on it); `message` is zh-CN, fit to show a
 * member. `status` is the HTTP status the API answers with: 409 when the thing is already done or in
 * conflict with current state, 422 when a rule refuses it, 404 when what it names does not exist,
 * 400 when the input itself is malformed.
 */
export type RuleErrorStatus = 400 | 403 | 404 | 409 | 422 | 429

export class RuleError extends Error {
  readonly code: string
  readonly status: RuleErrorStatus
  readonly details?: Record<string, unknown>

  constructor(code: string, message: string, status: RuleErrorStatus = 422, details?: Record<string, unknown>) {
    super(message)
    this.name = 'RuleError'
    this.code = code
    this.status = status
    this.details = details
  }
}

export function isRuleError(e: unknown): e is RuleError {
  return e instanceof RuleError
}

/**
 * A rule needs state the storage left out of the working set it loaded (live lots past a window, the days of the
 * rolling tier window it summed instead of listing): the storage loads all of it and runs the request again. A
 * caller outside a storage never sees it.
 */
export class NotLoaded extends Error {
  constructor(why: string) {
    super(`the rule needs what the working set left out: ${why}`)
    this.name = 'NotLoaded'
  }
}
