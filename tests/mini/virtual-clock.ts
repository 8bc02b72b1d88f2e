/**
 * The timers and clock a booted mini-program sees. Nothing runs on its own: the harness drains due timers in
 * `settle()` and moves the clock with `advance()`, so a test never waits in real time and a 30-second poll
 * or a toast duration costs nothing. `Date`/`Date.now()` inside the app follow the same clock.
 */

export interface TimerTask {
  id: number
  at: number
  seq: number
  run: () => void
  /** Repeat interval for setInterval, else undefined. */
  every?: number
  label: string
}

export class VirtualClock {
  private current: number
  private nextId = 1
  private seq = 0
  private readonly tasks = new Map<number, TimerTask>()

  constructor(startMs: number) {
    this.current = startMs
  }

  now(): number {
    return this.current
  }

  schedule(run: () => void, delay: number, label: string, every?: number): number {
    const id = this.nextId++
    const ms = Number.isFinite(delay) && delay > 0 ? delay : 0
    this.tasks.set(id, { id, at: this.current + ms, seq: this.seq++, run, every: every === undefined ? undefined : Math.max(ms, 1), label })
    return id
  }

  cancel(id: unknown): void {
    if (typeof id === 'number') this.tasks.delete(id)
  }

  /** The earliest pending task (ties: first scheduled first), without running it. */
  peek(): TimerTask | undefined {
    let best: TimerTask | undefined
    for (const task of this.tasks.values()) {
      if (!best || task.at < best.at || (task.at === best.at && task.seq < best.seq)) best = task
    }
    return best
  }

  /** Move the clock to the task's time, unschedule it (or re-arm an interval) and return it for running. */
  take(task: TimerTask): TimerTask {
    this.current = Math.max(this.current, task.at)
    if (task.every === undefined) this.tasks.delete(task.id)
    else this.tasks.set(task.id, { ...task, at: this.current + task.every, seq: this.seq++ })
    return task
  }

  /** Move the clock forward without running anything (the harness runs what becomes due). */
  setTime(ms: number): void {
    this.current = Math.max(this.current, ms)
  }

  pending(): TimerTask[] {
    return [...this.tasks.values()].sort((a, b) => a.at - b.at || a.seq - b.seq)
  }

  clear(): void {
    this.tasks.clear()
  }
}
