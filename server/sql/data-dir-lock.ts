/**
 * An exclusive lock on a PGlite data directory (PGlite takes none: two processes on one directory would corrupt it).
 *
 * `server.lock` names its holder — process id, where that id means something (host name, PID namespace, kernel
 * boot), a random token — and the holder touches it every `heartbeatMs`. A process id alone cannot tell who holds
 * it: in a container the server is PID 1, so every container sharing the volume would find "its own" id in the lock;
 * a container on the host's network has the host's name but process ids of its own; on another host an id means
 * nothing. So:
 * - the same host, PID namespace and boot, another process id: that process decides (alive → refused; gone, e.g.
 *   `kill -9` → taken over at once);
 * - otherwise the heartbeat decides — a lock not touched for STALE_BEATS beats is taken over; a fresher one is
 *   watched until then, and refused if it is touched.
 * The lock is written whole under another name and linked into place (atomic, and refused when one exists): nobody
 * reads a half-written lock. Ages are read on the file system's clock — a beat rewrites the holder's own file, which
 * the file system stamps, and "now" is the stamp on a file written now — so no process clock decides: not one skewed
 * on another host sharing the volume, nor one a test runs at another date (`faketime`). A holder whose lock was taken over (its beats stopped that long: a process suspended)
 * learns it at its next beat and is stopped (`onLost`): two processes must never write one directory.
 */
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'

export const LOCK_FILE = 'server.lock'
const HEARTBEAT_MS = 2000
/**
 * Beats a lock may go untouched before its holder counts as gone: generous, because a holder's event loop can be
 * busy for seconds (a migration, a VACUUM in PGlite's WASM) and miss its beats without being gone.
 */
const STALE_BEATS = 10

interface Holder {
  pid: number
  host: string
  /** Where `pid` means something: host name, PID namespace and kernel boot (Linux; the host name alone elsewhere). */
  where?: string
  token: string
}

export class DataDirInUse extends Error {}

function text(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim()
  } catch {
    return ''
  }
}

function pidNamespace(): string {
  try {
    return readlinkSync('/proc/self/ns/pid')
  } catch {
    return '' // not Linux
  }
}

const WHERE = `${hostname()}|${pidNamespace()}|${text('/proc/sys/kernel/random/boot_id')}`

function holderOf(file: string): Holder | null {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder> | number
    // An earlier version's lock: its process id alone, on this host.
    if (typeof h === 'number') return { pid: h, host: hostname(), where: WHERE, token: `pid:${h}` }
    return typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.token === 'string' ? (h as Holder) : null
  } catch {
    return null // gone meanwhile, or not a lock of ours
  }
}

function touchedAt(file: string): number | null {
  try {
    return statSync(file).mtimeMs
  } catch {
    return null
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The file system's time now: the stamp it puts on a file written now (`probe`, removed again). */
function fileSystemNow(probe: string): number {
  writeFileSync(probe, '')
  try {
    return statSync(probe).mtimeMs
  } finally {
    rmSync(probe, { force: true })
  }
}

/** Whether the lock's holder is alive, as far as this process can tell. */
async function held(file: string, holder: Holder, heartbeatMs: number): Promise<boolean> {
  if (holder.where === WHERE && holder.pid !== process.pid) return isAlive(holder.pid)
  const touched = touchedAt(file)
  const start = fileSystemNow(`${file}.${randomUUID()}.now`)
  const watching = performance.now()
  const age = (t: number) => start + (performance.now() - watching) - t
  while (touched !== null && age(touched) <= STALE_BEATS * heartbeatMs) {
    await sleep(heartbeatMs / 4)
    const now = touchedAt(file)
    if (now === null) return false // released meanwhile
    if (now !== touched || holderOf(file)?.token !== holder.token) return true
  }
  return false
}

/** A lock taken over from this process: it stops before it writes the directory again. */
function stopOnLostLock(dir: string): void {
  console.error(`the lock of the data directory ${dir} was taken over by another process: stopping (two processes must never write one directory)`)
  process.exit(75)
}

/** Takes the directory's lock (or throws DataDirInUse); the answer releases it. */
export async function lockDataDir(dir: string, heartbeatMs = HEARTBEAT_MS, onLost: (dir: string) => void = stopOnLostLock): Promise<() => void> {
  const file = path.join(dir, LOCK_FILE)
  const me: Holder = { pid: process.pid, host: hostname(), where: WHERE, token: randomUUID() }
  const written = `${file}.${me.token}`
  const content = Buffer.from(JSON.stringify(me))
  for (let attempt = 0; attempt < 3; attempt++) {
    // Opened before it is linked: the beats rewrite this very file, never one another process put in its place.
    let fd: number | null = openSync(written, 'w+')
    try {
      writeSync(fd, content, 0, content.length, 0)
      linkSync(written, file)
    } catch (e) {
      closeSync(fd)
      fd = null
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const holder = holderOf(file)
      if (holder && (await held(file, holder, heartbeatMs))) {
        throw new DataDirInUse(`the data directory ${dir} is in use by process ${holder.pid} on ${holder.host} (stop it first, or set DATA_DIR)`)
      }
      // Removed only if it is still the lock just judged: a process that took it over meanwhile keeps it.
      if (holderOf(file)?.token === holder?.token) rmSync(file, { force: true })
      continue
    } finally {
      rmSync(written, { force: true })
    }
    const own = fd
    const beat = setInterval(() => {
      if (holderOf(file)?.token !== me.token && touchedAt(file) !== null) {
        clearInterval(beat)
        onLost(dir)
        return
      }
      // The same bytes again, flushed: the file system stamps the write (on a network volume too, where the stamp moves
      // when the data reaches the server). Removed by hand meanwhile: nothing to keep fresh. A beat that cannot be
      // written is missed, not fatal — ten in a row, and another process may take the lock over (then onLost).
      try {
        writeSync(own, content, 0, content.length, 0)
        fsyncSync(own)
      } catch (e) {
        console.error(`the lock of the data directory ${dir} could not be kept fresh: ${(e as Error).message}`)
      }
    }, heartbeatMs)
    beat.unref()
    return () => {
      clearInterval(beat)
      closeSync(own)
      if (holderOf(file)?.token === me.token) rmSync(file, { force: true })
    }
  }
  throw new DataDirInUse(`could not lock the data directory ${dir}`)
}
