/**
 * What one rules document changes against another, field by field: the 查看 drawer shows what a version changed
 * against the one in force before it, and 回滚 shows what the rollback will undo before it is confirmed.
 */

/** One difference: where (a readable path) and the value before and after (`undefined`: absent on that side). */
export interface RuleChange {
  path: string
  before: unknown
  after: unknown
}

type Obj = Record<string, unknown>
type Item = Obj & { id: string; name?: unknown }

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v)
const isItems = (v: unknown): v is Item[] => Array.isArray(v) && v.every((x) => isObj(x) && typeof x.id === 'string')
const isPlain = (v: unknown[]): boolean => v.every((x) => x === null || typeof x !== 'object')
const itemLabel = (item: Item): string => (typeof item.name === 'string' && item.name ? `${item.id}（${item.name}）` : item.id)
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/**
 * The leaves that differ, in document order. Lists of items with an `id` (campaigns, prizes, tasks, templates, mall
 * items …) are matched by id — an item added or removed is one change, not a shift of every later one — and named by
 * id and name (`campaigns[lucky-wheel（幸运大转盘）].lottery.prizes[cup（品牌保温杯）].stock`); a list of plain values
 * (a tier's benefit lines) is one value. `version`, which the server numbers, is not a change of the operator's.
 */
export function rulesDiff(before: unknown, after: unknown): RuleChange[] {
  const out: RuleChange[] = []
  walk(before, after, '', out)
  return out.filter((c) => c.path !== 'version')
}

function walk(a: unknown, b: unknown, path: string, out: RuleChange[]): void {
  if (same(a, b)) return
  const at = (key: string) => (path ? `${path}.${key}` : key)
  if (isObj(a) && isObj(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], at(key), out)
    return
  }
  if (Array.isArray(a) && Array.isArray(b) && !(isPlain(a) && isPlain(b))) {
    if (isItems(a) && isItems(b)) {
      for (const id of new Set([...a.map((x) => x.id), ...b.map((x) => x.id)])) {
        const x = a.find((i) => i.id === id)
        const y = b.find((i) => i.id === id)
        const label = itemLabel((y ?? x)!)
        if (x && y) walk(x, y, `${path}[${label}]`, out)
        else if (!same(x, y)) out.push({ path: `${path}[${label}]`, before: x, after: y })
      }
      return
    }
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`, out)
    return
  }
  out.push({ path, before: a, after: b })
}

/** A value as a cell shows it. */
export function changeValue(v: unknown): string {
  if (v === undefined) return '（无）'
  if (v === null) return '（空）'
  if (typeof v === 'string') return v === '' ? '（空）' : v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v) && isPlain(v)) return v.length ? v.map((x) => changeValue(x)).join('、') : '（空）'
  if (isObj(v) && typeof v.id === 'string') return `${itemLabel(v as Item)}（整项）`
  const text = JSON.stringify(v)
  return text.length > 160 ? `${text.slice(0, 159)}…` : text
}
