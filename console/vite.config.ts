/**
 * The operator console (运营后台): its own Vite + React + Ant Design app, built to dist/console and served by the
 * production server at /console/. It shares the rules engine (src/domain) and the contract types with the member
 * app and nothing else (lint enforces it), so none of it reaches the mini-program bundles.
 *
 *   npm run build:console                        → dist/console
 *   CONSOLE_API=http://127.0.0.1:3200 npm run console:dev   → dev server, /api proxied to that backend
 */
import path from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const ROOT = path.resolve(__dirname, '..')

/** Libraries in long-lived chunks of their own, so a page's change does not re-download them. */
function vendorChunk(id: string): string | undefined {
  if (!id.includes('node_modules')) return undefined
  if (/node_modules\/(echarts|zrender)\//.test(id)) return 'echarts'
  if (/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react'
  return undefined
}

export default defineConfig({
  root: __dirname,
  base: '/console/',
  plugins: [react()],
  resolve: { alias: { '@': path.join(ROOT, 'src') } },
  build: {
    outDir: path.join(ROOT, 'dist/console'),
    emptyOutDir: true,
    target: 'es2020',
    // antd's shared chunk is ~1 MB before gzip; the size that matters (gzip, first load) is in the README.
    chunkSizeWarningLimit: 1200,
    rollupOptions: { output: { manualChunks: vendorChunk } },
  },
  server: {
    port: Number(process.env.CONSOLE_PORT ?? 5174),
    proxy: { '/api': { target: process.env.CONSOLE_API ?? 'http://127.0.0.1:3200', changeOrigin: true } },
  },
})
