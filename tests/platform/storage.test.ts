import { platform, MAX_STORAGE_VALUE_BYTES, PlatformError, utf8Bytes } from '@/platform'
import { taroStorage } from '@/platform/taro-storage'
import Taro from '@tarojs/taro'

describe.each([
  ['neutral (memory)', platform.storage],
  ['Taro storage', taroStorage],
])('platform storage: %s', (_name, storage) => {
  test('a missing key reads as null, never an empty string', () => {
    expect(storage.getItem('never-written')).toBeNull()
  })

  test('round-trips a value and removes it', () => {
    storage.setItem('k', '{"a":1}')
    expect(storage.getItem('k')).toBe('{"a":1}')
    storage.removeItem('k')
    expect(storage.getItem('k')).toBeNull()
  })

  test('refuses a value over 200 KB and keeps the old one', () => {
    storage.setItem('big', 'old')
    const tooBig = 'x'.repeat(MAX_STORAGE_VALUE_BYTES)
    expect(() => storage.setItem('big', tooBig)).toThrow(PlatformError)
    expect(storage.getItem('big')).toBe('old')
  })

  test('counts multi-byte characters as UTF-8 bytes', () => {
    // 70k CJK characters are ~205 KB in UTF-8 although only 70k UTF-16 units.
    expect(() => storage.setItem('cjk', '积'.repeat(70_000))).toThrow(/200 KB/)
  })
})

test('Taro storage treats the mini-program empty-string answer as missing', () => {
  Taro.setStorageSync('blank', '')
  expect(taroStorage.getItem('blank')).toBeNull()
})

test('utf8Bytes counts surrogate pairs as 4 bytes', () => {
  expect(utf8Bytes('a积🎉')).toBe(1 + 3 + 4)
})
