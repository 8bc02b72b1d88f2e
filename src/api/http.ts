import { AxiosError, type AxiosAdapter } from 'axios'
import { platform } from '@/platform'
import { type AuthHandlers, createApiClient } from './client'
import { createEndpoints } from './endpoints'
import { createFetchAdapter } from './fetch-adapter'
import { apiBase } from './env'
import { createMiniRequestAdapter } from './mini-request-adapter'
// Type only (erased): the module itself is loaded lazily below, so builds with a backend drop it.
import type { createEmbeddedAdapter } from '../../mock/embedded'

/**
 * The app's transport. With `TARO_APP_API_BASE` set at build time: Taro.request on mini programs, the
 * browser's own transport on H5. Without it: the embedded mock backend, in-process. The condition reads
 * process.env directly so the bundler drops the mock from builds that point at a backend.
 */
function defaultAdapter(): AxiosAdapter {
  if (process.env.TARO_APP_API_BASE) {
    // TARO_ENV is replaced at build time too: each bundle keeps only its own transport. Every browser the app
    // supports has fetch (H5 builds leave axios' own adapters out: config/index.ts); mini programs have Taro.request.
    if (process.env.TARO_ENV === 'h5') {
      return createFetchAdapter()
    } else {
      return createMiniRequestAdapter(platform.miniRequest ?? missingMiniRequest)
    }
  }
  const options = { online: () => platform.network.online() }
  // One branch or the other is dropped at build time (a mini program loads no script later: it is required).
  if (process.env.TARO_ENV === 'h5') {
    return lazyEmbeddedAdapter(() => import('../../mock/embedded').then((m) => m.createEmbeddedAdapter(platform.storage, options)))
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const embedded = require('../../mock/embedded') as { createEmbeddedAdapter: typeof createEmbeddedAdapter }
    return embedded.createEmbeddedAdapter(platform.storage, options)
  }
}

const missingMiniRequest = (): never => {
  throw new Error('This platform module has no miniRequest: a mini program talks to its backend through Taro.request.')
}

/**
 * H5 demo: the embedded backend is a script of its own, fetched with the first request — a first visit's screen (the
 * consent sheet) needs none, so it stays out of the first load (SPEC §6). A fetch that fails is a network failure
 * (the client's retry, then 网络不给力 or 暂时连不上服务), tried again with the next request.
 */
export function lazyEmbeddedAdapter(load: () => Promise<AxiosAdapter>): AxiosAdapter {
  let loading: Promise<AxiosAdapter> | null = null
  return async (config) => {
    loading ??= load().catch((e: unknown) => {
      loading = null
      throw new AxiosError(`Network Error (${e instanceof Error ? e.message : String(e)})`, AxiosError.ERR_NETWORK, config)
    })
    return (await loading)(config)
  }
}

let adapter: AxiosAdapter | null = null
const auth: Required<AuthHandlers> = { getToken: () => null, relogin: async () => null, ensureSession: async () => null }

/** The session store registers how to read the token, open a session before a request, and log in again after a 401. */
export function configureAuth(handlers: Required<AuthHandlers>): void {
  auth.getToken = handlers.getToken
  auth.relogin = handlers.relogin
  auth.ensureSession = handlers.ensureSession
}

/** Tests swap the transport (e.g. a mock backend with a controlled clock). */
export function setApiAdapter(next: AxiosAdapter | null): void {
  adapter = next
}

const transport: AxiosAdapter = (config) => (adapter ??= defaultAdapter())(config)

const client = createApiClient({
  baseURL: apiBase,
  adapter: transport,
  online: () => platform.network.online(),
  auth: {
    getToken: () => auth.getToken(),
    relogin: () => auth.relogin(),
    ensureSession: () => auth.ensureSession(),
  },
})

export const api = createEndpoints(client)

/**
 * The same endpoints for the operator pages (H5 dashboard): the operator's own bearer token instead of the
 * member session, and no member re-login on 401 — a wrong token must surface as the backend's 401/403.
 */
export function createOperatorApi(getToken: () => string | null) {
  return createEndpoints(createApiClient({ baseURL: apiBase, adapter: transport, auth: { getToken, relogin: async () => null } }))
}
