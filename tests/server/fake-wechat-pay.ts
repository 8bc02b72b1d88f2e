/**
 * A fake WeChat Pay (API v3) on loopback, written from WeChat Pay's documentation independently of the code under
 * test: it checks each request's `Authorization` signature with the merchant's PUBLIC key, signs each answer with
 * "WeChat Pay's" private key (public-key mode: `Wechatpay-Serial` is the key id), keeps trades and refunds, and
 * makes the encrypted, signed payment notifications WeChat Pay would send.
 */
import { createCipheriv, createSign, createVerify, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto'
import { startFake, type FakeServer } from './auth/fakes'

export const PAY = { mchId: '1900000109', certSerial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', apiV3Key: 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5', publicKeyId: 'PUB_KEY_ID_0119000001092025010100000000' }

export interface PayKeys {
  merchant: { privatePem: string; publicKey: KeyObject }
  wechatpay: { privateKey: KeyObject; publicPem: string }
  stranger: { privateKey: KeyObject }
}

export function payKeys(): PayKeys {
  const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048 })
  const m = pair()
  const w = pair()
  return {
    merchant: { privatePem: m.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey: m.publicKey },
    wechatpay: { privateKey: w.privateKey, publicPem: w.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    stranger: { privateKey: pair().privateKey },
  }
}

export interface FakeTrade {
  request: Record<string, unknown>
  prepayId: string
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND'
  transactionId: string | null
}

export interface Notification {
  headers: Record<string, string>
  body: string
}

export interface FakeWechatPay extends FakeServer {
  trades: Map<string, FakeTrade>
  refunds: Map<string, Record<string, unknown>>
  /** Refuse refunds with 403 NOT_ENOUGH (the merchant's balance is short), answer 500 to everything, or sign answers with a key that is not WeChat Pay's (a forged answer). */
  mode: { refunds: 'ok' | 'not-enough'; down: boolean; forged: boolean }
  /** The member pays the trade at WeChat (`amountFen`: a trade for another amount): SUCCESS, and the notification WeChat Pay sends. */
  pay(outTradeNo: string, amountFen?: number): Notification
  /** A notification of any content, signed by `signer` (default WeChat Pay's key). */
  notification(resource: Record<string, unknown>, signer?: KeyObject, eventType?: string): Notification
}

const sign = (text: string, key: KeyObject) => createSign('RSA-SHA256').update(text, 'utf8').sign(key, 'base64')

export async function startFakeWechatPay(keys: PayKeys, appId: string): Promise<FakeWechatPay> {
  const trades = new Map<string, FakeTrade>()
  const refunds = new Map<string, Record<string, unknown>>()
  const mode: FakeWechatPay['mode'] = { refunds: 'ok', down: false, forged: false }
  let seq = 0

  const signedHeaders = (body: string, signer: KeyObject = keys.wechatpay.privateKey): Record<string, string> => {
    const timestamp = String(Math.floor(Date.now() / 1000))
    const nonce = randomBytes(16).toString('hex')
    return {
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-serial': PAY.publicKeyId,
      'wechatpay-signature': sign(`${timestamp}\n${nonce}\n${body}\n`, signer),
    }
  }

  const tradeJson = (no: string, t: FakeTrade) => ({
    appid: appId,
    mchid: PAY.mchId,
    out_trade_no: no,
    trade_state: t.state,
    trade_state_desc: t.state,
    ...(t.transactionId ? { transaction_id: t.transactionId, success_time: '2030-06-09T10:00:05+08:00' } : {}),
    amount: { total: (t.request.amount as { total: number }).total, payer_total: (t.request.amount as { total: number }).total, currency: 'CNY' },
    payer: t.request.payer,
  })

  const server = await startFake((req, body, res) => {
    const answer = (status: number, o?: object) => {
      const text = o ? JSON.stringify(o) : ''
      res.writeHead(status, { 'content-type': 'application/json', ...signedHeaders(text, mode.forged ? keys.stranger.privateKey : undefined) })
      res.end(text)
    }
    const url = req.url ?? '/'
    // The merchant's signature: WECHATPAY2-SHA256-RSA2048 over METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n.
    const auth = String(req.headers.authorization ?? '')
    const field = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(auth)?.[1] ?? ''
    const signed =
      auth.startsWith('WECHATPAY2-SHA256-RSA2048 ') &&
      field('mchid') === PAY.mchId &&
      field('serial_no') === PAY.certSerial &&
      createVerify('RSA-SHA256').update(`${req.method}\n${url}\n${field('timestamp')}\n${field('nonce_str')}\n${body}\n`, 'utf8').verify(keys.merchant.publicKey, field('signature'), 'base64')
    if (!signed) return answer(401, { code: 'SIGN_ERROR', message: '签名错误' })
    if (mode.down) return answer(500, { code: 'SYSTEM_ERROR', message: '系统错误' })
    const path = url.split('?')[0]
    const b = body ? (JSON.parse(body) as Record<string, unknown>) : {}

    if (req.method === 'POST' && path === '/v3/pay/transactions/jsapi') {
      const no = String(b.out_trade_no)
      const wellFormed =
        b.appid === appId && b.mchid === PAY.mchId && /^[\w|*-]{6,32}$/.test(no) && typeof b.notify_url === 'string' &&
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/.test(String(b.time_expire)) &&
        Number.isInteger((b.amount as { total?: number })?.total) && (b.amount as { total: number }).total > 0 && typeof (b.payer as { openid?: string })?.openid === 'string'
      if (!wellFormed) return answer(400, { code: 'PARAM_ERROR', message: '参数错误' })
      const known = trades.get(no)
      if (known) {
        if (known.state === 'SUCCESS') return answer(400, { code: 'ORDERPAID', message: '该订单已支付' })
        if (JSON.stringify({ ...known.request, time_expire: '' }) !== JSON.stringify({ ...b, time_expire: '' })) return answer(400, { code: 'INVALID_REQUEST', message: '201 商户订单号重复' })
        return answer(200, { prepay_id: known.prepayId })
      }
      const trade: FakeTrade = { request: b, prepayId: `wx${++seq}${randomBytes(8).toString('hex')}`, state: 'NOTPAY', transactionId: null }
      trades.set(no, trade)
      return answer(200, { prepay_id: trade.prepayId })
    }
    const query = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(path)
    if (req.method === 'GET' && query) {
      if (new URL(url, 'http://x').searchParams.get('mchid') !== PAY.mchId) return answer(400, { code: 'PARAM_ERROR', message: 'mchid' })
      const t = trades.get(decodeURIComponent(query[1]))
      return t ? answer(200, tradeJson(decodeURIComponent(query[1]), t)) : answer(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' })
    }
    const close = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(path)
    if (req.method === 'POST' && close) {
      const t = trades.get(decodeURIComponent(close[1]))
      if (!t) return answer(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' })
      if (t.state === 'SUCCESS') return answer(400, { code: 'ORDERPAID', message: '该订单已支付' })
      t.state = 'CLOSED'
      return answer(204)
    }
    if (req.method === 'POST' && path === '/v3/refund/domestic/refunds') {
      const t = trades.get(String(b.out_trade_no))
      if (!t || (t.state !== 'SUCCESS' && t.state !== 'REFUND')) return answer(400, { code: 'INVALID_REQUEST', message: '订单未支付' })
      const amount = b.amount as { refund: number; total: number; currency: string }
      if (amount.total !== (t.request.amount as { total: number }).total || amount.refund > amount.total) return answer(400, { code: 'PARAM_ERROR', message: '退款金额不正确' })
      if (mode.refunds === 'not-enough') return answer(403, { code: 'NOT_ENOUGH', message: '基本账户余额不足，请充值后重新发起' })
      const no = String(b.out_refund_no)
      if (!refunds.has(no)) refunds.set(no, b)
      t.state = 'REFUND'
      return answer(200, { refund_id: `5030${seq}`, out_refund_no: no, out_trade_no: b.out_trade_no, status: 'PROCESSING', amount: { ...amount, payer_refund: amount.refund } })
    }
    return answer(404, { code: 'NOT_FOUND', message: 'not found' })
  })

  const notification = (resource: Record<string, unknown>, signer?: KeyObject, eventType = 'TRANSACTION.SUCCESS'): Notification => {
    const nonce = randomBytes(6).toString('hex')
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(PAY.apiV3Key), Buffer.from(nonce))
    cipher.setAAD(Buffer.from('transaction'))
    const encrypted = Buffer.concat([cipher.update(JSON.stringify(resource), 'utf8'), cipher.final(), cipher.getAuthTag()])
    const body = JSON.stringify({
      id: `EV-${++seq}`,
      create_time: '2030-06-09T10:00:06+08:00',
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary: '支付成功',
      resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext: encrypted.toString('base64'), associated_data: 'transaction', nonce },
    })
    return { headers: { 'content-type': 'application/json', ...signedHeaders(body, signer) }, body }
  }

  return {
    ...server,
    trades,
    refunds,
    mode,
    notification,
    pay(outTradeNo, amountFen) {
      const t = trades.get(outTradeNo)
      if (!t) throw new Error(`no trade ${outTradeNo}`)
      // Another amount: the trade itself was for it (a tampered or mistaken trade), as the merchant's records show.
      if (amountFen !== undefined) t.request = { ...t.request, amount: { total: amountFen, currency: 'CNY' } }
      t.state = 'SUCCESS'
      t.transactionId = `4200002026${String(++seq).padStart(18, '0')}`
      return notification(tradeJson(outTradeNo, t))
    },
  }
}
