/** Plain HTTP calls to a server under test (`root` without /api/v1): JSON in, JSON out, headers lower-cased. */
export interface RawResponseLike {
  status: number
  body: unknown
  headers: Record<string, string>
}

export interface JsonRequest {
  method: 'GET' | 'POST'
  /** Below /api/v1, with the query string. */
  path: string
  headers?: Record<string, string>
  /** Sent as JSON. */
  body?: unknown
}

export async function httpRaw(root: string, req: JsonRequest): Promise<RawResponseLike> {
  const headers: Record<string, string> = { ...req.headers }
  if (req.body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`${root}/api/v1${req.path}`, { method: req.method, headers, body: req.body === undefined ? undefined : JSON.stringify(req.body) })
  const text = await res.text()
  let body: unknown = text
  try {
    body = text === '' ? undefined : JSON.parse(text)
  } catch {
    // not JSON: kept as text
  }
  const out: Record<string, string> = {}
  res.headers.forEach((v, k) => (out[k.toLowerCase()] = v))
  return { status: res.status, body, headers: out }
}
