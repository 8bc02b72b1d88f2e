/**
 * The contract, generatively: for every operation of mock/openapi.yaml, fast-check builds requests — valid
 * ones (schema-shaped bodies with real ids), and missing, wrong-typed, `null`, oversized and malformed
 * fields, bodies, path ids, query parameters, headers, tokens and Idempotency-Keys — and sends them to the
 * in-process mock. Whatever arrives:
 *
 *   - never a 5xx, and nothing logged as an unexpected error;
 *   - every answer validates against the contract (its status is listed for the operation, its body matches);
 *   - every refusal is `{error: {code, message}}` with a zh-CN message and names no member id;
 *   - a request the contract refuses (by its own schemas and limits) is refused — the server is no looser
 *     than the document — and an integer it admits is not refused as out of range (INVALID_INPUT naming it);
 *   - a refused request changes nothing: every stored document is the same object as before, except the
 *     Idempotency-Key records of that member (a replay must refuse again); a GET changes nothing at all.
 *
 * Fixed seeds (GEN_SEED, default below; one per operation, seed + index) and GEN_RUNS runs per operation
 * (default 100, ~20 s); a failure names the seed, the operation and the request. GEN_STATS=1 prints the spread
 * of answers. In-process only: the HTTP transport is held to the same by the contract suite's own cases.
 */
import { readFileSync } from 'node:fs'
import SwaggerParser from '@apidevtools/swagger-parser'
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import fc from 'fast-check'
import { createLoyaltyBackend, DEFAULT_OPERATOR_TOKEN, type LoyaltyBackend } from '../../mock/app'
import { memoryKvPersistence } from '../../mock/kv-persistence'
import type { CoreRequest as MockRequest, CoreResponse as MockResponse } from '../../server/core/http'
import { MAX_BODY_BYTES, MAX_HEADER_BYTES, MAX_JSON_DEPTH } from '../../server/core/limits'
import { jsonDepthExceeds, requestHeadBytes } from '../../server/core/request-guards'
import { sha256Hex } from '../../server/core/sha256'
import { addDays, businessDateOf, monthOf, addMonthsToMonth, dateFromDayNumber, dayNumber } from '@/domain/calendar'
import { seededRng } from '@/domain/context'
import { DEFAULT_PINNED_AT } from './contract-suite'
import { isErrorBody, loadContract, OPENAPI_FILE, type ContractValidator } from './support/openapi'

const SEED = Number(process.env.GEN_SEED ?? 20260217)
const RUNS = Number(process.env.GEN_RUNS ?? 100)
const ZH = /[\u4e00-\u9fa5]/
const DAY = 86_400_000

// ── the contract's operations, with what they accept ──────────────────────────────────────────────────

type Schema = Record<string, unknown>
interface Param {
  name: string
  in: 'path' | 'query' | 'header'
  required?: boolean
  schema: Schema
}
interface Operation {
  operationId: string
  method: 'GET' | 'POST'
  template: string
  security: string[] // 'member' | 'operator' | 'none'
  params: Param[]
  body: { required: boolean; schema: Schema; validate: ValidateFunction } | null
  paramValidators: Map<string, ValidateFunction>
}

type RawOp = {
  operationId: string
  security?: Record<string, unknown>[]
  parameters?: Param[]
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> }
}

async function operationsOf(): Promise<Operation[]> {
  const doc = (await SwaggerParser.dereference(OPENAPI_FILE)) as unknown as { security: Record<string, unknown>[]; paths: Record<string, Record<string, RawOp>> }
  const ajv = new Ajv2020({ strict: false, allErrors: false })
  addFormats(ajv)
  const out: Operation[] = []
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const requirements = op.security ?? doc.security
      const security = requirements.length === 0 ? ['none'] : requirements.map((s) => Object.keys(s)[0] ?? 'none')
      const params = op.parameters ?? []
      const paramValidators = new Map(params.map((p) => [`${p.in}:${p.name}`, ajv.compile(p.schema)]))
      const schema = op.requestBody?.content['application/json']?.schema
      out.push({
        operationId: op.operationId,
        method: method.toUpperCase() as Operation['method'],
        template,
        security,
        params,
        body: schema ? { required: op.requestBody?.required === true, schema, validate: ajv.compile(schema) } : null,
        paramValidators,
      })
    }
  }
  return out
}

// ── the world the requests are made in ────────────────────────────────────────────────────────────────

interface World {
  tokens: { fresh: string; demo: string; expired: string; operator: string }
  memberIds: string[]
  ids: {
    campaigns: string[]
    tasks: string[]
    rewards: string[]
    orders: string[]
    skus: string[]
    plans: string[]
    inviteCodes: string[]
    kinds: string[]
    notifications: string[]
    coupons: string[]
    templates: string[]
  }
  today: string
}

let backend: LoyaltyBackend
let contract: ContractValidator
let operations: Operation[]
let world: World
const base = Date.parse(DEFAULT_PINNED_AT)
let now = base

const json = (v: unknown) => JSON.stringify(v)

async function login(code: string, platform = 'h5'): Promise<{ token: string; id: string }> {
  const r = await backend.handle({ method: 'POST', path: '/auth/login', query: {}, headers: { 'content-type': 'application/json' }, rawBody: json({ platform, code }) })
  if (r.status !== 200) throw new Error(`login ${code}: ${r.status} ${json(r.body)}`)
  const body = r.body as { token: string; member: { id: string } }
  return { token: body.token, id: body.member.id }
}

/** The stored documents by key (the mock's storage replaces a document on every change, never edits it). */
type State = Map<string, unknown>
const snapshot = (): State => new Map(backend.storage.entries())
const keysStarting = (state: State, prefix: string) => [...state.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length))

beforeAll(async () => {
  contract = await loadContract()
  operations = await operationsOf()
  backend = await createLoyaltyBackend({ persistence: memoryKvPersistence(), clock: () => now, rng: seededRng(SEED) })
  // A session from 31 days ago has ended (SESSION_TTL_MS): its token must be refused like an unknown one.
  now = base - 31 * DAY
  const expired = await login('gen-expired')
  now = base
  const fresh = await login('gen-fresh')
  const demo = await login('demo', 'weapp')
  const rules = await backend.storage.read((s) => s.rules())
  world = {
    tokens: { fresh: fresh.token, demo: demo.token, expired: expired.token, operator: DEFAULT_OPERATOR_TOKEN },
    memberIds: [],
    ids: {
      campaigns: rules.campaigns.map((c) => c.id),
      tasks: rules.tasks.definitions.map((d) => d.id),
      rewards: rules.mall.items.map((r) => r.id),
      orders: [],
      skus: (await backend.storage.read((s) => s.catalogue())).map((p) => p.sku),
      plans: rules.tiers.paidPlans.map((p) => p.id),
      inviteCodes: keysStarting(snapshot(), 'code/'),
      kinds: rules.campaigns.flatMap((c) => c.cards?.kinds.map((k) => k.id) ?? []),
      notifications: [],
      coupons: [],
      templates: rules.messages.templates.map((t) => t.id),
    },
    today: businessDateOf(now, rules.calendar),
  }
  await refreshIds()
  for (const [k, v] of Object.entries(world.ids)) if (v.length === 0 && k !== 'kinds') throw new Error(`the seed has no ${k}`)
})

/** Ids that earlier requests made (orders, coupons, notifications), so later operations can name them. */
async function refreshIds(): Promise<void> {
  const state = snapshot()
  const members = await Promise.all([world.tokens.fresh, world.tokens.demo].map(async (t) => (await backend.storage.read((s) => s.session(sha256Hex(t))))!.memberId!))
  world.memberIds = keysStarting(state, 'm/')
  world.ids.orders = keysStarting(state, 'orders/').flatMap((m) => Object.keys(state.get(`orders/${m}`) as object))
  world.ids.coupons = (await Promise.all(members.map((m) => backend.storage.read((s) => s.couponPage(m, { list: 'issued', today: '2000-01-01', after: null, limit: 10_000 }))))).flat().map((c) => c.id)
  world.ids.notifications = (await Promise.all(members.map((m) => backend.storage.read((s) => s.notifications(m, 100))))).flat().map((n) => n.id)
}

// ── arbitraries ───────────────────────────────────────────────────────────────────────────────────────

/** The calendar's ends and their neighbours (src/domain/calendar.ts spans 1970-01-01 … 9999-12-31). */
const EDGE_DATES = ['1970-01-01', '1970-01-02', '1970-01-05', '1970-01-31', '1970-02-28', '9999-12-01', '9999-12-30', '9999-12-31', '2999-12-31', '2000-02-29']
const EDGE_MONTHS = ['1970-01', '1970-02', '9999-11', '9999-12', '2999-12', '2000-01']
const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype']
const MALFORMED_ESCAPES = ['%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AF', 'a%', '%%', '%0']
const WRONG = [null, 0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, true, false, '', 'x', 'x'.repeat(600), [], [1], {}, { a: 1 }]

const oneOfList = <T>(xs: readonly T[]): fc.Arbitrary<T> => (xs.length > 0 ? fc.constantFrom(...xs) : (fc.constant(undefined) as unknown as fc.Arbitrary<T>))
const text = (min: number, max: number) => fc.oneof(fc.string({ minLength: min, maxLength: max }), fc.unicodeString({ minLength: min, maxLength: max }), fc.fullUnicodeString({ minLength: min, maxLength: max }))
const dateNear = (from: number, to: number) => fc.integer({ min: from, max: to }).map((d) => addDays(world.today, d))

/** A plausible value for a named field (valid ids and dates make requests get past validation). */
function hint(opId: string, prop: string): fc.Arbitrary<unknown> | null {
  const w = world.ids
  switch (`${opId}.${prop}`) {
    case 'login.code':
      return fc.oneof(fc.constantFrom('demo', 'demo-friend-1', 'gen-fresh', ...PROTO_NAMES), fc.stringMatching(/^[A-Za-z0-9._:@-]{1,24}$/))
    case 'acceptInvite.code':
      return fc.oneof(oneOfList(w.inviteCodes), oneOfList(w.inviteCodes).map((c) => ` ${c.toLowerCase()} `), text(1, 16))
  }
  switch (prop) {
    case 'sku':
      return fc.oneof({ weight: 4, arbitrary: oneOfList(w.skus) }, { weight: 1, arbitrary: text(1, 40) })
    case 'qty':
      return fc.integer({ min: 0, max: 120 })
    case 'planId':
      return fc.oneof({ weight: 3, arbitrary: oneOfList(w.plans) }, { weight: 1, arbitrary: text(1, 40) })
    case 'friendCode':
      return fc.oneof({ weight: 3, arbitrary: oneOfList(w.inviteCodes) }, { weight: 1, arbitrary: text(1, 20) })
    case 'kindId':
      return w.kinds.length > 0 ? fc.oneof({ weight: 3, arbitrary: oneOfList(w.kinds) }, { weight: 1, arbitrary: text(1, 40) }) : text(1, 40)
    case 'date':
      return fc.oneof({ weight: 4, arbitrary: dateNear(-40, 3) }, { weight: 1, arbitrary: fc.constantFrom(...EDGE_DATES, '2026-02-30', '2026-13-01', 'yesterday') })
    case 'birthday':
      return fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: dayNumber(world.today) + 3 }).map(dateFromDayNumber) }, { weight: 1, arbitrary: fc.constantFrom(...EDGE_DATES, '1969-12-31', '0000-01-01') })
    case 'ids':
      return fc.oneof(fc.constant('all'), fc.array(oneOfList(world.ids.notifications), { maxLength: 4 }), fc.array(text(0, 50), { maxLength: 3 }), fc.constant(Array(201).fill('n-1')))
    case 'accepted':
      return fc.oneof(fc.array(oneOfList(world.ids.templates), { maxLength: 6 }), fc.array(text(0, 50), { maxLength: 3 }), fc.constant(Array(21).fill('points_expiring')))
    case 'couponId':
      return fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: oneOfList(world.ids.coupons) }, { weight: 1, arbitrary: text(0, 140) })
    case 'pointsToUse':
      return fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 3000 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, 10_000_001) })
    case 'ref':
      return fc.oneof(fc.uuid(), text(0, 70))
    case 'nickname':
    case 'content':
    case 'contact':
      return text(0, prop === 'content' ? 510 : 70)
  }
  return null
}

/** Values of a JSON schema (the subset mock/openapi.yaml's request bodies use), with hints by field name. */
function fromSchema(opId: string, schema: Schema, prop = ''): fc.Arbitrary<unknown> {
  const h = prop ? hint(opId, prop) : null
  if (h) return h
  if (Array.isArray(schema.oneOf)) return fc.oneof(...(schema.oneOf as Schema[]).map((s) => fromSchema(opId, s, '')))
  if ('const' in schema) return fc.constant(schema.const)
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]))
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string]
  if (types.length > 1) return fc.oneof(...types.map((t) => fromSchema(opId, { ...schema, type: t }, '')))
  switch (types[0]) {
    case 'null':
      return fc.constant(null)
    case 'boolean':
      return fc.boolean()
    case 'integer':
      return fc.integer({ min: (schema.minimum as number | undefined) ?? -5, max: (schema.maximum as number | undefined) ?? 1000 })
    case 'string': {
      if (typeof schema.pattern === 'string' && schema.pattern.includes('\\d{4}-\\d{2}-\\d{2}')) return dateNear(-60, 5)
      if (typeof schema.pattern === 'string' && schema.pattern.includes('\\d{4}-\\d{2}')) return fc.integer({ min: -24, max: 2 }).map((k) => addMonthsToMonth(monthOf(world.today), k))
      return text((schema.minLength as number | undefined) ?? 0, (schema.maxLength as number | undefined) ?? 40)
    }
    case 'array':
      return fc.array(fromSchema(opId, (schema.items as Schema) ?? {}), { minLength: (schema.minItems as number | undefined) ?? 0, maxLength: Math.min(5, (schema.maxItems as number | undefined) ?? 5) })
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Schema>
      const required = new Set((schema.required ?? []) as string[])
      const entries = Object.entries(props).map(([k, s]) => [k, required.has(k) ? fromSchema(opId, s, k) : fc.option(fromSchema(opId, s, k), { nil: undefined, freq: 2 })] as const)
      return fc.record(Object.fromEntries(entries)).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)))
    }
  }
  return fc.jsonValue({ maxDepth: 2 })
}

/** A body as text: valid-shaped, mutated, random, malformed, deep or oversized. */
function bodyText(op: Operation): fc.Arbitrary<string | undefined> {
  const schema = op.body?.schema ?? { type: 'object' }
  const valid = fromSchema(op.operationId, schema)
  const props = Object.keys((schema.properties ?? {}) as object)
  const mutated = fc
    .tuple(valid, fc.constantFrom(...(props.length > 0 ? props : ['x'])), fc.constantFrom(...WRONG), fc.constantFrom('drop', 'wrong', 'proto'))
    .map(([v, k, bad, how]) => {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return json(v)
      const o = { ...(v as Record<string, unknown>) }
      if (how === 'drop') {
        delete o[k]
        return json(o)
      }
      if (how === 'wrong') return json({ ...o, [k]: bad })
      // Own `__proto__` / `constructor` keys, as JSON.parse makes them.
      return `{"__proto__":{"${k}":${json(bad) ?? 'null'}},"constructor":${json(bad) ?? 'null'}${json(o).length > 2 ? `,${json(o).slice(1)}` : '}'}`
    })
  const deep = fc.integer({ min: MAX_JSON_DEPTH + 1, max: 3000 }).chain((n) => fc.constantFrom('['.repeat(n) + ']'.repeat(n), '{"a":'.repeat(n) + '1' + '}'.repeat(n)))
  return fc.oneof(
    { weight: 10, arbitrary: valid.map(json) },
    { weight: 5, arbitrary: mutated },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map(json) },
    { weight: 1, arbitrary: fc.constant('null') },
    { weight: 1, arbitrary: fc.constantFrom(undefined, '', '[]', '"x"', '1', 'true', '{', '{"a":', '}{', '\u0000', '{"a":1,}', "{'a':1}", '{"pointsToUse":1e400,"items":[{"sku":"latte","qty":1e400}]}', '{"type":"app_open","ref":"\\ud800"}') },
    { weight: 1, arbitrary: text(1, 30) },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: fc.constant(json({ content: 'x'.repeat(MAX_BODY_BYTES + 10) })) },
  )
}

/** The resource list a path id of this operation names. */
function idsFor(template: string): string[] {
  if (template.startsWith('/campaigns')) return world.ids.campaigns
  if (template.startsWith('/tasks')) return world.ids.tasks
  if (template.startsWith('/rewards')) return world.ids.rewards
  if (template.startsWith('/orders')) return world.ids.orders
  return []
}

const pathSegment = (template: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: oneOfList(idsFor(template)).map(encodeURIComponent) },
    { weight: 2, arbitrary: text(1, 20).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.fullUnicodeString({ minLength: 60, maxLength: 90 }).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_ESCAPES) },
    { weight: 1, arbitrary: fc.constantFrom(...PROTO_NAMES, '%00', 'a%0Ab', '%2F', '..') },
  )

function queryValue(p: Param): fc.Arbitrary<string> {
  const valid: fc.Arbitrary<string> =
    p.name === 'limit'
      ? fc.integer({ min: 1, max: 100 }).map(String)
      : p.name === 'cursor'
        ? fc.integer({ min: 0, max: 5000 }).map(String)
        : p.name === 'month'
          ? fc.integer({ min: -30, max: 3 }).map((k) => addMonthsToMonth(monthOf(world.today), k))
          : dateNear(-400, 5)
  const edges = p.name === 'month' ? EDGE_MONTHS : p.name === 'limit' || p.name === 'cursor' ? ['0', '-1', '101', '1.5', '1e3', '99999999999', '999999999999', '1000000000000'] : EDGE_DATES
  return fc.oneof(
    { weight: 5, arbitrary: valid },
    { weight: 1, arbitrary: text(0, 20) },
    { weight: 2, arbitrary: fc.constantFrom(...edges) },
    { weight: 1, arbitrary: fc.constantFrom('0', '-1', '101', '1.5', '1e3', '2026-13', '2026-02-30', '1969-12-31', '0000-01', '%zz', '') },
    { weight: 1, arbitrary: fc.constant('7'.repeat(300)) },
  )
}

type Actor = keyof World['tokens'] | 'none' | 'garbage' | 'proto'

interface GenRequest {
  actor: Actor
  req: MockRequest
  key: string | undefined
}

function requestFor(op: Operation): fc.Arbitrary<GenRequest> {
  const actor: fc.Arbitrary<Actor> = op.security.includes('operator')
    ? fc.oneof({ weight: 6, arbitrary: fc.constant('operator' as const) }, { weight: 3, arbitrary: fc.constantFrom<Actor>('fresh', 'demo', 'none', 'garbage', 'proto', 'expired') })
    : fc.oneof({ weight: 6, arbitrary: fc.constant('fresh' as const) }, { weight: 4, arbitrary: fc.constant('demo' as const) }, { weight: 2, arbitrary: fc.constantFrom<Actor>('none', 'garbage', 'proto', 'expired', 'operator') })
  const path = op.template.includes('{id}') ? pathSegment(op.template).map((s) => op.template.replace('{id}', s)) : fc.constant(op.template)
  const queryParams = op.params.filter((p) => p.in === 'query')
  const query = fc
    .tuple(
      fc.tuple(...queryParams.map((p) => fc.option(queryValue(p), { nil: undefined, freq: 3 }))),
      fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PROTO_NAMES, 'x', 'month'), text(0, 10)) }),
    )
    .map(([values, extra]) => {
      const entries: [string, string][] = []
      queryParams.forEach((p, i) => values[i] !== undefined && entries.push([p.name, values[i] as string]))
      if (extra) entries.push(extra)
      return Object.fromEntries(entries)
    })
  const keyed = op.params.some((p) => p.in === 'header' && p.name === 'Idempotency-Key')
  const key = !keyed
    ? fc.constant(undefined)
    : fc.oneof(
        { weight: 12, arbitrary: fc.uuid() },
        { weight: 1, arbitrary: fc.constantFrom(undefined, '', 'k'.repeat(129), '键'.repeat(129), 'k'.repeat(128)) },
        { weight: 1, arbitrary: fc.constantFrom(...PROTO_NAMES) },
        { weight: 1, arbitrary: fc.constantFrom('gen-shared-1', 'gen-shared-2') },
      )
  const body = op.method === 'POST' ? bodyText(op) : fc.constant(undefined)
  const contentType = fc.oneof(
    { weight: 14, arbitrary: fc.constant('application/json') },
    { weight: 2, arbitrary: fc.constantFrom(undefined, 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'application/json; charset=utf-8', 'application/problem+json', 'text/json') },
  )
  const extraHeader = fc.oneof(
    { weight: 24, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom<[string, string]>(['x-pad', 'x'.repeat(MAX_HEADER_BYTES + 100)], ['x-note', '__proto__'], ['authorization-extra', 'Bearer x']) },
  )
  const authStyle = fc.oneof({ weight: 12, arbitrary: fc.constant('Bearer ') }, { weight: 1, arbitrary: fc.constantFrom('bearer ', 'Basic ', 'Bearer  ', 'Token ') })
  return fc.record({ actor, path, query, key, body, contentType, extraHeader, authStyle }).map((g) => {
    const token = g.actor === 'none' ? null : g.actor === 'garbage' ? 'not-a-token' : g.actor === 'proto' ? '__proto__' : world.tokens[g.actor]
    const headers: Record<string, string> = {}
    if (token !== null) headers.authorization = `${g.authStyle}${token}`
    if (g.key !== undefined) headers['idempotency-key'] = g.key
    if (g.body !== undefined && g.contentType !== undefined) headers['content-type'] = g.contentType
    if (g.extraHeader) headers[g.extraHeader[0]] = g.extraHeader[1]
    const req: MockRequest = { method: op.method, path: g.path, query: g.query, headers, ...(g.body !== undefined ? { rawBody: g.body } : {}) }
    const out: GenRequest = { actor: g.actor, req, key: g.key }
    // A compact picture of the request when fast-check reports it (bodies can be 64 KB).
    Object.defineProperty(out, fc.toStringMethod, {
      value: () => {
        const cut = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s)
        const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, cut(v, 60)]))
        return `${g.actor} ${op.method} ${cut(g.path)} query=${cut(json(g.query))} headers=${json(h)} body=${g.body === undefined ? '(none)' : cut(g.body)}`
      },
    })
    return out
  })
}

// ── what the contract itself accepts ──────────────────────────────────────────────────────────────────

const chars = (s: string) => Array.from(s).length

/** Whether mock/openapi.yaml (schemas, security and the documented limits) admits this request. */
function contractAdmits(op: Operation, g: GenRequest): boolean {
  const { req } = g
  if (requestHeadBytes(req) > MAX_HEADER_BYTES) return false
  const auth = req.headers.authorization ?? ''
  // The scheme is case-insensitive (RFC 9110): `bearer x` is `Bearer x`.
  const token = /^bearer /i.test(auth) ? auth.slice(7).trim() : null
  const validMember = token === world.tokens.fresh || token === world.tokens.demo
  if (op.security.includes('operator') && token !== world.tokens.operator) return false
  if (op.security.includes('member') && !op.security.includes('none') && !validMember) return false
  // Path id.
  if (op.template.includes('{id}')) {
    const prefix = op.template.split('{id}')[0]
    const segment = req.path.slice(prefix.length).split('/')[0]
    let id: string
    try {
      id = decodeURIComponent(segment)
    } catch {
      return false
    }
    // eslint-disable-next-line no-control-regex
    if (id.length === 0 || chars(id) > 64 || /[\u0000-\u001f\u007f]/.test(id)) return false
  }
  for (const p of op.params) {
    if (p.in === 'query') {
      const v = req.query[p.name]
      if (v === undefined || v === '') {
        if (p.required) return false
        continue
      }
      const isInt = (p.schema.type ?? '') === 'integer'
      if (isInt && !/^-?\d+$/.test(v)) return false
      if (!op.paramValidators.get(`query:${p.name}`)!(isInt ? Number(v) : v)) return false
    }
    if (p.in === 'header' && p.name === 'Idempotency-Key') {
      const v = req.headers['idempotency-key']
      if (v === undefined) {
        if (p.required) return false
        continue
      }
      if (!op.paramValidators.get('header:Idempotency-Key')!(v)) return false
    }
  }
  if (op.method !== 'POST') return true
  const raw = req.rawBody
  if (raw === undefined || raw === '') return !op.body?.required
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) return false
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES || jsonDepthExceeds(raw)) return false
  let body: unknown
  try {
    body = JSON.parse(raw)
  } catch {
    return false
  }
  return op.body ? op.body.validate(body) : true
}

/**
 * The other way for numbers: a body's integer the contract admits is not refused as malformed input (INVALID_INPUT
 * naming it). A client built from the document reads its bounds there (`pointsToUse` ≤ 10000000 was enforced and
 * unstated). Only integers: text and list fields carry rules a schema cannot say (control characters, cursors).
 */
function unstatedBound(op: Operation, g: GenRequest, res: MockResponse): string | null {
  const error = (res.body as { error?: { code?: string; details?: { field?: unknown } } } | null)?.error
  if (res.status !== 400 || error?.code !== 'INVALID_INPUT' || typeof error.details?.field !== 'string' || !op.body) return null
  const field = error.details.field
  const schema = (op.body.schema.properties as Record<string, Schema> | undefined)?.[field]
  if (!schema || schema.type !== 'integer' || !contractAdmits(op, g)) return null
  const value = (JSON.parse(g.req.rawBody ?? '{}') as Record<string, unknown>)[field]
  return Number.isInteger(value) ? `${field} ${String(value)}` : null
}

// ── the property ──────────────────────────────────────────────────────────────────────────────────────

/** The Idempotency-Key scope of the request's token (the member's id, `operator:…`), from the state before it. */
const scopeOf = (actor: Actor, state: State, token: string | undefined): string | null => {
  if (actor === 'operator') return 'operator:demo-operator'
  const s = token ? (state.get(`session/${sha256Hex(token)}`) as { memberId: string | null } | undefined) : undefined
  return s ? s.memberId : null
}

function problems(op: Operation, g: GenRequest, res: MockResponse, before: State, after: State, logged: unknown[]): string[] {
  const out: string[] = []
  if (res.status >= 500) out.push(`answered ${res.status}`)
  if (logged.length > 0) out.push(`logged an unexpected error: ${String(logged[0]).slice(0, 300)}`)
  out.push(...contract.check(op.method, op.template.includes('{id}') ? g.req.path : op.template, res.status, res.body))
  if (res.status >= 400) {
    if (!isErrorBody(res.body)) out.push(`a refusal without the error shape: ${json(res.body)?.slice(0, 200)}`)
    else if (!ZH.test((res.body as { error: { message: string } }).error.message)) out.push(`an error message not in zh-CN: ${json(res.body)}`)
    // Another member's id the client did not send itself (coupon ids carry their owner's id: the member's own,
    // or one echoed back from the request, is no leak).
    const sent = `${g.req.path} ${json(g.req.query)} ${g.req.rawBody ?? ''}`
    const self = scopeOf(g.actor, before, g.req.headers.authorization?.slice(7).trim())
    const leaked = world.memberIds.find(
      (id) => id !== self && new RegExp(`\\b${id}\\b`).test(json(res.body) ?? '') && !new RegExp(`\\b${id}\\b`).test(sent),
    )
    if (leaked) out.push(`a refusal names member ${leaked}: ${json(res.body)}`)
  } else if (!contractAdmits(op, g)) {
    out.push(`accepted (${res.status}) a request the contract refuses`)
  }
  const unstated = unstatedBound(op, g, res)
  if (unstated) out.push(`refused ${unstated} as out of range, which the contract admits (a bound the document does not state)`)
  // A token that opens no session (none, made up, `__proto__`, expired) is never a role: 401, not 403.
  if (['none', 'garbage', 'proto', 'expired'].includes(g.actor) && !op.security.includes('none') && (res.status < 400 || res.status === 403)) {
    out.push(`answered ${res.status} to a token that opens no session`)
  }
  // State: a GET never changes it; a refusal changes only the Idempotency-Key record that replays it (and the
  // storage's commit counter) — and a wrong password leaves its line in the audit log (someone guessing shows there).
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k))
  if (op.method === 'GET' && changed.length > 0) out.push(`a GET changed ${changed.join(', ')}`)
  if (res.status >= 400 && changed.length > 0) {
    const scope = scopeOf(g.actor, before, g.req.headers.authorization?.slice(7).trim())
    for (const k of changed) {
      if (k === 'meta') continue
      if (k.startsWith('audit/') && AUDITED_REFUSALS.has((res.body as { error?: { code?: string } }).error?.code ?? '')) continue
      if (k !== `idem/${scope}`) {
        out.push(`a refusal changed ${k}`)
        continue
      }
      const [b, a] = [(before.get(k) ?? {}) as Record<string, unknown>, after.get(k) as Record<string, unknown>]
      for (const key of Object.keys(a)) if (key !== g.key && b[key] !== a[key]) out.push(`a refusal changed idempotency record ${scope}/${key}`)
    }
  }
  return out
}

/** Refusals that are in the audit log: a wrong password at the console's sign-in, or of an admin re-confirming theirs. */
const AUDITED_REFUSALS = new Set(['OPERATOR_LOGIN_FAILED', 'CURRENT_PASSWORD_WRONG'])

/** `METHOD /path operationId` of every operation, read synchronously so each gets its own named test. */
function operationNames(): { method: string; template: string; operationId: string }[] {
  const out: { method: string; template: string; operationId: string }[] = []
  let template = ''
  let method = ''
  for (const line of readFileSync(OPENAPI_FILE, 'utf8').split('\n')) {
    const p = /^ {2}(\/\S*):\s*$/.exec(line)
    if (p) template = p[1]
    const m = /^ {4}(get|post):\s*$/.exec(line)
    if (m) method = m[1].toUpperCase()
    const id = /^ {6}operationId: (\w+)/.exec(line)
    if (id) out.push({ method, template, operationId: id[1] })
  }
  return out
}

/** GEN_STATS=1 prints how often each operation answered each status and code (is the generator reaching past validation?). */
const stats = new Map<string, number>()
afterAll(() => {
  if (process.env.GEN_STATS) console.log([...stats].sort().map(([k, v]) => `${k}: ${v}`).join('\n'))
})

describe('generative: every operation of mock/openapi.yaml under generated input', () => {
  const names = operationNames()
  test('every operation of the document is exercised here', () => {
    expect(names.map((n) => n.operationId).sort()).toEqual(operations.map((o) => o.operationId).sort())
  })
  names.forEach((name, i) => {
    test(`${name.method} ${name.template} (${name.operationId})`, async () => {
      const op = operations.find((o) => o.operationId === name.operationId)!
      const seed = SEED + i
      await refreshIds()
      const logged: unknown[] = []
      const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')))
      try {
        await fc.assert(
          fc.asyncProperty(requestFor(op), async (g) => {
            logged.length = 0
            const before = snapshot()
            const res = await backend.handle(g.req)
            const after = snapshot()
            const found = problems(op, g, res, before, after, logged)
            if (process.env.GEN_STATS) {
              const k = `${op.operationId} ${res.status} ${(res.body as { error?: { code?: string } } | null)?.error?.code ?? ''}`
              stats.set(k, (stats.get(k) ?? 0) + 1)
            }
            if (found.length > 0) throw new Error(`${op.operationId}: ${found.join('; ')}\n  answer ${res.status} ${json(res.body)?.slice(0, 300)}`)
          }),
          { seed, numRuns: RUNS, endOnFailure: true },
        )
      } catch (e) {
        throw new Error(`[generative] ${op.method} ${op.template} (${op.operationId}) failed with seed ${seed} (GEN_SEED=${SEED}, GEN_RUNS=${RUNS}):\n${(e as Error).message}`)
      } finally {
        spy.mockRestore()
      }
    })
  })
})
