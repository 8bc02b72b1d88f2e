/** What a route is to the pipeline: who may call it, whether a replay is keyed, and the use case it runs. */
import type { ReadScope } from './port'
import type { OperatorRole, SessionRecord } from './records'
import type { CoreEnv, MemberTx, Work } from './tx'

/** Who may call a route: anyone, a member, or an operator of at least this role (viewer < operator < admin). */
export type AuthLevel = 'none' | 'member' | OperatorRole

export interface HandlerArgs {
  params: Record<string, string>
  query: Record<string, string>
  body: unknown
  session: SessionRecord | null
  work: Work
  /** The member behind the session, up to date (locked, and active today, on a write). */
  me(): Promise<MemberTx>
  /** The id of the member behind the session, for a read that needs no more of them (nothing is read). */
  memberId(): string
  /** What the route's `prepare` found before the write began. */
  prepared: unknown
}

export interface HandlerResult {
  status?: number
  body: unknown
}

export type Handler = (args: HandlerArgs) => Promise<HandlerResult>

export interface RouteDef {
  auth: AuthLevel
  handler: Handler
  /** Replays of POSTs are keyed by Idempotency-Key; login and previews opt out (nothing of theirs to replay). */
  idempotent?: boolean
  /** The write publishes a rules version (WriteOptions.publishesRules). */
  publishesRules?: boolean
  /**
   * Work done before the write's transaction: login asks the platform who the code is, a password is hashed —
   * no network and no slow work inside a transaction. `read` reads the storage outside it.
   */
  prepare?: (input: PrepareInput, env: CoreEnv, read: <T>(work: (scope: ReadScope) => Promise<T>) => Promise<T>) => Promise<unknown>
  /**
   * Work done after the write committed, on its answer (a first answer or a replay) when it is a success: an order's
   * payment parameters are asked of the payment provider here — no network inside a transaction, and a replay gets
   * parameters as fresh as the first answer's.
   */
  complete?: (result: HandlerResult, input: PrepareInput, env: CoreEnv) => Promise<HandlerResult>
}

export interface PrepareInput {
  body: unknown
  params: Record<string, string>
  /** The member behind the session (authenticated before `prepare` runs), or null. */
  memberId: string | null
  /** The operator behind the session, or null. */
  operatorId: string | null
  /** The request's instant (the backend's clock). */
  now: number
}

/** method, path pattern (`/campaigns/:id`), route. */
export type RouteEntry = [string, string, RouteDef]
