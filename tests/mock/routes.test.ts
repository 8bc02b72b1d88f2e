/** The route table and the OpenAPI document describe the same API, with the same auth. */
import path from 'node:path'
import SwaggerParser from '@apidevtools/swagger-parser'
import { ROUTES } from '../../server/core/routes'

type Doc = { security?: object[]; paths: Record<string, Record<string, { security?: Record<string, string[]>[]; parameters?: { name: string; required?: boolean }[] }>> }

test('mock/openapi.yaml is a valid OpenAPI 3.1 document (swagger-parser)', async () => {
  const api = (await SwaggerParser.validate(path.resolve(__dirname, '../../mock/openapi.yaml'))) as { openapi: string }
  expect(api.openapi).toMatch(/^3\.1\./)
})

test('every route is in mock/openapi.yaml and every operation has a route; auth matches security', async () => {
  const doc = (await SwaggerParser.dereference(path.resolve(__dirname, '../../mock/openapi.yaml'))) as unknown as Doc
  const documented = new Map<string, { auth: string; keyed: boolean }>()
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const security = op.security ?? doc.security ?? []
      const operator = security.find((s) => 'operator' in s) as Record<string, string[]> | undefined
      // The operator scheme's scope names the least role the operation needs.
      const auth = operator ? operator.operator[0] ?? 'operator' : security.length === 0 || security.some((s) => Object.keys(s).length === 0) ? 'none' : 'member'
      const keyed = (op.parameters ?? []).some((x) => x.name === 'Idempotency-Key' && x.required)
      documented.set(`${method.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`, { auth, keyed })
    }
  }
  const routed = new Map(ROUTES.map(([m, p, def]) => [`${m} ${p}`, { auth: def.auth, keyed: m === 'POST' && def.idempotent !== false }]))
  expect([...routed.keys()].sort()).toEqual([...documented.keys()].sort())
  for (const [k, v] of routed) expect({ route: k, ...documented.get(k) }).toEqual({ route: k, ...v })
})

