/**
 * The PGlite data directory's lock (server/sql/data-dir-lock.ts): one process per directory, also when every
 * container sharing a volume runs the server as PID 1 (its own process id is no proof the lock is its own), and a
 * lock left by a killed process never keeps the next start out.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, existsSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import path from 'node:path'
import { DataDirInUse, lockDataDir, LOCK_FILE } from '../../server/sql/data-dir-lock'

const BEAT = 40
let dir: string
const file = () => path.join(dir, LOCK_FILE)
/** A lock last touched `ageMs` ago on the file system's clock (which the lock reads: not this process's). */
const writeLock = (holder: unknown, ageMs = 0) => {
  writeFileSync(file(), JSON.stringify(holder))
  const t = new Date(statSync(file()).mtimeMs - ageMs)
  utimesSync(file(), t, t)
}
/** A beat of another holder: its file rewritten, stamped by the file system. */
const touch = () => writeFileSync(file(), readFileSync(file()))
/** `check` while another holder beats. */
async function whileBeating(check: () => Promise<void>): Promise<void> {
  const beat = setInterval(touch, BEAT)
  try {
    await check()
  } finally {
    clearInterval(beat)
  }
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'lock-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

test('a live holder with the same process id (another container, PID 1 in both) keeps the directory; released, it is free', async () => {
  const release = await lockDataDir(dir, BEAT)
  expect(JSON.parse(readFileSync(file(), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() })
  await expect(lockDataDir(dir, BEAT)).rejects.toThrow(DataDirInUse)
  release()
  expect(existsSync(file())).toBe(false)
  const again = await lockDataDir(dir, BEAT)
  again()
})

test('a holder on another host is judged by its heartbeat: touched → refused, silent → taken over', async () => {
  writeLock({ pid: 1, host: 'other-host', token: 'theirs' })
  await whileBeating(() => expect(lockDataDir(dir, BEAT)).rejects.toThrow(/in use by process 1 on other-host/))
  // Its last beat just now, then nothing: watched until it is stale, then taken over.
  const release = await lockDataDir(dir, BEAT)
  expect(JSON.parse(readFileSync(file(), 'utf8')).host).toBe(hostname())
  release()
})

test('a clock set years off (a host with a skewed clock, a run under faketime) neither ages a live lock nor freshens a dead one', async () => {
  const realNow = Date.now
  const skewed = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 2 * 365 * 86_400_000)
  try {
    writeLock({ pid: 1, host: 'other-host', token: 'theirs' })
    await whileBeating(() => expect(lockDataDir(dir, BEAT)).rejects.toThrow(/in use by process 1 on other-host/))
    skewed.mockImplementation(() => realNow() - 2 * 365 * 86_400_000)
    writeLock({ pid: 1, host: 'other-host', token: 'gone' }, 11 * 60_000)
    ;(await lockDataDir(dir, 60_000))()
  } finally {
    skewed.mockRestore()
  }
})

test('a lock with this process id untouched for ten beats (the container restarted after a crash) is taken over at once', async () => {
  writeLock({ pid: process.pid, host: 'old-container', token: 'gone' }, 11 * 60_000)
  const started = Date.now()
  const release = await lockDataDir(dir, 60_000)
  // Not watched (with a one-minute beat, watching would take minutes).
  expect(Date.now() - started).toBeLessThan(1000)
  release()
})

/** Where this process's ids mean something (host, PID namespace, boot), as its own lock says. */
async function here(): Promise<string> {
  const release = await lockDataDir(dir, BEAT)
  const { where } = JSON.parse(readFileSync(file(), 'utf8')) as { where: string }
  release()
  return where
}

test('on this host (and PID namespace) another process id decides: alive → refused, gone (kill -9) → taken over at once; an older version’s bare pid too', async () => {
  const where = await here()
  writeLock({ pid: process.ppid, host: hostname(), where, token: 'parent' })
  await expect(lockDataDir(dir, BEAT)).rejects.toThrow(`in use by process ${process.ppid}`)
  const gone = 2 ** 22 + 12345 // above Linux's pid_max: no such process
  writeLock({ pid: gone, host: hostname(), where, token: 'killed' })
  ;(await lockDataDir(dir, 60_000))()
  writeFileSync(file(), String(process.ppid))
  await expect(lockDataDir(dir, BEAT)).rejects.toThrow(DataDirInUse)
  writeFileSync(file(), 'garbage')
  ;(await lockDataDir(dir, BEAT))()
})

test('the same host name in another PID namespace (a container on the host network): the heartbeat decides, not the process id', async () => {
  writeLock({ pid: 2 ** 22 + 777, host: hostname(), where: `${hostname()}|pid:[1]|other-boot`, token: 'container' })
  await whileBeating(() => expect(lockDataDir(dir, BEAT)).rejects.toThrow(DataDirInUse))
})

test('a holder whose lock was taken over (its beats stopped: a process suspended) learns it at its next beat and stops', async () => {
  const lost: string[] = []
  const release = await lockDataDir(dir, BEAT, (d) => lost.push(d))
  writeLock({ pid: 1, host: 'other-host', token: 'taker' })
  await new Promise((resolve) => setTimeout(resolve, 3 * BEAT))
  expect(lost).toEqual([dir])
  release()
  // Its release leaves the other's lock alone.
  expect(JSON.parse(readFileSync(file(), 'utf8')).token).toBe('taker')
})
