import { assertRedeemable, assertVoucherUsable, DEFAULT_MALL_RULES, mallRulesWords, validateMallRules, voucherStatus } from '@/domain/mall'
import { RuleError } from '@/domain/errors'

const item = { id: 'mall-10', perMemberLimit: 2 }

describe('§2.2 (a) redemption mall: stock and per-member limit', () => {
  test('redeemable with stock left and under the limit', () => {
    expect(() => assertRedeemable(item, 1, 1)).not.toThrow()
  })
  test('sold out → 409 REWARD_SOLD_OUT, checked before the per-member limit', () => {
    for (const redeemed of [0, 2]) {
      expect(() => assertRedeemable(item, 0, redeemed)).toThrow(RuleError)
      expect(() => assertRedeemable(item, 0, redeemed)).toThrow(expect.objectContaining({ code: 'REWARD_SOLD_OUT', status: 409 }))
    }
  })
  test('at the per-member limit → 422 REWARD_LIMIT_REACHED with the limit in the message', () => {
    expect(() => assertRedeemable(item, 10, 2)).toThrow(expect.objectContaining({ code: 'REWARD_LIMIT_REACHED', status: 422, message: expect.stringContaining('每人限兑 2 次') }))
  })
})

test("兑换说明 says the brand's own voucher validity", () => {
  expect(mallRulesWords({ voucherValidDays: 45 })[0]).toBe('到店服务兑换后发放核销码，45 天内（含兑换当天）到店出示二维码或核销码使用，过期作废。')
})

test('a voucher is valid through its last day; after it the refusal names the day in words', () => {
  const v = { code: '123412341234', validTo: '2026-12-31', usedAt: null }
  expect([voucherStatus(v, '2026-12-31'), voucherStatus(v, '2027-01-01'), voucherStatus({ ...v, usedAt: '2026-12-01T02:00:00.000Z' }, '2026-12-02')]).toEqual(['valid', 'expired', 'used'])
  expect(() => assertVoucherUsable(v, '2027-01-01')).toThrow(expect.objectContaining({ code: 'VOUCHER_EXPIRED', status: 422, message: '该核销码已于 2026年12月31日 过期' }))
  expect(() => assertVoucherUsable({ ...v, validTo: '2027-01-05' }, '2027-01-06')).toThrow(expect.objectContaining({ message: '该核销码已于 1月5日 过期' }))
})

test('an item is named in at most 40 characters as members see them, never blank; its description may be empty or blank, up to 200', () => {
  const base = DEFAULT_MALL_RULES.items[0]
  const problems = (changes: object) =>
    validateMallRules({ ...DEFAULT_MALL_RULES, items: [{ ...base, ...changes }] }, ['any']).filter((p) => /\.(name|description):/.test(p))
  expect(problems({ name: '🎁'.repeat(40), description: '' })).toEqual([])
  expect(problems({ description: '   ' })).toEqual([])
  expect(problems({ name: '限量周年徽章'.repeat(7) })).toEqual(['mall.items[0].name: must be at most 40 characters, got 42'])
  expect(problems({ name: ' ' })).toEqual(['mall.items[0].name: must be a non-empty zh-CN name'])
  expect(problems({ description: '到店出示核销码'.repeat(29) })).toEqual(['mall.items[0].description: must be at most 200 characters, got 203'])
})
