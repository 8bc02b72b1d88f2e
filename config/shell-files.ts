import type { Compilation, Compiler } from 'webpack'

/** The list the shell's service worker reads at install (src/platform/service-worker.js), beside index.html. */
export const SHELL_FILES = 'shell-files.json'

/** The tab pages (`./pages/<tab>/index`, the main package) and the tab bar's icons. */
const TAB_PAGE = /^\.\/pages\/[^/]+\/index$/
const TAB_ICON = /(^|\/)assets\/tab\/[^/]+\.png$/

/**
 * H5 production builds: writes shell-files.json, the files of every tab page (their scripts and styles) and the tab
 * bar's icons. The worker keeps them when it installs, so each tab opens without a connection even if this visit
 * never opened it (≈ 41 KB gzip, fetched by the worker after the page has loaded: never part of the first load).
 * Other pages are kept once opened, like the mini programs' subpackages, which are downloaded on first use.
 */
export class ShellFilesPlugin {
  apply(compiler: Compiler): void {
    compiler.hooks.thisCompilation.tap('ShellFilesPlugin', (compilation: Compilation) => {
      compilation.hooks.processAssets.tap({ name: 'ShellFilesPlugin', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT }, () => {
        const files = new Set<string>()
        for (const group of compilation.chunkGroups) {
          if (!group.origins.some((origin) => TAB_PAGE.test(origin.request ?? ''))) continue
          for (const chunk of group.chunks) for (const file of chunk.files) if (/\.(js|css)$/.test(file)) files.add(file)
        }
        for (const name of Object.keys(compilation.assets)) if (TAB_ICON.test(name)) files.add(name)
        const json = JSON.stringify([...files].sort().map((file) => `/${file}`))
        compilation.emitAsset(SHELL_FILES, new compiler.webpack.sources.RawSource(json))
      })
    })
  }
}
