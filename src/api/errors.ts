import { AxiosError } from 'axios'

/** The error shape of the API contract: `{error: {code, message, details?}}`. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> }
}

/**
 * Every failure a caller of the API sees. `code` is precise and stable (`SIGNIN_ALREADY_TODAY`, `NETWORK`, …);
 * `message` is zh-CN and fit to show a member; `status` is the HTTP status (0 when no response arrived).
 */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details?: Record<string, unknown>

  constructor(status: number, code: string, message: string, details?: Record<string, unknown>) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
  }

  /** No response reached us: the page keeps last-known data and offers a retry. */
  get isNetwork(): boolean {
    return this.code === 'NETWORK' || this.code === 'TIMEOUT'
  }
}

/** No answer and the device has no connection. */
export const NETWORK_MESSAGE = '网络不给力，请检查网络后重试'
/** No answer although the device is connected: the backend is out of reach (down, or a proxy in the way). */
export const UNREACHABLE_MESSAGE = '暂时连不上服务，请稍后重试'

/** The member has not agreed to the privacy notice yet: no session may be opened, nothing is asked of the backend. */
export const CONSENT_REQUIRED = 'CONSENT_REQUIRED'
export const consentRequired = (): ApiError => new ApiError(0, CONSENT_REQUIRED, '同意隐私保护指引后即可使用会员服务')

function isErrorBody(data: unknown): data is ApiErrorBody {
  const e = (data as ApiErrorBody | null)?.error
  return !!e && typeof e.code === 'string' && typeof e.message === 'string'
}

/** `online`: whether the device has a connection, to tell the member which of the two failed. */
export function toApiError(e: unknown, online = false): ApiError {
  if (e instanceof ApiError) return e
  if (e instanceof AxiosError) {
    const res = e.response
    if (!res) {
      return e.code === AxiosError.ECONNABORTED || e.code === 'ETIMEDOUT'
        ? new ApiError(0, 'TIMEOUT', '请求超时，请稍后重试')
        : new ApiError(0, 'NETWORK', online ? UNREACHABLE_MESSAGE : NETWORK_MESSAGE)
    }
    if (isErrorBody(res.data)) return new ApiError(res.status, res.data.error.code, res.data.error.message, res.data.error.details)
    return new ApiError(res.status, `HTTP_${res.status}`, res.status >= 500 ? '服务开小差了，请稍后重试' : '请求失败，请稍后重试')
  }
  return new ApiError(0, 'UNKNOWN', '出了点问题，请稍后重试')
}
