/**
 * The page shell's error boundary on the compiled WeChat and Alipay bundles (React 18 error boundaries in Taro's
 * renderer), and snapshot versions at start:
 * - a member snapshot that cannot be rendered (storage tampered with) makes the real home page throw on its first
 *   render: the page shows the error state with retry instead of a blank page; retry reloads and it renders;
 * - a member snapshot written under another schema version is discarded at start: the page renders from the
 *   backend, no error at all.
 * No test-only page or route is compiled into the bundles: the throw comes from the data.
 */
import fs from 'node:fs'
import path from 'node:path'
import { bootMini, distDirFor, type MiniError, type MiniHarness, type Platform } from './harness'

const NOW = '2026-11-23T10:00:00+08:00'

/** Storage of a member who agreed and saw the home page once (their member snapshot saved). */
async function memberStorage(platform: Platform): Promise<Record<string, unknown>> {
  const h = await bootMini({ platform, now: NOW })
  try {
    const first = await h.open('pages/home/index')
    await first.tap('privacy-agree')
    await h.open('pages/home/index')
    return h.storage
  } finally {
    await h.close()
  }
}

/** The member snapshot as the app stored it (zustand's JSON text under 'member-snapshot'). */
function withMemberSnapshot(storage: Record<string, unknown>, edit: (snapshot: { state: { me: Record<string, unknown> }; version: number }) => void): Record<string, unknown> {
  const snapshot = JSON.parse(storage['member-snapshot'] as string) as { state: { me: Record<string, unknown> }; version: number }
  edit(snapshot)
  return { ...storage, 'member-snapshot': JSON.stringify(snapshot) }
}

/** React reports the error it caught (console.error); that one is expected, nothing else is. */
const renderError = (e: MiniError) => e.source.startsWith('console') && /Cannot read propert|undefined is not an object|tier/i.test(e.message)

describe.each(['weapp', 'alipay'] as Platform[])('%s', (platform) => {
  const built = fs.existsSync(path.join(distDirFor(platform), 'app.json'))
  const run = built ? test : test.skip
  let h: MiniHarness | undefined
  afterEach(async () => {
    await h?.close()
    h = undefined
  })

  run('a page that throws while rendering shows the error state with retry; retry brings it back', async () => {
    const storage = withMemberSnapshot(await memberStorage(platform), (s) => {
      s.state.me.tier = null
    })
    const caught: MiniError[] = []
    h = await bootMini({ platform, now: NOW, storage, ignoreError: (e) => renderError(e) && caught.push(e) > 0 })
    const page = await h.open('pages/home/index')
    expect(page.findById('page-error')).not.toBeNull()
    expect(page.text()).toContain('页面出了点问题，请重新加载')
    expect(page.findById('retry-button')?.text()).toBe('重新加载')
    // Not a blank page: React caught the error in the shell's boundary and reported it; Taro's own page wrapper
    // (which renders nothing and calls App.onError) never saw it; nothing else went wrong.
    expect(caught.length).toBeGreaterThan(0)
    expect(h.errors).toEqual([])

    const seen = caught.length
    await page.tap('retry-button')
    expect(page.findById('page-error')).toBeNull()
    expect(page.findById('tier-name')?.text()).toMatch(/会员$/)
    expect(caught.length).toBe(seen)
    expect(h.errors).toEqual([])
  })

  run('a member snapshot of another schema version is discarded at start, not read', async () => {
    const storage = withMemberSnapshot(await memberStorage(platform), (s) => {
      s.version = 1
      s.state.me = { id: 'old', tier: 'gold' }
    })
    h = await bootMini({ platform, now: NOW, storage })
    const page = await h.open('pages/home/index')
    expect(page.findById('page-error')).toBeNull()
    expect(page.findById('tier-name')?.text()).toMatch(/会员$/)
    expect(h.errors).toEqual([])
  })
})
