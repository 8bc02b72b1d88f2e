import { RuleError } from '@/domain/errors'

/** Runs `fn` and expects it to refuse with a RuleError of this code and HTTP status. */
export function expectRuleError(fn: () => unknown, code: string, status: number): void {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(RuleError)
    expect((e as RuleError).code).toBe(code)
    expect((e as RuleError).status).toBe(status)
    return
  }
  throw new Error(`expected ${code}`)
}
