/**
 * Console sign-ins (and re-entered passwords), counted per account and client address: past `max` failures within
 * `windowMs` of the first try, that address may not try that account again until the window ends — even with the right
 * password — so a password cannot be guessed at the per-IP rate limit's pace (600 a minute). Keyed by account and
 * address together, so nobody can lock an operator out of the console from elsewhere. A success clears the count.
 *
 * A password check takes a tenth of a second: counted only when answered, guesses sent all at once would all be checked
 * before the first failure counted. So a try counts from the moment it begins — the failures so far and the tries in
 * flight together are at most `max` — and one more waits for a try in flight to end: a failure that reaches the limit
 * refuses it (429), a success or a try that checked no password lets it go on. At most `max` wrong passwords are ever
 * checked per window, one after another or all at once, and the right one sent several times at once is not refused.
 * Held in memory (each server process counts its own), at most `capacity` entries: the oldest go first.
 */
export class LoginThrottle {
  private readonly tries = new Map<string, Tries>()

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number,
    private readonly capacity = 10_000,
  ) {}

  /**
   * A try of `key`, in flight from now on: settle it with its outcome. A number instead when `key` failed `max` times
   * in its window — the seconds until it may try again.
   */
  async begin(key: string): Promise<number | LoginAttempt> {
    for (;;) {
      const t = this.current(key) ?? this.open(key)
      if (t.failed >= this.max) return Math.max(1, Math.ceil((t.until - this.now()) / 1000))
      if (t.failed + t.inFlight < this.max) {
        t.inFlight++
        return this.attempt(key, t)
      }
      await new Promise<void>((resolve) => t.waiting.push(resolve))
    }
  }

  private attempt(key: string, t: Tries): LoginAttempt {
    let settled = false
    const settle = (outcome: 'failed' | 'released' | 'cleared') => {
      if (settled) return
      settled = true
      t.inFlight--
      if (outcome === 'failed') t.failed++
      if (outcome === 'cleared' && this.tries.get(key) === t) this.tries.delete(key)
      this.wake(t)
    }
    return { failed: () => settle('failed'), release: () => settle('released'), clear: () => settle('cleared') }
  }

  private open(key: string): Tries {
    const t: Tries = { failed: 0, inFlight: 0, until: this.now() + this.windowMs, waiting: [] }
    this.tries.set(key, t)
    if (this.tries.size > this.capacity) {
      const [oldest, dropped] = this.tries.entries().next().value!
      this.tries.delete(oldest)
      this.wake(dropped)
    }
    return t
  }

  /** Those waiting for a try of `t` to end look again. */
  private wake(t: Tries): void {
    for (const resolve of t.waiting.splice(0)) resolve()
  }

  private current(key: string): Tries | undefined {
    const t = this.tries.get(key)
    if (t && t.until <= this.now()) {
      this.tries.delete(key)
      this.wake(t)
    } else return t
  }
}

interface Tries {
  failed: number
  inFlight: number
  until: number
  waiting: (() => void)[]
}

/** How a try of LoginThrottle.begin ended. */
export interface LoginAttempt {
  /** A wrong password: it counts until the window ends. */
  failed(): void
  /** No password was checked (a malformed request, the server too busy to check one), or the right one where that does not end the count. */
  release(): void
  /** The right password at sign-in: the count starts again. */
  clear(): void
}
