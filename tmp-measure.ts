import { readFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { chromiumExecutable } from './scripts/chromium'
import { startStaticServer } from './scripts/serve'
async function main() {
  const dir = process.argv[2]
  const server = await startStaticServer(dir)
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: ['--headless', '--no-sandbox', '--disable-gpu'] })
  const page = await browser.newPage({ viewport: { width: 375, height: 667 } })
  const files = new Set<string>()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('request', (req) => { if (req.resourceType() === 'script') files.add(new URL(req.url()).pathname) })
  await page.goto(`${server.url}/#/pages/home/index`, { waitUntil: 'networkidle' })
  await page.locator('#page-home').waitFor({ timeout: 15000 }).catch((e) => errors.push(String(e)))
  let bytes = 0
  for (const f of files) { const b = gzipSync(readFileSync(path.join(dir, f)), { level: 9 }).length; bytes += b; console.log(f, b) }
  console.log('total gzip', bytes, 'errors', errors)
  await browser.close(); await server.close()
}
main()
