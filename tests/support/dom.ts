import { act, fireEvent, waitFor } from '@testing-library/react'

/** A tap on a control that opens a page, and the page opened: go() takes no other tap while a page is opening. */
export async function tapToOpen(el: Element): Promise<void> {
  fireEvent.click(el)
  await act(async () => undefined)
}

/** The element matching `selector` once the page has rendered it (fails with the selector when it never does). */
export function found(c: HTMLElement, selector: string, options?: { timeout: number }): Promise<HTMLElement> {
  return waitFor(() => {
    const el = c.querySelector<HTMLElement>(selector)
    if (!el) throw new Error(`${selector} not rendered yet`)
    return el
  }, options)
}

/** A delivery sheet's fields typed in (a parcel's address: a mall gift's or a prize's); any field can be overridden. */
export function fillDelivery(c: HTMLElement, address: Partial<Record<'name' | 'phone' | 'address', string>> = {}): void {
  const values = { name: '张三', phone: '13800138000', address: '上海市徐汇区漕溪北路 88 号', ...address }
  for (const [field, value] of Object.entries(values)) fireEvent.change(c.querySelector(`#delivery-${field}`)!, { target: { value } })
}
