/**
 * When a rules version may take effect, as the console's save and rollback dialogs check it before asking the server:
 * later than now and at most a year ahead (the server's RULES_EFFECTIVE_IN_PAST and RULES_EFFECTIVE_TOO_FAR), and the
 * date picker offers nothing later than that year.
 */
import { latestSchedule, scheduleProblem, toPickerValue } from '../../console/src/lib/business-time'

const NOW = Date.parse('2026-12-02T04:00:00Z')
const at = (iso: string) => toPickerValue(iso)!

test('a version takes effect after now and within a year: a typo of 3026 for 2026 is caught at the field', () => {
  expect(scheduleProblem(at('2026-12-02T03:59:00Z'), NOW)).toBe('生效时刻须晚于现在')
  expect(scheduleProblem(at('2026-12-02T04:01:00Z'), NOW)).toBeNull()
  expect(scheduleProblem(at('2027-12-03T04:00:00Z'), NOW)).toBeNull() // 366 days on: the same date next year always fits
  expect(scheduleProblem(at('2027-12-03T04:01:00Z'), NOW)).toBe('生效时刻不能晚于一年之后')
  expect(scheduleProblem(at('3026-12-02T04:00:00Z'), NOW)).toBe('生效时刻不能晚于一年之后')
})

test('the picker offers no date past that year', () => {
  expect(latestSchedule(NOW)?.valueOf()).toBe(at('2027-12-03T04:00:00Z').valueOf())
})
