import { ApiError } from '@/api/errors'
import { failed, keyId, LOADING, mark, refresh, type RequestKey, type RequestState, SUCCESS } from './request'
import type { Tag } from './tags'

/*
 * Actions (writes). Apart from the views of src/stores/request.ts so that the first page's bundle carries only
 * what it reads: each page's actions come with that page.
 */

/** Answer fields and the tags their presence proves (present: not null or undefined, not an empty list). */
const ANSWER_FIELDS: [field: string, tags: Tag[]][] = [
  ['balance', ['balance']],
  ['calendar', ['signin']],
  ['coupon', ['coupons']],
  ['coupons', ['coupons']],
  ['winback', ['coupons']],
  ['task', ['tasks']],
  ['tasks', ['tasks']],
  ['member', ['member', 'growth']],
  ['order', ['orders']],
  ['item', ['rewards']],
  ['redemption', ['rewards']],
  ['card', ['campaigns']],
  ['cards', ['campaigns']],
  ['unread', ['messages']],
  ['templates', ['messages']],
]

/**
 * The tags an action's answer proves changed, read from the contract's field names: an answer that carries
 * `balance` moved the balance, one that carries a `coupon` issued one, and so on. An action cannot forget them.
 */
export function tagsInAnswer(answer: unknown): Tag[] {
  if (typeof answer !== 'object' || answer === null) return []
  const fields = answer as Record<string, unknown>
  const present = (v: unknown) => v != null && !(Array.isArray(v) && v.length === 0)
  return [...new Set(ANSWER_FIELDS.filter(([field]) => present(fields[field])).flatMap(([, tags]) => tags))]
}

export interface ActionDefinition<A extends unknown[], T> {
  /** Unique name (tests walk the registry by it). */
  name: string
  key: RequestKey
  /** What it changes besides what its answer proves (tagsInAnswer): e.g. growth, which no answer carries. */
  changes: readonly Tag[]
  /**
   * What its answer carries (tagsInAnswer proves them after a success): after a refusal, which carries none of it,
   * they are loaded again with `changes` — a sign-in refused because another tab signed in shows today signed.
   */
  answers?: readonly Tag[]
  run: (...args: A) => Promise<T>
}

export type Action<A extends unknown[] = unknown[], T = unknown> = ((...args: A) => Promise<T>) & {
  readonly definition: ActionDefinition<A, T>
  readonly key: RequestKey
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds actions of every shape
const actions = new Map<string, Action<any, any>>()
const running = new Map<string, number>()

/** The tags an action's answer changed: what it declares plus what the answer proves. */
export function tagsChangedBy(definition: { changes: readonly Tag[] }, answer: unknown): Tag[] {
  return [...new Set([...definition.changes, ...tagsInAnswer(answer)])]
}

export function defineAction<A extends unknown[], T>(definition: ActionDefinition<A, T>): Action<A, T> {
  const id = keyId(definition.key)
  // Two calls of one key may overlap (two notifications opened): the key is loading until the last one ends.
  const settle = (state: RequestState) => {
    const left = (running.get(id) ?? 1) - 1
    running.set(id, left)
    if (left === 0) mark(id, state)
  }
  const action = async (...args: A): Promise<T> => {
    running.set(id, (running.get(id) ?? 0) + 1)
    mark(id, LOADING)
    let answer: T
    try {
      answer = await definition.run(...args)
    } catch (e) {
      settle(failed(e))
      // A refusal (409/422) means what the member saw was out of date: show what is true now.
      if (e instanceof ApiError && (e.status === 409 || e.status === 422)) refresh([...definition.changes, ...(definition.answers ?? [])])
      throw e
    }
    settle(SUCCESS)
    refresh(tagsChangedBy(definition, answer), answer)
    return answer
  }
  const registered = Object.assign(action, { definition, key: definition.key }) as Action<A, T>
  actions.set(definition.name, registered)
  return registered
}

/** The registry, for tests that hold every action to the tag rules. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const registeredActions = (): Action<any, any>[] => [...actions.values()]
