/**
 * The whole contract suite again at three instants where calendars break (issue: every test passes on every
 * date): the last second of a year in Shanghai, the first second of 1 March in a leap year, and 15:59:59Z on
 * the last day of a month (23:59:59 in Shanghai, one second before the business month turns).
 */
import { contractSuite } from './contract-suite'
import { inProcessTarget } from './support/in-process-target'
import type { ContractTarget } from './support/target'

const INSTANTS = ['2026-12-31T23:59:59+08:00', '2028-03-01T00:00:00+08:00', '2027-02-28T15:59:59Z']

for (const instant of INSTANTS) {
  describe(`pinned at ${instant}`, () => {
    let target: ContractTarget
    beforeAll(async () => {
      target = await inProcessTarget(`in-process@${instant}`, instant)
    })
    contractSuite(`in-process@${instant}`, { controls: true, demo: true, operator: true }, () => target, { pinnedAt: instant })
  })
}
