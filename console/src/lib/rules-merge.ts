/**
 * A draft's changes made again on a newer version (保存 answered 409 RULES_BASE_OUTDATED: someone saved while the
 * operator edited): a three-way merge of the draft's base, the draft and the newer document. What only one side
 * changed is taken from it; lists of items with an `id` (campaigns, prizes, tasks, templates …) are matched by id, so
 * an item the draft added or removed is added or removed again; where both changed the same value differently the
 * newer version's stays and the operator is shown what the draft had wanted there, to enter again if still wanted.
 */
import { rulesDiff, type RuleChange } from './rules-diff'

type Obj = Record<string, unknown>
type Item = Obj & { id: string }

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v)
const isItems = (v: unknown): v is Item[] => Array.isArray(v) && v.every((x) => isObj(x) && typeof x.id === 'string')
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/** One value both the draft and the newer version changed: the newer one's is kept (`theirs`), the draft's was `mine`. */
export interface RebaseConflict {
  path: string
  base: unknown
  mine: unknown
  theirs: unknown
}

export interface Rebased<T> {
  document: T
  /** What the draft changed against its base, as now made on the newer version. */
  applied: RuleChange[]
  conflicts: RebaseConflict[]
}

/** `draft`'s changes against `base`, made on `latest`. */
export function rebaseDraft<T>(base: T, draft: T, latest: T): Rebased<T> {
  const conflicts: RebaseConflict[] = []
  const document = merge(base, draft, latest, '', conflicts) as T
  // Where they clashed the document is the newer version's: no change of the draft's there.
  return { document, applied: rulesDiff(latest, document), conflicts }
}

function merge(b: unknown, d: unknown, l: unknown, path: string, conflicts: RebaseConflict[]): unknown {
  if (same(d, b)) return l
  if (same(l, b) || same(d, l)) return d
  const at = (key: string) => (path ? `${path}.${key}` : key)
  if (isObj(b) && isObj(d) && isObj(l)) {
    const out: Obj = {}
    for (const key of new Set([...Object.keys(l), ...Object.keys(d)])) {
      const v = merge(b[key], d[key], l[key], at(key), conflicts)
      if (v !== undefined) out[key] = v
    }
    return out
  }
  if (isItems(b) && isItems(d) && isItems(l)) {
    const byId = (list: Item[], id: string) => list.find((x) => x.id === id)
    const out: unknown[] = []
    // The newer version's order, then the draft's others in its order: what it added, and what it kept that the newer
    // version removed (gone, unless the draft changed it: then a conflict).
    for (const id of [...l.map((x) => x.id), ...d.map((x) => x.id).filter((id) => !byId(l, id))]) {
      const named = byId(d, id) ?? byId(l, id) ?? byId(b, id)
      // Named as the change lists name items (rules-diff.ts): by id and name.
      const label = typeof named?.name === 'string' && named.name ? `${id}（${named.name}）` : id
      const v = merge(byId(b, id), byId(d, id), byId(l, id), `${path}[${label}]`, conflicts)
      if (v !== undefined) out.push(v)
    }
    return out
  }
  conflicts.push({ path, base: b, mine: d, theirs: l })
  return l
}
