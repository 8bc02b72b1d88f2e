/** Steps the console's Chromium journeys share (console.test.ts, staff-day.test.ts, adjustments.test.ts). */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { startServerProcess } from '../server/support/server-process'

export interface ConsoleServer {
  /** The origin: the console at `${base}/console/`, the API at `${base}/api/v1`. */
  base: string
  /** Stops the server and removes its data directory. */
  stop(): Promise<void>
}

/**
 * A journey's own production server on a fresh PGlite directory, the demo sign-in for members and `admin` as the first
 * account; `env` adds to it. Console sign-ins are not rate-limited: a journey signs dozens of operators in from one address.
 */
export async function startConsoleServer(dirPrefix: string, admin: { username: string; password: string }, env: Record<string, string> = {}): Promise<ConsoleServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), dirPrefix))
  try {
    const server = await startServerProcess({
      DATA_DIR: dataDir,
      AUTH_PROVIDER: 'demo',
      ADMIN_USERNAME: admin.username,
      ADMIN_PASSWORD: admin.password,
      RATE_LIMIT_CONSOLE_SIGN_IN_PER_IP: '1000',
      ...env,
    })
    return {
      base: server.url.replace(/\/api\/v1$/, ''),
      stop: async () => {
        await server.stop()
        rmSync(dataDir, { recursive: true, force: true })
      },
    }
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true })
    throw e
  }
}

/** Signs in on the console at `base` and waits for the dashboard. */
export async function signInAt(page: Page, base: string, who: { username: string; password: string }): Promise<void> {
  await page.goto(`${base}/console/`)
  await page.getByLabel('账号').fill(who.username)
  await page.getByLabel('密码').fill(who.password)
  await page.getByRole('button', { name: /登\s*录/ }).click()
  await page.getByRole('heading', { level: 1, name: '数据看板' }).waitFor()
}

/** Opens a console route (its hash) and waits for its heading. */
export async function go(page: Page, route: string, heading: string | RegExp): Promise<void> {
  await page.evaluate((r) => {
    window.location.hash = r
  }, route)
  await page.getByRole('heading', { level: 1, name: heading }).waitFor()
}

export type ApiCall = <T>(method: 'GET' | 'POST', p: string, body?: unknown, token?: string) => Promise<{ status: number; body: T }>

/**
 * The API of the server at `base()` (known once the suite's server is up), as a colleague's browser calls it: JSON,
 * a bearer token, and a fresh Idempotency-Key (named by `keyPrefix`) on every POST.
 */
export function apiAt(base: () => string, keyPrefix: string): ApiCall {
  return async <T>(method: 'GET' | 'POST', p: string, body?: unknown, token?: string) => {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (token) headers.authorization = `Bearer ${token}`
    if (method === 'POST') {
      headers['content-type'] = 'application/json'
      headers['idempotency-key'] = `${keyPrefix}-${Math.random().toString(36).slice(2)}-${Date.now()}`
    }
    const res = await fetch(`${base()}${p}`, { method, headers, body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined })
    const text = await res.text()
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T }
  }
}
