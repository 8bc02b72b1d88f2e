/**
 * Background work on a timer (the reminder sweep, message delivery): `task` every `everyMs`, never two runs at once
 * (a run still going when the next is due is not doubled), errors left to the task. `stop()` ends the timer and
 * waits for a run under way, which sees `stopping()` turn true and ends after the item it is on (a sweep over
 * thousands of members, or a pass waiting on a platform that times out, must not hold a shutdown up). The first run
 * comes after `firstAfterMs` (the period by default).
 */
export interface Periodic {
  stop(): Promise<void>
}

export function runEvery(everyMs: number, task: (stopping: () => boolean) => Promise<void>, { firstAfterMs = everyMs } = {}): Periodic {
  let running: Promise<void> | null = null
  let stopped = false
  const run = () => {
    running ??= task(() => stopped).finally(() => {
      running = null
    })
  }
  let interval: ReturnType<typeof setInterval> | null = null
  // The first run may come sooner than the period (a server restarted more often than hourly still purges).
  const first = setTimeout(() => {
    run()
    interval = setInterval(run, everyMs)
    interval.unref()
  }, firstAfterMs)
  first.unref()
  return {
    async stop() {
      stopped = true
      clearTimeout(first)
      if (interval) clearInterval(interval)
      await running
    },
  }
}
