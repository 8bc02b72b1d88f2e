/**
 * `npm run size`: package sizes per platform against the budgets of SPEC §6, exiting non-zero over budget.
 *  - WeChat / Alipay main package of the demo build (embedded mock) ≤ 700 KB, of a build pointed at a
 *    backend (mock dead-code-eliminated) ≤ 500 KB; every subpackage ≤ 300 KB;
 *  - H5 first-load JS, gzip: every script the browser fetches to show the home page on a first visit, ≤ 150 KB for
 *    the demo build (SPEC §6; its embedded backend is fetched with the first request, after consent) and, for a
 *    build pointed at a backend, ≤ 110 KB (SPEC §6; the levers that got it there: README, Performance).
 * Needs dist/{weapp,alipay,h5} (npm run build:*); builds the backend variants into dist/backend/* itself, unless
 * `--built` says they are built already (npm test builds them for the journeys that run on them).
 * Writes artifacts/size-report.json.
 */
import { execSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromiumExecutable, launchChromium } from './chromium'
import { startStaticServer } from './serve'

const ROOT = path.resolve(__dirname, '..')
const KB = 1024
const BUDGET = { mainDemo: 700 * KB, mainBackend: 500 * KB, subpackage: 300 * KB, h5FirstLoadGzip: 110 * KB, h5DemoFirstLoadGzip: 150 * KB }
const NOT_UPLOADED = new Set(['project.config.json', 'project.private.config.json', 'mini.project.json', '.browserslistrc'])

interface Row {
  platform: string
  item: string
  bytes: number
  budget: number
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? walk(full) : [full]
  })
}

function packageSizes(dir: string): { main: number; subpackages: Record<string, number> } {
  const appJson = JSON.parse(readFileSync(path.join(dir, 'app.json'), 'utf8')) as { subPackages?: { root: string }[]; subpackages?: { root: string }[] }
  const roots = (appJson.subPackages ?? appJson.subpackages ?? []).map((p) => p.root.replace(/\/$/, ''))
  const subpackages: Record<string, number> = Object.fromEntries(roots.map((r) => [r, 0]))
  let main = 0
  for (const file of walk(dir)) {
    const rel = path.relative(dir, file).split(path.sep).join('/')
    if (NOT_UPLOADED.has(rel)) continue
    const size = statSync(file).size
    const root = roots.find((r) => rel.startsWith(`${r}/`))
    if (root) subpackages[root] += size
    else main += size
  }
  return { main, subpackages }
}

function buildBackendVariant(platform: 'weapp' | 'alipay' | 'h5'): string {
  const out = path.join(ROOT, 'dist/backend', platform)
  // `--built`: npm test built them in this run already (scripts/test-all.ts).
  if (process.argv.includes('--built')) return out
  console.log(`building ${platform} pointed at a backend (TARO_APP_API_BASE set) into dist/backend/${platform} …`)
  execSync(`npx taro build --type ${platform}`, {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    // H5 talks to its API on the same origin (as served by the Lighthouse run); mini programs need a full URL.
    env: { ...process.env, NODE_ENV: 'production', TARO_APP_API_BASE: platform === 'h5' ? '/api/v1' : 'https://api.example.com', LOYALTY_OUTPUT_ROOT: `dist/backend/${platform}` },
  })
  return out
}

async function h5FirstLoadGzip(dir: string): Promise<{ bytes: number; files: string[] }> {
  const server = await startStaticServer(dir)
  try {
    const browser = await launchChromium()
    try {
      const page = await browser.newPage({ viewport: { width: 375, height: 667 } })
      const files = new Set<string>()
      page.on('request', (req) => {
        if (req.resourceType() === 'script') files.add(new URL(req.url()).pathname)
      })
      await page.goto(`${server.url}/#/pages/home/index`, { waitUntil: 'networkidle' })
      await page.locator('#page-home').waitFor()
      let bytes = 0
      for (const f of files) bytes += gzipSync(readFileSync(path.join(dir, f)), { level: 9 }).length
      return { bytes, files: [...files].sort() }
    } finally {
      await browser.close()
    }
  } finally {
    await server.close()
  }
}

/** setData figures measured by the mini-program journeys (tests/mini/journeys.test.ts), when they ran. */
function printSetDataFigures(): void {
  const file = path.join(ROOT, 'artifacts/mini-journeys.json')
  if (!existsSync(file)) {
    console.log('\nsetData figures: run `npm run test:mini` to measure them')
    return
  }
  const { figures } = JSON.parse(readFileSync(file, 'utf8')) as {
    figures: Record<string, { homeFirstRenderBytes: number; signinFirstRenderBytes?: number; signinTapBytes: number; signinStorageBytes?: number }>
  }
  const kb = (n: number | undefined) => (n === undefined ? '—' : `${(n / KB).toFixed(1)} KB`)
  console.log('\nsetData (mini-program harness)   home first render (≤ 16 KB)   sign-in first render (≤ 16 KB)   sign-in tap (≤ 8 KB)   storage written by a sign-in')
  for (const [platform, f] of Object.entries(figures)) {
    console.log(`${platform.padEnd(33)} ${kb(f.homeFirstRenderBytes).padStart(27)}   ${kb(f.signinFirstRenderBytes).padStart(30)}   ${kb(f.signinTapBytes).padStart(20)}   ${kb(f.signinStorageBytes).padStart(28)}`)
  }
}

/** WXML element counts of every page measured by tests/mini/pages.test.ts, when it ran: the largest of each. */
function printElementFigures(): void {
  const file = path.join(ROOT, 'artifacts/mini-first-render.json')
  if (!existsSync(file)) return
  type Stats = { nodes: number; depth: number }
  const { elements } = JSON.parse(readFileSync(file, 'utf8')) as { elements?: Record<string, Record<string, Record<string, Stats>>> }
  if (!elements) return
  console.log('\nWXML elements per page (harness)      most nodes (< 1000)           deepest (< 30)')
  for (const [platform, byState] of Object.entries(elements)) {
    const all = Object.values(byState).flatMap((byRoute) => Object.entries(byRoute))
    const [nodesRoute, most] = all.reduce((a, b) => (b[1].nodes > a[1].nodes ? b : a))
    const [depthRoute, deepest] = all.reduce((a, b) => (b[1].depth > a[1].depth ? b : a))
    console.log(`${platform.padEnd(38)} ${`${most.nodes} ${nodesRoute.split('/').slice(-2, -1)[0]}`.padStart(12)}   ${`${deepest.depth} ${depthRoute.split('/').slice(-2, -1)[0]}`.padStart(22)}`)
  }
}

async function main() {
  chromiumExecutable() // the H5 figures need the browser: say so before minutes of builds, not after
  const rows: Row[] = []
  for (const platform of ['weapp', 'alipay'] as const) {
    const demo = path.join(ROOT, 'dist', platform)
    if (!existsSync(path.join(demo, 'app.json'))) throw new Error(`dist/${platform} is missing: run npm run build:${platform} first`)
    const demoSizes = packageSizes(demo)
    const backendSizes = packageSizes(buildBackendVariant(platform))
    rows.push({ platform, item: 'main package, demo build (embedded mock)', bytes: demoSizes.main, budget: BUDGET.mainDemo })
    rows.push({ platform, item: 'main package, pointed at a backend', bytes: backendSizes.main, budget: BUDGET.mainBackend })
    for (const [root, bytes] of Object.entries(demoSizes.subpackages)) rows.push({ platform, item: `subpackage ${root}`, bytes, budget: BUDGET.subpackage })
  }
  const h5 = await h5FirstLoadGzip(buildBackendVariant('h5'))
  rows.push({ platform: 'h5', item: `first-load JS gzip, pointed at a backend`, bytes: h5.bytes, budget: BUDGET.h5FirstLoadGzip })
  const h5Demo = await h5FirstLoadGzip(path.join(ROOT, 'dist/h5'))
  rows.push({ platform: 'h5', item: `first-load JS gzip, demo (embedded mock)`, bytes: h5Demo.bytes, budget: BUDGET.h5DemoFirstLoadGzip })

  const fmt = (b: number) => `${(b / KB).toFixed(1)} KB`
  const over = rows.filter((r) => r.bytes > r.budget)
  console.log('\nplatform  item                                          size        budget     ')
  for (const r of rows) {
    console.log(`${r.platform.padEnd(9)} ${r.item.padEnd(45)} ${fmt(r.bytes).padStart(10)}  ${fmt(r.budget).padStart(10)}  ${r.bytes > r.budget ? 'OVER' : 'ok'}`)
  }
  mkdirSync(path.join(ROOT, 'artifacts'), { recursive: true })
  printSetDataFigures()
  printElementFigures()
  writeFileSync(path.join(ROOT, 'artifacts/size-report.json'), JSON.stringify({ rows, h5Files: h5.files }, null, 2))
  if (over.length) {
    console.error(`\n${over.length} item(s) over budget`)
    process.exit(1)
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
