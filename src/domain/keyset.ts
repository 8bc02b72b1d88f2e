/**
 * Keyset pages of lists ordered newest first by a key (an instant or a date as text) and then by id: a page starts
 * after the previous page's last row, so a row that leaves the list meanwhile (a refund gives a used coupon back)
 * moves no other. Compared in code units — the order SQL's `collate "C"` gives (`localeCompare` differs on ids like
 * `cpn:m-1:B` and `cpn:m-1:a`), so a page read in memory and one read in SQL are the same page.
 */

/** The previous page's last row. */
export interface KeysetAfter {
  key: string
  id: string
}

export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** The `limit` rows of `rows` after `after` (from the first when null), newest key first, then by id. */
export function keysetSlice<T extends { id: string }>(rows: T[], keyOf: (row: T) => string, after: KeysetAfter | null, limit: number): T[] {
  return rows
    .filter((r) => after === null || keyOf(r) < after.key || (keyOf(r) === after.key && r.id > after.id))
    .sort((a, b) => byCodeUnits(keyOf(b), keyOf(a)) || byCodeUnits(a.id, b.id))
    .slice(0, limit)
}
