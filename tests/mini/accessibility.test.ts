/**
 * Screen-reader attributes on the compiled mini programs (issue 12, item 2): the home page's icon shortcuts are
 * buttons with a name, the in-page tabs are tabs with a name, the month arrows (‹ ›) and the order page's + / −
 * are named buttons, the points switch a named switch, tappable cards links. WeChat
 * reads `aria-role`/`aria-label`, Alipay `role`/`aria-label`; the base template only renders them because
 * config/mini-aria-plugin.ts adds them.
 */
import fs from 'node:fs'
import path from 'node:path'
import { bootMini, distDirFor, type Platform } from './harness'

const NOW = '2026-11-23T10:00:00+08:00'
const SHORTCUTS = { campaigns: '热门活动', mall: '积分商城', coupons: '我的优惠券', benefits: '会员权益', shop: '下单' }

describe.each(['weapp', 'alipay'] as Platform[])('%s accessibility attributes', (platform) => {
  const built = fs.existsSync(path.join(distDirFor(platform), 'app.json'))
  const run = built ? test : test.skip
  const roleAttr = platform === 'weapp' ? 'aria-role' : 'role'

  run('home shortcuts are named buttons; the coupon status tabs are named tabs', async () => {
    const h = await bootMini({ platform, now: NOW })
    try {
      const first = await h.open('pages/home/index')
      await first.tap('privacy-agree')
      const home = await h.open('pages/home/index')
      for (const [route, label] of Object.entries(SHORTCUTS)) {
        const entry = home.findById(`home-entry-${route}`)
        expect({ route, role: entry?.attr(roleAttr), label: entry?.attr('aria-label') }).toEqual({ route, role: 'button', label })
      }

      const coupons = await h.open('packages/mall/coupons/index')
      expect(coupons.findById('coupon-tabs')?.attr(roleAttr)).toBe('tablist')
      for (const [status, label] of [['used', '已使用'], ['expired', '已过期']]) {
        const tab = coupons.findById(`coupon-tabs-${status}`)
        expect({ status, role: tab?.attr(roleAttr), label: tab?.attr('aria-label') }).toEqual({ status, role: 'tab', label })
      }
      expect(coupons.findById('coupon-tabs-available')?.attr('aria-label')).toMatch(/^可使用/)

      // Icon-only arrows (‹ ›) are named buttons where they lead somewhere; the sign-in calendar's days say their date.
      const signin = await h.open('packages/member/signin/index')
      expect({ role: signin.findById('calendar-prev')?.attr(roleAttr), label: signin.findById('calendar-prev')?.attr('aria-label') }).toEqual({ role: 'button', label: '上个月' })
      expect(signin.findById('calendar-next')?.attr('aria-label') ?? '').toBe('')
      const report = await h.open('packages/member/report/index')
      expect({ role: report.findById('report-month-prev')?.attr(roleAttr), label: report.findById('report-month-prev')?.attr('aria-label') }).toEqual({ role: 'button', label: '上个月' })
      expect(report.findById('report-month')?.attr('aria-label')).toMatch(/选择月份$/)

      // The order page's + and − say which product they change; the points switch is a named switch.
      const shop = await h.open('packages/mall/shop/index')
      const add = shop.findById('add-latte')
      expect({ role: add?.attr(roleAttr), label: add?.attr('aria-label') }).toEqual({ role: 'button', label: '增加 招牌拿铁' })
      await shop.tap('add-latte')
      expect(shop.findById('minus-latte')?.attr('aria-label')).toBe('减少 招牌拿铁')
      const toggle = shop.findById('use-points')
      expect({ role: toggle?.attr(roleAttr), label: toggle?.attr('aria-label') }).toEqual({ role: 'switch', label: '积分抵扣' })
      // Cards that lead on are links: the tier card, the sign-in entry.
      expect([home.findById('tier-card')?.attr(roleAttr), home.findById('signin-entry')?.attr(roleAttr)]).toEqual(['link', 'link'])
    } finally {
      await h.close()
    }
  })
})
