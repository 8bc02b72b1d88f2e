/**
 * H5: Taro's toast is a plain element a screen reader does not notice, so a member who claims a task or redeems an item
 * heard nothing. The words also go into one polite live region (role=status), visually hidden, put on the page at
 * launch (`installAnnouncer`): a region must be there before its words change for them to be read.
 */
let region: HTMLElement | null = null

function ensureRegion(): HTMLElement {
  if (region?.isConnected) return region
  const el = document.createElement('div')
  el.id = 'announcer'
  el.setAttribute('role', 'status')
  el.setAttribute('aria-live', 'polite')
  el.style.cssText = 'position:fixed;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0'
  document.body.appendChild(el)
  region = el
  return el
}

export function installAnnouncer(): void {
  ensureRegion()
}

export function announce(words: string): void {
  const target = ensureRegion()
  // The same words twice in a row are read twice: emptied first, set on the next frame.
  target.textContent = ''
  requestAnimationFrame(() => (target.textContent = words))
}
