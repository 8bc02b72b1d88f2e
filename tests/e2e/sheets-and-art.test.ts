/**
 * What a member sees of sheets and pictures on H5 (issue 13 items 9 and 10, and its visuals): the consent sheet's two
 * buttons lie whole inside the viewport and nothing covers them — not the tab bar — at 375×667 and 320×568, on a tab
 * page and on a pushed page; the product detail sheet shows name, description and price as three blocks, one under
 * the other, named after the product; the home shortcuts and the mall items show their pictures (PNGs that load), each
 * mall picture named for screen readers; the festival banner draws no blob.
 */
import { existsSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { consentedPage, type E2E, H5_DIST, screenshot, startE2E, toast, visit } from './browser'

const built = existsSync(`${H5_DIST}/index.html`)
const describeBuilt = built ? describe : describe.skip
jest.setTimeout(90_000)

const NOW = new Date('2026-11-24T02:00:00Z') // Tuesday 10:00 in Shanghai; the 春节集福卡 festival runs

/**
 * In the page: where a control of the page on show is (Taro keeps earlier pages in the document, so ids repeat), and
 * whether the points a tap would hit — its centre, and its lower edge where a bar from below would cover it first (a
 * quarter in from each side: the pill's rounded corners are not part of it) — reach it.
 */
function reach(id: string) {
  const shown = [...document.querySelectorAll<HTMLElement>('.page-shell')].find((page) => page.offsetParent !== null)
  const el = shown?.querySelector<HTMLElement>(`#${id}`)
  if (!el) return null
  const box = el.getBoundingClientRect()
  const hits = (x: number, y: number) => {
    const top = document.elementFromPoint(x, y)
    return !!top && (top === el || el.contains(top))
  }
  return {
    top: box.top,
    bottom: box.bottom,
    left: box.left,
    right: box.right,
    viewport: { width: innerWidth, height: innerHeight },
    centre: hits(box.left + box.width / 2, box.top + box.height / 2),
    lowerEdge: hits(box.left + box.width / 4, box.bottom - 2) && hits(box.right - box.width / 4, box.bottom - 2),
  }
}

/** In the page: the URL of an element's CSS background picture and whether it loads as an image. */
async function backgroundPicture(selector: string): Promise<{ url: string; width: number }[]> {
  const urls = [...document.querySelectorAll<HTMLElement>(selector)].map((el) => /url\("?(.*?)"?\)/.exec(getComputedStyle(el).backgroundImage)?.[1] ?? '')
  return Promise.all(
    urls.map(
      (url) =>
        new Promise<{ url: string; width: number }>((resolve) => {
          const img = new Image()
          img.onload = () => resolve({ url, width: img.naturalWidth })
          img.onerror = () => resolve({ url, width: 0 })
          img.src = url || 'data:,'
        }),
    ),
  )
}

describeBuilt('sheets and pictures on H5', () => {
  let e2e: E2E

  beforeAll(async () => {
    e2e = await startE2E()
  })
  afterAll(async () => {
    await e2e?.close() // undefined when startE2E failed: it has closed what it started
  })

  for (const viewport of [
    { width: 375, height: 667 },
    { width: 320, height: 568 },
  ]) {
    test(`the consent sheet's buttons are whole and uncovered at ${viewport.width}×${viewport.height}, above the tab bar`, async () => {
      const page = await e2e.newPage(viewport)
      await page.clock.setFixedTime(NOW)
      for (const route of ['pages/home/index', 'pages/me/index', 'packages/mall/shop/index']) {
        await visit(page, e2e.server, route)
        await page.locator('.page-shell >> visible=true').locator('#privacy-agree').waitFor()
        // The sheet slides in; measure where it comes to rest.
        await page.waitForTimeout(400)
        for (const id of ['privacy-decline', 'privacy-agree']) {
          const place = await page.evaluate(reach, id)
          expect({ route, id, place: place && { inside: place.top >= 0 && place.left >= 0 && place.bottom <= place.viewport.height && place.right <= place.viewport.width, centre: place.centre, lowerEdge: place.lowerEdge } }).toEqual({
            route,
            id,
            place: { inside: true, centre: true, lowerEdge: true },
          })
        }
      }
      await screenshot(page, `h5-consent-${viewport.width}x${viewport.height}`)
      await page.context().close()
    })
  }

  test('at 320 px nothing is squeezed: shortcut names on one line, the sign-in card\'s words clear of its button, 实付 whole', async () => {
    const page = await consentedPage(e2e, NOW, 'pages/home/index', { width: 320, height: 568 })
    await page.locator('#home-entry-coupons').waitFor()
    const lines = await page.$$eval('#page-home .home__entry-label', (labels) =>
      labels.map((l) => ({ text: l.textContent, lines: Math.round(l.getBoundingClientRect().height / parseFloat(getComputedStyle(l).lineHeight)) })),
    )
    expect(lines.every((l) => l.lines === 1)).toBe(true)
    const gap = await page.locator('#signin-entry').evaluate((card) => {
      const words = card.querySelector('.signin-entry__text')!.getBoundingClientRect()
      const button = card.querySelector('.btn')!.getBoundingClientRect()
      return button.left - words.right
    })
    expect(gap).toBeGreaterThanOrEqual(8)
    // Under a balance of eight digits, 可抵 ¥… stays one phrase (beside it, or whole on the next line).
    const worth = await page.locator('#page-home #points-card').evaluate((card) => {
      card.querySelector('#points-balance')!.textContent = '10000009'
      const value = card.querySelector<HTMLElement>('.points-card__value')!
      return { text: value.textContent, lines: Math.round(value.getBoundingClientRect().height / parseFloat(getComputedStyle(value).lineHeight)) }
    })
    expect(worth).toEqual({ text: expect.stringMatching(/可抵 ¥/), lines: 1 })
    await visit(page, e2e.server, 'packages/mall/orders/index')
    await page.locator('.order__payable').first().waitFor()
    const payable = await page.$$eval('.order__payable', (els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)))
    expect(payable.length).toBeGreaterThan(0)
    expect(payable.every((h) => Math.round(h) === 1)).toBe(true)
    await screenshot(page, 'h5-orders-320')
    await page.context().close()
  })

  test('at 320 px a 20-character nickname gives way: the tier\'s name on one line, the avatar round; a mall item\'s two lines of description whole, its header whole under a long balance', async () => {
    const page = await consentedPage(e2e, NOW, 'packages/member/profile/index', { width: 320, height: 568 })
    const field = page.locator('#profile-nickname input, input#profile-nickname').first()
    // The form shows the member's nickname once loaded (and would then overwrite what was typed before).
    await page.waitForFunction(() => !!document.querySelector<HTMLInputElement>('#profile-nickname input, input#profile-nickname')?.value)
    await field.fill('一二三四五六七八九十一二三四五六七八九十')
    await page.locator('#profile-save').click()
    await toast(page, /^资料已保存$/)
    await visit(page, e2e.server, 'pages/home/index')
    await page.locator('#page-home .tier-card__nickname', { hasText: '一二三四五六七八九十' }).waitFor()
    const card = await page.locator('#page-home #tier-card').evaluate((el) => {
      const name = el.querySelector<HTMLElement>('#tier-name')!
      const nick = el.querySelector<HTMLElement>('.tier-card__nickname')!
      return {
        nameLines: Math.round(name.getBoundingClientRect().height / parseFloat(getComputedStyle(name).lineHeight)),
        nickCut: nick.scrollWidth > nick.clientWidth,
        nickInside: nick.getBoundingClientRect().right <= el.getBoundingClientRect().right,
      }
    })
    expect(card).toEqual({ nameLines: 1, nickCut: true, nickInside: true })
    await visit(page, e2e.server, 'pages/me/index')
    const avatar = page.locator('#page-me .me-header__avatar')
    await avatar.waitFor()
    const box = (await avatar.boundingBox())!
    expect(Math.round(box.width)).toBe(Math.round(box.height))
    await screenshot(page, 'h5-me-long-nickname-320')
    await visit(page, e2e.server, 'packages/mall/mall/index')
    await page.locator('.reward__desc').first().waitFor()
    const descs = await page.$$eval('.reward__desc', (els) =>
      els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => ({ lines: e.clientHeight / parseFloat(getComputedStyle(e).lineHeight), clamped: getComputedStyle(e).webkitLineClamp })),
    )
    expect(descs.length).toBeGreaterThan(0)
    expect(descs.every((d) => Math.round(d.lines * 100) / 100 === 2 && d.clamped === '2')).toBe(true)
    // A balance of eight digits (an operator's adjustment can give one) gives way: 可用积分, 我的优惠券 › and 兑换记录 ›
    // keep their words on one line.
    const header = await page.locator('#page-mall .mall-header').evaluate((el) => {
      el.querySelector('#mall-balance')!.textContent = '10000009'
      return [...el.children].map((c) => ({ text: c.textContent, lines: Math.round(c.getBoundingClientRect().height / parseFloat(getComputedStyle(c).lineHeight)) }))
    })
    expect(header.map((h) => h.lines)).toEqual([1, 1, 1, 1])
    await page.context().close()
  })

  test('at 320 px 关注公众号 keeps its words clear of 我已关注, the button whole on the screen', async () => {
    const page = await consentedPage(e2e, NOW, 'packages/member/follow/index', { width: 320, height: 568 })
    const button = page.locator('#follow-confirm >> visible=true')
    await button.waitFor()
    const place = await button.evaluate((b) => {
      const words = b.parentElement!.querySelector('.muted')!.getBoundingClientRect()
      const box = b.getBoundingClientRect()
      return { gap: box.top - words.bottom, left: box.left >= 0, right: box.right <= window.innerWidth }
    })
    expect(place).toEqual({ gap: expect.any(Number), left: true, right: true })
    expect(place.gap).toBeGreaterThanOrEqual(8)
    await screenshot(page, 'h5-follow-320')
    await page.context().close()
  })

  test('at 320 and 375 px a lottery prize name breaks only at its space (no lone 券) and stays inside its cell', async () => {
    /** Each prize name's lines (its characters grouped by where they sit) and whether every character lies inside its cell. */
    const names = (page: Page) =>
      page.$$eval('.lottery-prize', (cells) =>
        cells
          .filter((cell) => (cell as HTMLElement).offsetParent !== null)
          .map((cell) => {
            const name = cell.querySelector('.lottery-prize__name')!
            const text = name.textContent ?? ''
            // Every character of its text nodes (Taro may render empty ones around it), with where it sits.
            const chars: { ch: string; r: DOMRect }[] = []
            const walker = document.createTreeWalker(name, NodeFilter.SHOW_TEXT)
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              for (let i = 0; i < (node.textContent ?? '').length; i++) {
                const range = document.createRange()
                range.setStart(node, i)
                range.setEnd(node, i + 1)
                chars.push({ ch: node.textContent![i], r: range.getBoundingClientRect() })
              }
            }
            const box = cell.getBoundingClientRect()
            const lines: string[] = []
            let top: number | null = null
            let inside = true
            for (const { ch, r } of chars) {
              if (ch === ' ') continue // a space at a break has no box of its own
              if (r.left < box.left || r.right > box.right) inside = false
              if (top === null || r.top > top + r.height / 2) lines.push('')
              top = r.top
              lines[lines.length - 1] += ch
            }
            return { text, lines, inside }
          }),
      )
    // A page loaded at each width (the page's sizes follow the width it opened at).
    for (const width of [320, 375]) {
      const page = await consentedPage(e2e, NOW, 'packages/campaign/lottery/index?id=lucky-wheel', { width, height: 667 })
      await page.locator('#lottery-draw >> visible=true').waitFor()
      const shown = await names(page)
      expect(shown.map((n) => n.text)).toContain('¥10 无门槛券')
      for (const n of shown) {
        expect({ ...n, width }).toEqual({ ...n, width, inside: true })
        // A name with a space breaks there only: its lines are its words; none is a lone character.
        if (n.lines.length > 1) {
          expect({ width, lines: n.lines }).toEqual({ width, lines: n.text.includes(' ') ? n.text.split(' ') : n.lines })
          expect(n.lines.filter((l) => l.length === 1)).toEqual([])
        }
      }
      await screenshot(page, `h5-lottery-names-${width}`)
      await page.context().close()
    }
  })

  describe('after consent', () => {
    let page: Page

    beforeAll(async () => {
      page = await consentedPage(e2e, NOW)
      await page.locator('#tier-name').waitFor()
    })

    test('the product detail sheet shows name, description and price as blocks, one under the other', async () => {
      await visit(page, e2e.server, 'packages/mall/shop/index')
      await page.locator('#product-oolong .product__main').click()
      const sheet = page.locator('#product-detail [role="dialog"]')
      await sheet.waitFor()
      await expect(sheet.getAttribute('aria-label')).resolves.toBe('桂花乌龙')
      const blocks = await sheet.evaluate((el) =>
        ['name', 'desc', 'price'].map((part) => {
          const block = el.querySelector<HTMLElement>(`.product-summary__${part}`)
          const box = block?.getBoundingClientRect()
          return { text: block?.innerText.trim(), top: box?.top ?? 0, bottom: box?.bottom ?? 0, label: block?.getAttribute('aria-label') ?? null }
        }),
      )
      expect(blocks.map((b) => b.text)).toEqual(['桂花乌龙', '清香桂花配高山乌龙', '¥22'])
      expect(blocks[0].bottom).toBeLessThanOrEqual(blocks[1].top)
      expect(blocks[1].bottom).toBeLessThanOrEqual(blocks[2].top)
      expect(blocks[2].label).toBe('价格 ¥22')
      // What is read (and copied) is three lines, not one run.
      await expect(sheet.innerText()).resolves.toMatch(/桂花乌龙\s*\n\s*清香桂花配高山乌龙\s*\n\s*¥22/)
      await screenshot(page, 'h5-product-detail')
      await page.keyboard.press('Escape')
      await sheet.waitFor({ state: 'detached' })
    })

    test('home shortcuts show their icons; the festival banner draws no blob', async () => {
      await visit(page, e2e.server, 'pages/home/index')
      await page.locator('#home-entry-mall').waitFor()
      const icons = await page.evaluate(backgroundPicture, '#page-home .home__entry-icon')
      expect(icons).toHaveLength(5)
      for (const icon of icons) expect(icon).toEqual({ url: expect.stringMatching(/\.png$|^data:image\/png/), width: 96 })
      expect(new Set(icons.map((i) => i.url)).size).toBe(5)
      await expect(page.locator('#home-entry-mall').getAttribute('aria-label')).resolves.toBe('积分商城')
      const blob = await page.locator('#festival-banner').evaluate((el) => getComputedStyle(el, '::after').content)
      expect(blob).toBe('none')
    })

    test('mall items show a picture each, named for screen readers', async () => {
      await visit(page, e2e.server, 'packages/mall/mall/index')
      await page.locator('#reward-rw-tote').waitFor()
      const pictures = await page.evaluate(backgroundPicture, '#reward-list .reward-art__picture')
      expect(pictures.length).toBeGreaterThanOrEqual(7)
      for (const picture of pictures) expect(picture.width).toBe(96)
      const tote = page.locator('#reward-rw-tote .reward-art__picture')
      await expect(tote.getAttribute('role')).resolves.toBe('img')
      await expect(tote.getAttribute('aria-label')).resolves.toBe('帆布托特包')
      await screenshot(page, 'h5-mall-pictures')
    })
  })
})
