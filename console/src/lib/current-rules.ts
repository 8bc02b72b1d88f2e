/**
 * The rules version in force and its document, loaded once and shared by the pages that name things from it
 * (tier names on the dashboard, coupon templates for a reissue, the business calendar's offset). Saving or
 * restoring a version calls `invalidateRules()`.
 */
import { api, type RulesDocument, type RulesVersion } from '../api'
import { setBusinessOffset } from './format'

export interface CurrentRules {
  current: RulesVersion
  versions: RulesVersion[]
  document: RulesDocument
}

let cache: Promise<CurrentRules> | null = null

export function currentRules(): Promise<CurrentRules> {
  if (!cache) {
    cache = (async () => {
      const { current, versions } = await api.rules()
      const { document } = await api.rulesVersion(current.versionNo)
      setBusinessOffset(document.calendar?.offsetMinutes)
      return { current, versions, document }
    })()
    cache.catch(() => {
      cache = null
    })
  }
  return cache
}

export function invalidateRules(): void {
  cache = null
}

/** Tier id → name from the rules in force (the id itself when unknown). */
export function tierNamer(doc: RulesDocument | undefined): (id: string) => string {
  const names = new Map((doc?.tiers?.levels ?? []).map((t) => [t.id, t.name]))
  return (id) => names.get(id) ?? id
}
