import type * as NodeCrypto from 'node:crypto'
import {
  AuthError,
  DEFAULT_SCRYPT,
  hashPassword,
  PASSWORD_WORK,
  needsRehash,
  validateNewPassword,
  verifyPassword,
  type ScryptParams,
} from '../../../server/auth'

const FAST: ScryptParams = { ...DEFAULT_SCRYPT, N: 2 ** 10 }
const PASSWORD = 'correct horse battery staple'

let stored: string
beforeAll(async () => {
  stored = await hashPassword(PASSWORD)
})

describe('operator passwords', () => {
  it('are stored self-describing with the default parameters (N=2^15, r=8, p=1, 16-byte salt, 64-byte key)', () => {
    const [alg, N, r, p, salt, key] = stored.split('$')
    expect([alg, N, r, p]).toEqual(['scrypt', '32768', '8', '1'])
    expect(Buffer.from(salt, 'base64')).toHaveLength(16)
    expect(Buffer.from(key, 'base64')).toHaveLength(64)
    expect(stored).not.toContain(PASSWORD)
  })

  it('salt every hash', async () => {
    expect(await hashPassword(PASSWORD, FAST)).not.toBe(await hashPassword(PASSWORD, FAST))
  })

  it('verify the right password and refuse a wrong one', async () => {
    expect(await verifyPassword(PASSWORD, stored)).toBe(true)
    expect(await verifyPassword(`${PASSWORD}!`, stored)).toBe(false)
    expect(await verifyPassword('Correct horse battery staple', stored)).toBe(false)
  })

  it('are checked a few at a time, with a bounded queue: one more is refused at once (LOGIN_BUSY, 503, come back in a few seconds)', async () => {
    const room = PASSWORD_WORK.running + PASSWORD_WORK.waiting
    const tries = Array.from({ length: room + 20 }, (_, i) => verifyPassword(i === 0 ? PASSWORD : `guess-${i}`, stored).catch((e: unknown) => e))
    // The first unknown account while the queue is full: refused like the rest, and not kept as the dummy hash's failure.
    const unknown = verifyPassword(PASSWORD, null).catch((e: unknown) => e)
    const answers = await Promise.all(tries)
    expect(answers[0]).toBe(true)
    expect(answers.slice(1, room).every((a) => a === false)).toBe(true)
    for (const refused of [...answers.slice(room), await unknown]) {
      expect(refused).toBeInstanceOf(AuthError)
      expect(refused).toMatchObject({ code: 'LOGIN_BUSY', status: 503, message: '系统繁忙，请稍后再试', retryAfterSeconds: 5 })
    }
    // Once the queue has drained, checks go on as before.
    expect(await verifyPassword(PASSWORD, stored)).toBe(true)
    expect(await verifyPassword(PASSWORD, null)).toBe(false)
  })

  it('normalise Unicode (NFC) before hashing', async () => {
    const h = await hashPassword('caf\u00e9-passw0rd', FAST)
    expect(await verifyPassword('cafe\u0301-passw0rd', h)).toBe(true)
  })

  it('refuse a tampered hash', async () => {
    const parts = stored.split('$')
    const flip = (b64: string) => {
      const b = Buffer.from(b64, 'base64')
      b[0] ^= 1
      return b.toString('base64')
    }
    const tamperedKey = [...parts.slice(0, 5), flip(parts[5])].join('$')
    const tamperedSalt = [...parts.slice(0, 4), flip(parts[4]), parts[5]].join('$')
    const otherParams = ['scrypt', '16384', ...parts.slice(2)].join('$')
    expect(await verifyPassword(PASSWORD, tamperedKey)).toBe(false)
    expect(await verifyPassword(PASSWORD, tamperedSalt)).toBe(false)
    expect(await verifyPassword(PASSWORD, otherParams)).toBe(false)
  })

  it('refuse stored values they cannot read, or that would cost too much, without computing them', async () => {
    for (const bad of ['', 'plain-text', 'scrypt$32768$8$1$abc', 'bcrypt$2b$10$x$y$z', stored.replace('$32768$', '$33000$'), stored.replace('$32768$', '$1073741824$')]) {
      expect(await verifyPassword(PASSWORD, bad)).toBe(false)
    }
  })

  it('compare keys with timingSafeEqual, on equal-length buffers, whether the password is right or wrong', async () => {
    // the module object itself (an ES namespace import would be Babel's copy, which the code under test never calls)
    const realCrypto = require('node:crypto') as typeof NodeCrypto
    const spy = jest.spyOn(realCrypto, 'timingSafeEqual')
    try {
      await verifyPassword(PASSWORD, stored)
      await verifyPassword('wrong password!', stored)
      expect(spy).toHaveBeenCalledTimes(2)
      for (const [a, b] of spy.mock.calls) {
        expect((a as Buffer).length).toBe(64)
        expect((b as Buffer).length).toBe(64)
      }
    } finally {
      spy.mockRestore()
    }
  })

  it('do the same work for an account that does not exist, and say false', async () => {
    expect(await verifyPassword(PASSWORD, null)).toBe(false)
    expect(await verifyPassword(PASSWORD, undefined)).toBe(false)
  })

  it('say when a hash needs re-hashing', async () => {
    expect(needsRehash(stored)).toBe(false)
    const old = await hashPassword(PASSWORD, FAST)
    expect(needsRehash(old)).toBe(true)
    expect(needsRehash(old, FAST)).toBe(false)
    expect(needsRehash(stored, { ...DEFAULT_SCRYPT, keyBytes: 32 })).toBe(true)
    expect(needsRehash('garbage')).toBe(true)
    expect(await verifyPassword(PASSWORD, old)).toBe(true)
  })

  it('refuse empty and over-long passwords with a clear error (400)', async () => {
    for (const p of ['', 'x'.repeat(257)]) {
      await expect(hashPassword(p, FAST)).rejects.toMatchObject({ code: 'PASSWORD_INVALID', status: 400 })
      await expect(verifyPassword(p, stored)).rejects.toBeInstanceOf(AuthError)
    }
    // 256 characters (not bytes) is the limit: 256 CJK characters are fine
    expect(await hashPassword('密'.repeat(256), FAST)).toMatch(/^scrypt\$1024\$/)
  })
})

describe('validateNewPassword', () => {
  const refused = (p: string, name?: string) => {
    try {
      validateNewPassword(p, name)
    } catch (e) {
      return e as AuthError
    }
    return null
  }

  it('accepts 10 or more characters', () => {
    expect(refused('violet-harbour')).toBeNull()
    expect(refused('十个汉字的密码也可以吧')).toBeNull()
    expect(refused('Recon-Passw0rd!')).toBeNull()
  })

  it('refuses what is guessed first: digits alone, a walk on the keyboard or the alphabet, a common word with digits', () => {
    const weak = (p: string) => refused(p)?.message
    expect(weak('1234567890')).toBe('密码不能只由数字和符号组成，请加入字母或汉字')
    expect(weak('2026-12-06!!')).toBe('密码不能只由数字和符号组成，请加入字母或汉字')
    expect(weak('１２３４５６７８９０')).toBe('密码不能只由数字和符号组成，请加入字母或汉字')
    for (const p of ['abcdefghij', 'QWERTYUIOP', 'jihgfedcba', '1qaz2wsx3edc', 'asdfghjkl;', 'abcdefghij1!', 'qwertyuiopa1']) expect(weak(p)).toBe('密码不能是连续的字母、数字或键盘顺序')
    for (const p of ['password12', 'Password2026!', 'admin@123456', 'qwe123456789', 'woaini1314520', 'P@ssword2026', 'P@ssw0rd2026', 'Adm1n-2026-x']) expect(weak(p)).toBe('密码过于常见，请换一个不容易被猜到的')
  })

  it('refuses short, repeated, empty and name-equal passwords with a zh-CN reason', () => {
    expect(refused('abcdefghi')).toMatchObject({ code: 'PASSWORD_TOO_WEAK', status: 422, message: '密码至少需要 10 个字符' })
    expect(refused('aaaaaaaaaaaa')).toMatchObject({ code: 'PASSWORD_TOO_WEAK', message: '密码不能由同一个字符重复组成' })
    expect(refused('Operator-Lin', 'operator-lin')).toMatchObject({ code: 'PASSWORD_TOO_WEAK', message: '密码不能与账号名相同' })
    for (const p of ['clerk1clerk1', 'Clerk1@2026!', '２０２６ｃｌｅｒｋ１']) expect(refused(p, 'clerk1')).toMatchObject({ code: 'PASSWORD_TOO_WEAK', message: '密码不能由账号名加数字或符号组成' })
    // The name inside a password of other words is allowed.
    expect(refused('clerk1-violet-harbour', 'clerk1')).toBeNull()
    expect(refused('')).toMatchObject({ code: 'PASSWORD_INVALID', status: 400 })
    expect(refused('x'.repeat(257))).toMatchObject({ code: 'PASSWORD_INVALID' })
  })
})
