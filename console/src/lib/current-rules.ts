/**
 * The rules version in force and its document, shared by the pages that name things from it (tier names on the
 * dashboard, coupon templates for a reissue, the business calendar's offset) and by the rules editor's first draft.
 * Which version is in force is asked again whenever a page asks (a colleague publishes from another browser, a
 * scheduled version takes effect at its instant: a tab kept open all day must not keep the morning's rules); the
 * answer serves the asks of one moment (a page's parts asking together make one request), and a version's document,
 * which never changes once saved, is fetched once. Saving or restoring a version calls `invalidateRules()`.
 */
import { api, type RulesDocument, type RulesVersion } from '../api'
import { setBusinessOffset } from './format'

export interface CurrentRules {
  current: RulesVersion
  versions: RulesVersion[]
  document: RulesDocument
}

/** How long one answer serves further asks: the parts of one page asking at once, not a page opened later. */
export const RULES_FRESH_MS = 1_000

let cache: { at: number; answer: Promise<CurrentRules> } | null = null
/** The document of the version last found in force (a saved version's document is never changed). */
let lastDocument: { versionNo: number; document: Promise<RulesDocument> } | null = null

function documentOf(versionNo: number): Promise<RulesDocument> {
  if (lastDocument?.versionNo === versionNo) return lastDocument.document
  const document = api.rulesVersion(versionNo).then((r) => r.document)
  const entry = { versionNo, document }
  lastDocument = entry
  document.catch(() => {
    if (lastDocument === entry) lastDocument = null
  })
  return document
}

export function currentRules(): Promise<CurrentRules> {
  if (cache && Date.now() - cache.at < RULES_FRESH_MS) return cache.answer
  const answer = (async () => {
    const { current, versions } = await api.rules()
    const document = await documentOf(current.versionNo)
    setBusinessOffset(document.calendar?.offsetMinutes)
    return { current, versions, document }
  })()
  const entry = { at: Date.now(), answer }
  cache = entry
  answer.catch(() => {
    if (cache === entry) cache = null
  })
  return answer
}

export function invalidateRules(): void {
  cache = null
}

/** Tier id → name from the rules in force (the id itself when unknown). */
export function tierNamer(doc: RulesDocument | undefined): (id: string) => string {
  const names = new Map((doc?.tiers?.levels ?? []).map((t) => [t.id, t.name]))
  return (id) => names.get(id) ?? id
}
