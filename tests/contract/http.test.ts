/**
 * The contract suite over HTTP against the mock server (port 0, a temp data file, test controls on), plus what
 * only the server does: CORS, routes outside /api/v1, the test controls' own guards, and durability — N
 * acknowledged writes survive `kill -9` of the server process and a restart on the same data file.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEFAULT_OPERATOR_TOKEN, DEMO_OPERATOR } from '../../mock/app'
import { startMockServer, type RunningMockServer } from '../../mock/server'
import { createApiClient } from '@/api/client'
import { createEndpoints } from '@/api/endpoints'
import axios from 'axios'
import { contractSuite, DEFAULT_PINNED_AT } from './contract-suite'
import { httpRaw, httpTarget } from './support/http-target'
import { expectParserAnswers } from './support/parser-refusals'

const dir = mkdtempSync(path.join(os.tmpdir(), 'mock-http-'))
let server: RunningMockServer

beforeAll(async () => {
  server = await startMockServer({ dataFile: path.join(dir, 'data.json'), testControls: true, port: 0 })
})

afterAll(async () => {
  await server?.close()
  rmSync(dir, { recursive: true, force: true })
})

contractSuite('http', { controls: true, demo: true, operator: true }, () =>
  httpTarget('http', server.url, { controls: true, demo: true, operatorToken: DEFAULT_OPERATOR_TOKEN, operator: { username: DEMO_OPERATOR.username, password: DEMO_OPERATOR.password } }),
)

describe('http: the server itself', () => {
  // Some of these unpin the clock to test the control itself; nothing after them runs on the real date.
  afterEach(async () => {
    await fetch(`${server.url}/__mock/clock`, { method: 'POST', body: JSON.stringify({ now: DEFAULT_PINNED_AT }) })
  })

  test('CORS: preflight answers 204 with the headers the app sends; answers carry the origin header', async () => {
    const pre = await fetch(`${server.url}/api/v1/signin`, { method: 'OPTIONS' })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Idempotency-Key/)
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Authorization/)
    const res = await fetch(`${server.url}/api/v1/config`)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
  })

  test('outside /api/v1 and unknown controls: 404 with the error shape', async () => {
    const res = await fetch(`${server.url}/elsewhere`)
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
    expect((await fetch(`${server.url}/__mock/nothing`, { method: 'POST' })).status).toBe(404)
  })

  test('the clock control refuses a bad instant and reports the clock', async () => {
    const bad = await fetch(`${server.url}/__mock/clock`, { method: 'POST', body: '{"now":"someday"}' })
    expect(bad.status).toBe(400)
    const ok = await fetch(`${server.url}/__mock/clock`, { method: 'POST', body: '{"now":null}' })
    expect(await ok.json()).toMatchObject({ frozen: false })
  })

  test('the clock control takes 2000-01-01 … 2999-12-31 only (400 in the error shape outside it)', async () => {
    const pin = (now: unknown) => fetch(`${server.url}/__mock/clock`, { method: 'POST', body: JSON.stringify({ now }) })
    expect(await (await pin('2026-05-01T00:00:00Z')).json()).toMatchObject({ now: '2026-05-01T00:00:00.000Z', frozen: true })
    for (const now of ['9999-12-31T00:00:00Z', '+275760-09-13T00:00:00Z', '3000-01-01T00:00:00Z', '1999-12-31T23:59:59.999Z', '2026-02-30T00:00:00Z', 0, {}]) {
      const r = await pin(now)
      expect({ now, status: r.status }).toEqual({ now, status: 400 })
      expect(await r.json()).toMatchObject({ error: { code: 'INVALID_INPUT', message: expect.stringMatching(/[\u4e00-\u9fa5]/) } })
    }
    for (const body of ['null', '[]', '"x"']) expect((await fetch(`${server.url}/__mock/clock`, { method: 'POST', body })).status).toBe(400)
    expect(await (await pin('2999-12-31T23:59:59.999Z')).json()).toMatchObject({ frozen: true })
    expect(await (await pin('2000-01-01T00:00:00Z')).json()).toMatchObject({ now: '2000-01-01T00:00:00.000Z' })
    expect((await pin(null)).status).toBe(200)
  })

  test('what the HTTP parser refuses is answered in the error shape too (malformed head 400, unknown method and CONNECT 405, Expect 417, 431, a body not in UTF-8 400, two Idempotency-Keys 400)', async () => {
    await expectParserAnswers(server.url)
  })

  test('test controls are off unless MOCK_TEST_CONTROLS=1', async () => {
    const plain = await startMockServer({ dataFile: path.join(dir, 'plain.json'), port: 0 })
    try {
      expect((await fetch(`${plain.url}/__mock/reset`, { method: 'POST' })).status).toBe(404)
      expect((await fetch(`${plain.url}/__mock/clock`, { method: 'POST', body: '{"now":null}' })).status).toBe(404)
    } finally {
      await plain.close()
    }
  })

  test('reset re-seeds: old sessions end, the demo is back', async () => {
    const res = await httpRaw(server.url, { method: 'POST', path: '/auth/login', headers: { 'content-type': 'application/json' }, body: '{"platform":"h5","code":"reset-probe"}' })
    const token = (res.body as { token: string }).token
    await fetch(`${server.url}/__mock/reset`, { method: 'POST' })
    expect((await httpRaw(server.url, { method: 'GET', path: '/member/me', headers: { authorization: `Bearer ${token}` } })).status).toBe(401)
    const again = await httpRaw(server.url, { method: 'POST', path: '/auth/login', headers: { 'content-type': 'application/json' }, body: '{"platform":"h5","code":"reset-probe"}' })
    expect((again.body as { isNew: boolean }).isNew).toBe(true)
  })
})

describe('http: durability', () => {
  const ROOT = path.resolve(__dirname, '../..')
  let child: ChildProcess | null = null

  /** `npx tsx mock/server.ts` in its own process group, so kill -9 reaches every process of it. */
  function startChild(dataFile: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const p = spawn('npx', ['tsx', 'mock/server.ts'], {
        cwd: ROOT,
        detached: true,
        env: { ...process.env, PORT: '0', HOST: '127.0.0.1', MOCK_DATA_FILE: dataFile, MOCK_TEST_CONTROLS: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      child = p
      let out = ''
      const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000)
      p.stdout?.on('data', (d: Buffer) => {
        out += d.toString()
        const m = /http:\/\/localhost:(\d+)/.exec(out)
        if (m) {
          clearTimeout(timer)
          resolve(`http://127.0.0.1:${m[1]}`)
        }
      })
      p.stderr?.on('data', (d: Buffer) => (out += d.toString()))
      p.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)))
    })
  }

  function kill9(): Promise<void> {
    const p = child
    child = null
    if (!p?.pid) return Promise.resolve()
    return new Promise((resolve) => {
      p.on('exit', () => resolve())
      process.kill(-p.pid!, 'SIGKILL')
    })
  }

  afterAll(async () => {
    await kill9()
  })

  test('N acknowledged writes survive kill -9 and a restart on the same data file', async () => {
    const dataFile = path.join(dir, 'durable.json')
    // The clock is pinned (a sign-in and its check must not straddle midnight); the server forgets it on restart.
    const pin = (url: string) => fetch(`${url}/__mock/clock`, { method: 'POST', body: JSON.stringify({ now: DEFAULT_PINNED_AT }) })
    const before = await startChild(dataFile)
    await pin(before)
    const N = 8
    const sessions: { code: string; token: string; balance: number }[] = []
    for (let i = 0; i < N; i++) {
      let token: string | null = null
      const api = createEndpoints(
        createApiClient({ baseURL: `${before}/api/v1`, adapter: axios.getAdapter('http'), auth: { getToken: () => token, relogin: async () => null }, retryDelaysMs: [] }),
      )
      const code = `durable-${i}-${process.pid}`
      token = (await api.login({ platform: 'h5', code })).token
      const { balance } = await api.signin()
      sessions.push({ code, token, balance })
    }
    await kill9()
    const after = await startChild(dataFile)
    await pin(after)
    for (const s of sessions) {
      const me = await httpRaw(after, { method: 'GET', path: '/member/me', headers: { authorization: `Bearer ${s.token}` } })
      expect(me.status).toBe(200)
      expect((me.body as { balance: number }).balance).toBe(s.balance)
      const cal = await httpRaw(after, { method: 'GET', path: '/signin/calendar', headers: { authorization: `Bearer ${s.token}` } })
      expect((cal.body as { signedToday: boolean }).signedToday).toBe(true)
    }
    await kill9()
  }, 60_000)
})
