/**
 * The mini-program transport: the API client's adapter over the platform's Taro.request primitive — request
 * shape, settle by validateStatus, network failures, Alipay's fail-with-status.
 */
import Taro from '@tarojs/taro'
import { createApiClient } from '@/api/client'
import { ApiError } from '@/api/errors'
import { createMiniRequestAdapter } from '@/api/mini-request-adapter'
import { taroRequest } from '@/platform/taro-request'

type RequestOptions = {
  url: string
  method: string
  data?: unknown
  header: Record<string, string>
  dataType?: string
  responseType?: string
  timeout?: number
  success(res: { statusCode: number; data: unknown; header?: Record<string, string> }): void
  fail(err: { errMsg: string }): void
}

const request = Taro.request as unknown as jest.Mock

/** Taro.request as Taro makes it: the callbacks `impl` calls, and a promise that settles with them (the one the app uses). */
function answerWith(impl: (opts: RequestOptions) => void): void {
  request.mockImplementation(
    (opts: Omit<RequestOptions, 'success' | 'fail'> & Partial<Pick<RequestOptions, 'success' | 'fail'>>) =>
      new Promise((resolve, reject) =>
        impl({
          ...opts,
          success: (res: Parameters<RequestOptions['success']>[0]) => {
            opts.success?.(res)
            resolve(res)
          },
          fail: (err: Parameters<RequestOptions['fail']>[0]) => {
            opts.fail?.(err)
            reject(err)
          },
        }),
      ),
  )
}

function api(token: string | null = 'tok') {
  return createApiClient({ baseURL: 'https://api.example.com/api/v1', adapter: createMiniRequestAdapter(taroRequest), auth: { getToken: () => token, relogin: async () => null }, sleep: async () => undefined })
}

afterEach(() => request.mockReset())

test('sends the full URL with params, method, JSON body and headers; parses the text answer', async () => {
  const calls: RequestOptions[] = []
  answerWith((opts: RequestOptions) => {
    calls.push(opts)
    opts.success({ statusCode: 200, data: '{"balance":12}', header: { 'Content-Type': 'application/json' } })
  })
  const res = await api().post('/orders/quote', { items: [{ sku: 'latte', qty: 1 }] }, { params: { v: 2 } })
  expect(res.data).toEqual({ balance: 12 })
  const [o] = calls
  expect(o.url).toBe('https://api.example.com/api/v1/orders/quote?v=2')
  expect(o.method).toBe('POST')
  expect(JSON.parse(o.data as string)).toEqual({ items: [{ sku: 'latte', qty: 1 }] })
  expect(o.header.authorization ?? o.header.Authorization).toBe('Bearer tok')
  expect(o.header['idempotency-key'] ?? o.header['Idempotency-Key']).toBeTruthy()
  expect(o.dataType).toBe('text')
  expect(o.responseType).toBe('text')
})

test('a status outside validateStatus rejects with the parsed error body', async () => {
  answerWith((opts: RequestOptions) =>
    opts.success({ statusCode: 409, data: JSON.stringify({ error: { code: 'SIGNIN_ALREADY_TODAY', message: '今天已经签到过了' } }) }),
  )
  const e = await api().post('/signin', {}).catch((err: unknown) => err)
  expect(e).toBeInstanceOf(ApiError)
  expect(e).toMatchObject({ status: 409, code: 'SIGNIN_ALREADY_TODAY', message: '今天已经签到过了' })
  expect(request).toHaveBeenCalledTimes(1)
})

test('fail → a network error, retried, then NETWORK with status 0', async () => {
  answerWith((opts: RequestOptions) => opts.fail({ errMsg: 'request:fail timeout' }))
  const e = await api().get('/member/me').catch((err: unknown) => err)
  expect(e).toMatchObject({ status: 0, code: 'NETWORK' })
  expect(request).toHaveBeenCalledTimes(3)
})

test('a 5xx then success: retried through Taro.request with the same key', async () => {
  const keys: string[] = []
  answerWith((opts: RequestOptions) => {
    keys.push(opts.header['idempotency-key'] ?? opts.header['Idempotency-Key'])
    if (keys.length === 1) opts.success({ statusCode: 502, data: '' })
    else opts.success({ statusCode: 200, data: '{"ok":true}' })
  })
  expect((await api().post('/signin', {})).data).toEqual({ ok: true })
  expect(keys).toHaveLength(2)
  expect(keys[0]).toBe(keys[1])
})

test('Alipay: my.request fails on a non-2xx status but carries the answer — settled as that answer, not as a network error', async () => {
  answerWith((opts: RequestOptions) =>
    opts.fail({ errMsg: 'request:fail', ...{ status: 422, data: JSON.stringify({ error: { code: 'POINTS_INSUFFICIENT', message: '积分不足' } }), headers: {} } } as { errMsg: string }),
  )
  const e = await api().post('/rewards/x/redeem', {}).catch((err: unknown) => err)
  expect(e).toMatchObject({ status: 422, code: 'POINTS_INSUFFICIENT', message: '积分不足' })
  expect(request).toHaveBeenCalledTimes(1)
})
