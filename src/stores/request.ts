import { ApiError } from '@/api/errors'

/** The state of one store action, for the page to pick skeleton / error-with-retry / offline. */
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

type SetState<S> = (fn: (s: S) => Partial<S>) => void

/**
 * Runs an async action and mirrors its progress into `requests[key]` of the store. The result (or the
 * ApiError) is returned to the caller, so a page can toast the outcome of a tap.
 */
export async function track<S extends { requests: Record<string, RequestState> }, T>(
  set: SetState<S>,
  key: keyof S['requests'] & string,
  action: () => Promise<T>,
): Promise<T> {
  const mark = (state: RequestState) => set((s) => ({ requests: { ...s.requests, [key]: state } }) as Partial<S>)
  mark(LOADING)
  try {
    const result = await action()
    mark(SUCCESS)
    return result
  } catch (e) {
    mark(failed(e))
    throw e
  }
}
