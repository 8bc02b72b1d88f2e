/**
 * Mini-program startup settings (SPEC §6) in the built app.json and the WeChat project file: the sign-in and
 * points subpackage is fetched while home shows, WeChat injects only the components a page renders, and an
 * upload minifies JS, WXML and WXSS.
 */
import fs from 'node:fs'
import path from 'node:path'
import { distDirFor, type Platform } from './harness'

describe.each(['weapp', 'alipay'] as Platform[])('%s startup', (platform) => {
  const file = path.join(distDirFor(platform), 'app.json')
  const run = fs.existsSync(file) ? test : test.skip

  run('home preloads the member subpackage; WeChat loads components lazily', () => {
    const app = JSON.parse(fs.readFileSync(file, 'utf8')) as { preloadRule?: Record<string, { packages: string[] }>; lazyCodeLoading?: string; subPackages: { root: string }[] }
    expect(app.preloadRule?.['pages/home/index']?.packages).toEqual(['packages/member'])
    expect(app.subPackages.map((p) => p.root)).toContain('packages/member')
    expect(app.lazyCodeLoading).toBe(platform === 'weapp' ? 'requiredComponents' : undefined)
  })

  // The mini programs serve no operator screen: their builds swap server/core/operator-routes.ts for an empty list, so
  // no module only the operator routes use is bundled — neither the dashboard's bitsets nor member administration.
  run('no operator-only code in the embedded backend', () => {
    const js = fs
      .readdirSync(distDirFor(platform), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.js'))
      .map((f) => fs.readFileSync(path.join(distDirFor(platform), f), 'utf8'))
      .join('\n')
    expect(js).toContain('SIGNIN_') // the member routes are there
    expect(js).not.toContain('intersection_size') // typedfastbitset, the dashboard's
    expect(js).not.toContain('POINTS_ADJUST_BELOW_ZERO') // an operator's points adjustment
  })
})

test('the WeChat project uploads minified JS, WXML and WXSS', () => {
  const project = JSON.parse(fs.readFileSync(path.join(__dirname, '../../project.config.json'), 'utf8')) as { setting: Record<string, unknown> }
  expect(project.setting).toMatchObject({ minified: true, minifyWXML: true, minifyWXSS: true })
})

/**
 * The bundles keep ES2020 syntax (`?.`, `??`: the browserslist is a modern one, which H5 wants), which JavaScriptCore
 * before iOS 13.4 cannot parse: each IDE compiles the upload to ES5 — WeChat's 将 JS 代码编译成 ES5 (es6 + enhance),
 * Alipay's `compileOptions.transpile`.
 */
test('both IDEs compile the upload down for older phones', () => {
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '../..', file), 'utf8')) as Record<string, Record<string, unknown>>
  expect(read('project.config.json').setting).toMatchObject({ es6: true, enhance: true })
  expect(read('config/mini.project.json').compileOptions.transpile).toEqual({})
})
