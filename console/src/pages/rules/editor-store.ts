/**
 * The rules draft being edited, outside React so it survives moving between sections and pages in the tab, and
 * kept in the tab's session storage while it has unsaved changes so a reload (a mistaken F5) loses nothing (the
 * console still warns before the tab closes with them). Problems are `validateRulesConfig` of the draft,
 * recomputed on every change, plus the server's own (a 422 RULES_INVALID) until the next edit.
 */
import { useSyncExternalStore } from 'react'
import { validateRulesConfig } from '@/domain/config'
import { withEveryTemplate } from '@/domain/messages'
import type { RulesDocument } from '../../api'
import { loadSession, onRulesDraftForgotten, RULES_DRAFT_KEY } from '../../session'
import { normalizeProblemPath, parsePath, type RuleProblem, setIn, splitProblem } from './paths'

export interface EditorState {
  /**
   * The version the draft started from (its number and document), and the newest version known when it did: a
   * save may replace versions up to `seen` (the operator chose this base knowing them), never one saved since.
   */
  base: { versionNo: number; document: RulesDocument; seen: number } | null
  draft: RulesDocument | null
  /** The operator whose draft it is: another account signing in on the tab never sees it (rules-page.tsx). */
  owner: string | null
  problems: RuleProblem[]
  serverProblems: RuleProblem[]
  dirty: boolean
}

const EMPTY: EditorState = { base: null, draft: null, owner: null, problems: [], serverProblems: [], dirty: false }

/**
 * An unsaved draft this tab kept before a reload. Whose it is, rules-page.tsx checks as for any draft; a version saved
 * since its base is the save's to report (409 RULES_BASE_OUTDATED), as for a tab left open meanwhile.
 */
function kept(): EditorState | null {
  try {
    const raw = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(RULES_DRAFT_KEY)
    if (!raw) return null
    const { base, draft, owner } = JSON.parse(raw) as Partial<Pick<EditorState, 'base' | 'draft' | 'owner'>>
    const whole = typeof base?.versionNo === 'number' && typeof base.seen === 'number' && isObject(base.document) && isObject(draft)
    return whole ? { base, draft, owner: owner ?? null, problems: validateDocument(draft), serverProblems: [], dirty: differs(draft, base.document) } : null
  } catch {
    return null
  }
}

const isObject = (v: unknown): v is RulesDocument => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A base's JSON, written once per base (a draft is compared with it on every change). */
const written = new WeakMap<RulesDocument, string>()

/**
 * Whether the draft says something its base does not: a value changed and changed back is no change (nothing to
 * save, nothing to lose on 退出 or on closing the tab). Compared as JSON: a key removed and added again (another
 * order) counts as a change, never the other way round.
 */
function differs(draft: RulesDocument, base: RulesDocument | undefined): boolean {
  if (!base) return true
  if (draft === base) return false
  let json = written.get(base)
  if (json === undefined) {
    json = JSON.stringify(base)
    written.set(base, json)
  }
  return JSON.stringify(draft) !== json
}

function keep(next: EditorState): void {
  try {
    if (next.dirty && next.draft) sessionStorage.setItem(RULES_DRAFT_KEY, JSON.stringify({ base: next.base, draft: next.draft, owner: next.owner }))
    else sessionStorage.removeItem(RULES_DRAFT_KEY)
  } catch {
    // Storage full or refused: the draft lives as long as the page, as it did.
  }
}

let state: EditorState = EMPTY
const listeners = new Set<() => void>()

function emit(next: EditorState): void {
  if (next.draft !== state.draft || next.dirty !== state.dirty) keep(next)
  state = next
  for (const l of listeners) l()
}

export function validateDocument(doc: RulesDocument): RuleProblem[] {
  try {
    const r = validateRulesConfig(doc)
    return r.ok ? [] : r.problems.map(splitProblem)
  } catch (e) {
    return [{ path: 'config', message: `malformed (${e instanceof Error ? e.message : String(e)})` }]
  }
}

export const editor = {
  get: () => state,
  subscribe(l: () => void): () => void {
    listeners.add(l)
    return () => listeners.delete(l)
  },
  /**
   * Start a draft from a version's document (discarding any other draft); `seen` defaults to that version. Message
   * templates newer than the version are listed with their defaults, in the base too (nothing to review there).
   */
  load(versionNo: number, stored: RulesDocument, seen = versionNo): void {
    const document = withEveryTemplate(stored)
    const owner = loadSession()?.operator.id ?? null
    emit({ base: { versionNo, document, seen: Math.max(seen, versionNo) }, draft: document, owner, problems: validateDocument(document), serverProblems: [], dirty: false })
  },
  /**
   * The draft's changes made again on a newer version (rules-merge.ts): that version becomes the base and the merged
   * document the draft, to review and save. `seen`: the newest version the merged draft holds the changes of.
   */
  rebase(versionNo: number, stored: RulesDocument, merged: RulesDocument, seen: number): void {
    const document = withEveryTemplate(stored)
    const draft = withEveryTemplate(merged)
    emit({ ...state, base: { versionNo, document, seen: Math.max(seen, versionNo) }, draft, problems: validateDocument(draft), serverProblems: [], dirty: differs(draft, document) })
  },
  /** Forget the draft: the next load starts from the rules in force. */
  clear(): void {
    emit(EMPTY)
  },
  set(path: string, value: unknown): void {
    if (!state.draft) return
    const draft = setIn(state.draft, parsePath(path), value)
    emit({ ...state, draft, problems: validateDocument(draft), serverProblems: [], dirty: differs(draft, state.base?.document) })
  },
  update(fn: (d: RulesDocument) => RulesDocument): void {
    if (!state.draft) return
    const draft = fn(state.draft)
    emit({ ...state, draft, problems: validateDocument(draft), serverProblems: [], dirty: differs(draft, state.base?.document) })
  },
  /** The server's problems name some items after their path (`campaigns[3] ("id")`), as the validator writes them. */
  setServerProblems(problems: RuleProblem[]): void {
    emit({ ...state, serverProblems: problems.map((p) => ({ ...p, path: normalizeProblemPath(p.path) })) })
  },
  discard(): void {
    if (state.base) editor.load(state.base.versionNo, state.base.document, state.base.seen)
  },
}

export function useEditor(): EditorState {
  return useSyncExternalStore(editor.subscribe, editor.get, editor.get)
}

/** Every problem to show: the validator's and the server's, each path once per message. */
export function allProblems(s: EditorState): RuleProblem[] {
  const seen = new Set<string>()
  const out: RuleProblem[] = []
  for (const p of [...s.serverProblems, ...s.problems]) {
    const k = `${p.path}\u0000${p.message}`
    if (seen.has(k)) continue
    seen.add(k)
    out.push(p)
  }
  return out
}

// 退出 drops the draft (the operator confirmed it when there were changes): nothing of it is left to warn about or show.
onRulesDraftForgotten(() => editor.clear())

if (typeof window !== 'undefined') {
  state = kept() ?? EMPTY
  window.addEventListener('beforeunload', (e) => {
    if (state.dirty) e.preventDefault()
  })
}
