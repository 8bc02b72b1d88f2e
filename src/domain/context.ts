/**
 * What every rule receives besides its state and input: the clock, a random source and the rules config.
 * `config` is generic so each module asks only for the slice it reads; the full `RulesConfig` satisfies all.
 */
export type Rng = () => number

export interface Ctx<C = unknown> {
  /** The current instant, UTC epoch milliseconds. Rules never read the system clock. */
  now: number
  /** Uniform random in [0, 1). Rules never call Math.random. */
  rng: Rng
  config: C
}

/** A small deterministic PRNG (mulberry32) for tests, benchmarks and the mock's seed data. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** An integer in [0, n) from the injected source. */
export function randomInt(rng: Rng, n: number): number {
  return Math.min(n - 1, Math.floor(rng() * n))
}
