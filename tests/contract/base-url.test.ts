/**
 * The contract suite against any backend: `npm run test:contract -- --base http://host:port` (scripts/test-contract.ts
 * probes the target and sets CONTRACT_BASE_URL, CONTRACT_CONTROLS, CONTRACT_DEMO, CONTRACT_OPERATOR_TOKEN).
 * Without a base URL (plain `npm test`) there is nothing to run here.
 */
import { contractSuite } from './contract-suite'
import { httpTarget } from './support/http-target'

const base = process.env.CONTRACT_BASE_URL
const controls = process.env.CONTRACT_CONTROLS === '1'
const demo = process.env.CONTRACT_DEMO === '1'
const operatorToken = process.env.CONTRACT_OPERATOR_TOKEN || null

if (!base) {
  test.skip('the contract suite against a base URL [skipped: run `npm run test:contract -- --base http://host:port`]', () => undefined)
} else {
  contractSuite(`base ${base}`, { controls, demo, operator: operatorToken !== null }, () => httpTarget(`base ${base}`, base, { controls, demo, operatorToken }))
}
