/**
 * The operator's session, kept in sessionStorage (one browser tab; closing it signs out): the bearer token, who
 * it is and when it expires (12 hours after sign-in). Beside it only an unsaved rules draft is kept
 * (pages/rules/editor-store.ts), which signing out on purpose drops.
 */
import { serverNow } from './lib/clock'
import type { OperatorRole } from './api'

const KEY = 'console.session'

export interface Session {
  token: string
  operator: { id: string; username: string; role: OperatorRole; displayName?: string }
  expiresAt: string
}

/** The session stored in the tab, expired or not (null when there is none, or it is unreadable). */
function stored(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY)
    const s = raw ? (JSON.parse(raw) as Session) : null
    return s?.token && s.operator ? s : null
  } catch {
    return null
  }
}

/**
 * The session while it lasts (by the server's clock): null once it has expired. An expired one is not deleted here:
 * it stays stored until it is ended (`clearSession`) or replaced by a sign-in, so a 401 that arrives with the answer
 * which told the console the time is still known to be that session's (api.ts).
 */
export function loadSession(): Session | null {
  const s = stored()
  return s && Date.parse(s.expiresAt) > serverNow() ? s : null
}

/**
 * The token of the session stored in the tab, expired or not: which sign-in a request belongs to, and whether the
 * operator has signed in again (another token) or the session was already ended since it was sent.
 */
export function storedToken(): string | null {
  return stored()?.token ?? null
}

export function saveSession(s: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(s))
}

/** Where the rules editor keeps an unsaved draft across a reload of the tab. */
export const RULES_DRAFT_KEY = 'console.rules-draft'

export function clearSession(): void {
  sessionStorage.removeItem(KEY)
}

/**
 * Whether the tab holds an unsaved rules draft of this operator's: the one 退出 would drop, so it asks first (app.tsx).
 * Read from where the editor keeps it, so a draft kept across a reload counts before the rules page is opened again.
 */
export function hasRulesDraft(operatorId: string): boolean {
  try {
    const raw = sessionStorage.getItem(RULES_DRAFT_KEY)
    return raw !== null && (JSON.parse(raw) as { owner?: unknown }).owner === operatorId
  } catch {
    return false
  }
}

/** The rules editor, once loaded, forgets its copy in memory too (pages/rules/editor-store.ts). */
const draftForgottenListeners = new Set<() => void>()

export function onRulesDraftForgotten(listener: () => void): () => void {
  draftForgottenListeners.add(listener)
  return () => draftForgottenListeners.delete(listener)
}

/**
 * Signed out on purpose: the unsaved rules draft goes too, from the page's memory as well as the tab's storage (the
 * next sign-in on the page, whoever it is, starts from the rules in force). An expired session keeps it.
 */
export function forgetRulesDraft(): void {
  sessionStorage.removeItem(RULES_DRAFT_KEY)
  for (const l of [...draftForgottenListeners]) l()
}

export function getToken(): string | null {
  return loadSession()?.token ?? null
}

const RANK: Record<OperatorRole, number> = { viewer: 0, operator: 1, admin: 2 }

/** viewer < operator < admin: what the server enforces, mirrored so the console hides what a role may not do. */
export function roleAtLeast(role: OperatorRole | undefined, needed: OperatorRole): boolean {
  return role !== undefined && RANK[role] >= RANK[needed]
}

export const ROLE_LABEL: Record<OperatorRole, string> = { viewer: '只读', operator: '运营', admin: '管理员' }

/**
 * The same operator signed in again over the page after their session ended (app.tsx): what failed meanwhile for want
 * of a session — a read showing 登录已失效 — is asked again (`useRequest`). A write is not: it was not carried out,
 * and its dialog is still there for the operator to send.
 */
const resumedListeners = new Set<() => void>()

export function onSessionResumed(listener: () => void): () => void {
  resumedListeners.add(listener)
  return () => resumedListeners.delete(listener)
}

export function sessionResumed(): void {
  for (const l of [...resumedListeners]) l()
}
