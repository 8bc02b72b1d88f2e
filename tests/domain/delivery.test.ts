import { checkDeliveryAddress, maskContact } from '@/domain/delivery'

const GOOD = { name: '张三', phone: '13800138000', address: '上海市徐汇区漕溪北路 88 号' }

test('a complete address passes, trimmed and with the number run together', () => {
  expect(checkDeliveryAddress({ name: ' 张三 ', phone: '138 0013-8000', address: ' 上海市徐汇区漕溪北路 88 号 ' })).toEqual({ ok: true, address: GOOD })
})

test('a number typed in full-width digits (a Chinese keyboard) is the same number', () => {
  expect(checkDeliveryAddress({ ...GOOD, phone: '１３８\u3000００１３－８０００' })).toEqual({ ok: true, address: GOOD })
})

test('each field says what is missing', () => {
  expect(checkDeliveryAddress({ name: ' ', phone: '', address: '' })).toEqual({
    ok: false,
    errors: { name: '请填写收货人', phone: '请填写手机号', address: '请填写收货地址' },
  })
})

test.each([
  ['10 digits', '1380013800'],
  ['12 digits', '138001380001'],
  ['not starting with 1', '23800138000'],
  ['letters', '1380013800a'],
])('a mobile number of %s is refused', (_case, phone) => {
  expect(checkDeliveryAddress({ ...GOOD, phone })).toEqual({ ok: false, errors: { phone: '请填写 1 开头的 11 位手机号' } })
})

test('a name or an address of nothing visible (zero-width spaces) is missing; the least address counts what can be read', () => {
  expect(checkDeliveryAddress({ ...GOOD, name: '\u200b', address: '\u200b\u200d\ufeff'.repeat(4) })).toEqual({
    ok: false,
    errors: { name: '请填写收货人', address: '请填写收货地址' },
  })
  expect(checkDeliveryAddress({ ...GOOD, address: '上海\u200b\u200b徐汇' })).toEqual({ ok: false, errors: { address: '收货地址至少 5 个字' } })
})

test('an address needs at least 5 characters and at most 120; a name at most 20', () => {
  expect(checkDeliveryAddress({ ...GOOD, address: '上海徐汇' })).toEqual({ ok: false, errors: { address: '收货地址至少 5 个字' } })
  expect(checkDeliveryAddress({ ...GOOD, address: '上海徐汇区' })).toMatchObject({ ok: true })
  expect(checkDeliveryAddress({ ...GOOD, address: '路'.repeat(121) })).toEqual({ ok: false, errors: { address: '收货地址最多 120 个字' } })
  expect(checkDeliveryAddress({ ...GOOD, name: '名'.repeat(21) })).toEqual({ ok: false, errors: { name: '收货人最多 20 个字' } })
})

describe('a member’s contact as a viewer sees it', () => {
  test('a phone keeps its first three and last four digits however it was typed; anything else its first two characters', () => {
    expect(maskContact('13800138000')).toBe('138****8000')
    expect(maskContact('138 0013 8000')).toBe('138****8000')
    expect(maskContact('wx:abc')).toBe('wx***')
    expect(maskContact('张三的邮箱 zs@example.com')).toBe('张三***')
    expect(maskContact('0755-12345678')).toBe('07***')
  })
})
