/**
 * `npm test`: everything that proves the project works, in dependency order, ending with one summary line
 * `N passed, N failed` (Jest tests counted one by one, every other check as one). Exit code 1 on any failure.
 * A step whose prerequisite failed (e.g. the harness without a weapp build) is counted as failed, not skipped.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '..')
const OUT = path.join(ROOT, 'artifacts/test-results')

interface Step {
  name: string
  cmd: string
  env?: Record<string, string>
  /** Jest project(s): counted per test from Jest's JSON report. */
  jest?: string[]
  needs?: string[]
}

const build = (type: string): Step => ({ name: `build:${type}`, cmd: `npx taro build --type ${type}`, env: { NODE_ENV: 'production' } })

const steps: Step[] = [
  { name: 'typecheck', cmd: 'npx tsc --noEmit -p tsconfig.json' },
  { name: 'lint', cmd: 'npx eslint --max-warnings 0 --ext .ts,.tsx src mock tests scripts config server' },
  { name: 'unit, store, component and contract tests', cmd: 'npx jest', jest: ['node', 'dom'] },
  build('weapp'),
  build('alipay'),
  build('h5'),
  { name: 'WeChat compilers (wcc/wcsc) on dist/weapp', cmd: 'npx tsx scripts/check-wxml.ts', needs: ['build:weapp'] },
  { name: 'mini-program harness (weapp + alipay bundles)', cmd: 'npx jest', jest: ['mini'], needs: ['build:weapp', 'build:alipay'] },
  { name: 'H5 end-to-end in Chromium', cmd: 'npx jest', jest: ['e2e'], needs: ['build:h5'] },
  { name: 'size report (SPEC §6 budgets)', cmd: 'npx tsx scripts/size-report.ts', needs: ['build:weapp', 'build:alipay', 'build:h5'] },
  { name: 'domain benchmark', cmd: 'npx tsx scripts/bench-domain.ts' },
]

interface JestReport {
  numPassedTests: number
  numFailedTests: number
  numRuntimeErrorTestSuites: number
  success: boolean
}

rmSync(OUT, { recursive: true, force: true })
mkdirSync(OUT, { recursive: true })

let passed = 0
let failed = 0
const failedSteps: string[] = []
const done = new Map<string, boolean>()
const started = Date.now()

for (const step of steps) {
  const t0 = Date.now()
  console.log(`\n━━ ${step.name}`)
  const missing = (step.needs ?? []).filter((n) => !done.get(n))
  if (missing.length) {
    console.log(`✗ not run: ${missing.join(', ')} failed`)
    failed++
    failedSteps.push(step.name)
    done.set(step.name, false)
    continue
  }
  let cmd = step.cmd
  const report = path.join(OUT, `${step.name.replace(/\W+/g, '-')}.json`)
  if (step.jest) cmd += ` --selectProjects ${step.jest.join(" ")} --json --outputFile=${report}`
  const res = spawnSync(cmd, { cwd: ROOT, shell: true, stdio: 'inherit', env: { ...process.env, ...step.env } })
  let ok = res.status === 0
  if (step.jest) {
    if (existsSync(report)) {
      const r = JSON.parse(readFileSync(report, 'utf8')) as JestReport
      passed += r.numPassedTests
      failed += r.numFailedTests + r.numRuntimeErrorTestSuites
      if (!ok && r.numFailedTests + r.numRuntimeErrorTestSuites === 0) failed++ // e.g. a coverage or config failure
    } else {
      failed++
      ok = false
    }
  } else if (ok) passed++
  else failed++
  if (!ok) failedSteps.push(step.name)
  done.set(step.name, ok)
  console.log(`${ok ? '✓' : '✗'} ${step.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
}

console.log(`\n${'━'.repeat(60)}`)
if (failedSteps.length) console.log(`failed: ${failedSteps.join('; ')}`)
console.log(`total time ${((Date.now() - started) / 1000).toFixed(0)} s`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)
