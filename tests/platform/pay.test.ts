/**
 * The platforms' cashiers with a real payment provider: WeChat's `wx.requestPayment` gets the backend's signed
 * parameters as they are, Alipay's `my.tradePay` its trade number; each outcome maps to what the app does next
 * (paid and "unknown" are asked of the backend, cancelled closes the order, failed says try again).
 */
import Taro from '@tarojs/taro'
import { platform as alipay } from '@/platform/index.alipay'
import { platform as weapp } from '@/platform/index.weapp'

const WECHAT = { provider: 'wechat' as const, amountFen: 2660, description: '招牌拿铁', params: { timeStamp: '1796871600', nonceStr: 'n0nce', package: 'prepay_id=wx201410272009395522657a690389285100', signType: 'RSA', paySign: 'c2lnbg==' } }

describe('WeChat', () => {
  const requestPayment = Taro.requestPayment as unknown as jest.Mock
  afterEach(() => requestPayment.mockReset())

  test('wx.requestPayment gets the backend parameters unchanged; success is paid', async () => {
    requestPayment.mockResolvedValueOnce({ errMsg: 'requestPayment:ok' })
    expect(await weapp.pay(WECHAT)).toBe('paid')
    expect(requestPayment).toHaveBeenCalledWith(WECHAT.params)
  })

  test('the member closing the cashier is cancelled; any other failure failed', async () => {
    requestPayment.mockRejectedValueOnce({ errMsg: 'requestPayment:fail cancel' })
    expect(await weapp.pay(WECHAT)).toBe('cancelled')
    requestPayment.mockRejectedValueOnce({ errMsg: 'requestPayment:fail (detail message)' })
    expect(await weapp.pay(WECHAT)).toBe('failed')
  })
})

describe('Alipay', () => {
  const tradePay = jest.fn()
  beforeAll(() => {
    (globalThis as { my?: unknown }).my = { tradePay }
  })
  afterAll(() => {
    delete (globalThis as { my?: unknown }).my
  })

  test.each([
    ['9000', 'paid'],
    ['6001', 'cancelled'],
    ['8000', 'unknown'],
    ['6004', 'unknown'],
    ['4000', 'failed'],
    ['6002', 'failed'],
  ])('my.tradePay resultCode %s is %s', async (resultCode, outcome) => {
    tradePay.mockImplementationOnce((o: { success: (r: { resultCode: string }) => void }) => o.success({ resultCode }))
    expect(await alipay.pay({ provider: 'alipay', amountFen: 2660, description: '招牌拿铁', params: { tradeNO: '2030060922001000001' } })).toBe(outcome)
    expect(tradePay).toHaveBeenLastCalledWith(expect.objectContaining({ tradeNO: '2030060922001000001' }))
  })

  test('a call that fails outright is failed', async () => {
    tradePay.mockImplementationOnce((o: { fail: () => void }) => o.fail())
    expect(await alipay.pay({ provider: 'alipay', amountFen: 1, description: 'x', params: { tradeNO: 'T' } })).toBe('failed')
  })
})
