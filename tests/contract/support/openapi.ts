/**
 * The OpenAPI document as a response validator: every response a contract test sees is checked against the
 * schema of its operation and status (ajv, JSON Schema 2020-12 = OpenAPI 3.1's dialect). The document itself
 * is validated first with @apidevtools/swagger-parser.
 */
import path from 'node:path'
import SwaggerParser from '@apidevtools/swagger-parser'
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020'
import addFormats from 'ajv-formats'

export const OPENAPI_FILE = path.resolve(__dirname, '../../../mock/openapi.yaml')

interface Operation {
  method: string
  template: string
  operationId: string
  regex: RegExp
  responses: Record<string, ValidateFunction | null>
}

export interface ContractValidator {
  operations: Operation[]
  /** Problems with one response; [] when it matches the contract. */
  check(method: string, url: string, status: number, body: unknown): string[]
  /** `operationId status` of every response checked so far. */
  seen: Set<string>
}

let cached: Promise<ContractValidator> | null = null

export function loadContract(): Promise<ContractValidator> {
  cached ??= build()
  return cached
}

type Doc = { paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema?: object }> }> }>> }

async function build(): Promise<ContractValidator> {
  await SwaggerParser.validate(OPENAPI_FILE)
  const doc = (await SwaggerParser.dereference(OPENAPI_FILE)) as unknown as Doc
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  addFormats(ajv)
  const operations: Operation[] = []
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const responses: Operation['responses'] = {}
      for (const [status, r] of Object.entries(op.responses)) {
        const schema = r.content?.['application/json']?.schema
        responses[status] = schema ? ajv.compile(schema) : null
      }
      const source = template.replace(/\{[^}]+\}/g, '[^/]+')
      operations.push({ method: method.toUpperCase(), template, operationId: op.operationId, regex: new RegExp(`^${source}/?$`), responses })
    }
  }
  const seen = new Set<string>()
  return {
    operations,
    seen,
    check(method, url, status, body) {
      const p = url.split('?')[0].replace(/^https?:\/\/[^/]+/, '').replace(/^\/api\/v1/, '')
      const op = operations.find((o) => o.method === method.toUpperCase() && o.regex.test(p))
      if (!op) {
        // Outside the contract (e.g. an unknown route): the error shape still applies.
        return status >= 400 && isErrorBody(body) ? [] : [`${method} ${p}: no such operation in the contract (status ${status})`]
      }
      seen.add(`${op.operationId} ${status}`)
      const validate = op.responses[String(status)]
      if (validate === undefined) return [`${op.operationId} (${method} ${p}): status ${status} is not in the contract; body ${JSON.stringify(body).slice(0, 300)}`]
      if (validate === null) return []
      if (validate(body)) return []
      return [
        `${op.operationId} ${status}: ${ajvErrors(validate)}; body ${JSON.stringify(body).slice(0, 400)}`,
      ]
    },
  }
}

function ajvErrors(v: ValidateFunction): string {
  return (v.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`)
    .join('; ')
}

export function isErrorBody(body: unknown): boolean {
  const e = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error
  return !!e && typeof e.code === 'string' && typeof e.message === 'string'
}
