/**
 * Removes the first screen index.html drew before the JavaScript ran (config/first-screen.ts): the consent sheet
 * as static HTML, in the same place and size as the app's, so the page's largest paint does not wait for the app.
 * Called before the app's own sheet is painted (a layout effect), so the two are never seen at once.
 */
export function dismissFirstScreen(): void {
  document.getElementById('first-screen')?.remove()
}
