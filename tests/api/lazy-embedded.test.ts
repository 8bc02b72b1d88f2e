import { AxiosError, type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios'
import { lazyEmbeddedAdapter } from '@/api/http'

const config = { url: '/member/me', headers: {} } as InternalAxiosRequestConfig
const answer: AxiosAdapter = async (c) => ({ data: { ok: true }, status: 200, statusText: 'OK', headers: {}, config: c })

test('the H5 demo backend is fetched once, with the first request; a failed fetch is a network failure, tried again next time', async () => {
  const load = jest.fn<Promise<AxiosAdapter>, []>().mockRejectedValueOnce(new Error('Loading chunk 912 failed.')).mockResolvedValue(answer)
  const adapter = lazyEmbeddedAdapter(load)
  const failed = await adapter(config).catch((e: unknown) => e)
  expect(failed).toBeInstanceOf(AxiosError)
  expect((failed as AxiosError).code).toBe(AxiosError.ERR_NETWORK)
  const [a, b] = await Promise.all([adapter(config), adapter(config)])
  expect([a.status, b.status]).toEqual([200, 200])
  expect(load).toHaveBeenCalledTimes(2)
})
