/**
 * Background work on a timer (the reminder sweep, message delivery): `task` every `everyMs`, never two runs at once
 * (a run still going when the next is due is not doubled), errors left to the task. `stop()` ends the timer and
 * waits for a run under way, so the database closes after it.
 */
export interface Periodic {
  stop(): Promise<void>
}

export function runEvery(everyMs: number, task: () => Promise<void>): Periodic {
  let running: Promise<void> | null = null
  const timer = setInterval(() => {
    running ??= task().finally(() => {
      running = null
    })
  }, everyMs)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
