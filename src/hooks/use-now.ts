import { useEffect, useState } from 'react'
import { appNow } from '@/platform/clock'

/** The app's now (platform/clock.ts), read again every `everyMs` while `active`: for figures that count down. */
export function useNow(active: boolean, everyMs = 15_000): number {
  const [now, setNow] = useState(appNow)
  useEffect(() => {
    if (!active) return undefined
    setNow(appNow())
    const timer = setInterval(() => setNow(appNow()), everyMs)
    return () => clearInterval(timer)
  }, [active, everyMs])
  return now
}
