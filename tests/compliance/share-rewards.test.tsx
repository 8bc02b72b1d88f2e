/**
 * SPEC §1.6 (WeChat 运营规范 5.1 and Alipay's equivalent): no forced or induced sharing. Share-based rewards are
 * switched off on weapp and alipay by default (on for H5); nothing is locked behind a share; invites reward
 * the friend's registration, not the share; the sign-in follow-ups suggest no share where it is off.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { createElement, type ComponentType } from 'react'
import ts from 'typescript'
import type { ClientPlatform } from '@/api/contract'
import { api } from '@/api/http'
import { DEFAULT_RULES_CONFIG, validateRulesConfig } from '@/domain/config'
import { DEFAULT_COMPLIANCE_RULES } from '@/domain/points'
import { platform } from '@/platform'
import { useSessionStore } from '@/stores/session'
import { newMemberCode, startTestBackend } from '../support/backend'
import { loadAppConfig } from '../e2e/app-config'

const ROOT = path.resolve(__dirname, '../..')
const SRC = path.join(ROOT, 'src')

/** Copy that rewards or requires a share: "分享得积分", "转发送福卡", "分享后解锁" … (not "分享不送福卡"). */
const REWARD_FOR_SHARE = /(分享|转发)(?:(?!不|无|没|与|和)[^，。；、,;\s]){0,4}(得|送|赚|领|获得|奖励|加抽|多抽|额外)/
const LOCKED_BEHIND_SHARE = /(分享|转发)(后)?(才能|才可|即可|可)?(解锁|开启|参与|领取)/
const FALSE_ODDS = /100\s*%\s*中奖|必中/

const appPages = (c: { pages: string[]; subPackages?: { root: string; pages: string[] }[] }) => [...c.pages, ...(c.subPackages ?? []).flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))]

function pageComponent(route: string): ComponentType {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(path.join(SRC, route)) as { default: ComponentType }).default
}

async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) await act(() => new Promise((r) => setTimeout(r, 25)))
}

/** Logs the stores in on `as` (the server keys share rules on the session's platform) and runs the app as it. */
async function loginOn(as: ClientPlatform, code: string) {
  const res = await api.login({ platform: as, code })
  useSessionStore.setState({ consent: 'accepted', token: res.token, memberId: res.member.id })
  platform.name = as
  return res
}

const neutralName = platform.name
afterEach(() => {
  platform.name = neutralName
  jest.restoreAllMocks()
})

describe('configuration switches', () => {
  test('defaults: share rewards off on weapp and alipay, on for H5; GET /config says so', async () => {
    expect(DEFAULT_COMPLIANCE_RULES.shareRewards).toEqual({ weapp: false, alipay: false, h5: true })
    expect(DEFAULT_COMPLIANCE_RULES.allowShareRewardsOnMiniPrograms).toBe(false)
    await startTestBackend()
    expect((await api.config()).shareRewards).toEqual({ weapp: false, alipay: false, h5: true })
  })

  test('switching one on for a mini program without the explicit override is refused', () => {
    const config = { ...DEFAULT_RULES_CONFIG, compliance: { ...DEFAULT_RULES_CONFIG.compliance, shareRewards: { weapp: true, alipay: false, h5: true } } }
    const check = validateRulesConfig(config)
    expect(check.ok).toBe(false)
    expect(check.ok ? [] : check.problems.join('\n')).toMatch(/compliance\.shareRewards\.weapp/)
  })
})

describe('the server rewards no share on mini programs', () => {
  beforeEach(() => startTestBackend().then(() => undefined))

  test.each(['weapp', 'alipay'] as const)('%s: a share earns nothing and counts for nothing', async (p) => {
    await loginOn(p, newMemberCode())
    await expect(api.event({ type: 'share', ref: 'friend' })).rejects.toMatchObject({ status: 422, code: 'SHARE_REWARD_DISABLED' })
    const me = await api.me()
    expect(me.balance).toBe(0)
    expect(me.metrics.shares).toBe(0)
  })

  test('H5: the share rule pays (its switch is on there)', async () => {
    await loginOn('h5', newMemberCode())
    const res = await api.event({ type: 'share', ref: 'friend' })
    expect(res.awarded?.awarded).toBeGreaterThan(0)
  })

  test.each(['weapp', 'alipay'] as const)('%s: the sign-in result suggests no share follow-up', async (p) => {
    await loginOn(p, newMemberCode())
    const res = await api.signin()
    expect(res.followUpTasks.length).toBeGreaterThan(0)
    for (const task of res.followUpTasks) expect(`${task.action} ${task.title} ${task.rewardText}`).not.toMatch(/share|分享|转发/)
  })

  test('an invite pays the inviter only when the friend registers, whatever is shared before', async () => {
    const inviter = await loginOn('weapp', newMemberCode())
    await expect(api.event({ type: 'share', ref: 'invite-card' })).rejects.toMatchObject({ code: 'SHARE_REWARD_DISABLED' })
    expect((await api.me()).balance).toBe(0)
    await loginOn('weapp', newMemberCode())
    await api.acceptInvite({ code: inviter.member.inviteCode })
    useSessionStore.setState({ token: inviter.token })
    expect((await api.me()).balance).toBe(50)
  })
})

describe('what a member sees on WeChat and Alipay', () => {
  const routes = appPages(loadAppConfig('weapp'))

  test.each(['weapp', 'alipay'] as const)(`%s: none of the pages offers a reward for sharing, locks anything behind it or claims sure wins`, async (p) => {
    await startTestBackend()
    await loginOn(p, 'demo')
    for (const route of routes) {
      const { container } = render(createElement(pageComponent(route)))
      await waitFor(() => expect({ route, text: (container.textContent ?? '').length > 0 }).toEqual({ route, text: true }))
      await settle()
      const text = container.textContent ?? ''
      for (const rule of [REWARD_FOR_SHARE, LOCKED_BEHIND_SHARE, FALSE_ODDS]) expect({ route, match: text.match(rule)?.[0] ?? null }).toEqual({ route, match: null })
      cleanup()
    }
  }, 120_000)

  test('the points rules list the share rule only where its switch is on', async () => {
    await startTestBackend()
    const PointsPage = pageComponent('packages/member/points/index')
    const openRules = async () => {
      render(createElement(PointsPage))
      fireEvent.click(await screen.findByText('规则说明 ›'))
      await screen.findByText('怎么赚积分')
      return within(document.querySelector<HTMLElement>('#points-rules')!)
    }
    await loginOn('weapp', 'demo')
    const weapp = await openRules()
    expect(weapp.getByText('每日首次使用')).toBeInTheDocument()
    expect(weapp.queryByText('分享给好友')).toBeNull()
    cleanup()
    await loginOn('h5', 'demo')
    const h5 = await openRules()
    expect(h5.getByText('分享给好友')).toBeInTheDocument()
  })

  test('the invite copy rewards registration', async () => {
    await startTestBackend()
    await loginOn('weapp', 'demo')
    const { container } = render(createElement(pageComponent('packages/campaign/invite/index')))
    await screen.findByText('奖励规则')
    expect(container.querySelector('#invite-rule-inviter')).toHaveTextContent(/^好友注册成功后，你得/)
    expect(container.textContent).toMatch(/与是否转发无关/)
  })
})

test('no string in src/ offers a reward for sharing, locks anything behind it or claims sure wins', () => {
  const files = (function walk(dir: string): string[] {
    return readdirSync(dir).flatMap((n) => {
      const full = path.join(dir, n)
      return statSync(full).isDirectory() ? walk(full) : /\.tsx?$/.test(n) ? [full] : []
    })
  })(SRC)
  const offenders: string[] = []
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
    const visit = (n: ts.Node) => {
      const copy = ts.isStringLiteralLike(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n) ? n.text : ts.isJsxText(n) ? n.getText(sf) : null
      // The rules engine's config validator quotes the forbidden claim in its (operator-facing) problem text.
      const rules = file.startsWith(path.join(SRC, 'domain')) ? [REWARD_FOR_SHARE, LOCKED_BEHIND_SHARE] : [REWARD_FOR_SHARE, LOCKED_BEHIND_SHARE, FALSE_ODDS]
      if (copy && rules.some((r) => r.test(copy))) offenders.push(`${path.relative(ROOT, file)}: ${copy.trim()}`)
      n.forEachChild(visit)
    }
    visit(sf)
  }
  expect(offenders).toEqual([])
})

test('the patterns catch what they are meant to', () => {
  for (const bad of ['分享得积分', '分享给好友得 30 积分', '转发送福卡', '分享后解锁', '分享即可领取', '100% 中奖']) {
    expect([REWARD_FOR_SHARE, LOCKED_BEHIND_SHARE, FALSE_ODDS].some((r) => r.test(bad))).toBe(true)
  }
  for (const ok of ['分享不送福卡,签到、下单和完成任务都能得福卡', '奖励在好友完成注册后发放，与是否转发无关', '分享给好友', '好友注册成功后，你得 +50 积分']) {
    expect([REWARD_FOR_SHARE, LOCKED_BEHIND_SHARE, FALSE_ODDS].some((r) => r.test(ok))).toBe(false)
  }
})
