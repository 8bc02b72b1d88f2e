/**
 * The rules document's shape, checked against the defaults before any slice's own checks: every value an operator
 * sends has the type its default has (a number where a number is, finite; a list where a list is …), every key of a
 * section is there, and a count of days, hours, minutes or months stays within ten years. The slices' validators
 * check what the values mean; without this, a `null` or a `1e308` they never look at is saved and then throws in
 * every member's request (`reminderDaysBefore is not iterable`, an invalid date).
 *
 * The defaults are the reference: a list's items are compared with the default item of the same `type` (or the
 * first one when the defaults have none of that type), an object's keys beyond the section's own only when present
 * (maps and optional settings). The few section keys that may be left out or be null are named in OPTIONAL.
 */

/** Section keys that may be absent or null (`MessageRules.signinReminderHour?: number | null` …). */
const OPTIONAL = new Set(['messages.signinReminderHour', 'messages.campaignReminderHours', 'tiers.freeService'])

/**
 * Ten years in the unit a key's name gives (the whole key, `days`, or its last word, `validDays`); beyond it a date
 * computed from the value is meaningless or invalid.
 */
const CEILINGS: [RegExp, number][] = [
  [/(^m|M)onths?$/, 120],
  [/(^d|D)ays?(Before)?$/, 3660],
  [/(^h|H)ours?$/, 87_840],
  [/(^m|M)inutes?$/, 5_270_400],
]

/**
 * Larger than any amount of points, fen or stock a brand gives or charges (¥10 million), and small enough that what
 * is stored of it — a ledger line, a lot, a stock's count, all 32-bit integers in SQL — can hold it.
 */
export const MAX_MAGNITUDE = 1e9

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`
}

function ceilingOf(key: string): number | undefined {
  if (/Per(Day|Hour|Minute|Month)$/.test(key)) return undefined // a rate (freeServicesPerMonth), not a span
  return CEILINGS.find(([re]) => re.test(key))?.[1]
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * What a list's items are compared with: the default items of the same `type` (else all of them) folded into one —
 * a key null in any of them may be null (a prize without a stock limit), lists joined, objects folded key by key.
 */
function itemReference(reference: unknown[], item: unknown): unknown {
  const same = isRecord(item) && typeof item.type === 'string' ? reference.filter((r) => isRecord(r) && r.type === item.type) : []
  return fold(same.length > 0 ? same : reference)
}

function fold(values: unknown[]): unknown {
  if (values.some((v) => v === null)) return null
  if (values.every(Array.isArray)) return values.flat()
  if (!values.every(isRecord)) return values[0]
  const keys = new Set(values.flatMap((v) => Object.keys(v)))
  return Object.fromEntries([...keys].map((k) => [k, fold(values.filter((v) => k in v).map((v) => v[k]))]))
}

function withinCeiling(value: number, path: string, key: string, out: string[]): void {
  const ceiling = ceilingOf(key) ?? MAX_MAGNITUDE
  if (Math.abs(value) > ceiling) out.push(`${path}: must be at most ${ceiling}, got ${value}`)
}

function walk(value: unknown, reference: unknown, path: string, key: string, out: string[], sectionRoot: boolean): void {
  // A value the defaults leave open (a prize's stock may be null: unlimited) is still held to its ceiling when given.
  if (reference === null || reference === undefined) {
    if (typeof value === 'number') withinCeiling(value, path, key, out)
    return
  }
  if (typeof reference === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      out.push(`${path}: must be a number, got ${describe(value)}`)
      return
    }
    withinCeiling(value, path, key, out)
    return
  }
  if (typeof reference !== 'object') {
    if (typeof value !== typeof reference) out.push(`${path}: must be a ${typeof reference}, got ${describe(value)}`)
    return
  }
  if (Array.isArray(reference)) {
    if (!Array.isArray(value)) {
      out.push(`${path}: must be a list, got ${describe(value)}`)
      return
    }
    if (reference.length > 0) value.forEach((item, i) => walk(item, itemReference(reference, item), `${path}[${i}]`, key, out, false))
    return
  }
  if (!isRecord(value)) {
    out.push(`${path}: must be an object, got ${describe(value)}`)
    return
  }
  for (const [k, ref] of Object.entries(reference)) {
    const at = `${path}.${k}`
    if (OPTIONAL.has(at) && (value[k] === undefined || value[k] === null)) continue
    if (k in value) walk(value[k], ref, at, k, out, false)
    else if (sectionRoot) out.push(`${at}: missing`)
  }
}

/** Every place where `document` does not have the shape of `reference` (the default rules), with field paths. */
export function shapeProblems(document: Record<string, unknown>, reference: Record<string, unknown>): string[] {
  const out: string[] = []
  for (const [section, ref] of Object.entries(reference)) {
    if (!(section in document)) out.push(`${section}: missing`)
    else walk(document[section], ref, section, section, out, isRecord(ref))
  }
  return out
}
