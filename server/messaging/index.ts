/**
 * Who delivers subscription messages to members' phones: WeChat when members sign in with WeChat
 * (AUTH_PROVIDER=wechat, the same WECHAT_APPID / WECHAT_SECRET / WECHAT_API_BASE); nobody otherwise — the
 * notifications still land in the in-app centre. Alipay's subscription messages are not sent yet.
 */
import type { AuthEnv } from '../auth'
import type { ServerConfig } from '../config'
import type { Messenger } from './delivery'
import { WechatMessenger } from './wechat'

export function createMessenger(env: AuthEnv, cfg: Pick<ServerConfig, 'wechatMiniprogramState'>): Messenger | null {
  if ((env.AUTH_PROVIDER ?? '').trim() !== 'wechat') return null
  return new WechatMessenger({ appId: env.WECHAT_APPID ?? '', secret: env.WECHAT_SECRET ?? '', apiBase: env.WECHAT_API_BASE, miniprogramState: cfg.wechatMiniprogramState, nodeEnv: env.NODE_ENV })
}
