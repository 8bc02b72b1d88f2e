/**
 * A small static server for the built H5 app (dist/h5): correct content types, gzip for text assets,
 * long caching for hashed assets, and index.html for every other path. Used by `npm start`, the browser
 * tests and the Lighthouse run (which also forwards `/api/` to a backend, so the app and its API share one
 * origin as in a brand's deployment).
 */
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { createGzip } from 'node:zlib'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

export interface StaticServer {
  url: string
  server: Server
  close(): Promise<void>
}

export interface StaticServerOptions {
  /** Forward every `/api/…` request to this origin (e.g. the mock server's `http://127.0.0.1:3100`). */
  apiOrigin?: string
}

export function startStaticServer(root: string, port = 0, host = '127.0.0.1', options: StaticServerOptions = {}): Promise<StaticServer> {
  const base = path.resolve(root)
  const server = createServer((req, res) => {
    if (options.apiOrigin && req.url?.startsWith('/api/')) {
      const upstream = request(new URL(req.url, options.apiOrigin), { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      })
      upstream.on('error', () => {
        res.writeHead(502, { 'Content-Type': 'application/json; charset=utf-8' })
        res.end(JSON.stringify({ error: { code: 'BAD_GATEWAY', message: '服务暂时不可用，请稍后重试' } }))
      })
      req.pipe(upstream)
      return
    }
    const urlPath = decodeURIComponent((req.url ?? '/').split('?')[0])
    let file = path.join(base, path.normalize(urlPath))
    if (!file.startsWith(base) || !existsSync(file) || statSync(file).isDirectory()) file = path.join(base, 'index.html')
    const ext = path.extname(file)
    const headers: Record<string, string> = { 'Content-Type': TYPES[ext] ?? 'application/octet-stream' }
    // The page and the service worker keep their names across deployments; every other file is named by its hash.
    headers['Cache-Control'] = ext === '.html' || path.basename(file) === 'sw.js' ? 'no-cache' : 'public, max-age=31536000, immutable'
    const gzip = /\b(gzip)\b/.test(String(req.headers['accept-encoding'])) && /\.(js|css|html|json|svg)$/.test(file)
    if (gzip) headers['Content-Encoding'] = 'gzip'
    res.writeHead(200, headers)
    const stream = createReadStream(file)
    ;(gzip ? stream.pipe(createGzip()) : stream).pipe(res)
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      const { port: actual } = server.address() as AddressInfo
      resolve({
        url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${actual}`,
        server,
        close: () => new Promise((done) => server.close(() => done())),
      })
    })
  })
}
