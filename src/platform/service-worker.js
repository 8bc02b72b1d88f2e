/*
 * The H5 shell's service worker (copied to dist/h5/sw.js by production H5 builds, registered by
 * platform.cacheShell in src/platform/index.h5.ts). It keeps the app's own files so that a reload without a
 * connection opens the app — with its offline banner — instead of the browser's error page:
 *
 * - the page (index.html): network first, so a new deployment is picked up at once; the kept copy offline;
 * - scripts, styles, images, fonts of this origin: kept on first fetch and served from the cache after that (their
 *   names carry a content hash, so a kept copy is never stale); the tab pages' files are kept at install, so every
 *   tab opens offline even if the member never opened it;
 * - never an API answer (anything under /api/, any other origin, anything but GET): those always go to the network;
 * - by deployment: each index.html starts a generation (a cache of its own), and only the current and the previous
 *   generation are kept, so the files of older deployments do not pile up.
 *
 * Plain JavaScript, not bundled: a worker script must keep one URL across deployments.
 */
const PREFIX = 'shell-'
const STATIC_FILE = /\.(?:js|css|png|jpe?g|gif|svg|webp|ico|woff2?)$/
const shellUrl = new URL('./', self.registration.scope).href
/** The shell's generations, oldest first, kept in a cache of their own (a worker's variables die with it). */
const META = 'shell-meta'
const META_URL = new URL('./__shell-generations', self.registration.scope).href
/** Generations kept: the current deployment's and the one before (a tab still open on it may need its files). */
const KEPT_GENERATIONS = 2
/** The tab pages' files, written beside index.html by the build (config/shell-files.ts). */
const SHELL_FILES = 'shell-files.json'

/** Only this origin's own static files; the API is never kept, whatever it answers. */
function keepable(url) {
  return url.origin === self.location.origin && !/\/api\//.test(url.pathname) && STATIC_FILE.test(url.pathname)
}

/** A deployment's generation: a hash (FNV-1a) of its index.html, which names that deployment's hashed files. */
function generationOf(html) {
  let h = 0x811c9dc5
  for (let i = 0; i < html.length; i++) h = Math.imul(h ^ html.charCodeAt(i), 0x01000193) >>> 0
  return PREFIX + h.toString(36)
}

async function generations() {
  const hit = await (await caches.open(META)).match(META_URL)
  return hit ? hit.json() : []
}

/** The cache files are kept in: the newest generation's. */
async function currentCache() {
  const list = await generations()
  return caches.open(list.length ? list[list.length - 1] : PREFIX + 'first')
}

async function keep(request, response) {
  if (!response || !response.ok || response.type === 'opaque') return
  await (await currentCache()).put(request, response)
}

/**
 * A page (index.html) from the network: its generation becomes the current one, and every other shell cache but
 * the previous generation is deleted with the files it kept (older generations, a first cache filled before any
 * page was adopted, the single cache of the worker before generations) — each deployment's hashed files would
 * otherwise stay for ever.
 */
async function adopt(html, response) {
  const generation = generationOf(html)
  const list = await generations()
  const fresh = list[list.length - 1] !== generation
  if (fresh) {
    const current = [...list.filter((g) => g !== generation), generation].slice(-KEPT_GENERATIONS)
    await (await caches.open(META)).put(META_URL, new Response(JSON.stringify(current), { headers: { 'Content-Type': 'application/json' } }))
    const names = await caches.keys()
    await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== META && !current.includes(n)).map((n) => caches.delete(n)))
  }
  await (await caches.open(generation)).put(shellUrl, response)
  return fresh
}

/** A kept file: the current generation's, else an earlier one's (copied forward: an unchanged file keeps its name). */
async function kept(request) {
  const current = await currentCache()
  const own = await current.match(request)
  if (own) return own
  const earlier = await caches.match(request)
  if (earlier) await current.put(request, earlier.clone())
  return earlier
}

/** Keeps these files of this origin (an API address never) in the current generation, unless it has them already. */
async function keepAll(hrefs) {
  const urls = hrefs.map((href) => new URL(href, shellUrl)).filter(keepable)
  await Promise.all(urls.map((url) => kept(url.href).then((hit) => hit || fetch(url.href).then((response) => keep(url.href, response)))))
}

/**
 * A deployment's own files: those its index.html names — its stylesheet link and the entry scripts its loader asks
 * for after the first paint (quoted root paths) — and the build's list of the tab pages' files
 * (config/shell-files.ts), so that every tab opens offline; other pages are kept when first fetched.
 */
async function keepShellFiles(html) {
  const named = [...html.matchAll(/"(\/[^"\s]+)"/g)].map((match) => match[1])
  const tabs = await fetch(new URL(SHELL_FILES, shellUrl), { cache: 'no-cache' })
    .then((answer) => (answer.ok ? answer.json() : []))
    .catch(() => [])
  await keepAll([...named, ...(Array.isArray(tabs) ? tabs : [])]).catch(() => undefined)
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    fetch(shellUrl, { cache: 'no-cache' })
      .then(async (response) => {
        if (!response.ok) return
        const html = await response.clone().text()
        await adopt(html, response)
        await keepShellFiles(html)
      })
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()))

// The page hands over the files it fetched before this worker controlled it (its first page's chunk, its images).
self.addEventListener('message', (event) => {
  const urls = event.data && event.data.type === 'keep' && Array.isArray(event.data.urls) ? event.data.urls : []
  event.waitUntil(keepAll(urls).catch(() => undefined))
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (request.mode === 'navigate' && url.origin === self.location.origin && !/\/api\//.test(url.pathname)) {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone()
            event.waitUntil(copy.clone().text().then((html) => adopt(html, copy).then((fresh) => fresh && keepShellFiles(html))))
          }
          return response
        })
        .catch(() => currentCache().then((cache) => cache.match(shellUrl)).then((hit) => hit || Response.error())),
    )
    return
  }
  if (!keepable(url)) return
  event.respondWith(
    kept(request).then(
      (hit) =>
        hit ||
        fetch(request).then((response) => {
          event.waitUntil(keep(request, response.clone()))
          return response
        }),
    ),
  )
})
