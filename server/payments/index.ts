/**
 * Who takes members' money: WeChat Pay (PAYMENT_PROVIDER=wechat, the WECHATPAY_* settings) or Alipay
 * (PAYMENT_PROVIDER=alipay, the ALIPAY_* settings of Alipay login); members pay as the id they signed in with. The mock
 * cashier and `none` need nothing here (server/config.ts).
 */
import { ConfigError } from '../config'
import type { PaymentProvider } from '../core/payments'
import { AlipayPay } from './alipay-pay'
import { WechatPay } from './wechat-pay'

export type PaymentEnv = Record<string, string | undefined>

/** A trade number is at most 32 characters: the prefix leaves room for `ord-<member>-<n>`. */
const PREFIX = /^[A-Za-z0-9_]{0,8}$/

/**
 * The provider `name` on the settings in `env`; `payerOf` finds a member's id on its platform. Throws ConfigError on a
 * setting that cannot work.
 */
export function createPaymentProvider(name: 'wechat' | 'alipay', env: PaymentEnv, payerOf: (memberId: string) => Promise<string | null>): PaymentProvider {
  const tradePrefix = env.PAYMENT_TRADE_PREFIX?.trim() ?? ''
  if (!PREFIX.test(tradePrefix)) throw new ConfigError('PAYMENT_TRADE_PREFIX: up to 8 letters, digits or _')
  try {
    if (name === 'alipay') {
      return new AlipayPay({
        appId: env.ALIPAY_APP_ID ?? '',
        privateKey: env.ALIPAY_PRIVATE_KEY ?? '',
        alipayPublicKey: env.ALIPAY_PUBLIC_KEY ?? '',
        gateway: env.ALIPAY_GATEWAY,
        notifyUrl: env.PAYMENT_NOTIFY_URL ?? '',
        tradePrefix,
        payerOf,
        nodeEnv: env.NODE_ENV,
      })
    }
    return new WechatPay({
      appId: env.WECHAT_APPID ?? '',
      mchId: env.WECHATPAY_MCHID ?? '',
      privateKey: env.WECHATPAY_PRIVATE_KEY ?? '',
      certSerial: env.WECHATPAY_CERT_SERIAL ?? '',
      apiV3Key: env.WECHATPAY_APIV3_KEY ?? '',
      platformPublicKey: env.WECHATPAY_PUBLIC_KEY ?? '',
      platformPublicKeyId: env.WECHATPAY_PUBLIC_KEY_ID ?? '',
      notifyUrl: env.PAYMENT_NOTIFY_URL ?? '',
      apiBase: env.WECHATPAY_API_BASE,
      tradePrefix,
      payerOf,
      nodeEnv: env.NODE_ENV,
    })
  } catch (e) {
    throw new ConfigError((e as Error).message)
  }
}
