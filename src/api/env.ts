/**
 * Build-time settings, read once. `process.env.TARO_APP_*` is replaced by the bundler, so each is read by its
 * full name (never destructure process.env).
 */
export const apiBase: string = process.env.TARO_APP_API_BASE || ''

/** True when the app runs on the embedded mock backend (no API base configured at build time). */
export const usesEmbeddedMock: boolean = apiBase === ''

/**
 * The login code to use instead of the platform's. The demo build (embedded mock) logs in as the seeded
 * `demo` member so the app looks alive; a real backend gets the platform's login code.
 */
export const loginCodeOverride: string | null = process.env.TARO_APP_LOGIN_CODE || (usesEmbeddedMock ? 'demo' : null)
