/**
 * `npm run screenshots`: composes the screenshots that `npm test` saves (artifacts/screenshots: H5 at 375×667, the
 * operator console at 1366×900) into the overview images the README shows (tests/e2e/screenshots/*.png), the
 * console's dashboard taken on a seeded population first (about a minute). Run after `npm test` (or
 * `npm run test:e2e` and `npm run test:console`) when pages change, and commit the result.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { hashPassword } from '../server/auth'
import { openPglite } from '../server/sql/db'
import { migrate } from '../server/sql/migrate'
import { startPinnedServer } from '../tests/server/support/server-process'
import { launchChromium } from './chromium'
import { seedPopulation } from './seed-population'

const ROOT = path.resolve(__dirname, '..')
const SOURCE = path.join(ROOT, 'artifacts/screenshots')
const TARGET = path.join(ROOT, 'tests/e2e/screenshots')

/** Each sheet: its screens (file, caption) and its grid — the member app's 375 px screens four to a row, the console's
 * 1366 px pages two to a row. */
const SHEETS: Record<string, { columns: number; width: number; shots: [file: string, caption: string][] }> = {
  member: {
    columns: 4,
    width: 200,
    shots: [
      ['h5-pages-home', '会员中心'],
      ['h5-journey-signin-result', '签到结果'],
      ['h5-packages-member-points', '积分'],
      ['h5-pages-tasks', '任务中心'],
      ['h5-packages-mall-mall', '积分商城'],
      ['h5-journey-checkout', '下单：折扣 + 券 + 积分'],
      ['h5-packages-member-benefits', '会员权益'],
      ['h5-pages-me', '我的'],
    ],
  },
  campaigns: {
    columns: 4,
    width: 200,
    shots: [
      ['h5-packages-campaign-list', '活动'],
      ['h5-packages-campaign-lottery', '抽奖'],
      ['h5-packages-campaign-cards', '集福卡'],
      ['h5-packages-campaign-leaderboard', '排行榜'],
      ['h5-packages-campaign-invite', '邀请有礼'],
      ['h5-packages-member-report', '会员月报'],
      ['h5-packages-settings-messages', '消息'],
      ['h5-engagement-dashboard', '运营看板'],
    ],
  },
  console: {
    columns: 2,
    width: 560,
    shots: [
      ['console-dashboard', '数据看板'],
      ['console-rules-campaigns', '规则配置 · 活动'],
      ['console-rules-versions', '版本与发布（定时生效、回滚）'],
      ['console-member', '会员详情'],
      ['console-approvals', '积分调整审批'],
      ['console-voucher', '核销'],
    ],
  },
}

/**
 * 数据看板 as a brand sees it: the console test's population is a handful of members, so the dashboard's screen is
 * taken here, on 2,000 members played over 90 days (`npm run seed:population`'s seed), through the production server
 * and the console build (dist/console). Replaces the test run's console-dashboard.png.
 */
async function dashboardOnPopulation(browser: Browser): Promise<void> {
  if (!existsSync(path.join(ROOT, 'dist/console/index.html'))) return console.log('dist/console is missing (npm run build:console): the dashboard keeps the test run’s screen')
  // The histories are played through the day before `played`; the dashboard is looked at late on that last day,
  // so its "today" is a whole day of activity rather than a morning's nothing.
  const played = '2026-11-25T00:00:00+08:00'
  const now = '2026-11-24T22:00:00+08:00'
  const who = { username: 'screenshots', password: 'Violet-Harbour-2026!' }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'readme-dashboard-'))
  try {
    const db = await openPglite(dir)
    try {
      await migrate(db)
      await seedPopulation(db, { members: 2000, days: 90, templates: 500, now: Date.parse(played), log: (l) => console.log(`  ${l}`) })
      await db.query(`insert into operators (operator_id, username, display_name, role, password_hash) values ('op-1', $1, '运营小林', 'admin', $2)`, [who.username, await hashPassword(who.password)])
    } finally {
      await db.close()
    }
    const server = await startPinnedServer({ DATA_DIR: dir }, new Date(now).toISOString())
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' })
      await page.clock.setFixedTime(new Date(now))
      await page.goto(`${server.url}/console/`)
      await page.getByLabel('账号').fill(who.username)
      await page.getByLabel('密码').fill(who.password)
      await page.getByRole('button', { name: /登\s*录/ }).click()
      await page.getByRole('heading', { level: 1, name: '数据看板' }).waitFor()
      await page.locator('main svg').first().waitFor()
      await page.waitForTimeout(1500) // the charts' entrance animations
      mkdirSync(SOURCE, { recursive: true })
      await page.screenshot({ path: path.join(SOURCE, 'console-dashboard.png') })
      await page.close()
    } finally {
      await server.stop()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function main() {
  mkdirSync(TARGET, { recursive: true })
  const browser = await launchChromium()
  try {
    await dashboardOnPopulation(browser)
    const page = await browser.newPage({ viewport: { width: 400, height: 400 }, deviceScaleFactor: 1 })
    for (const [sheet, { columns, width, shots }] of Object.entries(SHEETS)) {
      await page.setViewportSize({ width: columns * width + (columns + 1) * 8, height: 400 })
      const cells = shots
        .filter(([file]) => existsSync(path.join(SOURCE, `${file}.png`)))
        .map(([file, caption]) => {
          const data = readFileSync(path.join(SOURCE, `${file}.png`)).toString('base64')
          return `<figure><img src="data:image/png;base64,${data}"><figcaption>${caption}</figcaption></figure>`
        })
      if (!cells.length) continue
      await page.setContent(`<style>
        body{margin:0;padding:8px;display:grid;grid-template-columns:repeat(${columns},${width}px);gap:8px;background:#eef0f3;font:13px 'WenQuanYi Zen Hei',sans-serif}
        figure{margin:0;text-align:center} img{width:${width}px;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15)} figcaption{padding-top:4px;color:#444}
      </style>${cells.join('')}`)
      const file = path.join(TARGET, `${sheet}.png`)
      await page.screenshot({ path: file, fullPage: true })
      console.log(`${file} (${cells.length} screens)`)
    }
  } finally {
    await browser.close()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
