/** The app config as a given platform's build sees it (src/app.config.ts evaluated with TARO_ENV set). */
export function loadAppConfig(platform: 'h5' | 'weapp' | 'alipay') {
  const previous = process.env.TARO_ENV
  process.env.TARO_ENV = platform
  ;(globalThis as Record<string, unknown>).defineAppConfig = (c: unknown) => c
  try {
    let config: { pages: string[]; subPackages?: { root: string; pages: string[] }[] } | undefined
    jest.isolateModules(() => {
      config = require('../../src/app.config').default
    })
    return config!
  } finally {
    process.env.TARO_ENV = previous
  }
}
