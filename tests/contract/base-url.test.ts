/**
 * The contract suite against any backend: `npm run test:contract -- --base http://host:port` (scripts/test-contract.ts
 * probes the target and sets CONTRACT_BASE_URL, CONTRACT_CONTROLS, CONTRACT_DEMO, and the admin it signed in:
 * CONTRACT_OPERATOR_TOKEN, CONTRACT_OPERATOR_USERNAME/PASSWORD).
 * Without a base URL (plain `npm test`) there is nothing to run here.
 */
import { contractSuite } from './contract-suite'
import { httpTarget } from './support/http-target'

const base = process.env.CONTRACT_BASE_URL
const controls = process.env.CONTRACT_CONTROLS === '1'
const demo = process.env.CONTRACT_DEMO === '1'
// The admin the script signed in (the /admin cases sign in again after each reset and give its password again).
const operatorToken = process.env.CONTRACT_OPERATOR_TOKEN || null
const username = process.env.CONTRACT_OPERATOR_USERNAME
const operator = operatorToken && username ? { username, password: process.env.CONTRACT_OPERATOR_PASSWORD ?? '' } : undefined

if (!base) {
  test.skip('the contract suite against a base URL [skipped: run `npm run test:contract -- --base http://host:port`]', () => undefined)
} else {
  contractSuite(`base ${base}`, { controls, demo, operator: operator !== undefined }, () => httpTarget(`base ${base}`, base, { controls, demo, operatorToken, operator }))
}
