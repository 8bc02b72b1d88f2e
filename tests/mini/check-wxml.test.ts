/**
 * scripts/check-wxml.ts must fail on what WeChat's compilers reject (and on dangling references they do not
 * check), must pass the real build, and must make the compiler binaries executable by itself.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { checkWeappDist, ensureExecutable, locateCompilers } from '../../scripts/check-wxml'
import { distDirFor, REPO_ROOT } from './harness'

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'check-wxml.ts')
const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx')

const temps: string[] = []
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  temps.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true })
})

/** A tiny weapp dist: one good page, one with an unclosed tag, a broken stylesheet, a dangling import. */
function brokenDist(): string {
  const dir = tempDir('wxml-broken-')
  const write = (rel: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    fs.writeFileSync(path.join(dir, rel), content)
  }
  write('app.json', JSON.stringify({ pages: ['pages/good/index', 'pages/bad/index'] }))
  write('app.wxss', '.page { color: #333; }\n')
  write('utils.wxs', 'module.exports = { up: function (s) { return s.toUpperCase() } }\n')
  write('pages/good/index.json', '{}')
  write('pages/good/index.wxml', '<wxs module="u" src="../../utils.wxs" />\n<view class="a">{{u.up(name)}}</view>\n')
  write('pages/good/index.wxss', '.a { padding: 10rpx; }\n')
  write('pages/bad/index.json', '{}')
  write('pages/bad/index.wxml', '<import src="./missing.wxml" />\n<view><text>unclosed</view>\n')
  write('pages/bad/index.wxss', '.b { color: red \n')
  return dir
}

test('the compiler binaries are made executable by the script itself', () => {
  const dir = tempDir('wxml-bin-')
  const { wcc } = locateCompilers()
  const copy = path.join(dir, 'wcc')
  fs.copyFileSync(wcc, copy)
  fs.chmodSync(copy, 0o644)
  const runnable = ensureExecutable(copy)
  expect(fs.statSync(runnable).mode & 0o111).toBe(0o111)
  expect(spawnSync(runnable, ['-h']).error).toBeUndefined()
})

test('a broken WXML, a broken WXSS and a dangling <import> are each reported with the file', () => {
  const result = checkWeappDist(brokenDist())
  expect(result.ok).toBe(false)
  expect(result.problems).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ file: 'pages/bad/index.wxml', tool: 'wcc', message: expect.stringMatching(/expect end-tag `text`/) }),
      expect.objectContaining({ file: 'pages/bad/index.wxss', tool: 'wcsc', message: expect.stringMatching(/unexpected/) }),
      expect.objectContaining({ file: 'pages/bad/index.wxml', tool: 'refs', message: expect.stringMatching(/missing\.wxml/) }),
    ]),
  )
  expect(result.problems.some((p) => p.file.startsWith('pages/good/'))).toBe(false)
})

test('the CLI exits 1 and prints file and compiler message on the broken dist', () => {
  const res = spawnSync(TSX, [SCRIPT, brokenDist()], { encoding: 'utf8' })
  expect(res.status).toBe(1)
  expect(res.stderr).toMatch(/pages\/bad\/index\.wxml \[wcc\] .*expect end-tag/)
  expect(res.stderr).toMatch(/pages\/bad\/index\.wxss \[wcsc\]/)
})

const weapp = distDirFor('weapp')
const hasBuild = fs.existsSync(path.join(weapp, 'app.json'))

const testIfBuilt = hasBuild ? test : test.skip
testIfBuilt(
  hasBuild ? 'the real dist/weapp compiles cleanly (CLI exit 0)' : 'the real dist/weapp compiles cleanly — SKIPPED: no dist/weapp (run NODE_ENV=production npx taro build --type weapp)',
  () => {
    const result = checkWeappDist(weapp)
    expect(result.problems).toEqual([])
    expect(result.counts.wxml).toBeGreaterThan(0)
    const res = spawnSync(TSX, [SCRIPT, weapp], { encoding: 'utf8' })
    expect(res.stderr.split('\n').filter((l) => !/^npm warn/.test(l) && l.trim() !== '')).toEqual([])
    expect(res.status).toBe(0)
  },
)
