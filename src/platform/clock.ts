/**
 * The app's "now": the device clock corrected by the backend's (every answer carries `X-Server-Time`). Dates
 * are shown relative to it — "12月4日" this year, "2025年12月22日" otherwise — so a phone whose clock is off, or a
 * test run on another day, shows what the backend means by today.
 */
let offsetMs = 0

export function appNow(): number {
  return Date.now() + offsetMs
}

/** Learns the backend's time from an answer's `X-Server-Time` header (epoch ms); anything else is ignored. */
export function learnServerTime(header: unknown): void {
  const at = typeof header === 'string' && /^\d{10,15}$/.test(header) ? Number(header) : NaN
  if (Number.isFinite(at)) offsetMs = at - Date.now()
}
