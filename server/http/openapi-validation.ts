/**
 * Request validation from the contract (mock/openapi.yaml): each operation's JSON body, path and query
 * parameters are checked against its schemas (ajv, JSON Schema 2020-12 = OpenAPI 3.1). The production server
 * hands this to the core's pipeline, which runs it after authentication, in the same place as its own checks —
 * so the order of answers (401 before 400) is the same on every backend. The use cases validate the same
 * shapes themselves (the embedded mock runs without ajv); this is the document enforced as written, so the
 * server can never be looser than the contract it publishes.
 */
import path from 'node:path'
import SwaggerParser from '@apidevtools/swagger-parser'
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { HttpError } from '../core/http'
import type { RequestValidator } from '../core/pipeline'
import { invalid as invalidField, invalidInputMessage } from '../core/validate'

export const OPENAPI_FILE = path.resolve(__dirname, '../../mock/openapi.yaml')

interface Param {
  name: string
  in: 'path' | 'query' | 'header'
  required?: boolean
  schema: object
}

interface Operation {
  body: ValidateFunction | null
  params: { param: Param; validate: ValidateFunction }[]
}

type Doc = {
  paths: Record<string, Record<string, { parameters?: Param[]; requestBody?: { content?: Record<string, { schema?: object }> } }>>
}

/**
 * The field named as the use cases name it (`nickname`, `items[0].qty`): a body's fields by their own path, a
 * parameter by its name; `body` for the body as a whole.
 */
function invalid(where: string, errors: ErrorObject[] | null | undefined): HttpError {
  const e = errors?.[0]
  const segments = (e?.instancePath ?? '').split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
  const missing = e?.keyword === 'required' ? (e.params as { missingProperty?: string }).missingProperty : undefined
  if (missing) segments.push(missing)
  const inner = segments.reduce((name, s) => (/^\d+$/.test(s) ? `${name}[${s}]` : name ? `${name}.${s}` : s), '')
  const name = where === 'body' ? inner || 'body' : inner ? `${where}.${inner}` : where
  return new HttpError(400, 'INVALID_INPUT', invalidInputMessage(name), { field: name, reason: e?.message ?? 'invalid' })
}

/** The validator of every operation, keyed like the core's routes: `POST /campaigns/:id/draw`. */
export async function openApiValidator(file = OPENAPI_FILE): Promise<RequestValidator> {
  const doc = (await SwaggerParser.dereference(file)) as unknown as Doc
  const ajv = new Ajv2020({ strict: false, allErrors: false })
  addFormats(ajv)
  const operations = new Map<string, Operation>()
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const schema = op.requestBody?.content?.['application/json']?.schema
      operations.set(`${method.toUpperCase()} ${template.replace(/\{(\w+)\}/g, ':$1')}`, {
        body: schema ? ajv.compile(schema) : null,
        params: (op.parameters ?? []).filter((p) => p.in !== 'header').map((param) => ({ param, validate: ajv.compile(param.schema) })),
      })
    }
  }
  return ({ method, pattern, params, query, body }) => {
    const op = operations.get(`${method} ${pattern}`)
    if (!op) return
    for (const { param, validate } of op.params) {
      const source = param.in === 'path' ? params : query
      const value = Object.prototype.hasOwnProperty.call(source, param.name) ? source[param.name] : undefined
      // A missing required parameter is named in the document's order, as the use cases check them: the first
      // thing wrong is the same on every backend.
      if (value === undefined || value === '') {
        if (param.required) throw invalidField(param.name, 'required')
        continue
      }
      // Parameters arrive as text: an integer parameter is checked as the number it spells.
      const typed = (param.schema as { type?: string }).type === 'integer' && /^-?\d{1,15}$/.test(value) ? Number(value) : value
      if (!validate(typed)) throw invalid(param.name, validate.errors)
    }
    // An absent body is the use case's to judge (`{}` where the operation takes nothing).
    if (op.body && method !== 'GET' && body !== undefined && !op.body(body)) throw invalid('body', op.body.errors)
  }
}
