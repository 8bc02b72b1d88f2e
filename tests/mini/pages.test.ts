/**
 * Every page of app.json (subpackages too), on the compiled WeChat and Alipay bundles, in two states:
 * - first launch: empty storage, nothing agreed yet;
 * - member: after `becomeMember` (the consent sheet's agree button; the app then signs in on its embedded mock
 *   backend).
 * Each case boots afresh with a fixed clock, opens the page and expects its text and no error of any kind
 * (lifecycle throw, React render error, console.error, unhandled rejection, unfaked API).
 *
 * First-render setData sizes and element counts go to artifacts/mini-first-render.json; they are held to
 * FIRST_RENDER_BUDGET_BYTES and to WeChat's 体验评分 limits (SPEC §6: < 1000 WXML nodes, depth < 30).
 * A page missing from EXPECTED_TEXT fails and prints what it shows: add it to the table.
 */
import fs from 'node:fs'
import path from 'node:path'
import { allPages, bootMini, distDirFor, type MiniHarness, type Platform, readAppJson, REPO_ROOT } from './harness'

type Expected = (string | RegExp)[]

/** Text each page must show (substrings or patterns, any order). Extend as pages fill in. */
const EXPECTED_TEXT: Record<string, { firstLaunch: Expected; member: Expected }> = {
  'pages/home/index': { firstLaunch: ['会员服务未开启', '隐私保护提示', '同意并继续'], member: ['我的积分', '积分明细', '每日签到', '春节集福卡 · 集五福领福袋', '热门活动'] },
  'pages/tasks/index': { firstLaunch: ['会员服务未开启'], member: ['每日任务', '成长任务', '热门活动', '幸运大转盘'] },
  'pages/me/index': { firstLaunch: ['会员服务未开启'], member: ['积分明细', '我的优惠券', '设置与隐私', '消息', '邀请有礼', '会员月报'] },
  'packages/member/signin/index': { firstLaunch: ['会员服务未开启'], member: ['已连续签到', '签到规则'] },
  'packages/member/points/index': { firstLaunch: ['会员服务未开启'], member: ['当前积分', '即将过期'] },
  'packages/member/benefits/index': { firstLaunch: ['升级条件', '消费折扣'], member: ['当前等级', '升级条件', '会员月度免费饮品', '本月剩余'] },
  'packages/member/guide/index': { firstLaunch: ['每日签到', '做任务'], member: ['每日签到', '做任务'] },
  'packages/member/follow/index': { firstLaunch: ['关注品牌官方账号'], member: ['关注品牌官方账号', '我已关注'] },
  'packages/member/profile/index': { firstLaunch: ['会员服务未开启'], member: ['个人资料', '保存'] },
  'packages/mall/mall/index': { firstLaunch: ['可用积分', '会员服务未开启'], member: ['可用积分', '立即兑换'] },
  'packages/mall/coupons/index': { firstLaunch: ['可使用', '已过期'], member: ['可使用', '已使用'] },
  'packages/mall/shop/index': { firstLaunch: ['会员服务未开启'], member: ['商品', '招牌拿铁'] },
  'packages/mall/orders/index': { firstLaunch: ['会员服务未开启'], member: ['实付'] },
  'packages/mall/redemptions/index': { firstLaunch: ['会员服务未开启'], member: ['¥10 无门槛券', '-100 积分', '优惠券已放入「我的优惠券」'] },
  'packages/campaign/list/index': { firstLaunch: ['会员服务未开启'], member: ['幸运大转盘', '春节集福卡', '进行中', '积分排行榜'] },
  'packages/campaign/lottery/index': { firstLaunch: ['会员服务未开启'], member: ['幸运大转盘', '抽奖', '今日免费 1 次', '中奖概率', '获奖名单'] },
  'packages/campaign/cards/index': { firstLaunch: ['会员服务未开启'], member: ['春节集福卡', '已集', '集齐可得', '怎么获得福卡'] },
  'packages/campaign/leaderboard/index': { firstLaunch: ['会员服务未开启'], member: ['积分排行榜', '结果已公布', '排名奖励', '我的排名', '已发放到你的账户'] },
  'packages/settings/settings/index': { firstLaunch: ['会员隐私保护指引', '未同意', '消息中心'], member: ['已同意', '撤回同意', '消息提醒', '无需订阅'] },
  'packages/settings/privacy/index': { firstLaunch: ['会员隐私保护指引', '我们收集哪些信息'], member: ['会员隐私保护指引'] },
  'packages/member/report/index': { firstLaunch: ['会员服务未开启'], member: ['本月至今', '获得', '签到天数', '权益预告'] },
  'packages/campaign/invite/index': { firstLaunch: ['会员服务未开启'], member: ['我的邀请码', '邀请好友', '奖励规则', '好友注册成功后'] },
  'packages/settings/messages/index': { firstLaunch: ['会员服务未开启'], member: ['通知', '条未读', '无需订阅'] },
}

/** Reach the signed-in state the way a member does: agree on the first-launch consent sheet. */
async function becomeMember(h: MiniHarness): Promise<void> {
  const home = await h.open('pages/home/index')
  await home.tap('privacy-agree')
}

/** WeChat warns above 256 KB for one setData; a first render should stay far below. */
const FIRST_RENDER_BUDGET_BYTES = 256 * 1024

/** WeChat's 体验评分: fewer than 1000 WXML nodes per page, nested less than 30 deep. */
const MAX_NODES = 1000
const MAX_DEPTH = 30

/** A fixed clock (and the harness's seeded Math.random) make texts and byte counts reproducible. */
const NOW = '2026-11-23T10:00:00+08:00'

const PLATFORMS: Platform[] = ['weapp', 'alipay']
const STATES = ['firstLaunch', 'member'] as const
type State = (typeof STATES)[number]
const firstRender: Partial<Record<Platform, Partial<Record<State, Record<string, number>>>>> = {}
const elements: Partial<Record<Platform, Partial<Record<State, Record<string, { nodes: number; depth: number }>>>>> = {}

afterAll(() => {
  if (Object.keys(firstRender).length === 0) return
  const dir = path.join(REPO_ROOT, 'artifacts')
  fs.mkdirSync(dir, { recursive: true })
  const report = { generatedAt: new Date().toISOString(), now: NOW, budgetBytes: FIRST_RENDER_BUDGET_BYTES, firstRenderBytes: firstRender, elements }
  fs.writeFileSync(path.join(dir, 'mini-first-render.json'), `${JSON.stringify(report, null, 2)}\n`)
})

for (const platform of PLATFORMS) {
  const distDir = distDirFor(platform)
  if (!fs.existsSync(path.join(distDir, 'app.json'))) {
    test.skip(`${platform}: SKIPPED — no dist/${platform} (run NODE_ENV=production npx taro build --type ${platform})`, () => undefined)
    continue
  }
  const pages = allPages(readAppJson(distDir))

  describe.each(STATES)(`${platform} pages (%s)`, (state) => {
    let h: MiniHarness | undefined
    afterEach(async () => {
      await h?.close()
      h = undefined
    })

    test.each(pages)('%s renders its text with no errors', async (route) => {
      h = await bootMini({ platform, distDir, now: NOW })
      if (state === 'member') await becomeMember(h)
      const page = await h.open(route)
      const text = page.text()
      expect(text).not.toBe('')
      const expected = EXPECTED_TEXT[route]?.[state]
      if (!expected) {
        throw new Error(`${route} has no "${state}" entry in EXPECTED_TEXT (tests/mini/pages.test.ts). It shows:\n${text.slice(0, 400)}`)
      }
      for (const item of expected) {
        expect(text).toEqual(typeof item === 'string' ? expect.stringContaining(item) : expect.stringMatching(item))
      }
      expect(h.errors).toEqual([])
      expect(h.unknownApis).toEqual([])
      const byState = (firstRender[platform] ??= {})
      const byRoute = (byState[state] ??= {})
      byRoute[route] = page.firstRenderBytes
      expect(page.firstRenderBytes).toBeGreaterThan(0)
      expect(page.firstRenderBytes).toBeLessThan(FIRST_RENDER_BUDGET_BYTES)
      const stats = page.elementStats()
      ;((elements[platform] ??= {})[state] ??= {})[route] = stats
      expect({ route, nodesUnder1000: stats.nodes < MAX_NODES, depthUnder30: stats.depth < MAX_DEPTH, stats }).toEqual({ route, nodesUnder1000: true, depthUnder30: true, stats })
    })
  })
}
