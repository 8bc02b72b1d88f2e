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
})

test('the WeChat project uploads minified JS, WXML and WXSS', () => {
  const project = JSON.parse(fs.readFileSync(path.join(__dirname, '../../project.config.json'), 'utf8')) as { setting: Record<string, unknown> }
  expect(project.setting).toMatchObject({ minified: true, minifyWXML: true, minifyWXSS: true })
})
