/**
 * What the contract suite runs against: a base URL and a transport (in-process adapter, or HTTP), optional test
 * controls (clock, reset — only the mock has them), and whether the seeded `demo` member exists. Every response
 * that passes through is validated against the OpenAPI document.
 */
import { AxiosError, type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios'
import { createApiClient } from '@/api/client'
import { createEndpoints, type Endpoints } from '@/api/endpoints'
import type { ClientPlatform, MemberMe } from '@/api/contract'
import { uuidV4 } from '@/platform/types'
import type { ContractValidator } from './openapi'

export interface RawResponse {
  status: number
  body: unknown
  headers: Record<string, string>
}

export interface RawRequest {
  method: string
  /** Path below /api/v1, with the query string. */
  path: string
  headers?: Record<string, string>
  /** Sent as is (malformed JSON included). */
  body?: string
}

export interface ContractTarget {
  name: string
  /** Base URL of the API (`…/api/v1`). */
  baseURL: string
  adapter: AxiosAdapter
  raw(req: RawRequest): Promise<RawResponse>
  /** The mock's test controls; null against a backend without them. */
  controls: {
    setClock(iso: string | null): Promise<void>
    reset(): Promise<void>
    /** The reminder sweep at the pinned clock (`POST /__mock/reminders`): how many members got how many reminders. */
    sendReminders(): Promise<{ members: number; sent: number }>
  } | null
  /** The seeded `demo` member exists (login code `demo`). */
  hasDemo: boolean
  operatorToken: string | null
  /** An operator account of the target (`POST /admin/auth/login`); its token becomes `operatorToken` after a reset. */
  operatorAccount?: { username: string; password: string }
}

/** Responses that broke the contract, reported by the suite after each test. */
export const violations: string[] = []

function bodyOf(data: unknown): unknown {
  if (typeof data !== 'string') return data
  try {
    return data === '' ? undefined : JSON.parse(data)
  } catch {
    return data
  }
}

/** Wraps a transport so that every answer (success or error) is checked against the contract. */
export function validatingAdapter(inner: AxiosAdapter, contract: ContractValidator): AxiosAdapter {
  const check = (config: InternalAxiosRequestConfig, status: number, data: unknown) => {
    violations.push(...contract.check(config.method ?? 'get', config.url ?? '/', status, bodyOf(data)))
  }
  return async (config) => {
    try {
      const res = await inner(config)
      check(config, res.status, res.data)
      return res
    } catch (e) {
      if (e instanceof AxiosError && e.response) check(config, e.response.status, e.response.data)
      throw e
    }
  }
}

export interface MemberSession {
  api: Endpoints
  token: string
  me: MemberMe
  code: string
  isNew: boolean
  /** The axios instance behind `api` (for requests with explicit headers). */
  client: ReturnType<typeof createApiClient>
}

export function clientFor(target: ContractTarget, contract: ContractValidator, token: () => string | null) {
  return createApiClient({
    baseURL: target.baseURL,
    adapter: validatingAdapter(target.adapter, contract),
    auth: { getToken: token, relogin: async () => null },
    retryDelaysMs: [],
    timeoutMs: 20_000,
  })
}

/** Logs in (a fresh member unless `code` names one) and returns typed fetchers bound to that member. */
export async function loginAs(target: ContractTarget, contract: ContractValidator, opts: { code?: string; platform?: ClientPlatform } = {}): Promise<MemberSession> {
  let token: string | null = null
  const client = clientFor(target, contract, () => token)
  const api = createEndpoints(client)
  const code = opts.code ?? `ct-${uuidV4()}`
  const r = await api.login({ platform: opts.platform ?? 'h5', code })
  token = r.token
  return { api, token: r.token, me: r.member, code, isNew: r.isNew, client }
}

/** Raw request whose answer is validated too. */
export async function rawChecked(target: ContractTarget, contract: ContractValidator, req: RawRequest): Promise<RawResponse> {
  const res = await target.raw(req)
  violations.push(...contract.check(req.method, req.path, res.status, res.body))
  return res
}
