/**
 * The data-path semantics of the mini-program `setData(obj)`: every key of `obj` is a path into `this.data`.
 *
 *   'a'                 replaces data.a
 *   'a.b.c'             sets data.a.b.c, creating missing objects on the way
 *   'list[2].v'         array index; 'list.[2].v' (Taro's `root.cn.[0].cn.[2].v`) means the same
 *   'm[0][1]'           nested indexes
 *
 * A missing (or primitive) container on the way is created as an array when the next segment is an index and
 * as an object otherwise, which is what the WeChat/Alipay frameworks do. Values are stored as given: callers
 * pass JSON-cloned data, the same copy the real framework keeps after serialising setData for the view layer.
 */

export type PathSegment = string | number

export function parseDataPath(key: string): PathSegment[] {
  const segments: PathSegment[] = []
  let name = ''
  let i = 0
  const flushName = () => {
    if (name !== '') segments.push(name)
    name = ''
  }
  while (i < key.length) {
    const ch = key[i]
    if (ch === '.') {
      flushName()
      i++
    } else if (ch === '[') {
      flushName()
      const close = key.indexOf(']', i)
      const inner = close === -1 ? '' : key.slice(i + 1, close)
      if (!/^\d+$/.test(inner)) throw new Error(`setData: bad index "[${inner}]" in data path "${key}"`)
      segments.push(Number(inner))
      i = close + 1
    } else {
      name += ch
      i++
    }
  }
  flushName()
  if (segments.length === 0) throw new Error(`setData: empty data path "${key}"`)
  return segments
}

type Container = Record<string | number, unknown>

function isContainer(value: unknown): value is Container {
  return value !== null && typeof value === 'object'
}

/** Set one path; `makeArray`/`makeObject` create containers in the caller's realm (see the harness). */
export function setDataPath(
  root: Container,
  key: string,
  value: unknown,
  make: { array: () => unknown[]; object: () => Container } = { array: () => [], object: () => ({}) },
): void {
  const segments = parseDataPath(key)
  let current: Container = root
  for (let i = 0; i < segments.length - 1; i++) {
    const seg = segments[i]
    let next = current[seg]
    if (!isContainer(next)) {
      next = typeof segments[i + 1] === 'number' ? make.array() : make.object()
      current[seg] = next
    }
    current = next as Container
  }
  current[segments[segments.length - 1]] = value
}

/** Does a setData key touch the value at `path` (the key is the path, one of its ancestors, or inside it)? */
export function pathsOverlap(key: PathSegment[], path: PathSegment[]): boolean {
  const n = Math.min(key.length, path.length)
  for (let i = 0; i < n; i++) {
    if (String(key[i]) !== String(path[i])) return false
  }
  return true
}
