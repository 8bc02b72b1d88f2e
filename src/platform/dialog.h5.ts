import Taro from '@tarojs/taro'
import './dialog.h5.scss'

/**
 * Taro's confirmation dialog (see dialog.ts), made a modal dialog for the keyboard and screen readers. Leaving the
 * page while it is open (the browser's back) answers 取消: Taro hides its dialog then (`__afterTaroRouterChange`,
 * @tarojs/taro-h5) but never settles its promise, which left whoever waited on it — the cashier's 去支付 — busy for good.
 */
export function showModal(options: Taro.showModal.Option): Promise<Taro.showModal.SuccessCallbackResult> {
  const shown = Taro.showModal(options)
  // Taro has drawn it by now: showModal builds its elements before its first await.
  const closed = modalOpened(document)
  const path = Taro.getCurrentInstance().page?.path
  return new Promise((resolve, reject) => {
    const left = () => {
      if (Taro.getCurrentInstance().page?.path === path) return
      settle()
      resolve({ confirm: false, cancel: true, errMsg: 'showModal:ok' })
    }
    const settle = () => {
      Taro.eventCenter.off('__afterTaroRouterChange', left)
      closed.abort()
    }
    Taro.eventCenter.on('__afterTaroRouterChange', left)
    shown.then(
      (r) => {
        settle()
        resolve(r)
      },
      (e: unknown) => {
        settle()
        reject(e)
      },
    )
  })
}

/**
 * H5: Taro's `showModal` draws its dialog from plain divs (`.taro__modal`, @tarojs/taro-h5
 * api/ui/interaction/modal.js, created once and shown again): no dialog role, buttons outside the tab order, no
 * Escape. Called right after it opens, this makes it an alert dialog named by its title and described by its text,
 * makes its buttons native ones (Enter and Space press them), puts the focus on its confirm button and keeps it on its
 * buttons (Tab, Shift+Tab), closes it with Escape as 取消 does, and gives the focus back to where it was once a button
 * closes it. Aborting what it returns lets the keys go (the dialog closed).
 */
function modalOpened(doc: Document): AbortController {
  const closed = new AbortController()
  const root = doc.querySelector<HTMLElement>('.taro__modal')
  const content = root?.querySelector<HTMLElement>('.taro-modal__content')
  // Not drawn (showModal refused its options) or drawn earlier and hidden since: nothing is open.
  if (!root || !content || root.style.display === 'none') return closed
  const title = content.querySelector<HTMLElement>('.taro-modal__title')
  const text = content.querySelector<HTMLElement>('.taro-modal__text')
  if (title) title.id ||= 'taro-modal-title'
  if (text) text.id ||= 'taro-modal-text'
  content.setAttribute('role', 'alertdialog')
  content.setAttribute('aria-modal', 'true')
  if (title?.textContent) content.setAttribute('aria-labelledby', title.id)
  else content.removeAttribute('aria-labelledby')
  if (text) content.setAttribute('aria-describedby', text.id)
  // Taro's buttons are divs with its click handlers, and it writes their text again at every opening: each shown one
  // gets a native <button> with that text inside, whose click reaches Taro's handler on the div.
  const slot = (selector: string) => {
    const div = content.querySelector<HTMLElement>(selector)
    if (!div || div.style.display === 'none') return null
    const button = doc.createElement('button')
    button.type = 'button'
    button.className = 'taro-modal__button'
    button.textContent = div.textContent
    div.replaceChildren(button)
    return button
  }
  const cancel = slot('.taro-model__cancel')
  const confirm = slot('.taro-model__confirm')
  const buttons = [cancel, confirm].filter((b): b is HTMLButtonElement => !!b)
  const back = doc.activeElement instanceof HTMLElement ? doc.activeElement : null
  const onKey = (e: KeyboardEvent) => {
    // The dialog is modal: what is under it (a sheet closing on Escape) does not see these keys.
    if (e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation()
      ;(cancel ?? confirm)?.click()
    } else if (e.key === 'Tab' && buttons.length > 0) {
      e.preventDefault()
      e.stopPropagation()
      const i = buttons.indexOf(doc.activeElement as HTMLButtonElement)
      buttons[(i + (e.shiftKey ? -1 : 1) + buttons.length) % buttons.length].focus()
    }
  }
  doc.addEventListener('keydown', onKey, { capture: true, signal: closed.signal })
  for (const b of buttons)
    b.addEventListener(
      'click',
      () => {
        closed.abort()
        back?.focus()
      },
      { signal: closed.signal },
    )
  confirm?.focus()
  return closed
}
