import { createVerify, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { AlipayLoginProvider, AuthError, alipayTimestamp, type LoginPlatform } from '../../../server/auth'
import { ALI, startFakeAlipay, type FakeServer } from './fakes'

const app = generateKeyPairSync('rsa', { modulusLength: 2048 })
const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 })
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 })

const pem = (k: KeyObject, type: 'pkcs8' | 'pkcs1' | 'spki') =>
  k.type === 'private' ? (k.export({ format: 'pem', type: type as 'pkcs8' | 'pkcs1' }) as string) : (k.export({ format: 'pem', type: type as 'spki' | 'pkcs1' }) as string)
const bare = (k: KeyObject, type: 'pkcs8' | 'pkcs1' | 'spki') =>
  (k.type === 'private' ? k.export({ format: 'der', type: type as 'pkcs8' | 'pkcs1' }) : k.export({ format: 'der', type: type as 'spki' | 'pkcs1' })).toString('base64')

// 2026-03-01 16:30:05 UTC is already 2 March in Shanghai.
const NOW = new Date('2026-03-01T16:30:05.000Z')
const TIMESTAMP = '2026-03-02 00:30:05'

let fake: FakeServer
let provider: AlipayLoginProvider

const make = (over: Partial<ConstructorParameters<typeof AlipayLoginProvider>[0]> = {}) =>
  new AlipayLoginProvider({
    appId: ALI.appId,
    privateKey: pem(app.privateKey, 'pkcs8'),
    alipayPublicKey: pem(alipay.publicKey, 'spki'),
    gateway: `${fake.url}/gateway.do`,
    now: () => NOW,
    // Generous: a loaded CI machine must not turn an answer into a timeout. The timeout test sets its own.
    timeoutMs: 5_000,
    ...over,
  })

beforeAll(async () => {
  fake = await startFakeAlipay({
    appPublicKey: app.publicKey,
    alipayPrivateKey: alipay.privateKey,
    strangerPrivateKey: stranger.privateKey,
    expectTimestamp: TIMESTAMP,
  })
  provider = make()
})
afterAll(() => fake.close())

async function failure(code: string, platform: LoginPlatform = 'alipay', p: AlipayLoginProvider = provider): Promise<AuthError> {
  const e = await p.exchange(platform, code).then(
    () => null,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(AuthError)
  const err = e as AuthError
  const everything = [err.message, err.detail ?? '', err.stack ?? '', JSON.stringify(err)].join('\n')
  expect(everything).not.toContain('PRIVATE KEY')
  expect(everything).not.toContain(ALI.accessToken)
  expect(everything).not.toContain('ATTACKER')
  return err
}

describe('Alipay alipay.system.oauth.token', () => {
  it('formats the timestamp in Asia/Shanghai', () => {
    expect(alipayTimestamp(NOW)).toBe(TIMESTAMP)
    expect(alipayTimestamp(new Date('2026-12-31T15:59:59.000Z'))).toBe('2026-12-31 23:59:59')
    expect(alipayTimestamp(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01 00:00:00')
  })

  it('signs the request the way Alipay verifies it (sorted k=v, RSA-SHA256, app key)', () => {
    const params = provider.signedParams('good')
    expect(params).toMatchObject({
      app_id: ALI.appId,
      method: 'alipay.system.oauth.token',
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: TIMESTAMP,
      version: '1.0',
      grant_type: 'authorization_code',
      code: 'good',
    })
    const content = `app_id=${ALI.appId}&charset=utf-8&code=good&format=JSON&grant_type=authorization_code&method=alipay.system.oauth.token&sign_type=RSA2&timestamp=${TIMESTAMP}&version=1.0`
    expect(createVerify('RSA-SHA256').update(content, 'utf8').verify(app.publicKey, params.sign, 'base64')).toBe(true)
    // deterministic: same clock, same code → same signature (PKCS#1 v1.5)
    expect(provider.signedParams('good').sign).toBe(params.sign)
  })

  it('exchanges a code for the open_id, verifying the signature over the raw answer text', async () => {
    expect(await provider.exchange('alipay', 'good')).toEqual({ platform: 'alipay', subject: ALI.openId })
  })

  it('falls back to user_id when there is no open_id', async () => {
    expect(await provider.exchange('alipay', 'user-id-only')).toEqual({ platform: 'alipay', subject: ALI.userId })
  })

  it.each([
    ['used', 'LOGIN_CODE_INVALID', 401, 'isv.code-invalid'],
    ['limited', 'LOGIN_RATE_LIMITED', 503, 'isv.app-call-limited'],
    ['method-limited', 'LOGIN_RATE_LIMITED', 503, 'isv.method-call-limited'],
    ['busy', 'LOGIN_UPSTREAM_BUSY', 503, 'isp.unknow-error'],
    ['busy-in-method-node', 'LOGIN_UPSTREAM_BUSY', 503, 'aop.unknow-error'],
  ])('maps %s to %s', async (code, errorCode, status, subCode) => {
    const err = await failure(code)
    expect(err.code).toBe(errorCode)
    expect(err.status).toBe(status)
    expect(err.detail).toContain(subCode)
  })

  it('believes an unsigned error only as a refusal', async () => {
    const err = await failure('unsigned-error')
    expect(err.code).toBe('LOGIN_CODE_INVALID')
    expect(err.detail).toContain('(unsigned)')
  })

  it.each([
    ['tampered', /does not verify/],
    ['tampered-error', /does not verify/],
    ['wrong-key', /does not verify/],
    ['unsigned-success', /unsigned answer/],
    ['duplicate-key', /unexpected answer/],
  ])('never trusts a badly signed answer: %s', async (code, detail) => {
    const err = await failure(code)
    expect(err.code).toBe('LOGIN_UPSTREAM_ERROR')
    expect(err.status).toBe(503)
    expect(err.retryAfterSeconds).toBeUndefined()
    expect(err.detail).toMatch(detail)
  })

  it('a request signed with a key Alipay does not know is refused (isv.invalid-signature → upstream error)', async () => {
    const err = await failure('good', 'alipay', make({ privateKey: pem(stranger.privateKey, 'pkcs8') }))
    expect(err.code).toBe('LOGIN_UPSTREAM_ERROR')
    expect(err.detail).toContain('isv.invalid-signature')
  })

  it('the wrong app id is an upstream (deployment) error', async () => {
    const err = await failure('good', 'alipay', make({ appId: '2021999999999999' }))
    expect(err.code).toBe('LOGIN_UPSTREAM_ERROR')
    expect(err.detail).toContain('isv.invalid-app-id')
  })

  it.each([
    ['garbage', 'LOGIN_UPSTREAM_ERROR'],
    ['http502', 'LOGIN_UPSTREAM_BUSY'],
  ])('malformed or HTTP-error answer %s → %s', async (code, errorCode) => {
    expect((await failure(code)).code).toBe(errorCode)
  })

  it('gives up after the timeout: busy', async () => {
    const err = await failure('slow', 'alipay', make({ timeoutMs: 400 }))
    expect(err.code).toBe('LOGIN_UPSTREAM_BUSY')
    expect(err.retryAfterSeconds).toBe(5)
    expect(err.detail).toMatch(/timed out/)
  })

  it.each(['weapp', 'h5'])('refuses platform %s without calling Alipay', async (platform) => {
    const before = fake.requests.length
    const err = await failure('good', platform as LoginPlatform)
    expect(err.code).toBe('LOGIN_PLATFORM_UNSUPPORTED')
    expect(fake.requests.length).toBe(before)
  })

  it.each([
    ['PEM PKCS#1 private key, PEM PKCS#1 public key', pem(app.privateKey, 'pkcs1'), pem(alipay.publicKey, 'pkcs1')],
    ['bare base64 PKCS#8 private key, bare base64 SPKI public key', bare(app.privateKey, 'pkcs8'), bare(alipay.publicKey, 'spki')],
    ['bare base64 PKCS#1 private key, bare base64 PKCS#1 public key', bare(app.privateKey, 'pkcs1'), bare(alipay.publicKey, 'pkcs1')],
    ['PEM with literal \\n (one .env line)', pem(app.privateKey, 'pkcs8').replace(/\n/g, '\\n'), pem(alipay.publicKey, 'spki').replace(/\n/g, '\\n')],
  ])('accepts keys as %s', async (_label, privateKey, alipayPublicKey) => {
    expect(await make({ privateKey, alipayPublicKey }).exchange('alipay', 'good')).toEqual({ platform: 'alipay', subject: ALI.openId })
  })
})
