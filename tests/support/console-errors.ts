/**
 * A console.error in a dom test fails that test: React reports act() warnings, bad props and caught render
 * errors there, and a green run that prints nothing is what lets a real one stand out. A test that provokes an
 * error on purpose names it with expectConsoleError(pattern); the error must then appear.
 */
import { format } from 'node:util'

const original = console.error
let logged: string[] = []
let expected: RegExp[] = []

/** This test logs an error matching `pattern` (at least once): let those through, fail if none comes. */
export function expectConsoleError(pattern: RegExp): void {
  expected.push(pattern)
}

export function recordConsoleErrors(): void {
  logged = []
  expected = []
  console.error = (...args: unknown[]) => {
    // Where it was logged from, in the project (React's component stack says where it was rendered, not what triggered it).
    const from = (new Error().stack ?? '').split('\n').filter((line) => /^\s+at /.test(line) && !line.includes('node_modules') && !line.includes(__filename)).slice(0, 3)
    logged.push([format(...args), ...from].join('\n'))
  }
}

/** Restores console.error and throws (failing the test) with what was logged but not expected, or expected but not logged. */
export function checkConsoleErrors(): void {
  console.error = original
  const unexpected = logged.filter((message) => !expected.some((p) => p.test(message)))
  const missing = expected.filter((p) => !logged.some((message) => p.test(message)))
  const problems = [
    ...unexpected.map((m) => `console.error during the test:\n${m}`),
    ...missing.map((p) => `expected a console.error matching ${p}, none was logged`),
  ]
  if (problems.length) throw new Error(problems.join('\n\n'))
}
