import {
  AuthConfigError,
  LOGIN_PLATFORMS,
  assertPlatform,
  assertPlausibleCode,
  type LoginPlatform,
  type LoginProvider,
  type PlatformIdentity,
} from './types'

/**
 * `AUTH_PROVIDER=demo`: the code IS the identity, on every platform (weapp, alipay and h5). Anyone who knows
 * or guesses a code logs in as that member, so it exists for the demo and tests only and refuses to be built
 * when NODE_ENV=production (checked here too, not only in the factory, so no other path can build one).
 */
export class DemoLoginProvider implements LoginProvider {
  readonly name = 'demo' as const
  readonly platforms: readonly LoginPlatform[] = LOGIN_PLATFORMS

  constructor(options: { nodeEnv?: string } = {}) {
    const nodeEnv = 'nodeEnv' in options ? options.nodeEnv : process.env.NODE_ENV
    if (nodeEnv === 'production') {
      throw new AuthConfigError(
        'AUTH_PROVIDER=demo is refused when NODE_ENV=production: with the demo provider the login code is the identity, ' +
          'so anyone could log in as any member. Set AUTH_PROVIDER=wechat or AUTH_PROVIDER=alipay.',
      )
    }
  }

  async exchange(platform: LoginPlatform, code: string): Promise<PlatformIdentity> {
    assertPlatform(this, platform)
    assertPlausibleCode(code)
    return { platform, subject: code }
  }
}
