/**
 * Campaign journeys on the compiled WeChat and Alipay bundles (embedded mock, demo member): open the lottery,
 * tap `lottery-draw`, move the virtual clock through the highlight animation, see the prize the server drew
 * with the draws left. Each animation step must stay a small setData (only the highlighted cell changes).
 */
import fs from 'node:fs'
import path from 'node:path'
import { bootMini, distDirFor, type MiniPage, type Platform } from './harness'

const NOW = '2026-11-23T10:00:00+08:00'
/** One step of the highlight: two class names change. Far below this. */
const STEP_BUDGET_BYTES = 256

function activeCell(page: MiniPage): { index: number; text: string } | null {
  for (let i = 0; i < 8; i++) {
    const cell = page.findById(`lottery-cell-${i}`)
    if (cell && String(cell.attr('class')).includes('lottery-prize--active')) return { index: i, text: cell.text() }
  }
  return null
}

describe.each(['weapp', 'alipay'] as Platform[])('%s campaign journey', (platform) => {
  const built = fs.existsSync(path.join(distDirFor(platform), 'app.json'))
  const run = built ? test : test.skip

  run('tap lottery-draw: the highlight runs and lands on the drawn prize; the result and the draws left show', async () => {
    const h = await bootMini({ platform, now: NOW })
    try {
      const home = await h.open('pages/home/index')
      await home.tap('privacy-agree')
      const page = await h.open('packages/campaign/lottery/index', { id: 'lucky-wheel' })
      expect(page.findById('lottery-draws')?.text()).toContain('今日免费 1 次')
      expect(page.text()).toContain('中奖概率')

      const mark = h.mark('lottery draw')
      await page.tap('lottery-draw')
      // The tap settles within a second of virtual time: the highlight is still on its laps.
      expect(page.findById('lottery-result')).toBeNull()
      expect(activeCell(page)).not.toBeNull()
      // After the first step (which also turns the button to "抽奖中"), each step is the grid's own setData
      // of two class names: the cell losing the highlight and the one taking it.
      const steps = h.setDataLog.filter((r) => r.label === 'tap #lottery-draw' && r.target.startsWith('custom-wrapper')).slice(1)
      expect(steps.length).toBeGreaterThan(5)
      for (const step of steps) {
        expect(step.bytes).toBeLessThanOrEqual(STEP_BUDGET_BYTES)
        expect(step.keys.every((k) => k.endsWith('.cl'))).toBe(true)
      }

      await h.advance(8_000)
      const result = page.findById('lottery-result')
      expect(result).not.toBeNull()
      const prize = page.findById('lottery-result-prize')!.text().trim()
      expect(prize.length).toBeGreaterThan(0)
      expect(activeCell(page)?.text).toContain(prize)
      expect(page.findById('lottery-result-left')?.text()).toContain('再抽一次消耗 20 积分')
      expect(page.findById('lottery-draws')?.text()).toContain('再抽一次消耗 20 积分')
      expect(h.bytesSince(mark)).toBeGreaterThan(0)
      expect(h.errors).toEqual([])
      expect(h.unknownApis).toEqual([])

      await page.tap('lottery-result-close')
      expect(page.findById('lottery-result')).toBeNull()
    } finally {
      await h.close()
    }
  })
})
