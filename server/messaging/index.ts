/**
 * Who delivers subscription messages to members' phones: WeChat when members sign in with WeChat
 * (AUTH_PROVIDER=wechat, the same WECHAT_APPID / WECHAT_SECRET / WECHAT_API_BASE), Alipay when they sign in with
 * Alipay (AUTH_PROVIDER=alipay, the same ALIPAY_* settings); nobody otherwise — the notifications still land in the
 * in-app centre.
 */
import type { AuthEnv } from '../auth'
import type { ServerConfig } from '../config'
import { AlipayMessenger } from './alipay'
import type { Messenger } from './delivery'
import { WechatMessenger } from './wechat'

export function createMessenger(env: AuthEnv, cfg: Pick<ServerConfig, 'wechatMiniprogramState'>): Messenger | null {
  switch ((env.AUTH_PROVIDER ?? '').trim()) {
    case 'wechat':
      return new WechatMessenger({ appId: env.WECHAT_APPID ?? '', secret: env.WECHAT_SECRET ?? '', apiBase: env.WECHAT_API_BASE, miniprogramState: cfg.wechatMiniprogramState, nodeEnv: env.NODE_ENV })
    case 'alipay':
      return new AlipayMessenger({ appId: env.ALIPAY_APP_ID ?? '', privateKey: env.ALIPAY_PRIVATE_KEY ?? '', alipayPublicKey: env.ALIPAY_PUBLIC_KEY ?? '', gateway: env.ALIPAY_GATEWAY, nodeEnv: env.NODE_ENV })
    default:
      return null
  }
}
