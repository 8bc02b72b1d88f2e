/**
 * `npm run test:dates`: the demo seed replayed up to every day from 2026-01-01 to 2028-03-31 (and the awkward
 * instants of `npm test`'s sample), each checked by the same invariants as tests/mock/seed-dates.test.ts.
 * Prints the failures and the time taken; exit code 1 on any failure.
 */
import { availableParallelism } from 'node:os'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import { awkwardInstants, checkDemoAt, everyDay } from '../tests/mock/support/demo-invariants'

if (isMainThread) {
  const instants = [...everyDay(), ...awkwardInstants()]
  const workers = Math.max(1, Math.min(4, availableParallelism()))
  const started = Date.now()
  const failures: string[] = []
  let done = 0
  const slices = Array.from({ length: workers }, (_, w) => instants.filter((_, i) => i % workers === w))
  Promise.all(
    slices.map(
      (slice) =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(__filename, { workerData: slice, execArgv: ['--require', require.resolve('tsx/cjs')] })
          worker.on('message', (m: { iso: string; problems: string[] }) => {
            done++
            if (m.problems.length) failures.push(`${m.iso}: ${m.problems.join('; ')}`)
          })
          worker.on('error', reject)
          worker.on('exit', () => resolve())
        }),
    ),
  ).then(() => {
    failures.sort().forEach((f) => console.log(`✗ ${f}`))
    const s = ((Date.now() - started) / 1000).toFixed(1)
    console.log(`demo seed over ${done} instants (${workers} workers, ${s} s): ${done - failures.length} passed, ${failures.length} failed`)
    process.exit(failures.length || done !== instants.length ? 1 : 0)
  })
} else {
  void (async () => {
    for (const iso of workerData as string[]) {
      // A seed that throws is that instant's failure, named, and the sweep goes on.
      const problems = await checkDemoAt(iso).catch((e: unknown) => [`threw ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`])
      parentPort!.postMessage({ iso, problems })
    }
  })()
}
