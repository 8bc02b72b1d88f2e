/** The contract suite through the in-process adapter (the app's default transport), on a fresh seeded mock. */
import { contractSuite, DEFAULT_PINNED_AT } from './contract-suite'
import { inProcessTarget } from './support/in-process-target'
import type { ContractTarget } from './support/target'

let target: ContractTarget

beforeAll(async () => {
  target = await inProcessTarget('in-process', DEFAULT_PINNED_AT)
})

contractSuite('in-process', { controls: true, demo: true, operator: true }, () => target)
