import { generateKeyPairSync } from 'node:crypto'
import { loadPrivateKey, loadPublicKey, rawMembers, rsa2Sign, rsa2Verify, signContent } from '../../../server/auth/rsa2'
import { hasRole, isOperatorRole } from '../../../server/auth'

describe('RSA2 helpers', () => {
  it('build the sign content: sorted, without sign and empty values, not URL-encoded', () => {
    expect(signContent({ b: '2', a: '1', sign: 'x', empty: '', none: undefined, c: 'a b&c=d' })).toBe('a=1&b=2&c=a b&c=d')
  })

  it('sign and verify', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const s = rsa2Sign('a=1&b=2', privateKey)
    expect(rsa2Verify('a=1&b=2', s, publicKey)).toBe(true)
    expect(rsa2Verify('a=1&b=3', s, publicKey)).toBe(false)
    expect(rsa2Verify('a=1&b=2', 'not base64!', publicKey)).toBe(false)
    expect(rsa2Verify('a=1&b=2', '', publicKey)).toBe(false)
  })

  it('refuse keys that are not RSA', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    expect(() => loadPrivateKey(ec.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string)).toThrow(/RSA/)
    expect(() => loadPublicKey(ec.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'))).toThrow(/RSA/)
    expect(() => loadPrivateKey('')).toThrow(/empty/)
    expect(() => loadPublicKey('QUJDRA==')).toThrow(/neither an SPKI nor a PKCS#1/)
  })

  it('cut member values out of the raw JSON text exactly', () => {
    const text = ' {"a_response" : {"x":"}\\"{","y":[1,{"z":"]"}],"u":"\\u6210\\/"} ,"n":-1.5e3,"t":true,"s":"q\\\\","sign":"AB+/=="}\n'
    const { members, duplicates } = rawMembers(text)
    expect([...members.keys()]).toEqual(['a_response', 'n', 't', 's', 'sign'])
    expect(members.get('a_response')).toBe('{"x":"}\\"{","y":[1,{"z":"]"}],"u":"\\u6210\\/"}')
    expect(members.get('n')).toBe('-1.5e3')
    expect(members.get('t')).toBe('true')
    expect(members.get('s')).toBe('"q\\\\"')
    expect(members.get('sign')).toBe('"AB+/=="')
    expect(duplicates.size).toBe(0)
    expect(rawMembers('{"a":1,"a":2}').duplicates).toEqual(new Set(['a']))
    expect(rawMembers('{}').members.size).toBe(0)
    expect(() => rawMembers('[1]')).toThrow()
    expect(() => rawMembers('{"a":')).toThrow()
  })
})

describe('operator roles', () => {
  it('order viewer < operator < admin', () => {
    expect(hasRole('admin', 'operator')).toBe(true)
    expect(hasRole('operator', 'operator')).toBe(true)
    expect(hasRole('viewer', 'operator')).toBe(false)
    expect(isOperatorRole('admin')).toBe(true)
    expect(isOperatorRole('root')).toBe(false)
  })
})
