/**
 * An export of a whole list (console/src/lib/csv.ts `allPages`) walks its pages up to a row limit and says when the
 * list had more, so the console warns instead of handing over a silently short file.
 */
import { allPages } from '../../console/src/lib/csv'

/** A list of `total` rows served `size` at a time, cursor = the next row's index. */
const list = (total: number, size: number) => async (cursor: string | null) => {
  const from = Number(cursor ?? 0)
  const entries = Array.from({ length: Math.min(size, total - from) }, (_, i) => from + i)
  return { entries, nextCursor: from + size < total ? String(from + size) : null }
}

test('every row when the list fits, and not truncated', async () => {
  expect(await allPages(list(450, 200), 1000)).toEqual({ rows: Array.from({ length: 450 }, (_, i) => i), truncated: false })
  expect(await allPages(list(400, 200), 400)).toEqual({ rows: Array.from({ length: 400 }, (_, i) => i), truncated: false })
})

test('a list longer than the limit: the first rows up to it, marked truncated', async () => {
  const r = await allPages(list(20_822, 200), 20_000)
  expect(r.rows).toHaveLength(20_000)
  expect(r.rows.at(-1)).toBe(19_999)
  expect(r.truncated).toBe(true)
  expect((await allPages(list(401, 200), 400)).truncated).toBe(true)
})
