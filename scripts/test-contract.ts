/**
 * `npm run test:contract -- --base http://host:port [--operator-username NAME --operator-password PW]`: the contract
 * suite (tests/contract/contract-suite.ts) against any backend that claims to implement mock/openapi.yaml.
 *
 * It probes the target first and tells what will be skipped: tests that move the clock need the mock's test
 * controls (`MOCK_TEST_CONTROLS=1`), tests of the seeded demo member need login code `demo` to reach an
 * existing member, and /admin tests need an admin account (`--operator-username/--operator-password`, or
 * CONTRACT_OPERATOR_USERNAME/PASSWORD; the mock's demo admin is tried): the suite signs in with it again after each
 * reset (which ends every session on our server) and gives its password again where one is set. Without --base it
 * runs the in-process and HTTP runs.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '..')
const args = process.argv.slice(2)
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name)
  if (i >= 0) return args[i + 1]
  const eq = args.find((a) => a.startsWith(`${name}=`))
  return eq?.slice(name.length + 1)
}

/** The admin account given, or the mock's demo admin (mock/seed.ts DEMO_OPERATOR) to try. */
const operatorAccount = (): { username: string; password: string; given: boolean } => {
  const username = arg('--operator-username') ?? process.env.CONTRACT_OPERATOR_USERNAME
  const password = arg('--operator-password') ?? process.env.CONTRACT_OPERATOR_PASSWORD
  if (!username && !password) return { username: 'demo-admin', password: 'demo-admin-password', given: false }
  if (!username || !password) throw new Error('give both --operator-username and --operator-password')
  return { username, password, given: true }
}

async function probe(root: string): Promise<{ controls: boolean; demo: boolean; operatorToken: string | null }> {
  const config = await fetch(`${root}/api/v1/config`).catch((e: Error) => {
    throw new Error(`cannot reach ${root}/api/v1/config: ${e.message}`)
  })
  if (config.status !== 200) throw new Error(`${root}/api/v1/config answered ${config.status}; is this the API root?`)
  const clock = await fetch(`${root}/__mock/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"now":null}' }).catch(() => null)
  const controls = clock?.status === 200
  const login = await fetch(`${root}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"platform":"h5","code":"demo"}' }).catch(() => null)
  const demo = login?.status === 200 && ((await login.json()) as { isNew?: boolean }).isNew === false
  const { given, ...account } = operatorAccount()
  const signIn = await fetch(`${root}/api/v1/admin/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) }).catch(() => null)
  if (signIn?.status === 200) return { controls, demo, operatorToken: ((await signIn.json()) as { token: string }).token }
  if (given) throw new Error(`the operator's sign-in answered ${signIn?.status ?? 'nothing'}: check --operator-username and --operator-password`)
  return { controls, demo, operatorToken: null }
}

async function main(): Promise<number> {
  const base = arg('--base')
  if (!base) {
    console.log('no --base given: running the contract suite in-process and over HTTP against the mock')
    return spawnSync('npx', ['jest', '--selectProjects', 'node', '--runTestsByPath', 'tests/contract/in-process.test.ts', 'tests/contract/http.test.ts'], { cwd: ROOT, stdio: 'inherit' }).status ?? 1
  }
  const root = base.replace(/\/+$/, '').replace(/\/api\/v1$/, '')
  const caps = await probe(root)
  console.log(`contract suite against ${root}/api/v1`)
  console.log(`  test controls (clock, reset): ${caps.controls ? 'yes' : 'no — tests that move the clock are skipped'}`)
  console.log(`  seeded demo member:           ${caps.demo ? 'yes' : 'no — demo-history tests are skipped'}`)
  console.log(`  operator:                     ${caps.operatorToken ? 'yes' : 'no — /admin success tests are skipped (pass --operator-username and --operator-password)'}`)
  const res = spawnSync('npx', ['jest', '--selectProjects', 'node', '--runTestsByPath', 'tests/contract/base-url.test.ts'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      CONTRACT_BASE_URL: root,
      CONTRACT_CONTROLS: caps.controls ? '1' : '',
      CONTRACT_DEMO: caps.demo ? '1' : '',
      CONTRACT_OPERATOR_TOKEN: caps.operatorToken ?? '',
      CONTRACT_OPERATOR_USERNAME: caps.operatorToken ? operatorAccount().username : '',
      CONTRACT_OPERATOR_PASSWORD: caps.operatorToken ? operatorAccount().password : '',
    },
  })
  return res.status ?? 1
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(e.message)
    process.exit(2)
  },
)
