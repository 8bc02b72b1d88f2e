/** 调整积分's amount as the operator typed it (console/src/lib/adjust.ts): what is sent, or why it is refused. */
import { adjustAmount } from '../../console/src/lib/adjust'

test('a whole number from 1 to 10,000,000 is the points sent, leading zeros aside', () => {
  expect(['1', '50', ' 900 ', '0050', '10000000', 7].map(adjustAmount)).toEqual([1, 50, 900, 50, 10_000_000, 7].map((points) => ({ points })))
})

test('more than the bound is refused for its size, however many digits: none is read through a double', () => {
  for (const typed of ['10000001', '99999999999999', '12345678901234567890', '000000000012345678901234567890']) {
    expect({ typed, said: adjustAmount(typed) }).toEqual({ typed, said: { problem: '单次最多调整 10,000,000 积分' } })
  }
})

test('no whole number of points: zero, negative, a fraction or an exponent', () => {
  for (const typed of ['0', '000', '-300', '-12345678901234567890', '2.5', '1e3', '1.00000000000000000001']) {
    expect({ typed, said: adjustAmount(typed) }).toEqual({ typed, said: { problem: '请输入 1–10,000,000 的整数' } })
  }
  expect([null, undefined, '', '  '].map(adjustAmount)).toEqual(Array(4).fill({ problem: '请输入积分数' }))
})
