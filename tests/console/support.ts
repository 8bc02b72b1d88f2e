/** Page steps the console's Chromium journeys share (console.test.ts, staff-day.test.ts). */
import type { Page } from 'playwright-core'

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
