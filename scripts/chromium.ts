/**
 * The one place that knows where the browser is: the H5 tests, the size report, Lighthouse and the screenshot
 * scripts all launch it through playwright-core, which cannot download its own build here. CHROMIUM_PATH wins;
 * otherwise the usual names on PATH, then Chrome's app bundle on macOS.
 */
import { accessSync, constants, statSync } from 'node:fs'
import path from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']
const MAC_APPS = ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium']

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return statSync(file).isFile()
  } catch {
    return false
  }
}

/** The browser executable, or undefined when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  // An explicit CHROMIUM_PATH that points nowhere is a mistake to report, not a hint to look elsewhere.
  if (env.CHROMIUM_PATH) return isExecutable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean)
  for (const name of NAMES) {
    for (const dir of dirs) {
      const file = path.join(dir, name)
      if (isExecutable(file)) return file
    }
  }
  return MAC_APPS.find(isExecutable)
}

/** One line: what was looked for and what to install. */
export function chromiumMissing(env: NodeJS.ProcessEnv = process.env): string {
  const looked = env.CHROMIUM_PATH ? `CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable` : `no ${NAMES.join(', ')} on PATH and no Chrome app`
  return `Chromium is needed for the browser tests and the size report (${looked}): install it (Debian/Ubuntu: sudo apt-get install chromium fonts-wqy-zenhei; macOS: install Google Chrome) or set CHROMIUM_PATH=/path/to/chromium`
}

/** The browser executable for chromium.launch(); throws the install instruction when there is none. */
export function chromiumExecutable(): string {
  const found = findChromium()
  if (!found) throw new Error(chromiumMissing())
  return found
}

/** Headless flags every launch shares: no sandbox (CI runs as root), no GPU, no background traffic or first-run UI. */
const HEADLESS_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

/** Launches the browser headless (`extraArgs`: e.g. a fake camera, a remote-debugging port); throws the install instruction when there is none. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutable(), args: [...HEADLESS_ARGS, ...extraArgs] })
}

/**
 * `E2E_CPU_THROTTLE=4` runs a test's page on a CPU that many times slower (Chrome's own throttling): timing faults that
 * a slower CI machine meets show here first. Off unless set.
 */
export async function throttleCpu(page: Page): Promise<Page> {
  const rate = Number(process.env.E2E_CPU_THROTTLE ?? 1)
  if (rate > 1) await (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate })
  return page
}
