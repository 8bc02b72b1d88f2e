/**
 * `npm test`: everything that proves the project works, in dependency order, ending with one summary line
 * `N passed, N failed` (Jest tests counted one by one, every other check as one). Exit code 1 on any failure.
 * A step whose prerequisite failed (e.g. the harness without a weapp build) is counted as failed, not skipped.
 * Before the first step it checks what the machine must provide (Node 20, a Chromium) and stops with one line
 * saying what to install. Each step has a time limit: a step still running past it (e.g. Jest kept alive by a
 * server nobody closed) is killed with everything it started, named, and counted as failed.
 * The browser journeys (H5 and console) run their failed files once more: two shared cores make a browser's timing
 * noisy. What failed first is printed, and the summary names every retry; a test failing twice fails the run.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { chromiumMissing, findChromium } from './chromium'

const ROOT = path.resolve(__dirname, '..')
const OUT = path.join(ROOT, 'artifacts/test-results')

interface Step {
  name: string
  cmd: string
  /** Seconds before the watchdog kills it: about 3× its time on a quiet 2-core machine (a busy one is slower). */
  limit: number
  env?: Record<string, string>
  /** Jest project(s): counted per test from Jest's JSON report. */
  jest?: string[]
  needs?: string[]
  /** Its failed Jest files run once more (browser journeys). */
  retry?: boolean
}

/** Where the mini programs' builds pointed at a backend send their requests (served in-process by their journeys). */
const BACKEND_URL = 'https://api.example.com'

const build = (type: string): Step => ({ name: `build:${type}`, cmd: `npx taro build --type ${type}`, limit: 300, env: { NODE_ENV: 'production' } })

const steps: Step[] = [
  { name: 'typecheck', cmd: 'npx tsc --noEmit -p tsconfig.json && npx tsc --noEmit -p console/tsconfig.json', limit: 300 },
  { name: 'lint', cmd: 'npx eslint --max-warnings 0 --ext .ts,.tsx src mock tests scripts config server console', limit: 300 },
  { name: 'unit, store, component and contract tests', cmd: 'npx jest', limit: 2400, jest: ['node', 'dom'] },
  build('weapp'),
  build('alipay'),
  build('h5'),
  // The apps pointed at a backend, for their journeys (tests/e2e/backend.test.ts, tests/mini/backend-journeys.test.ts)
  // and the size report's figures: H5 on its own origin, the mini programs at a full URL.
  { ...build('h5'), name: 'build:h5 pointed at a backend', env: { NODE_ENV: 'production', TARO_APP_API_BASE: '/api/v1', LOYALTY_OUTPUT_ROOT: 'dist/backend/h5' } },
  { ...build('weapp'), name: 'build:weapp pointed at a backend', env: { NODE_ENV: 'production', TARO_APP_API_BASE: BACKEND_URL, LOYALTY_OUTPUT_ROOT: 'dist/backend/weapp' } },
  { ...build('alipay'), name: 'build:alipay pointed at a backend', env: { NODE_ENV: 'production', TARO_APP_API_BASE: BACKEND_URL, LOYALTY_OUTPUT_ROOT: 'dist/backend/alipay' } },
  { name: 'WeChat compilers (wcc/wcsc) on dist/weapp', cmd: 'npx tsx scripts/check-wxml.ts', limit: 180, needs: ['build:weapp'] },
  {
    name: 'mini-program harness (weapp + alipay bundles)',
    cmd: 'npx jest',
    limit: 600,
    jest: ['mini'],
    needs: ['build:weapp', 'build:alipay', 'build:weapp pointed at a backend', 'build:alipay pointed at a backend'],
  },
  { name: 'H5 end-to-end in Chromium', cmd: 'npx jest', limit: 900, jest: ['e2e'], retry: true, needs: ['build:h5', 'build:h5 pointed at a backend'] },
  { name: 'build:console', cmd: 'npx vite build --config console/vite.config.ts --logLevel warn', limit: 300 },
  // Sign in, schedule a campaign change and see it go live on the test clock, roll back, approve an adjustment, CSV, axe.
  { name: 'operator console in Chromium (production server, test clock)', cmd: 'npx jest', limit: 900, jest: ['console'], retry: true, needs: ['build:console'] },
  {
    name: 'size report (SPEC §6 budgets)',
    // The builds pointed at a backend are this run's own (above): measured as they are, not built again.
    cmd: 'npx tsx scripts/size-report.ts --built',
    limit: 600,
    needs: ['build:weapp', 'build:alipay', 'build:h5', 'build:h5 pointed at a backend', 'build:weapp pointed at a backend', 'build:alipay pointed at a backend'],
  },
  { name: 'domain benchmark', cmd: 'npx tsx scripts/bench-domain.ts', limit: 300 },
]

interface JestReport {
  numRuntimeErrorTestSuites: number
  testResults: { name: string; status: string; assertionResults: { status: string; fullName: string }[] }[]
}

const readReport = (file: string): JestReport | undefined => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as JestReport) : undefined)

/** Passed and failed tests in a report's files (those `files` accepts). */
function tally(r: JestReport, files: (name: string) => boolean = () => true): { passed: number; failed: number } {
  const results = r.testResults.filter((f) => files(f.name)).flatMap((f) => f.assertionResults)
  return { passed: results.filter((a) => a.status === 'passed').length, failed: results.filter((a) => a.status === 'failed').length }
}

/** What the machine must provide, checked before minutes of steps that would each fail (or hang) without it. */
function missingPrerequisite(): string | undefined {
  const major = Number(process.versions.node.split('.')[0])
  if (major < 20) return `Node 20 or later is needed (this is Node ${process.versions.node}): install it from https://nodejs.org or with nvm`
  if (!findChromium()) return chromiumMissing()
  return undefined
}

let running: ChildProcess | undefined

/** Signals a step's whole process group (it was spawned detached: the shell, npx, Jest and its workers, browsers). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal)
  } catch {
    // The group has already gone.
  }
}

/** Runs a step's command; past its limit the watchdog kills it and everything it started. */
function run(step: Step, cmd: string): Promise<{ ok: boolean; hung: boolean }> {
  return new Promise((resolve) => {
    // stdin ignored: a step in its own process group must not read the terminal (it would be stopped, not fail).
    const child = spawn(cmd, { cwd: ROOT, shell: true, detached: true, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...step.env } })
    running = child
    let hung = false
    const watchdog = setTimeout(() => {
      hung = true
      console.log(`\n✗ ${step.name} hung: still running after its ${step.limit} s limit; killing it and everything it started`)
      signalGroup(child, 'SIGTERM')
      setTimeout(() => signalGroup(child, 'SIGKILL'), 5000).unref()
    }, step.limit * 1000)
    const finish = (ok: boolean) => {
      clearTimeout(watchdog)
      // Whatever the step left running (a browser, a server) would outlive it.
      if (hung) signalGroup(child, 'SIGKILL')
      running = undefined
      resolve({ ok: ok && !hung, hung })
    }
    child.once('error', (e) => {
      console.log(`✗ ${step.name}: ${e.message}`)
      finish(false)
    })
    child.once('exit', (code) => finish(code === 0))
  })
}

// The steps run in their own process groups, so Ctrl-C on the terminal does not reach them: pass it on.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (running) signalGroup(running, signal)
    process.exit(130)
  })
}

const prerequisite = missingPrerequisite()
if (prerequisite) {
  console.error(prerequisite)
  process.exit(1)
}

rmSync(OUT, { recursive: true, force: true })
mkdirSync(OUT, { recursive: true })

let passed = 0
let failed = 0
const failedSteps: string[] = []
const retries: string[] = []
const done = new Map<string, boolean>()
const started = Date.now()

async function main(): Promise<void> {
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
    if (step.jest) cmd += ` --selectProjects ${step.jest.join(' ')} --json --outputFile=${report}`
    const res = await run(step, cmd)
    let ok = res.ok
    if (step.jest) {
      const r = readReport(report)
      if (r) {
        let counts = tally(r)
        let runtimeErrors = r.numRuntimeErrorTestSuites
        const again = step.retry && !ok && !res.hung && runtimeErrors === 0 ? r.testResults.filter((f) => f.status === 'failed').map((f) => f.name) : []
        if (again.length) {
          const first = r.testResults.flatMap((f) => f.assertionResults.filter((a) => a.status === 'failed').map((a) => a.fullName))
          console.log(`\n↻ ${step.name}: once more for ${again.map((f) => path.relative(ROOT, f)).join(', ')} — failed first: ${first.join('; ')}`)
          const retryReport = report.replace(/\.json$/, '-retry.json')
          const res2 = await run(step, `${step.cmd} --selectProjects ${step.jest.join(' ')} --json --outputFile=${retryReport} --runTestsByPath ${again.map((f) => `'${f}'`).join(' ')}`)
          const r2 = readReport(retryReport)
          if (r2) {
            const second = tally(r2)
            const kept = tally(r, (f) => !again.includes(f))
            counts = { passed: kept.passed + second.passed, failed: kept.failed + second.failed }
            runtimeErrors = r2.numRuntimeErrorTestSuites
            ok = res2.ok
          }
          retries.push(`${step.name}: ${first.length} failed first, ${ok ? 'passed' : 'failed'} on the second run`)
        }
        passed += counts.passed
        failed += counts.failed + runtimeErrors
        if (!ok && counts.failed + runtimeErrors === 0) failed++ // e.g. a coverage or config failure, or a hang after the run
      } else {
        failed++
        ok = false
      }
    } else if (ok) passed++
    else failed++
    if (!ok) failedSteps.push(res.hung ? `${step.name} (hung: killed after ${step.limit} s)` : step.name)
    done.set(step.name, ok)
    console.log(`${ok ? '✓' : '✗'} ${step.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
  }
}

void main().then(() => {
  console.log(`\n${'━'.repeat(60)}`)
  if (retries.length) console.log(`retried once: ${retries.join('; ')}`)
  if (failedSteps.length) console.log(`failed: ${failedSteps.join('; ')}`)
  console.log(`total time ${((Date.now() - started) / 1000).toFixed(0)} s`)
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(failed > 0 ? 1 : 0)
})
