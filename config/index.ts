import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import type { IProjectConfig } from '@tarojs/taro/types/compile'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import webpack from 'webpack'
import devConfig from './dev'
import { firstScreen } from './first-screen'
import prodConfig from './prod'
import { ShellFilesPlugin } from './shell-files'

const platform = process.env.TARO_ENV ?? 'h5'

/**
 * Build-time settings read from the shell (and .env files). `TARO_APP_API_BASE` points the app at a real
 * backend; left empty, the embedded mock backend is bundled and used in-process.
 */
const buildEnv = {
  TARO_APP_API_BASE: process.env.TARO_APP_API_BASE ?? '',
  TARO_APP_LOGIN_CODE: process.env.TARO_APP_LOGIN_CODE ?? '',
}

/** Outside src/ but bundled into demo builds: the mock and the platform-neutral core (never the rest of server/). */
const EMBEDDED_BACKEND = [path.resolve(__dirname, '..', 'mock'), path.resolve(__dirname, '..', 'server/core')]

/** Shared webpack tweaks: the `@/` alias, and no embedded mock in builds pointed at a backend. */
type WebpackChain = Parameters<NonNullable<NonNullable<IProjectConfig<'webpack5'>['mini']>['webpackChain']>>[0]

function webpackChain(chain: WebpackChain) {
  chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
  if (buildEnv.TARO_APP_API_BASE) {
    chain.plugin('drop-embedded-mock').use(webpack.NormalModuleReplacementPlugin, [
      /mock[\\/]embedded(\.ts)?$/,
      path.resolve(__dirname, '..', 'src/api/no-embedded-mock.ts'),
    ])
  }
  // The mini programs serve no operator screen: their embedded backend leaves the operator routes out, and with them
  // every module only those use (server/core/operator-routes.ts).
  if (platform === 'weapp' || platform === 'alipay') {
    chain.plugin('drop-operator-routes').use(webpack.NormalModuleReplacementPlugin, [
      /server[\\/]core[\\/]operator-routes\.ts$/,
      path.resolve(__dirname, '..', 'server/core/no-operator-routes.ts'),
    ])
  }
  // The app always hands axios its own transport (src/api/http.ts): axios' XMLHttpRequest and fetch adapters, ≈ 14 KB
  // with their helpers, are never used on any platform.
  chain.plugin('drop-axios-adapters').use(webpack.NormalModuleReplacementPlugin, [
    /axios[\\/]lib[\\/]adapters[\\/](xhr|fetch)\.js$/,
    path.resolve(__dirname, '..', 'src/api/no-axios-adapter.ts'),
  ])
  if (platform === 'h5') {
    chain.module
      .rule('strip-weui-font')
      .test(/@tarojs[\\/]components[\\/]dist[\\/]taro-components[\\/]taro-components\.css$/)
      .enforce('pre')
      .use('strip-weui-font')
      .loader(path.resolve(__dirname, 'strip-weui-font.js'))
    // Production builds: the list of files the shell's service worker keeps when it installs (config/shell-files.ts).
    if (process.env.NODE_ENV !== 'development') chain.plugin('shell-files').use(ShellFilesPlugin)
  }
}

/**
 * Files the build copies as they are: the Alipay IDE opens dist/alipay and reads its project file from there; a
 * production H5 build serves the shell's service worker beside index.html (platform.cacheShell registers it).
 */
function copyPatterns(): { from: string; to: string }[] {
  const outputRoot = process.env.LOYALTY_OUTPUT_ROOT ?? `dist/${platform}`
  if (platform === 'alipay') return [{ from: 'config/mini.project.json', to: `${outputRoot}/mini.project.json` }]
  if (platform === 'h5' && process.env.NODE_ENV !== 'development') return [{ from: 'src/platform/service-worker.js', to: `${outputRoot}/sw.js` }]
  return []
}

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'loyalty-mini',
    date: '2026-11-23',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // LOYALTY_OUTPUT_ROOT lets the size report build a second variant (pointed at a backend) beside the demo.
    outputRoot: process.env.LOYALTY_OUTPUT_ROOT ?? `dist/${platform}`,
    alias: { '@': path.resolve(__dirname, '..', 'src') },
    env: Object.fromEntries(Object.entries(buildEnv).map(([k, v]) => [k, JSON.stringify(v)])),
    plugins: [path.resolve(__dirname, 'mini-aria-plugin.ts')],
    defineConstants: {},
    copy: {
      patterns: copyPatterns(),
      options: {},
    },
    // Preact on H5 only (React's DOM renderer is ~40 KB gzip of the first load); React on the mini programs and in Jest.
    framework: platform === 'h5' ? 'preact' : 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      // The embedded mock backend and the use cases it runs live outside src/ and still go through the TypeScript loader.
      compile: { include: EMBEDDED_BACKEND },
      // Components' styles never depend on one another's order (BEM-style names), so order warnings are noise.
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain,
    },
    h5: {
      compile: { include: EMBEDDED_BACKEND },
      // index.html draws the consent sheet before the scripts run, and asks for the scripts once it is on screen
      // (config/first-screen.ts; src/index.html writes the tags).
      htmlPluginOption: platform === 'h5' ? { firstScreen: firstScreen(), inject: false } : {},
      // Images are files, not base64 inside the first-load JS (the tab icons alone would add ~7 KB gzip).
      imageUrlLoaderOption: { limit: 1024 },
      publicPath: '/',
      staticDirectory: 'static',
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      router: { mode: 'hash' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain,
    },
  }

  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
