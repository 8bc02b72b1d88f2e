/**
 * SPEC §1.6 / §2.8: subscription messages are requested ONLY from a member's tap.
 *  1. Rendering every page (load / show effects, data arriving) never opens the subscription dialog.
 *  2. Tapping 订阅提醒 opens it exactly once, with the brand's template ids for the platform.
 *  3. Statically: the platform call lives in one store action, and that action is called only from handlers
 *     bound to onClick (never from an effect or a page lifecycle hook).
 */
import { act, cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { createElement, type ComponentType } from 'react'
import ts from 'typescript'
import { platform } from '@/platform'
import { newMemberCode } from '../support/backend'
import { startSubscriptionBackend, TEMPLATE_IDS } from '../support/subscription-backend'
import { loadAppConfig } from '../e2e/app-config'

const ROOT = path.resolve(__dirname, '../..')
const SRC = path.join(ROOT, 'src')

const appPages = (c: { pages: string[]; subPackages?: { root: string; pages: string[] }[] }) => [...c.pages, ...(c.subPackages ?? []).flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))]

/** Every page of the app on any platform (the H5-only operator dashboard included). */
const ROUTES = [...new Set([...appPages(loadAppConfig('weapp')), ...appPages(loadAppConfig('h5'))])]

function pageComponent(route: string): ComponentType {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(path.join(SRC, route)) as { default: ComponentType }).default
}

/** Lets every load a page started answer and render. */
async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) await act(() => new Promise((r) => setTimeout(r, 25)))
}

describe('at run time (as WeChat, with subscription templates configured)', () => {
  let sub: Awaited<ReturnType<typeof startSubscriptionBackend>>
  beforeEach(async () => {
    sub = await startSubscriptionBackend('weapp')
    await sub.loginAs(newMemberCode())
  })
  afterEach(() => {
    sub.restore()
    jest.restoreAllMocks()
  })

  test(`showing any of the ${ROUTES.length} pages never asks for subscriptions`, async () => {
    const request = jest.spyOn(platform, 'requestSubscribe').mockResolvedValue({ accepted: [], supported: true })
    expect(ROUTES).toEqual(expect.arrayContaining(['packages/settings/messages/index', 'packages/settings/settings/index', 'pages/me/index']))
    for (const route of ROUTES) {
      render(createElement(pageComponent(route)))
      await settle()
      cleanup()
    }
    expect(request).not.toHaveBeenCalled()
    expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled()
  })

  test.each(['packages/settings/messages/index', 'packages/settings/settings/index'])('%s: one tap on 订阅提醒 = one request with the template ids', async (route) => {
    const request = jest.spyOn(platform, 'requestSubscribe').mockResolvedValue({ accepted: [TEMPLATE_IDS.weapp.signin_reminder], supported: true })
    const { container } = render(createElement(pageComponent(route)))
    const button = await waitFor(() => {
      const b = container.querySelector<HTMLElement>('#subscribe-button')
      if (!b) throw new Error('no 订阅提醒 button yet')
      return b
    })
    await settle()
    expect(request).not.toHaveBeenCalled()
    fireEvent.click(button)
    await waitFor(() => expect(container.querySelector('#subscription-signin_reminder')).toHaveTextContent('可提醒 1 次'))
    expect(request).toHaveBeenCalledTimes(1)
    expect([...request.mock.calls[0][0]].sort()).toEqual(Object.values(TEMPLATE_IDS.weapp).sort())
  })
})

// ── static checks ───────────────────────────────────────────────────────────────────────────────────
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(name) ? [full] : []
  })
}
const FILES = sourceFiles(SRC).map((file) => ({ file, rel: path.relative(ROOT, file).split(path.sep).join('/'), text: readFileSync(file, 'utf8') }))
const parse = (f: { file: string; text: string }) => ts.createSourceFile(f.file, f.text, ts.ScriptTarget.Latest, true, f.file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)

function callsNamed(node: ts.Node, name: string, out: ts.CallExpression[] = []): ts.CallExpression[] {
  if (ts.isCallExpression(node)) {
    const callee = node.expression
    const called = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : ''
    if (called === name) out.push(node)
  }
  node.forEachChild((child) => void callsNamed(child, name, out))
  return out
}

/** Hooks and timers whose callbacks run without a tap. */
const NOT_A_TAP = new Set(['useEffect', 'useLayoutEffect', 'useLoad', 'useDidShow', 'useReady', 'useLaunch', 'useSessionLoad', 'usePullDownRefresh', 'useReachBottom', 'setTimeout', 'setInterval', 'subscribe'])

function enclosingHookOrTimer(node: ts.Node): string | null {
  for (let p = node.parent; p; p = p.parent) {
    if (ts.isCallExpression(p)) {
      const callee = p.expression
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : ''
      if (NOT_A_TAP.has(name)) return name
    }
  }
  return null
}

/** The name of the variable holding the function a call sits in (`const subscribe = () => …`). */
function handlerName(node: ts.Node): string | null {
  for (let p = node.parent; p; p = p.parent) {
    if ((ts.isArrowFunction(p) || ts.isFunctionExpression(p)) && ts.isVariableDeclaration(p.parent) && ts.isIdentifier(p.parent.name)) return p.parent.name.text
    if (ts.isFunctionDeclaration(p)) return p.name?.text ?? null
  }
  return null
}

/** JSX attributes `attr={name}` in a file. */
function jsxBindings(sf: ts.SourceFile, name: string): string[] {
  const out: string[] = []
  const visit = (n: ts.Node) => {
    if (ts.isJsxAttribute(n) && n.initializer && ts.isJsxExpression(n.initializer) && n.initializer.expression && ts.isIdentifier(n.initializer.expression) && n.initializer.expression.text === name) {
      out.push(n.name.getText(sf))
    }
    n.forEachChild(visit)
  }
  visit(sf)
  return out
}

test('the platform subscription call exists only in src/platform and in the one store action', () => {
  const direct = FILES.filter((f) => callsNamed(parse(f), 'requestSubscribeMessage').length > 0).map((f) => f.rel)
  expect(direct.sort()).toEqual(['src/platform/index.alipay.ts', 'src/platform/index.weapp.ts'])

  const callers = FILES.filter((f) => !f.rel.startsWith('src/platform/') && callsNamed(parse(f), 'requestSubscribe').length > 0)
  expect(callers.map((f) => f.rel)).toEqual(['src/stores/messages.ts'])
  const sf = parse(callers[0])
  const calls = callsNamed(sf, 'requestSubscribe')
  expect(calls).toHaveLength(1)
  // Inside the `requestSubscriptions` action and no effect or timer.
  let inAction = false
  for (let p: ts.Node | undefined = calls[0]; p; p = p.parent) if ((ts.isPropertyAssignment(p) || ts.isVariableDeclaration(p)) && p.name.getText(sf) === 'requestSubscriptions') inAction = true
  expect(inAction).toBe(true)
  expect(enclosingHookOrTimer(calls[0])).toBeNull()
})

test('the store action is called only from handlers bound to onClick (directly or through the 订阅提醒 button)', () => {
  const ui = FILES.filter((f) => /^src\/(pages|packages|components)\//.test(f.rel))
  const sites = ui.flatMap((f) => {
    const sf = parse(f)
    return callsNamed(sf, 'requestSubscriptions').map((call) => ({ f, sf, call }))
  })
  expect(sites.length).toBeGreaterThanOrEqual(2) // the 消息 page and the settings page
  for (const { f, sf, call } of sites) {
    expect({ file: f.rel, hook: enclosingHookOrTimer(call) }).toEqual({ file: f.rel, hook: null })
    const handler = handlerName(call)
    expect({ file: f.rel, handler }).toEqual({ file: f.rel, handler: expect.any(String) })
    const bound = jsxBindings(sf, handler!)
    expect({ file: f.rel, bound }).toEqual({ file: f.rel, bound: expect.arrayContaining([expect.stringMatching(/^(onClick|onSubscribe)$/)]) })
    expect(bound.every((a) => a === 'onClick' || a === 'onSubscribe')).toBe(true)
  }
  // onSubscribe reaches nothing but the button's onClick.
  const panel = FILES.find((f) => f.rel === 'src/components/messages/subscription-panel.tsx')!
  expect(jsxBindings(parse(panel), 'onSubscribe')).toEqual(['onClick'])
  // No store or hook calls it on its own.
  const elsewhere = FILES.filter((f) => !/^src\/(pages|packages|components)\//.test(f.rel) && f.rel !== 'src/stores/messages.ts')
  expect(elsewhere.filter((f) => callsNamed(parse(f), 'requestSubscriptions').length > 0).map((f) => f.rel)).toEqual([])
})
