/**
 * Loads every module of src/stores, so that every view and action is in the registry (src/stores/request.ts)
 * before a test walks it — a new store module is included without anyone listing it.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'

const STORES = path.resolve(__dirname, '../../src/stores')

export function loadAllStores(): string[] {
  const files = readdirSync(STORES).filter((f) => f.endsWith('.ts'))
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  for (const f of files) require(path.join(STORES, f))
  return files
}
