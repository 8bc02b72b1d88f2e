/**
 * The H5 transport pointed at a backend: the API client over our fetch adapter (src/api/fetch-adapter.ts), talking
 * to a real HTTP server through Node's fetch — request shape, the answer parsed, settle by validateStatus, retries
 * with the same key, and no answer as NETWORK or TIMEOUT.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApiClient } from '@/api/client'
import { ApiError } from '@/api/errors'
import { createFetchAdapter } from '@/api/fetch-adapter'

interface Seen {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: string
}

let server: http.Server
let base: string
let seen: Seen[] = []
let answer: (req: Seen, res: http.ServerResponse) => void = (_req, res) => res.end()

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (body += c))
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }
      seen.push(s)
      answer(s, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})
beforeEach(() => {
  seen = []
})

function api(baseURL = base, timeoutMs?: number) {
  return createApiClient({ baseURL, adapter: createFetchAdapter(), auth: { getToken: () => 'tok', relogin: async () => null }, sleep: async () => undefined, timeoutMs })
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body))
}

test('sends the full URL with params, method, JSON body and headers; parses the answer', async () => {
  answer = (_req, res) => json(res, 200, { balance: 12, note: '积分' })
  const res = await api().post('/orders/quote', { items: [{ sku: 'latte', qty: 1 }] }, { params: { v: 2 } })
  expect(res.status).toBe(200)
  expect(res.data).toEqual({ balance: 12, note: '积分' })
  expect(res.headers['content-type']).toContain('application/json')
  const [r] = seen
  expect(r.method).toBe('POST')
  expect(r.url).toBe('/api/v1/orders/quote?v=2')
  expect(JSON.parse(r.body)).toEqual({ items: [{ sku: 'latte', qty: 1 }] })
  expect(r.headers.authorization).toBe('Bearer tok')
  expect(r.headers['content-type']).toBe('application/json')
  expect(r.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/)
})

test('a GET sends no body', async () => {
  answer = (_req, res) => json(res, 200, { id: 'mbr-1' })
  expect((await api().get('/member/me')).data).toEqual({ id: 'mbr-1' })
  expect(seen[0]).toMatchObject({ method: 'GET', url: '/api/v1/member/me', body: '' })
  expect(seen[0].headers['idempotency-key']).toBeUndefined()
})

test('a status outside validateStatus rejects with the parsed error body, not retried', async () => {
  answer = (_req, res) => json(res, 409, { error: { code: 'SIGNIN_ALREADY_TODAY', message: '今天已经签到过了' } })
  const e = await api().post('/signin', {}).catch((err: unknown) => err)
  expect(e).toBeInstanceOf(ApiError)
  expect(e).toMatchObject({ status: 409, code: 'SIGNIN_ALREADY_TODAY', message: '今天已经签到过了' })
  expect(seen).toHaveLength(1)
})

test('a 5xx then success: retried with the same Idempotency-Key', async () => {
  answer = (_req, res) => (seen.length === 1 ? res.writeHead(502).end('bad gateway') : json(res, 200, { ok: true }))
  expect((await api().post('/signin', {})).data).toEqual({ ok: true })
  expect(seen).toHaveLength(2)
  expect(seen[0].headers['idempotency-key']).toBe(seen[1].headers['idempotency-key'])
})

test('no server listening: retried, then NETWORK with status 0', async () => {
  const closed = http.createServer()
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
  const port = (closed.address() as AddressInfo).port
  await new Promise((resolve) => closed.close(resolve))
  const e = await api(`http://127.0.0.1:${port}/api/v1`).get('/member/me').catch((err: unknown) => err)
  expect(e).toBeInstanceOf(ApiError)
  expect(e).toMatchObject({ status: 0, code: 'NETWORK' })
})

test('an answer slower than the timeout: TIMEOUT, the request aborted', async () => {
  answer = () => undefined // never answers
  const e = await api(base, 100).get('/member/me').catch((err: unknown) => err)
  expect(e).toMatchObject({ status: 0, code: 'TIMEOUT', message: '请求超时，请稍后重试' })
  expect(seen).toHaveLength(3) // the first try and two retries, each cut at 100 ms
})
