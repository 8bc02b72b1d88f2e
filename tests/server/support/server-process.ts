/**
 * The production server in a child process (`tsx server/main.ts`), the way it runs for real: PGlite loads its
 * WASM with dynamic imports Jest's module sandbox refuses, and `kill -9` tests need a process to kill.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

export const ROOT = path.resolve(__dirname, '../../..')

export interface ServerProcess {
  url: string
  child: ChildProcess
  /** SIGTERM: in-flight requests finish, then the process exits. */
  stop(): Promise<number | null>
  /** SIGKILL to the whole process group (npx, tsx, node). */
  kill9(): Promise<void>
  output(): string
}

/** Starts the server with `env` added to the test's own; resolves when it listens (or rejects with its output). */
export function startServerProcess(env: Record<string, string>, timeoutMs = 120_000): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'server/main.ts'], {
      cwd: ROOT,
      detached: true,
      // DATABASE_URL is the caller's choice only: one set in the environment (it points the PostgreSQL tests at a
      // server) must not turn a PGlite server into a PostgreSQL one.
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'test', DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    // A process killed by a signal has no exit code (signalCode instead): both say it is gone.
    const running = () => child.exitCode === null && child.signalCode === null
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL')
      reject(new Error(`server did not start in ${timeoutMs} ms:\n${out}`))
    }, timeoutMs)
    const onData = (d: Buffer) => {
      out += d.toString()
      const m = /loyalty server on (http:\/\/[\d.]+:\d+)/.exec(out)
      if (!m) return
      clearTimeout(timer)
      resolve({
        url: m[1],
        child,
        output: () => out,
        async stop() {
          if (running()) process.kill(child.pid!, 'SIGTERM')
          return exited
        },
        async kill9() {
          if (running()) {
            process.kill(-child.pid!, 'SIGKILL')
            await exited
          }
        },
      })
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
    // SERVER_LOG=file keeps the server's output for a failure's post-mortem.
    if (process.env.SERVER_LOG) child.on('exit', () => require('node:fs').writeFileSync(process.env.SERVER_LOG!, out))
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited (${code}):\n${out}`))
    })
  })
}

/** Rate limits out of the way: tests that burst requests from one address and one member. */
export const NO_RATE_LIMITS = { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_MEMBER: '100000', RATE_LIMIT_PER_OPERATOR: '100000', RATE_LIMIT_CONSOLE_SIGN_IN_PER_IP: '100000' }

/** An instant of the tests' own, far from any business-day boundary (10:00 in Shanghai). */
export const PINNED_NOW = '2026-11-24T02:00:00.000Z'

/**
 * The server with its test controls on and its clock pinned at `now` (a restart forgets the pin: start it again
 * this way), so no expectation depends on the day or the hour the tests run.
 */
export async function startPinnedServer(env: Record<string, string>, now: string = PINNED_NOW): Promise<ServerProcess> {
  const server = await startServerProcess({ ...env, MOCK_TEST_CONTROLS: '1' })
  const r = await fetch(`${server.url}/__mock/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now }) })
  if (r.status !== 200) {
    await server.stop()
    throw new Error(`the server refused to pin its clock at ${now}: ${r.status} ${await r.text()}`)
  }
  return server
}
