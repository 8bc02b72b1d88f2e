/** mock/sha256.ts (the idempotency fingerprint) against FIPS 180-4 vectors and node:crypto. */
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { sha256Hex } from '../../server/core/sha256'

const node = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')

test('FIPS 180-4 / NIST vectors', () => {
  expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1')
  expect(sha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0')
})

test('block boundaries (55, 56, 63, 64, 65 bytes) and multi-byte UTF-8 agree with node:crypto', () => {
  for (const n of [1, 55, 56, 57, 63, 64, 65, 119, 120, 128]) expect(sha256Hex('a'.repeat(n))).toBe(node('a'.repeat(n)))
  for (const s of ['反馈4pf8', '反馈lrj6', 'é', '😀'.repeat(40), '\u0000', '\uffff']) expect(sha256Hex(s)).toBe(node(s))
})

test('lone surrogates are hashed as U+FFFD, like node:crypto', () => {
  for (const s of ['\ud800', 'x\udc00y', '\udbff\ud800', '😀'.slice(0, 1)]) expect(sha256Hex(s)).toBe(node(s))
})

test('any string: the same digest as node:crypto', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.fullUnicodeString(), fc.string16bits(), fc.string({ minLength: 50, maxLength: 300 })), (s) => sha256Hex(s) === node(s)),
    { seed: 20260217, numRuns: 500 },
  )
})
