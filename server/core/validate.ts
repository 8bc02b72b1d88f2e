/**
 * Input shape checks of the API (400 INVALID_INPUT with the field in `details`). Only the shape is
 * checked here — missing, wrong-typed or oversized fields; whether a well-formed request is allowed is a rule
 * of src/domain. As in mock/openapi.yaml, an optional field is absent or of its type: `null` is not "absent"
 * (only fields documented as nullable, like `couponId`, take null). Fields are read as own properties only.
 */
import { isBusinessDate, isBusinessMonth, isCalendarDate, toIso, type BusinessDate, type BusinessMonth } from '../../src/domain/calendar'
import type { KeysetAfter } from '../../src/domain/keyset'
import { MAX_MAGNITUDE } from '../../src/domain/rules-shape'
import { visibleText } from '../../src/domain/text'
import { HttpError } from './http'
import { idNumber } from './member-ids'
import { own } from './own'

/**
 * Fields a member fills in, by the name the form gives them. The message of a 400 is shown to whoever made the
 * request (a toast): it names one of these, or asks to check and retry — never the wire's field name, which stays
 * in `details.field` for callers (with `details.reason`).
 */
const FIELD_LABELS: Record<string, string> = {
  nickname: '昵称',
  birthday: '生日',
  content: '反馈内容',
  contact: '联系方式',
  phone: '手机号',
  address: '收货地址',
  'delivery.phone': '手机号',
  'delivery.address': '收货地址',
  'delivery.name': '收货人',
  expectedPoints: '所需积分',
}

/** The zh-CN message of a 400 INVALID_INPUT about `field`: "昵称填写有误，请检查后重试", "填写的内容有误，请检查后重试". */
export function invalidInputMessage(field: string): string {
  const label = own(FIELD_LABELS, field)
  return label ? `${label}填写有误，请检查后重试` : '填写的内容有误，请检查后重试'
}

export function invalid(field: string, reason: string): HttpError {
  return new HttpError(400, 'INVALID_INPUT', invalidInputMessage(field), { field, reason })
}

/** The last instant with a four-digit year: what toIso, PostgreSQL's timestamptz and the contract's date-time all take. */
const LAST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

/** An instant (epoch ms) a client sent, as the ISO string storage takes; 400 outside years 1970–9999. */
export function clientInstant(ms: number, name: string): string {
  if (!Number.isFinite(ms) || ms < 0 || ms > LAST_INSTANT) throw invalid(name, 'not an instant between 1970 and 9999')
  return toIso(ms)
}

/** The JSON body as an object; an absent body is `{}` (a `null` body is not absent: 400). */
export function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined) return {}
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('body', 'must be a JSON object')
  return body as Record<string, unknown>
}

/** A field of a JSON object, own properties only (`constructor` or `__proto__` is never an inherited value). */
export function field(obj: Record<string, unknown>, name: string): unknown {
  return own(obj, name)
}

interface StringRule {
  max: number
  min?: number
  pattern?: RegExp
}

/** `at`: the field's path in the body, for a field of a nested object (`delivery.phone`). */
export function requiredString(obj: Record<string, unknown>, name: string, rule: StringRule, at = name): string {
  const v = field(obj, name)
  if (v === undefined || v === null) throw invalid(at, 'required')
  return checkString(v, at, rule)
}

/**
 * What no text a person writes holds: control characters but for line breaks and tabs, and the bidirectional
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069) that show what follows them reordered — a nickname that
 * reads as another on a leaderboard or in the console.
 */
const HIDDEN_CONTROLS = /[^\P{Cc}\t\n\r]|[\u202a-\u202e\u2066-\u2069]/u
const LINE_BREAKS = /[\t\n\r]/

/**
 * Free text a person must actually write (a reason, a note, a name): trimmed, and refused when nothing visible is
 * left — spaces, or only invisible characters such as U+200B, are not a reason — or it holds a control character
 * (`oneLine`, a name: line breaks and tabs too).
 */
export function requiredText(obj: Record<string, unknown>, name: string, max: number, { oneLine = false } = {}): string {
  const text = requiredString(obj, name, { max }).trim()
  if (!visibleText(text)) throw invalid(name, 'must not be blank')
  if (HIDDEN_CONTROLS.test(text) || (oneLine && LINE_BREAKS.test(text))) throw invalid(name, oneLine ? 'one line of printable characters' : 'control characters')
  return text
}

export function optionalString(obj: Record<string, unknown>, name: string, rule: StringRule): string | undefined {
  const v = field(obj, name)
  if (v === undefined) return undefined
  return checkString(v, name, rule)
}

function checkString(v: unknown, field: string, rule: StringRule): string {
  if (typeof v !== 'string') throw invalid(field, 'must be a string')
  const min = rule.min ?? 1
  if (Array.from(v).length < min) throw invalid(field, min === 1 ? 'must not be empty' : `at least ${min} characters`)
  if (Array.from(v).length > rule.max) throw invalid(field, `at most ${rule.max} characters`)
  if (rule.pattern && !rule.pattern.test(v)) throw invalid(field, 'wrong format')
  return v
}

export function oneOf<T extends string>(obj: Record<string, unknown>, name: string, values: readonly T[]): T {
  const v = field(obj, name)
  if (v === undefined || v === null) throw invalid(name, 'required')
  if (typeof v !== 'string' || !values.includes(v as T)) throw invalid(name, `must be one of ${values.join(', ')}`)
  return v as T
}

export function optionalInt(obj: Record<string, unknown>, name: string, min: number, max: number): number | undefined {
  const v = field(obj, name)
  if (v === undefined) return undefined
  if (typeof v !== 'number' || !Number.isInteger(v)) throw invalid(name, 'must be an integer')
  if (v < min || v > max) throw invalid(name, `must be between ${min} and ${max}`)
  return v
}

/**
 * The points the member was shown and confirmed for a make-up, a mall item or a draw (`expectedPoints`, optional: a
 * caller that does not send it is charged what the rules say now). Read before the write; `assertPointsSeen` after
 * the price is known.
 */
export function expectedPointsOf(body: Record<string, unknown>): number | undefined {
  // No price the rules can set is larger.
  return optionalInt(body, 'expectedPoints', 0, MAX_MAGNITUDE)
}

/**
 * A price that changed since the member was shown it — new rules, the day's free draw used on another device — is
 * refused and the write rolled back, nothing spent (409 POINTS_PRICE_CHANGED with the price now), as an order's is.
 */
export function assertPointsSeen(expected: number | undefined, actual: number): void {
  if (expected === undefined || expected === actual) return
  throw new HttpError(409, 'POINTS_PRICE_CHANGED', actual === 0 ? '所需积分有变化，本次无需消耗积分，请确认后重试' : `所需积分已变为 ${actual} 积分，请确认后重试`, { expected, actual })
}

export function queryInt(query: Record<string, string>, field: string, min: number, max: number): number | undefined {
  const v = own(query, field)
  if (v === undefined || v === '') return undefined
  if (!/^-?\d{1,9}$/.test(v)) throw invalid(field, 'must be an integer')
  const n = Number(v)
  if (n < min || n > max) throw invalid(field, `must be between ${min} and ${max}`)
  return n
}

export function queryMonth(query: Record<string, string>, field: string): BusinessMonth | undefined {
  const v = own(query, field)
  if (v === undefined || v === '') return undefined
  if (!isBusinessMonth(v)) throw invalid(field, 'must be YYYY-MM')
  return v
}

export function queryDate(query: Record<string, string>, field: string, required: boolean): BusinessDate | undefined {
  const v = own(query, field)
  if (v === undefined || v === '') {
    if (required) throw invalid(field, 'required')
    return undefined
  }
  if (!isBusinessDate(v)) throw invalid(field, 'must be YYYY-MM-DD')
  return v
}

/** An optional `YYYY-MM-DD` field of a JSON body. */
export function optionalBusinessDate(obj: Record<string, unknown>, field: string): BusinessDate | undefined {
  const v = optionalString(obj, field, { max: 10 })
  if (v !== undefined && !isBusinessDate(v)) throw invalid(field, isCalendarDate(v) ? 'from 1970-01-01 to 9999-12-31' : 'must be YYYY-MM-DD')
  return v
}

/** The first birthday a profile takes (the form's picker starts later). */
const EARLIEST_BIRTHDAY = '1900-01-01'

/** A birthday: a `YYYY-MM-DD` date that exists, from 1900 (members born before 1970 too) to yesterday. */
export function optionalBirthday(obj: Record<string, unknown>, field: string, today: BusinessDate): string | undefined {
  const v = optionalString(obj, field, { max: 10 })
  if (v === undefined) return undefined
  if (!isCalendarDate(v)) throw invalid(field, 'must be YYYY-MM-DD')
  if (v < EARLIEST_BIRTHDAY || v >= today) throw invalid(field, `from ${EARLIEST_BIRTHDAY} to yesterday`)
  return v
}

/**
 * A path parameter that names something (ids are short printable tokens). The pipeline has already decoded
 * and checked it (request-guards.ts `decodePathParams`); this keeps handlers honest if called otherwise.
 */
export function pathId(params: Record<string, string>, field: string): string {
  const v = own(params, field) ?? ''
  if (v.length === 0 || Array.from(v).length > 64) throw invalid(field, '1 to 64 characters')
  return v
}

/** A page of a member's list unless `?limit=` asks otherwise — and the first page an answer embeds (`GET /coupons`, `GET /invites`). */
export const PAGE_SIZE = 20

/**
 * `?cursor=&limit=` of a list read a page at a time: `cursor` null for the first page (absent or empty), one that
 * `pattern` does not match is 400; `limit` 1–100, default 20.
 */
export function pageQuery(query: Record<string, string>, pattern: RegExp): { cursor: string | null; limit: number } {
  const limit = queryInt(query, 'limit', 1, 100) ?? PAGE_SIZE
  const cursor = own(query, 'cursor')
  if (cursor === undefined || cursor === '') return { cursor: null, limit }
  if (!pattern.test(cursor)) throw invalid('cursor', 'not a cursor of this list')
  return { cursor, limit }
}

/** `<key>~<id>` of a page's last row (`keysetPage`): an instant or a date, and the row's id. */
export const KEYSET_CURSOR = /^([^~]{1,40})~([^~]{1,64})$/

/**
 * A page of a list ordered newest first by `keyOf`, then by id (src/domain/keyset.ts): `read` gives the rows after
 * the cursor's (the previous page's last row, `<key>~<id>`), asked for one more than `limit`, which tells whether a
 * next page exists; the next page's cursor, null at the end.
 */
export async function keysetPage<T extends { id: string }>(
  cursor: string | null,
  limit: number,
  keyOf: (row: T) => string,
  read: (after: KeysetAfter | null, limit: number) => Promise<T[]>,
): Promise<{ rows: T[]; nextCursor: string | null }> {
  const parsed = cursor === null ? null : KEYSET_CURSOR.exec(cursor)!
  const rows = await read(parsed ? { key: parsed[1], id: parsed[2] } : null, limit + 1)
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return { rows: page, nextCursor: rows.length > limit ? `${keyOf(last)}~${last.id}` : null }
}

/**
 * One page of a member's list, newest first (`?cursor=&limit=`, limit 1–100, default 20): `cursor` is the id number
 * below which the page starts (the previous page's `nextCursor`); `read` is asked for one more than `limit`, which
 * tells whether a next page exists.
 */
export async function listPage<R extends { id: string }, W>(
  query: Record<string, string>,
  read: (before: number | null, limit: number) => Promise<R[]>,
  wire: (r: R) => W,
): Promise<{ items: W[]; nextCursor: string | null }> {
  const { cursor, limit } = pageQuery(query, /^\d{1,12}$/)
  const page = await read(cursor ? Number(cursor) : null, limit + 1)
  return { items: page.slice(0, limit).map(wire), nextCursor: page.length > limit ? String(idNumber(page[limit - 1].id)) : null }
}
