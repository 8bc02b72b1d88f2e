/**
 * The console's "now": the browser's clock corrected by the server's (every answer carries `X-Server-Time`), so a
 * staff PC whose clock is off still asks for the right "today", date ranges and schedules.
 */
let offsetMs = 0

export function serverNow(): number {
  return Date.now() + offsetMs
}

/** Learns the server's time from an answer's `X-Server-Time` header (epoch ms); anything else is ignored. */
export function learnServerTime(header: string | null): void {
  const at = header !== null && /^\d{10,15}$/.test(header) ? Number(header) : NaN
  if (Number.isFinite(at)) offsetMs = at - Date.now()
}
