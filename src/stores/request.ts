import { create } from 'zustand'
import { ApiError } from '@/api/errors'
import { intersects, type Tag } from './tags'

/**
 * The app's request state, by key: one state per view (`['calendar', '2026-10']`, `['campaign', id]`) and per
 * action (`['signin', 'makeup']`), in one zustand store that screens read with `useRequest(key)`.
 *
 * - A view (`defineView`) is a keyed load: an answer is applied only if it is still the one wanted for its key
 *   (a later load, an action's refresh or a store reset since it was asked makes it stale, and it is dropped).
 *   A load never rejects: its error is in its state, and the screen shows it (error with retry, offline banner).
 * - An action (`defineAction`, src/stores/action.ts) says which tags it changes; its answer adds the tags it
 *   proves. When it succeeds, `refresh` has every view sharing a tag take what the answer already tells (`patch`)
 *   and load again. An action rejects with the ApiError, for the screen to show (useAction toasts it).
 * - A flow is a tap's whole journey (quote, confirm dialog, action, animation): while one runs, its key is busy
 *   and a second tap does nothing (src/hooks/use-action.ts).
 */

export type RequestKey = readonly [string, ...(string | number | null)[]]

/** The state of one view or action, for the screen to pick skeleton / error-with-retry / offline / content. */
export interface RequestState {
  status: 'idle' | 'loading' | 'success' | 'error'
  error: ApiError | null
}

export const IDLE: RequestState = { status: 'idle', error: null }
export const LOADING: RequestState = { status: 'loading', error: null }
export const SUCCESS: RequestState = { status: 'success', error: null }

export function failed(e: unknown): RequestState {
  return { status: 'error', error: e instanceof ApiError ? e : new ApiError(0, 'UNKNOWN', '出了点问题，请稍后重试') }
}

interface RequestStore {
  /** By key id (keyId). */
  states: Record<string, RequestState>
  /** By key id: whether a flow is under way. */
  flows: Record<string, boolean>
}

export const useRequestStore = create<RequestStore>()(() => ({ states: {}, flows: {} }))

export const keyId = (key: RequestKey): string => JSON.stringify(key)

const stateOf = (id: string): RequestState => useRequestStore.getState().states[id] ?? IDLE
/** Sets the state of a key (views and actions). */
export const mark = (id: string, state: RequestState) => useRequestStore.setState((s) => ({ states: { ...s.states, [id]: state } }))

export const requestState = (key: RequestKey): RequestState => stateOf(keyId(key))

/** The request state of a key, re-rendering when it changes. */
export function useRequest(key: RequestKey): RequestState {
  const id = keyId(key)
  return useRequestStore((s) => s.states[id] ?? IDLE)
}

const busyIn = (s: RequestStore, id: string) => !!s.flows[id] || s.states[id]?.status === 'loading'

export const isBusy = (key: RequestKey): boolean => busyIn(useRequestStore.getState(), keyId(key))

/** Whether a flow or an action of this key is under way: its control shows disabled + loading. */
export function useBusy(key: RequestKey): boolean {
  const id = keyId(key)
  return useRequestStore((s) => busyIn(s, id))
}

/** Starts a flow of `key` unless that key is busy; false = a flow or action of it is already under way. */
export function startFlow(key: RequestKey): boolean {
  const id = keyId(key)
  if (busyIn(useRequestStore.getState(), id)) return false
  useRequestStore.setState((s) => ({ flows: { ...s.flows, [id]: true } }))
  return true
}

export function endFlow(key: RequestKey): void {
  const id = keyId(key)
  useRequestStore.setState((s) => ({ flows: { ...s.flows, [id]: false } }))
}

/** Runs `work` with its progress in the state of `key` (the launch's requests, which are neither views nor taps). */
export async function tracked<T>(key: RequestKey, work: () => Promise<T>): Promise<T> {
  const id = keyId(key)
  mark(id, LOADING)
  try {
    const result = await work()
    mark(id, SUCCESS)
    return result
  } catch (e) {
    mark(id, failed(e))
    throw e
  }
}

/** Back to idle; an answer still on its way is not applied (it is applied only while its key is loading). */
export const forget = (key: RequestKey): void => mark(keyId(key), IDLE)

// ── views ─────────────────────────────────────────────────────────────────────────────────────────────

export interface ViewDefinition<P, T> {
  /** Unique name (tests walk the registry by it; a second definition replaces the first, as on a hot reload). */
  name: string
  /** What the view shows: an action that changes one of these refreshes it. */
  tags: readonly Tag[]
  key: (params: P) => RequestKey
  fetch: (params: P) => Promise<T>
  /** Puts the answer in the store; called only while it is still the answer wanted for its key. */
  apply: (answer: T, params: P) => void
  /** Takes what an action's answer already tells (the new balance) at once, before the refresh lands. */
  patch?: (answer: unknown) => void
}

export interface View<P = void, T = unknown> extends ViewDefinition<P, T> {
  /** Loads the view (an identical load already under way is joined unless `force`). Never rejects. */
  load: (params: P, options?: { force?: boolean }) => Promise<void>
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds views of every shape
type AnyView = View<any, any>

const views = new Map<string, AnyView>()
/** Per view, the key (and params) it was last loaded with: what a refresh by tag loads again. */
const latest = new Map<string, { id: string; params: unknown }>()
/** Per key, the ticket of the load whose answer is wanted. */
const tickets = new Map<string, number>()
const inFlight = new Map<string, { params: string; promise: Promise<void> }>()

const isWanted = (id: string, ticket: number) => tickets.get(id) === ticket && stateOf(id).status === 'loading'

export function defineView<P = void, T = unknown>(definition: ViewDefinition<P, T>): View<P, T> {
  const load = (params: P, options: { force?: boolean } = {}): Promise<void> => {
    const id = keyId(view.key(params))
    const paramsId = JSON.stringify(params ?? null)
    latest.set(definition.name, { id, params })
    const running = inFlight.get(id)
    if (!options.force && running && running.params === paramsId && stateOf(id).status === 'loading') return running.promise
    const ticket = (tickets.get(id) ?? 0) + 1
    tickets.set(id, ticket)
    mark(id, LOADING)
    const fetchAndApply = async () => {
      try {
        const answer = await view.fetch(params)
        if (!isWanted(id, ticket)) return
        view.apply(answer, params)
        // Unless applying it asked for the key again (a draft's quote choosing the coupon the member came with):
        // that load is under way, and its answer is the one wanted.
        if (tickets.get(id) === ticket) mark(id, SUCCESS)
      } catch (e) {
        if (!isWanted(id, ticket)) return
        mark(id, failed(e))
        // An ApiError is the screen's to show; anything else is a bug and must not pass unseen.
        if (!(e instanceof ApiError)) console.error(`[${definition.name}]`, e)
      }
    }
    const promise = fetchAndApply().finally(() => {
      if (inFlight.get(id)?.promise === promise) inFlight.delete(id)
    })
    inFlight.set(id, { params: paramsId, promise })
    return promise
  }
  const view: View<P, T> = { ...definition, load }
  views.set(definition.name, view as AnyView)
  return view
}

/**
 * Every view sharing a tag with `tags` takes what `answer` tells and is loaded again with the key it last showed
 * (older keys of the same view — another month, another campaign — load again when next shown).
 */
export function refresh(tags: readonly Tag[], answer?: unknown): void {
  if (tags.length === 0) return
  for (const view of views.values()) {
    if (!intersects(view.tags, tags)) continue
    if (answer !== undefined) view.patch?.(answer)
    const last = latest.get(view.name)
    if (last && stateOf(last.id).status !== 'idle') void view.load(last.params, { force: true })
  }
}

/** The registry, for tests that hold every view to the tag rules. */
export const registeredViews = (): AnyView[] => [...views.values()]
