/**
 * Loading state for reads (`useRequest`: loading / data / error, reload) and for writes (`useAction`: one
 * Idempotency-Key per intended action, kept when the same request is retried after a network failure, a timeout or
 * a 5xx, so a retry can never apply twice; a new key once the server has given a definite answer or the input
 * changes; the same action is not sent again while it is on its way or just after it succeeded).
 */
import { App } from 'antd'
import { type DependencyList, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { ApiError, newIdempotencyKey } from '../api'
import { onSessionResumed } from '../session'

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
  // Failed for want of a session: asked again once the operator has signed in again over the page.
  const ended = error?.sessionEnded === true
  useEffect(() => (ended ? onSessionResumed(reload) : undefined), [ended, reload])
  return { data, error, loading, reload, setData }
}

export type Outcome<T> = { ok: true; data: T } | { ok: false; error: ApiError }

/**
 * How long after an action succeeded the same action (the same input) is not sent again. A dialog's OK button stays
 * live while the dialog fades out (antd's confirm re-arms it as soon as its `onOk` resolves): a second Enter or click
 * there used to send the action again, with a new key — a voucher used twice answered 200, then 409 in red.
 */
export const REPEAT_GUARD_MS = 1500

/** What a write refused for want of a session says: it was not carried out, and can be sent after signing in again. */
export const NOT_SUBMITTED = '登录已失效，本次操作未提交：请在登录框中重新登录，然后再次提交'

export interface Action {
  pending: boolean
  /**
   * Sends `send(key)` for `input` (the request body, or whatever identifies the intended action): the same input
   * after a retryable failure reuses its key. Shows the server's message on failure unless `quiet` (a session that
   * ended is always said: the action was not submitted). The same input while it is on its way, or within
   * `REPEAT_GUARD_MS` of its success, is not sent: that call's promise never settles, so nothing after it runs twice.
   */
  run<T>(input: unknown, send: (key: string) => Promise<T>, opts?: { quiet?: boolean }): Promise<Outcome<T>>
}

export function useAction(): Action {
  const { message } = App.useApp()
  const [pending, setPending] = useState(false)
  const attempt = useRef<{ fingerprint: string; key: string } | null>(null)
  /** The inputs on their way, or sent successfully within REPEAT_GUARD_MS. */
  const held = useRef(new Set<string>())
  const run = useCallback(
    async <T>(input: unknown, send: (key: string) => Promise<T>, opts: { quiet?: boolean } = {}): Promise<Outcome<T>> => {
      const fingerprint = JSON.stringify(input ?? null)
      if (held.current.has(fingerprint)) return new Promise<never>(() => undefined)
      held.current.add(fingerprint)
      if (!attempt.current || attempt.current.fingerprint !== fingerprint) attempt.current = { fingerprint, key: newIdempotencyKey() }
      setPending(true)
      try {
        const data = await send(attempt.current.key)
        attempt.current = null
        setTimeout(() => held.current.delete(fingerprint), REPEAT_GUARD_MS)
        return { ok: true, data }
      } catch (e) {
        held.current.delete(fingerprint)
        let error = toApiError(e)
        // Only an answer that may not have been applied keeps the key for the retry.
        if (!error.retryable) attempt.current = null
        if (error.sessionEnded) {
          // The sign-in dialog comes up over the page; the operator's dialog stays, to be sent again after it.
          error = new ApiError(error.status, error.code, NOT_SUBMITTED, error.details, true)
          void message.warning({ content: NOT_SUBMITTED, key: 'not-submitted', duration: 8 })
        } else if (!opts.quiet) message.error(error.message)
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
