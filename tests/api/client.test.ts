/**
 * The API client (src/api/client.ts): Idempotency-Key on every POST kept across retries, retries of network
 * errors and 5xx (GET and keyed POST) with backoff, no retry of 4xx, one re-login on 401 (shared by concurrent
 * 401s), and every failure normalised into ApiError.
 */
import { AxiosError, AxiosHeaders, type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios'
import { createApiClient, IDEMPOTENCY_HEADER, type AuthHandlers } from '@/api/client'
import { ApiError, NETWORK_MESSAGE, UNREACHABLE_MESSAGE } from '@/api/errors'
import { settle } from '@/api/settle'

type Reply = { status: number; data?: unknown } | 'network' | 'timeout'

interface Seen {
  method: string
  url: string
  headers: Record<string, string>
  data: unknown
}

/** A transport that answers from a script and records what it was sent. */
function scripted(replies: Reply[] | ((config: InternalAxiosRequestConfig, n: number) => Reply)) {
  const seen: Seen[] = []
  const adapter: AxiosAdapter = (config) => {
    const n = seen.length
    seen.push({
      method: (config.method ?? 'get').toUpperCase(),
      url: config.url ?? '',
      headers: AxiosHeaders.from(config.headers).toJSON() as Record<string, string>,
      data: config.data,
    })
    const reply = typeof replies === 'function' ? replies(config, n) : replies[Math.min(n, replies.length - 1)]
    if (reply === 'network') return Promise.reject(new AxiosError('Network Error', AxiosError.ERR_NETWORK, config))
    if (reply === 'timeout') return Promise.reject(new AxiosError('timeout', AxiosError.ECONNABORTED, config))
    return new Promise((resolve, reject) =>
      settle(resolve, reject, {
        data: JSON.stringify(reply.data ?? {}),
        status: reply.status,
        statusText: String(reply.status),
        headers: AxiosHeaders.from({ 'content-type': 'application/json' }),
        config,
        request: null,
      }),
    )
  }
  return { adapter, seen }
}

function client(adapter: AxiosAdapter, auth: Partial<AuthHandlers> = {}, sleep = jest.fn(async (_ms: number) => undefined)) {
  const full: AuthHandlers = { getToken: () => 'tok-1', relogin: async () => null, ...auth }
  return { api: createApiClient({ baseURL: 'https://api.example.com/api/v1', adapter, auth: full, sleep }), sleep }
}

const error = (code: string, message = '出错了') => ({ error: { code, message } })
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

async function failure(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => {
      throw new Error('expected a failure')
    },
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(ApiError)
  return e as ApiError
}

describe('headers', () => {
  test('every POST carries a fresh UUID Idempotency-Key; GET carries none; the bearer token on all but login', async () => {
    const { adapter, seen } = scripted([{ status: 200, data: { ok: true } }])
    const { api } = client(adapter)
    await api.post('/signin', {})
    await api.post('/signin', {})
    await api.get('/member/me')
    await api.post('/auth/login', { platform: 'h5', code: 'x' })
    const [a, b, get, login] = seen
    expect(a.headers[IDEMPOTENCY_HEADER]).toMatch(UUID)
    expect(b.headers[IDEMPOTENCY_HEADER]).toMatch(UUID)
    expect(a.headers[IDEMPOTENCY_HEADER]).not.toBe(b.headers[IDEMPOTENCY_HEADER])
    expect(get.headers[IDEMPOTENCY_HEADER]).toBeUndefined()
    expect(a.headers.Authorization).toBe('Bearer tok-1')
    expect(get.headers.Authorization).toBe('Bearer tok-1')
    expect(login.headers.Authorization).toBeUndefined()
  })

  test('a caller-given key is kept', async () => {
    const { adapter, seen } = scripted([{ status: 200 }])
    await client(adapter).api.post('/signin', {}, { headers: { [IDEMPOTENCY_HEADER]: 'my-key' } })
    expect(seen[0].headers[IDEMPOTENCY_HEADER]).toBe('my-key')
  })
})

describe('the member session is the client’s', () => {
  test('ensureSession runs before every request but login and config; its token is sent', async () => {
    const { adapter, seen } = scripted([{ status: 200, data: {} }])
    let logins = 0
    const ensureSession = jest.fn(async () => {
      logins = 1
      return 'tok-session'
    })
    const { api } = client(adapter, { getToken: () => (logins ? 'tok-session' : null), ensureSession })
    await api.get('/member/me')
    await api.post('/signin', {})
    await api.get('/config')
    await api.post('/auth/login', { platform: 'h5', code: 'x' })
    expect(ensureSession).toHaveBeenCalledTimes(2)
    expect(seen.map((r) => [r.url, r.headers.Authorization])).toEqual([
      ['/member/me', 'Bearer tok-session'],
      ['/signin', 'Bearer tok-session'],
      ['/config', 'Bearer tok-session'],
      ['/auth/login', undefined],
    ])
  })

  test('when no session may be opened (no consent) the request is not sent and its ApiError is the caller’s', async () => {
    const { adapter, seen } = scripted([{ status: 200, data: {} }])
    const refusal = new ApiError(0, 'CONSENT_REQUIRED', '同意隐私保护指引后即可使用会员服务')
    const { api } = client(adapter, { ensureSession: () => Promise.reject(refusal) })
    expect(await failure(api.get('/tasks'))).toBe(refusal)
    expect(seen).toEqual([])
    // Config needs no member: it is still answered.
    await api.get('/config')
    expect(seen.map((r) => r.url)).toEqual(['/config'])
  })
})

describe('retries', () => {
  test('a keyed POST is retried after 5xx with backoff, reusing its Idempotency-Key', async () => {
    const { adapter, seen } = scripted([{ status: 503, data: error('UNAVAILABLE') }, 'network', { status: 200, data: { balance: 5 } }])
    const { api, sleep } = client(adapter)
    const res = await api.post('/signin', {})
    expect(res.data).toEqual({ balance: 5 })
    expect(seen).toHaveLength(3)
    expect(new Set(seen.map((s) => s.headers[IDEMPOTENCY_HEADER])).size).toBe(1)
    expect(sleep.mock.calls.map((c) => c[0])).toEqual([300, 900])
  })

  test('a GET is retried on network errors at most twice, then fails as NETWORK (status 0)', async () => {
    const { adapter, seen } = scripted(['network'])
    const { api, sleep } = client(adapter)
    const e = await failure(api.get('/points/summary'))
    expect(seen).toHaveLength(3)
    expect(sleep).toHaveBeenCalledTimes(2)
    expect(e).toMatchObject({ status: 0, code: 'NETWORK', message: NETWORK_MESSAGE })
    expect(e.isNetwork).toBe(true)
  })

  test('no answer while the device is connected: the backend is out of reach, and the member is told so', async () => {
    const { adapter } = scripted(['network'])
    const full: AuthHandlers = { getToken: () => 'tok-1', relogin: async () => null }
    const api = createApiClient({ baseURL: 'https://api.example.com/api/v1', adapter, auth: full, sleep: async () => undefined, online: () => true })
    expect(await failure(api.get('/points/summary'))).toMatchObject({ status: 0, code: 'NETWORK', message: UNREACHABLE_MESSAGE, isNetwork: true })
  })

  test('5xx retried up to 2 times, then the last error, normalised', async () => {
    const { adapter, seen } = scripted([{ status: 500, data: error('INTERNAL', '服务开小差了') }])
    const e = await failure(client(adapter).api.get('/tasks'))
    expect(seen).toHaveLength(3)
    expect(e).toMatchObject({ status: 500, code: 'INTERNAL', message: '服务开小差了' })
  })

  test('4xx is never retried', async () => {
    for (const status of [400, 404, 409, 413, 422, 429]) {
      const { adapter, seen } = scripted([{ status, data: error(`E${status}`, '不行') }])
      const { api, sleep } = client(adapter)
      const e = await failure(api.post('/signin', {}))
      expect(seen).toHaveLength(1)
      expect(sleep).not.toHaveBeenCalled()
      expect(e).toMatchObject({ status, code: `E${status}`, message: '不行' })
    }
  })

  test('custom retry delays: their count is the retry count', async () => {
    const { adapter, seen } = scripted(['network'])
    const sleep = jest.fn(async (_ms: number) => undefined)
    const api = createApiClient({ baseURL: '/api/v1', adapter, auth: { getToken: () => null, relogin: async () => null }, retryDelaysMs: [5], sleep })
    await failure(api.get('/x'))
    expect(seen).toHaveLength(2)
    expect(sleep).toHaveBeenCalledWith(5)
  })
})

describe('401: one re-login, then replay', () => {
  test('a 401 logs in again once and replays with the new token', async () => {
    let token = 'old'
    const relogin = jest.fn(async () => (token = 'new'))
    const { adapter, seen } = scripted((config) =>
      AxiosHeaders.from(config.headers).get('Authorization') === 'Bearer new' ? { status: 200, data: { id: 'm' } } : { status: 401, data: error('UNAUTHORIZED') },
    )
    const { api } = client(adapter, { getToken: () => token, relogin })
    const res = await api.post('/signin', {})
    expect(res.data).toEqual({ id: 'm' })
    expect(relogin).toHaveBeenCalledTimes(1)
    expect(seen.map((s) => s.headers.Authorization)).toEqual(['Bearer old', 'Bearer new'])
    expect(seen[0].headers[IDEMPOTENCY_HEADER]).toBe(seen[1].headers[IDEMPOTENCY_HEADER])
  })

  test('concurrent 401s share one re-login', async () => {
    let token = 'old'
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const relogin = jest.fn(async () => {
      await gate
      return (token = 'new')
    })
    const { adapter } = scripted((config) =>
      AxiosHeaders.from(config.headers).get('Authorization') === 'Bearer new' ? { status: 200, data: { ok: 1 } } : { status: 401, data: error('UNAUTHORIZED') },
    )
    const { api } = client(adapter, { getToken: () => token, relogin })
    const calls = [api.get('/a'), api.get('/b'), api.post('/c', {})]
    await new Promise((r) => setTimeout(r, 10))
    release()
    const results = await Promise.all(calls)
    expect(results.map((r) => r.data)).toEqual([{ ok: 1 }, { ok: 1 }, { ok: 1 }])
    expect(relogin).toHaveBeenCalledTimes(1)
  })

  test('a second 401 after the re-login, or a failed re-login, is an ApiError 401', async () => {
    const relogin = jest.fn(async () => 'still-bad')
    const { adapter, seen } = scripted([{ status: 401, data: error('UNAUTHORIZED', '登录已失效') }])
    const e = await failure(client(adapter, { relogin }).api.get('/member/me'))
    expect(e).toMatchObject({ status: 401, code: 'UNAUTHORIZED' })
    expect(relogin).toHaveBeenCalledTimes(1)
    expect(seen).toHaveLength(2)

    const none = scripted([{ status: 401, data: error('UNAUTHORIZED') }])
    expect(await failure(client(none.adapter, { relogin: async () => null }).api.get('/member/me'))).toMatchObject({ status: 401 })
    expect(none.seen).toHaveLength(1)
    const throwing = scripted([{ status: 401, data: error('UNAUTHORIZED') }])
    expect(await failure(client(throwing.adapter, { relogin: async () => Promise.reject(new Error('no')) }).api.get('/x'))).toMatchObject({ status: 401 })
  })

  test('a 401 from the login itself does not re-login', async () => {
    const relogin = jest.fn(async () => 'new')
    const { adapter, seen } = scripted([{ status: 401, data: error('UNAUTHORIZED') }])
    await failure(client(adapter, { relogin }).api.post('/auth/login', {}))
    expect(relogin).not.toHaveBeenCalled()
    expect(seen).toHaveLength(1)
  })
})

describe('error normalisation', () => {
  test('a body without the error shape keeps the status with a zh-CN message', async () => {
    const { adapter } = scripted([{ status: 418, data: 'teapot' }])
    const e = await failure(client(adapter).api.get('/x'))
    expect(e).toMatchObject({ status: 418, code: 'HTTP_418' })
    expect(e.message).toMatch(/[\u4e00-\u9fa5]/)
  })

  test('details are kept; a timeout is TIMEOUT', async () => {
    const { adapter } = scripted([{ status: 422, data: { error: { code: 'POINTS_INSUFFICIENT', message: '积分不足', details: { balance: 3 } } } }])
    expect(await failure(client(adapter).api.post('/rewards/x/redeem', {}))).toMatchObject({ details: { balance: 3 } })
    const slow = scripted(['timeout'])
    const e = await failure(client(slow.adapter).api.get('/x'))
    expect(e).toMatchObject({ status: 0, code: 'TIMEOUT' })
    expect(e.isNetwork).toBe(true)
  })
})
