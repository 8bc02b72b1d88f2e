/**
 * The compiled mini programs (issue 13): offline (item 14) — when the platform reports the connection gone
 * (onNetworkStatusChange) every page shows the offline banner, a sign-in on the embedded demo backend fails like a
 * network failure and changes nothing, and once the connection is back the banner goes and the sign-in lands; the
 * product detail sheet (item 9) holds name, description and price as three blocks; and the pictures — home shortcuts,
 * mall items — are local PNGs inlined into the styles (a mini program's CSS cannot load a local file), each mall
 * picture named for screen readers (WeChat `aria-role`, Alipay `role`).
 */
import fs from 'node:fs'
import path from 'node:path'
import { bootConsented, distDirFor, type MiniNode, type Platform } from './harness'

const NOW = '2026-11-23T10:00:00+08:00'
const classOf = (node: MiniNode) => String(node.attr('class') ?? '')

const ART = ['bag', 'crown', 'cup', 'flag', 'gift', 'medal', 'ticket', 'tote', 'umbrella']

/** Every style file of a build (WeChat .wxss, Alipay .acss). */
function styleFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) return styleFiles(file)
    return /\.(wxss|acss)$/.test(entry.name) ? [file] : []
  })
}

describe.each(['weapp', 'alipay'] as Platform[])('%s offline, product detail and pictures', (platform) => {
  const built = fs.existsSync(path.join(distDirFor(platform), 'app.json'))
  const run = built ? test : test.skip
  const roleAttr = platform === 'weapp' ? 'aria-role' : 'role'

  run('offline: the banner shows, a sign-in fails like the network and changes nothing; back online it lands', async () => {
    const h = await bootConsented({ platform, now: NOW })
    try {
      const home = await h.open('pages/home/index')
      expect(home.findById('network-banner')).toBeNull()
      const balance = home.findById('points-balance')?.text()

      await h.setNetwork(false)
      expect(home.findById('network-banner')?.text()).toContain('网络已断开')
      expect(home.findById('network-banner')?.attr(roleAttr)).toBe('status')

      const signin = await h.open('packages/member/signin/index')
      expect(signin.findById('network-banner')).not.toBeNull()
      expect(signin.findById('signin-button')?.text()).toMatch(/立即签到/)
      const toasts = h.toasts.length
      await signin.tap('signin-button')
      // The client retries a keyed POST twice (0.3 s, 0.9 s) before it says what failed.
      await h.settle({ horizonMs: 5000 })
      expect(h.toasts.slice(toasts).map((t) => t.title)).toContainEqual(expect.stringContaining('网络不给力'))
      expect(signin.findById('signin-button')?.text()).toMatch(/立即签到/)

      await h.setNetwork(true)
      expect(signin.findById('network-banner')).toBeNull()
      await signin.tap('signin-button')
      expect(signin.findById('signin-button')?.text()).toBe('今日已签到')
      const after = await h.open('pages/home/index')
      expect(Number(after.findById('points-balance')?.text())).toBeGreaterThan(Number(balance))
    } finally {
      await h.close()
    }
  })

  run('the product detail sheet holds name, description and price as three blocks', async () => {
    const h = await bootConsented({ platform, now: NOW })
    try {
      const shop = await h.open('packages/mall/shop/index')
      const product = shop.findById('product-oolong')
      const [main] = shop.findAll((node) => classOf(node) === 'product__main', product ?? undefined)
      expect(main).toBeDefined()
      await shop.tap(main)
      const sheet = shop.findById('product-detail')
      expect(sheet).not.toBeNull()
      const [summary] = shop.findAll((node) => classOf(node).startsWith('product-summary'), sheet ?? undefined)
      expect(summary?.tag).toBe('view')
      const blocks = shop.findAll((node) => classOf(node).startsWith('product-summary__'), summary)
      expect(blocks.map((block) => [classOf(block), block.text().trim()])).toEqual([
        ['product-summary__name', '桂花乌龙'],
        ['product-summary__desc', '清香桂花配高山乌龙'],
        ['product-summary__price', '¥22'],
      ])
    } finally {
      await h.close()
    }
  })

  run('home shortcuts and mall items show local pictures inlined into the styles; mall pictures are named images', async () => {
    const styles = styleFiles(distDirFor(platform))
      .map((file) => fs.readFileSync(file, 'utf8'))
      .join('\n')
    for (const name of ART) {
      expect({ name, inlined: new RegExp(`\\.art--${name}\\{background-image:url\\(["']?data:image/png;base64,`).test(styles) }).toEqual({ name, inlined: true })
    }

    const h = await bootConsented({ platform, now: NOW })
    try {
      const home = await h.open('pages/home/index')
      for (const [route, art] of [['campaigns', 'flag'], ['mall', 'bag'], ['coupons', 'ticket'], ['benefits', 'crown'], ['shop', 'cup']]) {
        const [icon] = home.findAll((node) => classOf(node).includes('home__entry-icon'), home.findById(`home-entry-${route}`) ?? undefined)
        expect({ route, art: !!icon && classOf(icon).includes(`art--${art}`) }).toEqual({ route, art: true })
      }

      const mall = await h.open('packages/mall/mall/index')
      const [picture] = mall.findAll((node) => classOf(node).includes('reward-art__picture'), mall.findById('reward-rw-tote') ?? undefined)
      expect({ art: !!picture && classOf(picture).includes('art--tote'), role: picture?.attr(roleAttr), label: picture?.attr('aria-label') }).toEqual({
        art: true,
        role: 'img',
        label: '帆布托特包',
      })
    } finally {
      await h.close()
    }
  })
})
