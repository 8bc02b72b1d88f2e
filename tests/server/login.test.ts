/**
 * Real login through the production server: `AUTH_PROVIDER=wechat` against a fake WeChat on loopback. The code
 * is exchanged before the write (jscode2session); the member is keyed on the openid, so a second code of the same
 * person logs into the same member; WeChat's session_key stays on the server; the platform's refusals reach the
 * app in the contract's shape (401 invalid code, 503 + Retry-After when WeChat is busy or rate-limits us).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startFakeWechat, WX, type FakeServer } from './auth/fakes'
import { startServerProcess, type ServerProcess } from './support/server-process'

const dir = mkdtempSync(path.join(os.tmpdir(), 'server-login-'))
let wechat: FakeServer
let server: ServerProcess

beforeAll(async () => {
  wechat = await startFakeWechat()
  server = await startServerProcess({ DATA_DIR: dir, AUTH_PROVIDER: 'wechat', WECHAT_APPID: WX.appId, WECHAT_SECRET: WX.secret, WECHAT_API_BASE: wechat.url })
}, 120_000)

afterAll(async () => {
  await server?.stop()
  await wechat?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function login(platform: string, code: string): Promise<{ status: number; body: Record<string, unknown>; headers: Headers; text: string }> {
  const res = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ platform, code }) })
  const text = await res.text()
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown>, headers: res.headers, text }
}

test('a good code logs in (registering the member once); another code of the same person finds the same member', async () => {
  const first = await login('weapp', 'good')
  expect(first.status).toBe(200)
  expect(first.body.isNew).toBe(true)
  const again = await login('weapp', 'good-no-union')
  expect(again.status).toBe(200)
  expect(again.body.isNew).toBe(false)
  expect((again.body.member as { id: string }).id).toBe((first.body.member as { id: string }).id)
  expect(again.body.token).not.toBe(first.body.token)
  // The token works; WeChat's session key is in no answer.
  const me = await fetch(`${server.url}/api/v1/member/me`, { headers: { authorization: `Bearer ${again.body.token as string}` } })
  expect(me.status).toBe(200)
  for (const text of [first.text, again.text, await me.text()]) expect(text).not.toContain(WX.sessionKey)
  expect(server.output()).not.toContain(WX.sessionKey)
})

test('WeChat’s refusals reach the app in the contract’s shape, with what to do', async () => {
  const invalid = await login('weapp', 'invalid')
  expect(invalid).toMatchObject({ status: 401, body: { error: { code: 'LOGIN_CODE_INVALID' } } })
  const busy = await login('weapp', 'busy')
  expect(busy).toMatchObject({ status: 503, body: { error: { code: 'LOGIN_UPSTREAM_BUSY' } } })
  expect(Number(busy.headers.get('retry-after'))).toBeGreaterThan(0)
  const limited = await login('weapp', 'limited')
  expect(limited).toMatchObject({ status: 503, body: { error: { code: 'LOGIN_RATE_LIMITED' } } })
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
  const blocked = await login('weapp', 'risky')
  expect(blocked).toMatchObject({ status: 403, body: { error: { code: 'LOGIN_USER_BLOCKED' } } })
  // H5 has no WeChat login: refused before any call upstream.
  const calls = wechat.requests.length
  expect(await login('h5', 'good')).toMatchObject({ status: 400, body: { error: { code: 'LOGIN_PLATFORM_UNSUPPORTED' } } })
  expect(wechat.requests.length).toBe(calls)
  for (const r of [invalid, busy, limited, blocked]) expect((r.body.error as { message: string }).message).toMatch(/[\u4e00-\u9fa5]/)
})
