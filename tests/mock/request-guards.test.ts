/** mock/request-guards.ts: the checks the pipeline runs on raw input before anything else reads it. */
import fc from 'fast-check'
import { charCount, decodePathParams, isJsonMediaType, jsonDepthExceeds } from '../../server/core/request-guards'
import { HttpError } from '../../server/core/http'

function depthOf(v: unknown): number {
  if (Array.isArray(v)) return 1 + Math.max(0, ...v.map(depthOf))
  if (v && typeof v === 'object') return 1 + Math.max(0, ...Object.values(v).map(depthOf))
  return 0
}

test('jsonDepthExceeds counts the nesting of any JSON text, brackets inside strings and escapes included', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 9 }), (v, max) => jsonDepthExceeds(JSON.stringify(v), max) === depthOf(v) > max),
    { seed: 20260217, numRuns: 1000 },
  )
  expect(jsonDepthExceeds('{"a":"[[[[\\"[[[","b":[]}', 2)).toBe(false)
  expect(jsonDepthExceeds('['.repeat(401) + ']'.repeat(401))).toBe(true)
  expect(jsonDepthExceeds('['.repeat(400) + ']'.repeat(400))).toBe(false)
})

test('JSON media types', () => {
  for (const t of ['application/json', 'Application/JSON; charset=utf-8', 'application/problem+json', 'application/vnd.api+json;v=1']) expect(isJsonMediaType(t)).toBe(true)
  for (const t of [undefined, '', 'text/plain', 'text/json', 'application/x-www-form-urlencoded', 'application/jsonp', 'multipart/form-data']) expect(isJsonMediaType(t)).toBe(false)
})

test('path parameters: decoded, or a 400 INVALID_INPUT naming the field — whatever the bytes', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 80 }), (encoded) => {
      try {
        const { id } = decodePathParams({ id: encoded })
        return id.length > 0 && charCount(id) <= 64
      } catch (e) {
        return e instanceof HttpError && e.status === 400 && e.code === 'INVALID_INPUT' && e.details?.field === 'id'
      }
    }),
    { seed: 20260217, numRuns: 2000 },
  )
  expect(decodePathParams({ id: '%F0%9F%98%80'.repeat(64) })).toEqual({ id: '😀'.repeat(64) })
  expect(() => decodePathParams({ id: '%F0%9F%98%80'.repeat(65) })).toThrow(HttpError)
})
