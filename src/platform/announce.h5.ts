/**
 * H5: Taro's toast is a plain element a screen reader does not notice, so a member who claims a task or redeems an item
 * heard nothing. The words also go into one polite live region (role=status), visually hidden, kept for the page's
 * life: a region must exist before its words change to be read.
 */
let region: HTMLElement | null = null

export function announce(words: string): void {
  if (!region || !region.isConnected) {
    region = document.createElement('div')
    region.id = 'announcer'
    region.setAttribute('role', 'status')
    region.setAttribute('aria-live', 'polite')
    region.style.cssText = 'position:fixed;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0'
    document.body.appendChild(region)
  }
  const target = region
  // The same words twice in a row are read twice: emptied first, set on the next frame.
  target.textContent = ''
  requestAnimationFrame(() => (target.textContent = words))
}
