/**
 * Persisted snapshots carry a schema version derived from the types they store (src/stores/persist-storage.ts):
 * each store `x` exports `XSnapshot`, the type its `partialize` returns. This test expands that type — every
 * contract and domain type inside it, field by field — into one canonical description and fingerprints it.
 * When a persisted type changes (MemberMe gains a field, a calendar day changes shape …) the fingerprint moves,
 * this test fails with the new figure, and copying it into SNAPSHOTS makes the app discard snapshots of the old
 * shape instead of reading them. Then: a snapshot of another version is discarded at start, never read.
 */
import { createHash } from 'node:crypto'
import path from 'node:path'
import ts from 'typescript'
import { platform } from '@/platform'
import { useMemberStore } from '@/stores/member'
import { SNAPSHOTS } from '@/stores/persist-storage'
import { useSigninStore } from '@/stores/signin'

const ROOT = path.resolve(__dirname, '../..')
type Store = keyof typeof SNAPSHOTS
const STORES = Object.keys(SNAPSHOTS) as Store[]
const typeName = (store: Store) => `${store[0].toUpperCase()}${store.slice(1)}Snapshot`
const fileOf = (store: Store) => path.join(ROOT, 'src/stores', `${store}.ts`)

function loadProgram(): ts.Program {
  const configPath = path.join(ROOT, 'tsconfig.json')
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile)
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT)
  return ts.createProgram(STORES.map(fileOf), { ...options, noEmit: true })
}

/** The shape of a type, canonical: properties sorted, unions sorted, aliases expanded; a type inside itself is `#depth`. */
function shapeOf(checker: ts.TypeChecker, type: ts.Type, seen: Map<ts.Type, string> = new Map()): string {
  const f = type.flags
  if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.String | ts.TypeFlags.Number | ts.TypeFlags.Boolean | ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Literal | ts.TypeFlags.Never | ts.TypeFlags.BigInt | ts.TypeFlags.TemplateLiteral)) {
    return checker.typeToString(type)
  }
  if (type.isUnion()) {
    // boolean is true | false: keep it one word.
    return [...new Set(type.types.map((t) => shapeOf(checker, t, seen)))].sort().join(' | ').replace('false | true', 'boolean')
  }
  if (type.isIntersection()) return type.types.map((t) => shapeOf(checker, t, seen)).sort().join(' & ')
  if (checker.isArrayType(type)) {
    const element = shapeOf(checker, checker.getTypeArguments(type as ts.TypeReference)[0], seen)
    return element.includes(' | ') || element.includes(' & ') ? `(${element})[]` : `${element}[]`
  }
  if (checker.isTupleType(type)) return `[${checker.getTypeArguments(type as ts.TypeReference).map((t) => shapeOf(checker, t, seen)).join(', ')}]`
  const enclosing = seen.get(type)
  if (enclosing) return enclosing
  seen.set(type, `#${seen.size}`)
  const parts: string[] = []
  for (const info of checker.getIndexInfosOfType(type)) parts.push(`[key: ${shapeOf(checker, info.keyType, seen)}]: ${shapeOf(checker, info.type, seen)}`)
  for (const prop of [...checker.getPropertiesOfType(type)].sort((a, b) => a.name.localeCompare(b.name))) {
    const optional = prop.flags & ts.SymbolFlags.Optional ? '?' : ''
    parts.push(`${prop.name}${optional}: ${shapeOf(checker, checker.getTypeOfSymbol(prop), seen)}`)
  }
  if (checker.getSignaturesOfType(type, ts.SignatureKind.Call).length) parts.push('(call)')
  seen.delete(type)
  return `{ ${parts.join('; ')} }`
}

/** The fingerprint SNAPSHOTS holds: the first 32 bits of the SHA-256 of the description. */
const fingerprint = (description: string) => parseInt(createHash('sha256').update(description).digest('hex').slice(0, 8), 16)

describe('snapshot schema versions follow the persisted types', () => {
  let program: ts.Program
  beforeAll(() => {
    program = loadProgram()
  })

  test.each(STORES)('%s: SNAPSHOTS version is the fingerprint of its snapshot type', (store) => {
    const checker = program.getTypeChecker()
    const source = program.getSourceFile(fileOf(store))!
    const symbol = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).find((s) => s.name === typeName(store))
    if (!symbol) throw new Error(`src/stores/${store}.ts must export ${typeName(store)}, the type its partialize returns`)
    const description = shapeOf(checker, checker.getDeclaredTypeOfSymbol(symbol))
    // The contract's types are expanded, not named: a change inside them moves the figure.
    expect(description).not.toMatch(/\bMemberMe\b|\bSigninCalendarResponse\b|\bTaskView\b|\bCampaignSummary\b|\bany\b/)
    const expected = fingerprint(description)
    const hex = `0x${expected.toString(16).padStart(8, '0')}`
    expect({ store, version: `0x${SNAPSHOTS[store].version.toString(16).padStart(8, '0')}` }).toEqual({ store, version: hex })
  })

  test('every persisted store is listed, with its own key and version', () => {
    const names = STORES.map((s) => SNAPSHOTS[s].name)
    expect(new Set(names).size).toBe(names.length)
    const versions = STORES.map((s) => SNAPSHOTS[s].version)
    expect(new Set(versions).size).toBe(versions.length)
  })

  test('every store that persists does it through snapshotOptions, under its own name (a new one cannot skip the version)', () => {
    const persisting = ts.sys
      .readDirectory(path.join(ROOT, 'src'), ['.ts', '.tsx'])
      .filter((f) => /\bpersist\(/.test(ts.sys.readFile(f) ?? '') && !f.endsWith('persist-storage.ts'))
      .map((f) => {
        const text = ts.sys.readFile(f)!
        return { file: path.relative(ROOT, f), through: /snapshotOptions\(\s*'(\w+)'/.exec(text)?.[1] ?? null }
      })
    expect(persisting.map((p) => p.file).sort()).toEqual(STORES.map((s) => path.relative(ROOT, fileOf(s))).sort())
    for (const p of persisting) expect(p).toEqual({ file: p.file, through: path.basename(p.file, '.ts') })
  })
})

describe('a snapshot of another schema version is discarded at start, never read', () => {
  test('a member snapshot written with another shape is dropped', async () => {
    // What an older app wrote: `tier` was a string then.
    platform.storage.setItem('member-snapshot', JSON.stringify({ state: { me: { id: 'old', tier: 'gold' }, savedAt: '2020-01-01T00:00:00Z' }, version: 1 }))
    await useMemberStore.persist.rehydrate()
    expect(useMemberStore.getState().me).toBeNull()
    expect(useMemberStore.getState().savedAt).toBeNull()
  })

  test('a snapshot of the current version is read', async () => {
    const calendar = { month: '2026-11', today: '2026-11-24', days: [] }
    platform.storage.setItem('signin-snapshot', JSON.stringify({ state: { calendars: { '2026-11': calendar }, currentMonth: '2026-11', savedAt: null }, version: SNAPSHOTS.signin.version }))
    await useSigninStore.persist.rehydrate()
    expect(useSigninStore.getState().currentMonth).toBe('2026-11')
  })

  test('unreadable storage (not JSON) leaves the store at its initial state', async () => {
    platform.storage.setItem('member-snapshot', '{not json')
    await useMemberStore.persist.rehydrate()
    expect(useMemberStore.getState().me).toBeNull()
  })
})
