/**
 * Loading state for reads (`useRequest`: loading / data / error, reload) and for writes (`useAction`: one
 * Idempotency-Key per intended action, kept when the same request is retried after a network failure or a 5xx, so
 * a retry can never apply twice; a new key once the server has given a definite answer or the input changes).
 */
import { App } from 'antd'
import { type DependencyList, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { ApiError, newIdempotencyKey } from '../api'

export interface RequestState<T> {
  data: T | undefined
  error: ApiError | undefined
  loading: boolean
  reload: () => void
  setData: (d: T) => void
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e
  return new ApiError(0, 'CLIENT', e instanceof Error ? e.message : String(e))
}

export function useRequest<T>(fn: () => Promise<T>, deps: DependencyList, options: { skip?: boolean } = {}): RequestState<T> {
  const [data, setData] = useState<T>()
  const [error, setError] = useState<ApiError>()
  const [loading, setLoading] = useState(!options.skip)
  const [tick, setTick] = useState(0)
  const seq = useRef(0)
  useEffect(() => {
    if (options.skip) {
      setLoading(false)
      return
    }
    const mine = ++seq.current
    setLoading(true)
    setError(undefined)
    fn().then(
      (d) => {
        if (mine !== seq.current) return
        setData(d)
        setLoading(false)
      },
      (e: unknown) => {
        if (mine !== seq.current) return
        setError(toApiError(e))
        setLoading(false)
      },
    )
    // fn is rebuilt every render; deps say when it means something else.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick, options.skip])
  const reload = useCallback(() => setTick((t) => t + 1), [])
  return { data, error, loading, reload, setData }
}

export type Outcome<T> = { ok: true; data: T } | { ok: false; error: ApiError }

export interface Action {
  pending: boolean
  /**
   * Sends `send(key)` for `input` (the request body, or whatever identifies the intended action): the same input
   * after a retryable failure reuses its key. Shows the server's message on failure unless `quiet`.
   */
  run<T>(input: unknown, send: (key: string) => Promise<T>, opts?: { quiet?: boolean }): Promise<Outcome<T>>
}

export function useAction(): Action {
  const { message } = App.useApp()
  const [pending, setPending] = useState(false)
  const attempt = useRef<{ fingerprint: string; key: string } | null>(null)
  const run = useCallback(
    async <T>(input: unknown, send: (key: string) => Promise<T>, opts: { quiet?: boolean } = {}): Promise<Outcome<T>> => {
      const fingerprint = JSON.stringify(input ?? null)
      if (!attempt.current || attempt.current.fingerprint !== fingerprint) attempt.current = { fingerprint, key: newIdempotencyKey() }
      setPending(true)
      try {
        const data = await send(attempt.current.key)
        attempt.current = null
        return { ok: true, data }
      } catch (e) {
        const error = toApiError(e)
        // Only an answer that may not have been applied keeps the key for the retry.
        if (!error.retryable) attempt.current = null
        if (!opts.quiet && error.status !== 401) message.error(error.message)
        return { ok: false, error }
      } finally {
        setPending(false)
      }
    },
    [message],
  )
  return { pending, run }
}

export interface CursorPages<R> {
  /** The first page's request (its loading, error and retry). */
  first: RequestState<{ rows: R[]; nextCursor: string | null }>
  /** The first page and every page loaded after it. */
  rows: R[]
  /** Where the next page starts; null when there is none. */
  next: string | null
  loadMore: () => Promise<void>
  loadingMore: boolean
  /** Starts again from the first page. */
  reload: () => void
}

/**
 * A cursor-paged list: the first page as a request, later pages appended by `loadMore` to the first page they follow
 * — a reload or other deps start again from their own first page, and a page that arrives for one no longer shown
 * is dropped.
 */
export function useCursorPages<R>(fetch: (cursor?: string) => Promise<{ rows: R[]; nextCursor: string | null }>, deps: DependencyList): CursorPages<R> {
  const { message } = App.useApp()
  // The list the deps ask for now: while another filter's first page loads, the last one's rows are not shown
  // under the new filter (nor is its cursor used to load "more" of the new one).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const wanted = useMemo(() => ({}), deps)
  const request = useRequest(() => fetch().then((p) => ({ ...p, wanted })), deps)
  const data = request.data?.wanted === wanted ? request.data : undefined
  const first = { ...request, data, setData: (d: { rows: R[]; nextCursor: string | null }) => request.setData({ ...d, wanted }) }
  const [later, setLater] = useState<{ of: unknown; rows: R[]; next: string | null } | null>(null)
  const more = later && data && later.of === data ? later : null
  const [loadingMore, setLoadingMore] = useState(false)
  const next = more ? more.next : (data?.nextCursor ?? null)
  const loadMore = async () => {
    if (!next) return
    const of = data
    setLoadingMore(true)
    try {
      const p = await fetch(next)
      setLater((o) => ({ of, rows: [...(o && o.of === of ? o.rows : []), ...p.rows], next: p.nextCursor }))
    } catch (e) {
      message.error(toApiError(e).message || '加载失败，请重试')
    } finally {
      setLoadingMore(false)
    }
  }
  return { first, rows: [...(data?.rows ?? []), ...(more?.rows ?? [])], next, loadMore, loadingMore, reload: request.reload }
}
