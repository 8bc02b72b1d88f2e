/**
 * Failed console sign-ins, counted per account and client address: past `max` failures within `windowMs` of the
 * first, that address may not try that account again until the window ends — even with the right password — so a
 * password cannot be guessed at the per-IP rate limit's pace (600 a minute). Keyed by account and address together,
 * so nobody can lock an operator out of the console from elsewhere. A success clears the count. Held in memory (each
 * server process counts its own), at most `capacity` entries: the oldest go first.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; until: number }>()

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number,
    private readonly capacity = 10_000,
  ) {}

  /** Seconds until `key` may try again, or null when it may now. */
  retryAfter(key: string): number | null {
    const f = this.current(key)
    return f && f.count >= this.max ? Math.max(1, Math.ceil((f.until - this.now()) / 1000)) : null
  }

  failed(key: string): void {
    const f = this.current(key) ?? { count: 0, until: this.now() + this.windowMs }
    this.failures.delete(key)
    this.failures.set(key, { count: f.count + 1, until: f.until })
    if (this.failures.size > this.capacity) this.failures.delete(this.failures.keys().next().value!)
  }

  succeeded(key: string): void {
    this.failures.delete(key)
  }

  private current(key: string): { count: number; until: number } | undefined {
    const f = this.failures.get(key)
    if (f && f.until <= this.now()) this.failures.delete(key)
    else return f
  }
}
