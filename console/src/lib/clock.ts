/**
 * The console's "now": the browser's clock corrected by the server's (every answer carries `X-Server-Time`), so a
 * staff PC whose clock is off still asks for the right "today", date ranges and schedules. The correction is kept
 * across reloads (localStorage): a saved session is judged by it before the first answer arrives.
 */
const KEY = 'console.clockOffsetMs'

function stored(): number {
  try {
    const n = Number(localStorage.getItem(KEY))
    return Number.isFinite(n) ? n : 0
  } catch {
    return 0
  }
}

let offsetMs = stored()

export function serverNow(): number {
  return Date.now() + offsetMs
}

/** Learns the server's time from an answer's `X-Server-Time` header (epoch ms); anything else is ignored. */
export function learnServerTime(header: string | null): void {
  const at = header !== null && /^\d{10,15}$/.test(header) ? Number(header) : NaN
  if (!Number.isFinite(at)) return
  const next = at - Date.now()
  // Every answer carries the header: storage is written only when the correction moves (a second or more).
  const moved = Math.abs(next - offsetMs) >= 1000
  offsetMs = next
  if (!moved) return
  try {
    localStorage.setItem(KEY, String(offsetMs))
  } catch {
    // Private mode: the correction lasts as long as the page.
  }
}
