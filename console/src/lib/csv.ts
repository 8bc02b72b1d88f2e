/**
 * CSV export of any table, in the browser: RFC 4180 quoting, CRLF rows, UTF-8 with a byte-order mark so Excel
 * opens Chinese text correctly. Cells that a spreadsheet would run as a formula (=, +, −, @ first) are prefixed
 * with an apostrophe (CSV injection), except plain numbers.
 */
export interface CsvColumn<T> {
  title: string
  value: (row: T) => string | number | boolean | null | undefined
}

function cell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return ''
  let s = String(v)
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s) && !/^[-+]?\d+(\.\d+)?$/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function toCsv<T>(columns: CsvColumn<T>[], rows: readonly T[]): string {
  const lines = [columns.map((c) => cell(c.title)).join(',')]
  for (const r of rows) lines.push(columns.map((c) => cell(c.value(r))).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

export function downloadCsv<T>(filename: string, columns: CsvColumn<T>[], rows: readonly T[]): void {
  const blob = new Blob([toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename.endsWith('.csv') ? filename : `${filename}.csv`
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** The most rows an export collects (a member's whole ledger, a year of the audit log). */
export const EXPORT_MAX_ROWS = 20_000

/** The rows of an export, and whether the list had more than it holds (the export says so). */
export interface ExportRows<T> {
  rows: readonly T[]
  truncated: boolean
}

/**
 * Every row of a cursor-paged list, page after page from the first, for an export of the whole list rather than
 * the pages a table has loaded so far. Stops at `max` rows, saying whether there were more.
 */
export async function allPages<T>(page: (cursor: string | null) => Promise<{ entries: T[]; nextCursor: string | null }>, max = EXPORT_MAX_ROWS): Promise<ExportRows<T>> {
  const rows: T[] = []
  let cursor: string | null = null
  do {
    const p = await page(cursor)
    rows.push(...p.entries)
    cursor = p.nextCursor
  } while (cursor !== null && rows.length < max)
  return { rows: rows.slice(0, max), truncated: rows.length > max || cursor !== null }
}
