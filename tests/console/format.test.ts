/**
 * What the console shows for amounts: fen in yuan, whatever was typed into a fen field (a fraction of a fen reads
 * rounded, as the field's hint promises: 19.9 typed by someone thinking in yuan reads ¥0.20).
 */
import { fmtCost, fmtFen } from '../../console/src/lib/format'

test('fen read as yuan, rounded to the fen', () => {
  expect([1230, 1000, 5, 0, -250, 123456789].map(fmtFen)).toEqual(['¥12.30', '¥10', '¥0.05', '¥0', '-¥2.50', '¥1,234,567.89'])
  expect([19.9, 0.4, 99.5].map(fmtFen)).toEqual(['¥0.20', '¥0', '¥1'])
  expect(fmtFen(null)).toBe('—')
})

test('a span’s cost is never below ¥0: what its refunds gave back of earlier costs is said beside it', () => {
  expect(fmtCost({ costFen: 500, creditFen: 0 })).toBe('¥5')
  expect(fmtCost({ costFen: 0, creditFen: 250 })).toBe('¥0（退款冲回此前成本 ¥2.50）')
})
