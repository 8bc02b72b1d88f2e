import { AxiosError, type AxiosResponse } from 'axios'

/**
 * Resolve or reject like axios' own settle (its package exports block deep imports of
 * axios/lib/core/settle): a status outside `validateStatus` rejects with an AxiosError carrying the response.
 */
export function settle(resolve: (r: AxiosResponse) => void, reject: (e: unknown) => void, response: AxiosResponse): void {
  const validate = response.config.validateStatus
  if (!response.status || !validate || validate(response.status)) {
    resolve(response)
    return
  }
  reject(
    new AxiosError(
      `Request failed with status code ${response.status}`,
      response.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST,
      response.config,
      response.request,
      response,
    ),
  )
}
