/**
 * Stands in for mock/embedded.ts in builds pointed at a backend (config/index.ts swaps it in), so not one
 * byte of the mock backend ships with them. Reaching it is a build mistake.
 */
export function createEmbeddedAdapter(): never {
  throw new Error('This build talks to TARO_APP_API_BASE; the embedded mock backend is not bundled.')
}
