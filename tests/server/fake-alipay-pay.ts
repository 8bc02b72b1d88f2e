/**
 * Alipay's payment methods for the fake Alipay gateway (auth/fakes.ts), written from Alipay's documentation
 * independently of the code under test: `alipay.trade.create` / `query` / `close` / `refund` keep trades and refunds
 * (amounts as yuan strings), and `pay` makes the form-encoded, RSA2-signed notification Alipay sends.
 */
import { createSign, type KeyObject } from 'node:crypto'
import { contentToVerify, type FakeAlipayOptions } from './auth/fakes'

export interface AlipayTrade {
  biz: Record<string, string>
  tradeNo: string
  status: 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED'
  notifyUrl: string
}

export interface FakeAlipayTrades {
  trades: Map<string, AlipayTrade>
  refunds: Map<string, Record<string, string>>
  mode: { refunds: 'ok' | 'balance-short' }
  methods: NonNullable<FakeAlipayOptions['methods']>
  /** The member pays in my.tradePay: TRADE_SUCCESS, and the notification body (form-encoded) Alipay posts. */
  pay(outTradeNo: string): string
  /** A notification of any parameters, signed by `signer` (default Alipay's key). */
  notification(params: Record<string, string>, signer?: KeyObject): string
}

const errorText = (code: string, msg: string, subCode: string, subMsg: string) => JSON.stringify({ code, msg, sub_code: subCode, sub_msg: subMsg })
const responseKey = (method: string) => `${method.replace(/\./g, '_')}_response`

export function fakeAlipayTrades(appId: string, alipayPrivateKey: KeyObject): FakeAlipayTrades {
  const trades = new Map<string, AlipayTrade>()
  const refunds = new Map<string, Record<string, string>>()
  const mode: FakeAlipayTrades['mode'] = { refunds: 'ok' }
  let seq = 0
  const bizOf = (params: Record<string, string>) => JSON.parse(params.biz_content ?? '{}') as Record<string, string>
  const ok = (o: object) => JSON.stringify({ code: '10000', msg: 'Success', ...o })
  const notExist = errorText('40004', 'Business Failed', 'ACQ.TRADE_NOT_EXIST', '交易不存在')

  const methods: FakeAlipayTrades['methods'] = {
    'alipay.trade.create': (params, answer) => {
      const key = responseKey('alipay.trade.create')
      const biz = bizOf(params)
      const wellFormed =
        /^\d+\.\d{2}$/.test(biz.total_amount ?? '') && Number(biz.total_amount) > 0 && biz.product_code === 'JSAPI_PAY' && typeof biz.subject === 'string' &&
        (typeof biz.buyer_id === 'string' || typeof biz.buyer_open_id === 'string') && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(biz.time_expire ?? '') && Boolean(params.notify_url)
      if (!wellFormed) return answer(key, errorText('40004', 'Business Failed', 'ACQ.INVALID_PARAMETER', '参数无效'))
      const known = trades.get(biz.out_trade_no)
      if (known) {
        if (known.status === 'TRADE_SUCCESS') return answer(key, errorText('40004', 'Business Failed', 'ACQ.TRADE_HAS_SUCCESS', '交易已被支付'))
        return answer(key, ok({ out_trade_no: biz.out_trade_no, trade_no: known.tradeNo }))
      }
      const trade: AlipayTrade = { biz, tradeNo: `2030060922001${String(++seq).padStart(6, '0')}`, status: 'WAIT_BUYER_PAY', notifyUrl: params.notify_url }
      trades.set(biz.out_trade_no, trade)
      return answer(key, ok({ out_trade_no: biz.out_trade_no, trade_no: trade.tradeNo }))
    },
    'alipay.trade.query': (params, answer) => {
      const key = responseKey('alipay.trade.query')
      const no = bizOf(params).out_trade_no
      const t = trades.get(no)
      if (!t) return answer(key, notExist)
      return answer(key, ok({ out_trade_no: no, trade_no: t.tradeNo, trade_status: t.status, total_amount: t.biz.total_amount, ...(t.status === 'TRADE_SUCCESS' ? { send_pay_date: '2030-06-09 10:00:05' } : {}) }))
    },
    'alipay.trade.close': (params, answer) => {
      const key = responseKey('alipay.trade.close')
      const no = bizOf(params).out_trade_no
      const t = trades.get(no)
      if (!t) return answer(key, notExist)
      if (t.status === 'TRADE_SUCCESS') return answer(key, errorText('40004', 'Business Failed', 'ACQ.TRADE_STATUS_ERROR', '交易状态不合法'))
      t.status = 'TRADE_CLOSED'
      return answer(key, ok({ out_trade_no: no, trade_no: t.tradeNo }))
    },
    'alipay.trade.refund': (params, answer) => {
      const key = responseKey('alipay.trade.refund')
      const biz = bizOf(params)
      const t = trades.get(biz.out_trade_no)
      if (!t || t.status !== 'TRADE_SUCCESS') return answer(key, errorText('40004', 'Business Failed', 'ACQ.TRADE_STATUS_ERROR', '交易状态不合法'))
      if (Number(biz.refund_amount) > Number(t.biz.total_amount)) return answer(key, errorText('40004', 'Business Failed', 'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额超限'))
      if (mode.refunds === 'balance-short') return answer(key, errorText('40004', 'Business Failed', 'ACQ.SELLER_BALANCE_NOT_ENOUGH', '卖家余额不足'))
      const repeat = refunds.has(biz.out_request_no)
      if (!repeat) refunds.set(biz.out_request_no, biz)
      return answer(key, ok({ out_trade_no: biz.out_trade_no, trade_no: t.tradeNo, refund_fee: biz.refund_amount, fund_change: repeat ? 'N' : 'Y' }))
    },
    'alipay.trade.fastpay.refund.query': (params, answer) => {
      const key = responseKey('alipay.trade.fastpay.refund.query')
      const biz = bizOf(params)
      const done = refunds.get(biz.out_request_no)
      return answer(key, ok({ out_trade_no: biz.out_trade_no, out_request_no: biz.out_request_no, ...(done ? { refund_status: 'REFUND_SUCCESS', refund_amount: done.refund_amount } : {}) }))
    },
  }

  const notification = (params: Record<string, string>, signer: KeyObject = alipayPrivateKey): string => {
    const sign = createSign('RSA-SHA256').update(contentToVerify(params), 'utf8').sign(signer, 'base64')
    return new URLSearchParams({ ...params, sign, sign_type: 'RSA2' }).toString()
  }

  return {
    trades,
    refunds,
    mode,
    methods,
    notification,
    pay(outTradeNo) {
      const t = trades.get(outTradeNo)
      if (!t) throw new Error(`no trade ${outTradeNo}`)
      t.status = 'TRADE_SUCCESS'
      return notification({
        notify_time: '2030-06-09 10:00:06',
        notify_type: 'trade_status_sync',
        notify_id: `ac05099524730693a8b330c5ecf72da9${++seq}`,
        app_id: appId,
        charset: 'utf-8',
        version: '1.0',
        trade_no: t.tradeNo,
        out_trade_no: outTradeNo,
        trade_status: 'TRADE_SUCCESS',
        total_amount: t.biz.total_amount,
        receipt_amount: t.biz.total_amount,
        buyer_open_id: t.biz.buyer_open_id ?? '',
        gmt_payment: '2030-06-09 10:00:05',
        subject: t.biz.subject,
      })
    },
  }
}
