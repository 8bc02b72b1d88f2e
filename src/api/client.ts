import axios, { type AxiosAdapter, type AxiosError, type AxiosInstance, type InternalAxiosRequestConfig } from 'axios'
import { learnServerTime } from '@/platform/clock'
import { uuidV4 } from '@/platform/types'
import { toApiError } from './errors'

export const IDEMPOTENCY_HEADER = 'Idempotency-Key'
const LOGIN_PATH = '/auth/login'
/** Answered without a member session (a token is still sent when there is one). */
const SESSIONLESS_PATHS = new Set([LOGIN_PATH, '/config'])

export interface AuthHandlers {
  getToken(): string | null
  /** Log in again after a 401; resolves the new token, or null when that is impossible. */
  relogin(): Promise<string | null>
  /**
   * The token for a request that needs a member session, logging in first when there is none yet; rejects
   * (e.g. with CONSENT_REQUIRED) when no session may be opened. Called before every request but login and
   * config, so no caller has to remember it. Without it the client sends whatever `getToken()` holds.
   */
  ensureSession?(): Promise<string | null>
}

export interface ClientOptions {
  baseURL: string
  adapter: AxiosAdapter
  auth: AuthHandlers
  /** Waits before each retry of a network error or 5xx; its length is the retry count. */
  retryDelaysMs?: number[]
  timeoutMs?: number
  sleep?: (ms: number) => Promise<void>
  /** Whether the device has a connection (a failure without an answer is then the backend's, not the network's). */
  online?: () => boolean
}

interface RetryMarks {
  retries?: number
  reauthed?: boolean
}

type TrackedConfig = InternalAxiosRequestConfig & { _marks?: RetryMarks }

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * The app's one axios instance: a member session opened before the first request that needs one, bearer token, an Idempotency-Key on every POST (kept across retries so the
 * backend answers a retry with the first result), retries of network errors and 5xx for requests that are
 * safe to repeat (GET, keyed POST), one re-login on 401, and every failure normalised into `ApiError`.
 */
export function createApiClient(options: ClientOptions): AxiosInstance {
  const { auth, retryDelaysMs = [300, 900], sleep = defaultSleep, online = () => false } = options
  const failure = (error: AxiosError) => toApiError(error, online())
  const instance = axios.create({
    baseURL: options.baseURL,
    adapter: options.adapter,
    timeout: options.timeoutMs ?? 15_000,
    headers: { 'Content-Type': 'application/json' },
  })

  instance.interceptors.request.use(async (config) => {
    const sessionless = SESSIONLESS_PATHS.has(config.url ?? '')
    const token = !sessionless && auth.ensureSession ? await auth.ensureSession() : auth.getToken()
    if (token && config.url !== LOGIN_PATH) config.headers.set('Authorization', `Bearer ${token}`)
    if (config.method?.toUpperCase() === 'POST' && !config.headers.has(IDEMPOTENCY_HEADER)) {
      config.headers.set(IDEMPOTENCY_HEADER, uuidV4())
    }
    return config
  })

  let relogin: Promise<string | null> | null = null
  const reloginOnce = () => {
    relogin ??= auth.relogin().finally(() => {
      relogin = null
    })
    return relogin
  }

  instance.interceptors.response.use(
    (res) => {
      learnServerTime(res.headers['x-server-time'])
      return res
    },
    undefined,
  )
  instance.interceptors.response.use(undefined, async (error: AxiosError) => {
    learnServerTime(error.response?.headers['x-server-time'])
    const config = error.config as TrackedConfig | undefined
    if (!config) throw failure(error)
    const marks = (config._marks ??= {})
    const status = error.response?.status ?? 0
    const repeatable = config.method?.toUpperCase() === 'GET' || config.headers.has(IDEMPOTENCY_HEADER)
    const transient = status === 0 || status >= 500
    const retries = marks.retries ?? 0
    if (transient && repeatable && retries < retryDelaysMs.length) {
      marks.retries = retries + 1
      await sleep(retryDelaysMs[retries])
      return instance.request(config)
    }
    if (status === 401 && !marks.reauthed && config.url !== LOGIN_PATH) {
      marks.reauthed = true
      const token = await reloginOnce().catch(() => null)
      if (token) return instance.request(config)
    }
    throw failure(error)
  })

  return instance
}
