/** Who is signed in, for the pages: role checks mirror the server's (viewer < operator < admin). */
import { createContext, useContext } from 'react'
import type { OperatorRole } from './api'
import type { Session } from './session'

export interface SessionContext {
  session: Session
  role: OperatorRole
  can: (needed: OperatorRole) => boolean
  signOut: () => void
}

export const SessionCtx = createContext<SessionContext | null>(null)

export function useSession(): SessionContext {
  const s = useContext(SessionCtx)
  if (!s) throw new Error('useSession outside the signed-in shell')
  return s
}
