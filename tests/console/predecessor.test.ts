/**
 * 查看 a version: what it changed is shown against the version in force just before it took (or takes) effect — and
 * for a cancelled one, which never did, against the one it was saved on, not a version saved after it.
 */
import type { RulesVersionWire } from '../../src/api/contract'
import { predecessorOf } from '../../console/src/lib/predecessor'

const v = (versionNo: number, effectiveAt: string, status: RulesVersionWire['status']): RulesVersionWire => ({
  versionNo,
  note: `#${versionNo}`,
  createdBy: 'admin',
  createdByName: 'admin',
  createdAt: effectiveAt,
  effectiveAt,
  status,
  cancelledAt: status === 'cancelled' ? '2026-03-02T00:00:00.000Z' : null,
  cancelledBy: null,
  cancelledByName: null,
  rulesVersion: versionNo,
  cancellable: false,
})

test('#2 renamed a campaign, #3 scheduled on it and cancelled, #4 a rollback to #1 saved since: #3 is against #2, #4 against #2', () => {
  const one = v(1, '2026-03-01T00:00:00.000Z', 'past')
  const two = v(2, '2026-03-01T01:00:00.000Z', 'past')
  const three = v(3, '2026-03-05T00:00:00.000Z', 'cancelled')
  const four = v(4, '2026-03-02T00:00:00.000Z', 'current')
  const all = [one, two, three, four]
  expect(predecessorOf(three, all)?.versionNo).toBe(2)
  expect(predecessorOf(four, all)?.versionNo).toBe(2)
  expect(predecessorOf(one, all)).toBeUndefined()
  // Not cancelled, a version scheduled after a later save takes over from that one when its time comes.
  expect(predecessorOf({ ...three, status: 'scheduled', cancelledAt: null }, all)?.versionNo).toBe(4)
})
