/**
 * What the platforms limit, met in the compiled mini programs: a stack of 10 pages (an 11th navigateTo fails — the
 * link still opens its page, in this one's place), subscription messages a brand has no template for (no 订阅提醒
 * that asks nothing), and a base library without them (reminders go to the message centre, on both platforms alike);
 * Alipay's <picker>, which has no date mode.
 */
import fs from 'node:fs'
import path from 'node:path'
import { bootConsented, bootMini, distDirFor, type MiniHarness, type Platform } from './harness'

const NOW = '2026-11-23T10:00:00+08:00'

/** The member's own navigation, as the platform performs it. */
async function push(h: MiniHarness, url: string): Promise<void> {
  (h.api.navigateTo as (o: unknown) => void)({ url, success: () => undefined, fail: () => undefined })
  await h.settle()
}

/** The storage of a consented demo member whose brand set up subscription templates on both platforms. */
async function withTemplateIds(platform: Platform): Promise<Record<string, unknown>> {
  const h = await bootConsented({ platform, now: NOW })
  const storage = h.storage
  await h.close()
  const rules = JSON.parse(storage['kv:rules/v/1'] as string) as { messages: { templates: { id: string; platformTemplateIds: Record<string, string> }[] } }
  for (const t of rules.messages.templates) t.platformTemplateIds = { weapp: `wx-${t.id}`, alipay: `ali-${t.id}` }
  return { ...storage, 'kv:rules/v/1': JSON.stringify(rules) }
}

describe.each(['weapp', 'alipay'] as Platform[])('%s platform limits', (platform) => {
  const run = fs.existsSync(path.join(distDirFor(platform), 'app.json')) ? test : test.skip

  run('a link tapped on the 10th page of the stack opens its page in that one’s place', async () => {
    const h = await bootConsented({ platform, now: NOW })
    try {
      await h.open('pages/home/index')
      await push(h, '/packages/member/points/index')
      for (let i = 0; h.pageStack().length < 10; i++) await push(h, i % 2 === 0 ? '/packages/mall/coupons/index' : '/packages/mall/mall/index')
      const mall = h.currentPage()!
      expect(mall.route).toBe('packages/mall/mall/index')
      await mall.tap('mall-redemptions')
      expect(h.navigations.at(-1)).toMatchObject({ kind: 'redirectTo', ok: true })
      expect(h.currentPage()?.route).toBe('packages/mall/redemptions/index')
      expect(h.pageStack()).toHaveLength(10)
    } finally {
      await h.close()
    }
  })

  run('the demo (no template for the platform) offers no 订阅提醒: the panel says reminders go to the message centre', async () => {
    const h = await bootConsented({ platform, now: NOW })
    try {
      for (const route of ['packages/settings/settings/index', 'packages/settings/messages/index']) {
        const page = await h.open(route)
        expect(page.findById('subscribe-button')).toBeNull()
        expect(page.findById('subscribe-unsupported')).not.toBeNull()
      }
    } finally {
      await h.close()
    }
  })

  run('a base library without subscription messages: 订阅提醒 falls back to the message centre, as on the other platform', async () => {
    const h = await bootMini({ platform, now: Date.parse(NOW) + 60_000, storage: await withTemplateIds(platform) })
    try {
      delete (h.api as Record<string, unknown>).requestSubscribeMessage
      const settings = await h.open('packages/settings/settings/index')
      await settings.tap('subscribe-button')
      expect(h.toasts.at(-1)?.title).toBe('提醒会发送到站内消息中心')
      expect(settings.findById('subscribe-button')).toBeNull()
    } finally {
      await h.close()
    }
  })

  run('the consent sheet’s link to the privacy notice, tapped on the 10th page of the stack, opens it in that one’s place', async () => {
    const h = await bootMini({ platform, now: NOW })
    try {
      await h.open('pages/home/index')
      for (let i = 0; h.pageStack().length < 10; i++) await push(h, i % 2 === 0 ? '/packages/mall/coupons/index' : '/packages/mall/mall/index')
      const top = h.currentPage()!
      const link = top.findAll((n) => String(n.attr('class') ?? '').split(' ').includes('privacy-sheet__link'))
      expect(link).toHaveLength(1)
      await top.tap(link[0])
      expect(h.currentPage()?.route).toBe('packages/settings/privacy/index')
      expect(h.pageStack()).toHaveLength(10)
    } finally {
      await h.close()
    }
  })
})

test('WeChat with subscription messages switched off in its settings (20004): the member is told where, the button stays', async () => {
  if (!fs.existsSync(path.join(distDirFor('weapp'), 'app.json'))) return console.warn('weapp is not built')
  const h = await bootMini({ platform: 'weapp', now: Date.parse(NOW) + 60_000, storage: await withTemplateIds('weapp') })
  try {
    (h.api as Record<string, unknown>).requestSubscribeMessage = (o: { fail?: (e: unknown) => void; complete?: (e: unknown) => void }) => {
      const e = { errMsg: 'requestSubscribeMessage:fail switched off', errCode: 20004 }
      o.fail?.(e)
      o.complete?.(e)
    }
    const settings = await h.open('packages/settings/settings/index')
    await settings.tap('subscribe-button')
    expect(h.toasts.at(-1)?.title).toBe('订阅消息已在微信设置中关闭，开启后可再次订阅；提醒仍会发送到站内消息中心')
    expect(settings.findById('subscribe-button')).not.toBeNull()
  } finally {
    await h.close()
  }
})

describe('alipay 完善资料', () => {
  const run = fs.existsSync(path.join(distDirFor('alipay'), 'app.json')) ? test : test.skip

  // Alipay's <picker> has no date mode (a list of `range` items, its value an index): the birthday is chosen in
  // my.datePicker's own sheet, between the field's first and last dates; cancelling it changes nothing.
  run('生日 opens my.datePicker; the date picked shows in the field and is what 保存 saves', async () => {
    const picked: string[] = ['1994-06-18']
    const h = await bootConsented({ platform: 'alipay', now: NOW, pickDate: () => picked.shift() ?? null })
    try {
      const profile = await h.open('packages/member/profile/index')
      expect(profile.findAll((n) => n.tag === 'picker')).toEqual([])
      await profile.tap('profile-birthday')
      const asked = h.calls.filter((c) => c.api === 'datePicker').map((c) => c.args[0])
      expect(asked).toEqual([expect.objectContaining({ format: 'yyyy-MM-dd', startDate: '1930-01-01' })])
      expect(profile.findById('profile-birthday')?.text()).toBe('1994年6月18日')
      // Cancelled the second time: the date stays.
      await profile.tap('profile-birthday')
      expect(profile.findById('profile-birthday')?.text()).toBe('1994年6月18日')
      await profile.tap('profile-save')
      // Saved: the page opened again shows the birthday the backend (the embedded demo's) now holds.
      expect((await h.open('packages/member/profile/index')).findById('profile-birthday')?.text()).toBe('1994年6月18日')
    } finally {
      await h.close()
    }
  })
})
