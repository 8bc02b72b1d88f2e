import { waitFor } from '@testing-library/react'

/** The element matching `selector` once the page has rendered it (fails with the selector when it never does). */
export function found(c: HTMLElement, selector: string, options?: { timeout: number }): Promise<HTMLElement> {
  return waitFor(() => {
    const el = c.querySelector<HTMLElement>(selector)
    if (!el) throw new Error(`${selector} not rendered yet`)
    return el
  }, options)
}
