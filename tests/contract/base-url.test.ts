/**
 * The contract suite against any backend: `npm run test:contract -- --base http://host:port` (scripts/test-contract.ts
 * probes the target and sets CONTRACT_BASE_URL, CONTRACT_CONTROLS, CONTRACT_DEMO, CONTRACT_OPERATOR_TOKEN and, for a
 * backend whose reset ends every session, CONTRACT_OPERATOR_USERNAME/PASSWORD to sign in again with).
 * Without a base URL (plain `npm test`) there is nothing to run here.
 */
import { DEFAULT_OPERATOR_TOKEN, DEMO_OPERATOR } from '../../mock/app'
import { contractSuite } from './contract-suite'
import { httpTarget } from './support/http-target'

const base = process.env.CONTRACT_BASE_URL
const controls = process.env.CONTRACT_CONTROLS === '1'
const demo = process.env.CONTRACT_DEMO === '1'
const operatorToken = process.env.CONTRACT_OPERATOR_TOKEN || null
const username = process.env.CONTRACT_OPERATOR_USERNAME
// The mock's shared demo token belongs to its demo admin, whose password a test that sets one gives again.
const operator = username ? { username, password: process.env.CONTRACT_OPERATOR_PASSWORD ?? '' } : operatorToken === DEFAULT_OPERATOR_TOKEN ? { ...DEMO_OPERATOR } : undefined

if (!base) {
  test.skip('the contract suite against a base URL [skipped: run `npm run test:contract -- --base http://host:port`]', () => undefined)
} else {
  contractSuite(`base ${base}`, { controls, demo, operator: operatorToken !== null }, () => httpTarget(`base ${base}`, base, { controls, demo, operatorToken, operator }))
}
