/*
 * The H5 shell's service worker (copied to dist/h5/sw.js by production H5 builds, registered by
 * platform.cacheShell in src/platform/index.h5.ts). It keeps the app's own files so that a reload without a
 * connection opens the app — with its offline banner — instead of the browser's error page:
 *
 * - the page (index.html): network first, so a new deployment is picked up at once; the kept copy offline;
 * - scripts, styles, images, fonts of this origin: kept on first fetch and served from the cache after that (their
 *   names carry a content hash, so a kept copy is never stale);
 * - never an API answer (anything under /api/, any other origin, anything but GET): those always go to the network.
 *
 * Plain JavaScript, not bundled: a worker script must keep one URL across deployments.
 */
const CACHE = 'shell-v1'
const STATIC_FILE = /\.(?:js|css|png|jpe?g|gif|svg|webp|ico|woff2?)$/
const shellUrl = new URL('./', self.registration.scope).href

/** Only this origin's own static files; the API is never kept, whatever it answers. */
function keepable(url) {
  return url.origin === self.location.origin && !/\/api\//.test(url.pathname) && STATIC_FILE.test(url.pathname)
}

async function keep(request, response) {
  if (!response || !response.ok || response.type === 'opaque') return
  const cache = await caches.open(CACHE)
  await cache.put(request, response)
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    fetch(shellUrl, { cache: 'no-cache' })
      .then(async (response) => {
        if (!response.ok) return
        const html = await response.clone().text()
        await keep(shellUrl, response)
        // The files index.html names — its stylesheet link and the entry scripts its loader asks for after the first
        // paint (quoted root paths); later chunks are kept when first fetched.
        const named = [...html.matchAll(/"(\/[^"\s]+)"/g)].map((match) => new URL(match[1], shellUrl)).filter(keepable)
        const cache = await caches.open(CACHE)
        await Promise.all(named.map((url) => cache.add(url.href).catch(() => undefined)))
      })
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('shell-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  )
})

// The page hands over the files it fetched before this worker controlled it (its first page's chunk, its images).
self.addEventListener('message', (event) => {
  const urls = event.data && event.data.type === 'keep' && Array.isArray(event.data.urls) ? event.data.urls : []
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        urls
          .map((href) => new URL(href, shellUrl))
          .filter(keepable)
          .map((url) => cache.match(url.href).then((hit) => hit || cache.add(url.href).catch(() => undefined))),
      ),
    ),
  )
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (request.mode === 'navigate' && url.origin === self.location.origin && !/\/api\//.test(url.pathname)) {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) event.waitUntil(keep(shellUrl, response.clone()))
          return response
        })
        .catch(() => caches.match(shellUrl).then((hit) => hit || Response.error())),
    )
    return
  }
  if (!keepable(url)) return
  event.respondWith(
    caches.match(request).then(
      (hit) =>
        hit ||
        fetch(request).then((response) => {
          event.waitUntil(keep(request, response.clone()))
          return response
        }),
    ),
  )
})
