import { useEffect, useRef, useState } from 'react'

/** Step timing of the highlight: fast while the server answers, then slowing down onto the result. */
const FAST_MS = 60
const SLOW_MS = 320
/** At least two laps before it may start landing, so even an instant answer reads as a draw. */
const MIN_STEPS = 16

export interface LotterySpin {
  /** Ring index of the highlighted cell. */
  active: number | null
  spinning: boolean
  /**
   * Runs the highlight round a ring of `size` cells until `target` (the ring index of the server's prize)
   * resolves, then slows down and stops exactly on it. Resolves when it has landed; if `target` rejects, the
   * highlight stops and the rejection is passed on.
   */
  spin: (size: number, target: Promise<number>) => Promise<void>
}

/**
 * The lottery animation: a timer moves one index; nothing else changes per step (one small render, one small
 * setData on mini programs). Only the server decides the prize — the animation merely walks to it.
 */
export function useLotterySpin(): LotterySpin {
  const [active, setActive] = useState<number | null>(null)
  const [spinning, setSpinning] = useState(false)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const position = useRef(-1)

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current)
    },
    [],
  )

  const spin = (size: number, target: Promise<number>) =>
    new Promise<void>((resolve, reject) => {
      let result: number | null = null
      let failure: { error: unknown } | null = null
      target.then(
        (index) => (result = index),
        (error: unknown) => (failure = { error }),
      )
      let steps = 0
      let landing: { left: number; total: number } | null = null
      const tick = () => {
        if (failure) {
          setActive(null)
          setSpinning(false)
          reject(failure.error)
          return
        }
        position.current = (position.current + 1) % size
        steps += 1
        setActive(position.current)
        if (landing) landing.left -= 1
        else if (result !== null && steps >= MIN_STEPS) {
          const distance = (result - position.current + size) % size
          landing = { left: distance + size, total: distance + size }
        }
        if (landing && landing.left === 0) {
          timer.current = null
          setSpinning(false)
          resolve()
          return
        }
        const progress = landing ? 1 - landing.left / landing.total : 0
        timer.current = setTimeout(tick, FAST_MS + (SLOW_MS - FAST_MS) * progress * progress)
      }
      setSpinning(true)
      tick()
    })

  return { active, spinning, spin }
}
