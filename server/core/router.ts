import type { CoreRequest } from './http'

/** One route: `GET /campaigns/:id` → handler(params). */
export interface Route<H> {
  method: string
  pattern: string
  handler: H
}

interface CompiledRoute<H> extends Route<H> {
  regex: RegExp
  keys: string[]
}

export interface RouteMatch<H> {
  route: Route<H>
  /** The path parameters as they appear in the path, still percent-encoded (request-guards.ts decodes them). */
  rawParams: Record<string, string>
}

export class Router<H> {
  private readonly routes: CompiledRoute<H>[] = []

  add(method: string, pattern: string, handler: H): this {
    const keys: string[] = []
    const source = pattern.replace(/:(\w+)/g, (_m, key: string) => {
      keys.push(key)
      return '([^/]+)'
    })
    this.routes.push({ method: method.toUpperCase(), pattern, handler, keys, regex: new RegExp(`^${source}/?$`) })
    return this
  }

  /** The matching route, or `'method-not-allowed'` when the path exists with another method. */
  match(req: Pick<CoreRequest, 'method' | 'path'>): RouteMatch<H> | 'not-found' | 'method-not-allowed' {
    let pathMatched = false
    for (const r of this.routes) {
      const m = r.regex.exec(req.path)
      if (!m) continue
      pathMatched = true
      if (r.method !== req.method.toUpperCase()) continue
      const rawParams: Record<string, string> = {}
      r.keys.forEach((k, i) => (rawParams[k] = m[i + 1]))
      return { route: r, rawParams }
    }
    return pathMatched ? 'method-not-allowed' : 'not-found'
  }

  list(): Route<H>[] {
    return this.routes.map(({ method, pattern, handler }) => ({ method, pattern, handler }))
  }
}
