/**
 * Console sign-ins (and re-entered passwords), counted per account and client address: past `max` failures within
 * `windowMs` of the first, that address may not try that account again until the window ends — even with the right
 * password — so a password cannot be guessed at the per-IP rate limit's pace (600 a minute). Keyed by account and
 * address together, so nobody can lock an operator out of the console from elsewhere. A success clears the count.
 *
 * The failures are counted in the database (server/sql/login-failures.ts): every server instance on it counts the same
 * ones, one after another, and a restart forgets none.
 *
 * A password check takes a tenth of a second: counted only when answered, guesses sent all at once would all be checked
 * before the first failure counted. So a try counts from the moment it begins — the failures so far and this process's
 * tries in flight together are at most `max` — and one more waits for a try in flight to end: a failure that reaches
 * the limit refuses it (429), a success or a try that checked no password lets it go on. At most `max` wrong passwords
 * are checked per window by one process, one after another or all at once (by n instances at once, n × `max` at the
 * most), and the right one sent several times at once is not refused.
 */
export class LoginThrottle {
  /** This process's tries in flight, per key (an entry lives while one is). */
  private readonly inFlight = new Map<string, InFlight>()

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number,
    private readonly store: FailureStore,
  ) {}

  /**
   * A try of `key`, in flight from now on: settle it with its outcome. A number instead when `key` failed `max` times
   * in its window — the seconds until it may try again.
   */
  async begin(key: string): Promise<number | LoginAttempt> {
    for (;;) {
      const failures = await this.store.read(key, this.now())
      const failed = failures?.failed ?? 0
      if (failures && failed >= this.max) return Math.max(1, Math.ceil((failures.until - this.now()) / 1000))
      const t = this.inFlight.get(key) ?? { count: 0, waiting: [] }
      if (failed + t.count < this.max) {
        t.count++
        this.inFlight.set(key, t)
        return this.attempt(key, t)
      }
      await new Promise<void>((resolve) => t.waiting.push(resolve))
    }
  }

  private attempt(key: string, t: InFlight): LoginAttempt {
    let settled = false
    const settle = async (record?: () => Promise<unknown>) => {
      if (settled) return
      settled = true
      try {
        await record?.()
      } finally {
        // Those waiting look again once the count they will read is written.
        if (--t.count === 0) this.inFlight.delete(key)
        for (const resolve of t.waiting.splice(0)) resolve()
      }
    }
    return {
      failed: () => settle(() => this.store.add(key, this.now(), this.windowMs)),
      release: () => settle(),
      clear: () => settle(() => this.store.clear(key)),
    }
  }
}

interface InFlight {
  count: number
  waiting: (() => void)[]
}

/** A key's failures in the window still open, and when that window ends (ms). */
export interface Failures {
  failed: number
  until: number
}

/** Where failures are counted (server/sql/login-failures.ts). */
export interface FailureStore {
  /** The failures of `key` in a window still open at `now`; null when there are none. */
  read(key: string, now: number): Promise<Failures | null>
  /** One more failure of `key`; the first of a window opens it for `windowMs`. */
  add(key: string, now: number, windowMs: number): Promise<Failures>
  clear(key: string): Promise<void>
}

/** How a try of LoginThrottle.begin ended (each written before the tries waiting behind it look again). */
export interface LoginAttempt {
  /** A wrong password: it counts until the window ends. */
  failed(): Promise<void>
  /** No password was checked (a malformed request, the server too busy to check one), or the right one where that does not end the count. */
  release(): Promise<void>
  /** The right password at sign-in: the count starts again. */
  clear(): Promise<void>
}
