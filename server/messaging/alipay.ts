/**
 * Alipay subscription messages (订阅消息): `alipay.open.app.mini.templatemessage.send` on the open gateway, signed
 * with the app's RSA2 key and its answer checked against Alipay's public key (AlipayGateway, the same as login).
 * `biz_content` names the member by `to_user_id` (the 2088… user id) or, for apps on Alipay's per-app open_id,
 * `to_open_id` — whichever their login gave — with the template the brand took in 商家平台 (`user_template_id`), the
 * page and `data` as a JSON text of `{"keyword1": {"value": …}, …}`. (`to_open_id` is the open_id counterpart Alipay's
 * open_id migration gives its APIs; the API reference this was written from shows `to_user_id` only: a brand on
 * open_ids should send one message in Alipay's sandbox first.)
 *
 * What Alipay's answer means for the message (公共错误码, as for login): 10000 sent; 20000 (unknow-error, busy) and
 * 40005 (call limits) may pass: retry later, as for no answer, an HTTP error or an answer that cannot be believed;
 * anything else — 40004 business refusals such as a member who has not subscribed or a template that is not the
 * app's, 40002 arguments Alipay refuses, 40006 a missing permission — is not changed by a retry.
 */
import { AlipayGateway, classifyAlipayError, type AlipayOptions } from '../auth/alipay'
import { AuthError } from '../auth/types'
import type { DeliveryOutcome, Messenger, SubscriptionMessage } from './delivery'

export const TEMPLATE_MESSAGE_METHOD = 'alipay.open.app.mini.templatemessage.send'
/** An Alipay user id (what older apps' logins give); anything else a login gave is the member's open_id. */
const USER_ID = /^2088\d{12}$/

export class AlipayMessenger implements Messenger {
  readonly platform = 'alipay' as const
  readonly loginProvider = 'alipay' as const
  readonly #gateway: AlipayGateway

  constructor(options: AlipayOptions) {
    this.#gateway = new AlipayGateway(options, 'Alipay subscription messages')
  }

  async send(message: SubscriptionMessage): Promise<DeliveryOutcome> {
    const bizContent = {
      [USER_ID.test(message.touser) ? 'to_user_id' : 'to_open_id']: message.touser,
      user_template_id: message.templateId,
      page: message.page,
      data: JSON.stringify(message.data),
    }
    try {
      const r = await this.#gateway.call(TEMPLATE_MESSAGE_METHOD, { biz_content: JSON.stringify(bizContent) })
      if (r.ok) return { status: 'sent' }
      const kind = classifyAlipayError(r.code, r.subCode)
      return { status: kind === 'LOGIN_UPSTREAM_BUSY' || kind === 'LOGIN_RATE_LIMITED' ? 'retry' : 'failed', reason: r.detail }
    } catch (e) {
      // No answer, an HTTP error or one that cannot be believed: the message waits for the next attempt.
      return { status: 'retry', reason: e instanceof AuthError ? (e.detail ?? e.code) : String(e) }
    }
  }
}
