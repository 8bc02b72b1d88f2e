import { TOKEN_LENGTH, hashToken, isWellFormedToken, newToken, safeEqual } from '../../../server/auth'
import { bearerToken } from '../../../server/core/http'

describe('session tokens', () => {
  it('are 43 characters of base64url (32 random bytes)', () => {
    const t = newToken()
    expect(TOKEN_LENGTH).toBe(43)
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(t, 'base64url')).toHaveLength(32)
    expect(isWellFormedToken(t)).toBe(true)
  })

  it('do not repeat', () => {
    const seen = new Set(Array.from({ length: 2000 }, newToken))
    expect(seen.size).toBe(2000)
  })

  it('are stored as a stable SHA-256 hex hash that is not the token', () => {
    const t = newToken()
    const h = hashToken(t)
    expect(h).toMatch(/^[0-9a-f]{64}$/)
    expect(hashToken(t)).toBe(h)
    expect(h).not.toContain(t)
    expect(hashToken(newToken())).not.toBe(h)
    // a known vector, so the hash cannot silently change between releases (every stored session would die)
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('reads a bearer header (the scheme in any case); isWellFormedToken checks the token itself', () => {
    const t = newToken()
    expect(bearerToken(`Bearer ${t}`)).toBe(t)
    expect(bearerToken(`bearer ${t}`)).toBe(t)
    expect(bearerToken(undefined)).toBeNull()
    expect(bearerToken(`Basic ${t}`)).toBeNull()
    expect(bearerToken('Bearer ')).toBeNull()
    expect(isWellFormedToken(`${t}x`)).toBe(false)
    expect(isWellFormedToken('operator-demo-token')).toBe(false)
    expect(isWellFormedToken('x'.repeat(10_000))).toBe(false)
    expect(isWellFormedToken(42)).toBe(false)
  })

  it('compares secrets in constant time', () => {
    const h = hashToken(newToken())
    expect(safeEqual(h, h.slice())).toBe(true)
    expect(safeEqual(h, h.replace(/.$/, (c) => (c === '0' ? '1' : '0')))).toBe(false)
    expect(safeEqual(h, h.slice(0, 10))).toBe(false)
    expect(safeEqual('', '')).toBe(true)
  })
})
