/** Display helpers: instants in business time (Asia/Shanghai by default), points, money in fen. */
import { costWords } from '@/packages/admin/metrics-words'
import { serverNow } from './clock'

const DEFAULT_OFFSET_MINUTES = 480

let offsetMinutes = DEFAULT_OFFSET_MINUTES

/** The business calendar's offset from the rules in force (calendar.offsetMinutes). */
export function setBusinessOffset(minutes: number | undefined): void {
  if (Number.isInteger(minutes)) offsetMinutes = minutes as number
}

export function businessOffset(): number {
  return offsetMinutes
}

export function offsetLabel(minutes = offsetMinutes): string {
  const sign = minutes < 0 ? '−' : '+'
  const m = Math.abs(minutes)
  return `UTC${sign}${Math.floor(m / 60)}${m % 60 ? `:${String(m % 60).padStart(2, '0')}` : ''}`
}

const pad = (n: number) => String(n).padStart(2, '0')

/** `2026-02-17 20:00` in business time ('—' for none). */
/**
 * When a rules version was made or takes effect. The first version of a deployment is made by the system "since
 * always" (epoch 0): it reads 初始, not 1970-01-01 08:00.
 */
export function fmtVersionInstant(iso: string): string {
  return isSinceAlways(iso) ? '初始' : fmtInstant(iso)
}

/** The instant of a deployment's first rules version (epoch 0). */
export const isSinceAlways = (iso: string): boolean => Date.parse(iso) <= 0

export function fmtInstant(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '—'
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  const d = new Date(t + offsetMinutes * 60_000)
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
  return withSeconds ? `${base}:${pad(d.getUTCSeconds())}` : base
}

/** Today's business date. */
export function businessToday(now = serverNow()): string {
  const d = new Date(now + offsetMinutes * 60_000)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

export function fmtPoints(n: number | null | undefined, signed = false): string {
  if (n === null || n === undefined) return '—'
  const s = n.toLocaleString('zh-CN')
  return signed && n > 0 ? `+${s}` : s
}

/** ¥12.30 from 1230 fen (integers throughout; no float money: a fraction of a fen typed into a field reads rounded). */
export function fmtFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—'
  const neg = fen < 0
  const a = Math.round(Math.abs(fen))
  const yuan = Math.floor(a / 100)
  const cents = a % 100
  return `${neg ? '-' : ''}¥${yuan.toLocaleString('zh-CN')}${cents ? `.${pad(cents)}` : ''}`
}

/** A span's prize and coupon cost, with what its refunds gave back of earlier costs (costWords, shared with the H5 page). */
export const fmtCost = (roi: { costFen: number; creditFen: number }): string => costWords(roi, fmtFen)
