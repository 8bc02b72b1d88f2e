/** A contract target over real HTTP (the mock server this suite starts, or any base URL). */
import axios from 'axios'
import type { ContractTarget, RawRequest, RawResponse } from './target'

export async function httpRaw(root: string, req: RawRequest): Promise<RawResponse> {
  const res = await fetch(`${root}/api/v1${req.path}`, { method: req.method, headers: req.headers, body: req.body })
  const text = await res.text()
  let body: unknown = text
  try {
    body = text === '' ? undefined : JSON.parse(text)
  } catch {
    // not JSON: kept as text, which the contract check reports
  }
  const headers: Record<string, string> = {}
  res.headers.forEach((v, k) => (headers[k.toLowerCase()] = v))
  return { status: res.status, body, headers }
}

async function control<T = unknown>(root: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${root}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}`)
  return (await res.json()) as T
}

/** `root` is the server address without /api/v1, e.g. `http://127.0.0.1:3100`. */
export function httpTarget(
  name: string,
  root: string,
  opts: { controls: boolean; demo: boolean; operatorToken: string | null; operator?: { username: string; password: string } },
): ContractTarget {
  return {
    name,
    baseURL: `${root}/api/v1`,
    adapter: axios.getAdapter('http'),
    raw: (req) => httpRaw(root, req),
    controls: opts.controls
      ? {
          setClock: async (iso) => void (await control(root, '/__mock/clock', { now: iso })),
          reset: async () => void (await control(root, '/__mock/reset', {})),
          sendReminders: () => control(root, '/__mock/reminders', {}),
        }
      : null,
    hasDemo: opts.demo,
    operatorToken: opts.operatorToken,
    operatorAccount: opts.operator,
  }
}
