/**
 * Background work on a timer (the reminder sweep, message delivery): `task` every `everyMs`, never two runs at once
 * (a run still going when the next is due is not doubled), errors left to the task. `stop()` ends the timer and
 * waits for a run under way, which sees `stopping()` turn true and ends after the item it is on (a sweep over
 * thousands of members, or a pass waiting on a platform that times out, must not hold a shutdown up).
 */
export interface Periodic {
  stop(): Promise<void>
}

export function runEvery(everyMs: number, task: (stopping: () => boolean) => Promise<void>): Periodic {
  let running: Promise<void> | null = null
  let stopped = false
  const timer = setInterval(() => {
    running ??= task(() => stopped).finally(() => {
      running = null
    })
  }, everyMs)
  timer.unref()
  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      await running
    },
  }
}
