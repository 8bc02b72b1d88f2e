/** Display formatting shared by the pages (zh-CN). Money is integer fen on the wire. */
import { appNow } from '@/platform/clock'

/** 1250 → "¥12.50", 1200 → "¥12" */
export function formatFen(fen: number): string {
  const yuan = fen / 100
  return `¥${Number.isInteger(yuan) ? yuan : yuan.toFixed(2)}`
}

/** "2026-11-23" → "11月23日" this year (the backend's, src/platform/clock.ts), "2025年12月22日" another year. */
export function formatDate(date: string, now: number = appNow(), offsetMinutes = 480): string {
  const year = date.slice(0, 4) === businessYear(now, offsetMinutes) ? '' : `${date.slice(0, 4)}年`
  return `${year}${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`
}

const businessYear = (now: number, offsetMinutes: number): string => String(new Date(now + offsetMinutes * 60_000).getUTCFullYear())

/**
 * "2026-12-31" – "2027-01-02" → "2026年12月31日 - 2027年1月2日": a range within this year reads without years; one
 * that reaches into another year gives both ends theirs ("2026年12月31日 - 1月2日" would read as going backwards).
 */
export function formatDateRange(from: string, to: string, now: number = appNow(), offsetMinutes = 480): string {
  const year = businessYear(now, offsetMinutes)
  if (from.slice(0, 4) === year && to.slice(0, 4) === year) return `${formatDate(from, now, offsetMinutes)} - ${formatDate(to, now, offsetMinutes)}`
  return `${formatFullDate(from)} - ${formatFullDate(to)}`
}

/** A business date `daysLeft` days from today, as said before 过期: "今天（8月12日）", "明天（…）", "3 天后（…）". */
export function dueWords(daysLeft: number, date: string, now: number = appNow(), offsetMinutes = 480): string {
  const when = daysLeft <= 0 ? '今天' : daysLeft === 1 ? '明天' : `${daysLeft} 天后`
  return `${when}（${formatDate(date, now, offsetMinutes)}）`
}

/** "2026-11-23" → "2026年11月23日" */
export function formatFullDate(date: string): string {
  return `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`
}

/** "2026-11" → "2026年11月" */
export function formatMonth(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`
}

/**
 * ISO instant → "11月23日 14:05" in business time (UTC+8); an instant of another year reads
 * "2025年11月5日 13:54".
 */
export function formatInstant(iso: string, now: number = appNow(), offsetMinutes = 480): string {
  const shift = offsetMinutes * 60_000
  const d = new Date(Date.parse(iso) + shift)
  const pad = (n: number) => String(n).padStart(2, '0')
  const sameYear = d.getUTCFullYear() === new Date(now + shift).getUTCFullYear()
  const year = sameYear ? '' : `${d.getUTCFullYear()}年`
  return `${year}${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

/**
 * When something ends: an end at midnight reads as the last day's 24:00 ("12月20日 24:00"), so the day named is the
 * last one included — "12月21日 00:00 结束" read as if the 21st were.
 */
export function formatEnd(iso: string, now: number = appNow(), offsetMinutes = 480): string {
  const t = Date.parse(iso)
  const midnight = (t + offsetMinutes * 60_000) % 86_400_000 === 0
  return midnight ? formatInstant(new Date(t - 60_000).toISOString(), now, offsetMinutes).replace(/23:59$/, '24:00') : formatInstant(iso, now, offsetMinutes)
}

/** ISO instant → "14:05" in business time (UTC+8): for what is listed under today. */
export function formatTime(iso: string, offsetMinutes = 480): string {
  return formatInstant(iso, Date.parse(iso), offsetMinutes).slice(-5)
}

/** Signed points for ledger lines: 10 → "+10", -20 → "-20". */
export function formatSignedPoints(amount: number): string {
  return amount > 0 ? `+${amount}` : String(amount)
}

/** A coupon's face in words: "¥10 无门槛", "满100减20", "9折 最高减30". */
export function couponFace(c: { kind: string; offFen?: number; minSpendFen?: number; percent?: number; maxOffFen?: number }): { value: string; condition: string } {
  if (c.kind === 'discount') {
    const zhe = (c.percent ?? 100) / 10
    return { value: `${zhe}折`, condition: c.maxOffFen ? `最高减${c.maxOffFen / 100}元` : '全场可用' }
  }
  const value = formatFen(c.offFen ?? 0)
  return { value, condition: c.kind === 'threshold' && c.minSpendFen ? `满${c.minSpendFen / 100}元可用` : '无门槛' }
}

/** A 核销码 as the counter reads it: "123456789012" → "1234 5678 9012". */
export function formatVoucherCode(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, '$1 ')
}

