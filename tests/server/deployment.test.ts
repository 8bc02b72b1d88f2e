/**
 * What a deployment sets up, checked as it runs: the first admin is held to the account rules (on a database
 * without operators a typo stops the server with the reason instead of starting a console nobody can enter), behind a reverse proxy the per-IP limit
 * counts each client (TRUST_PROXY) and not the proxy, and the logs carry request ids but no token, no
 * Idempotency-Key and no voucher code.
 */
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { firstAdminProblem, readConfig } from '../../server/config'
import { httpRaw, type RawResponseLike } from './support/http'
import { startServerProcess, type ServerProcess } from './support/server-process'

jest.setTimeout(120_000)

describe('settings a deployment gives', () => {
  const config = (env: Record<string, string> = {}) => readConfig({ NODE_ENV: 'development', DATA_DIR: '/tmp/x', ...env } as unknown as NodeJS.ProcessEnv)
  const problem = (env: Record<string, string>) => {
    try {
      config(env)
      return null
    } catch (e) {
      return (e as Error).message
    }
  }

  test('the first admin: both variables, a valid username and a password any account could have', () => {
    const first = (env: Record<string, string>) => firstAdminProblem(config(env))
    expect(first({ ADMIN_USERNAME: 'admin' })).toMatch(/^ADMIN_USERNAME and ADMIN_PASSWORD go together/)
    expect(first({ ADMIN_PASSWORD: 'a-long-password' })).toMatch(/^ADMIN_USERNAME and ADMIN_PASSWORD go together/)
    expect(first({ ADMIN_USERNAME: 'bad name!', ADMIN_PASSWORD: 'a-long-password' })).toMatch(/^ADMIN_USERNAME: 3 to 64 letters/)
    expect(first({ ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'abc' })).toMatch(/^ADMIN_PASSWORD: too short/)
    expect(first({ ADMIN_USERNAME: 'admin-user-1', ADMIN_PASSWORD: 'Admin-User-1' })).toMatch(/^ADMIN_PASSWORD: equals the account name/)
    expect(first({ ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'a-long-password' })).toBeNull()
  })

  test('a database without operators refuses a bad first admin with the reason; one with operators ignores the variables', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'first-admin-'))
    try {
      await expect(startServerProcess({ DATA_DIR: dir, ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'abc' })).rejects.toThrow(/ADMIN_PASSWORD: too short/)
      const ok = await startServerProcess({ DATA_DIR: dir, ADMIN_USERNAME: 'first-admin', ADMIN_PASSWORD: 'first-admin-password' })
      await ok.stop()
      // Left in the environment after the first start, a weak or half setting does not stop the next one.
      const again = await startServerProcess({ DATA_DIR: dir, ADMIN_USERNAME: 'first-admin' })
      const login = await httpRaw(again.url, { method: 'POST', path: '/admin/auth/login', body: { username: 'first-admin', password: 'first-admin-password' } })
      expect(login.status).toBe(200)
      await again.stop()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('NODE_ENV is one of three, spelled exactly: a typo is refused, not taken for development (which would allow the demo login, test controls and CORS *)', () => {
    for (const typo of ['Production', 'prod', 'production ', ' production', 'PRODUCTION', 'staging']) {
      expect(problem({ NODE_ENV: typo })).toBe(`NODE_ENV must be development, test or production, got ${JSON.stringify(typo)}`)
    }
    expect(config({ NODE_ENV: 'production' }).nodeEnv).toBe('production')
    expect(config({ NODE_ENV: 'test' }).nodeEnv).toBe('test')
    expect(config({ NODE_ENV: '' }).nodeEnv).toBe('development')
  })

  test('HOST and DATA_DIR set but empty are their defaults (an empty DATA_DIR would put the database in the working directory)', () => {
    const c = config({ HOST: '', DATA_DIR: '' })
    expect(c.host).toBe('127.0.0.1')
    expect(c.dataDir).toBe(path.resolve('.data'))
  })

  test('outside production the server listens on this machine only (its demo login and mock cashier stay off the network); in production on every interface', () => {
    expect(config({}).host).toBe('127.0.0.1')
    expect(config({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0')
    expect(config({ NODE_ENV: 'production', AUTH_PROVIDER: 'wechat', WECHAT_APPID: 'wx1234567890abcdef', WECHAT_SECRET: 's', CORS_ORIGINS: 'https://m.example.com' }).host).toBe('0.0.0.0')
  })

  test('PAYMENT_PROVIDER: the mock cashier outside production; in production nobody confirms a payment, and the mock is refused', () => {
    expect(config().paymentProvider).toBe('mock')
    expect(config({ NODE_ENV: 'production' }).paymentProvider).toBe('none')
    expect(problem({ NODE_ENV: 'production', PAYMENT_PROVIDER: 'mock' })).toMatch(/^PAYMENT_PROVIDER=mock is refused with NODE_ENV=production/)
    expect(problem({ PAYMENT_PROVIDER: 'wechatpay' })).toMatch(/^PAYMENT_PROVIDER must be mock, none, wechat or alipay/)
  })

  test('TRUST_PROXY: off by default, a number of hops or addresses; "true" (any client could claim any address) is refused', () => {
    expect(config().trustProxy).toBe(false)
    expect(config({ TRUST_PROXY: '1' }).trustProxy).toBe(1)
    expect(config({ TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).toBe('10.0.0.0/8, loopback')
    expect(problem({ TRUST_PROXY: 'true' })).toMatch(/^TRUST_PROXY=true would believe any client/)
    expect(problem({ TRUST_PROXY: 'proxy.example.com' })).toMatch(/^TRUST_PROXY: "proxy.example.com" is not an address/)
  })
})

describe('a server behind a proxy, logging at info', () => {
  let server: ServerProcess
  const dir = mkdtempSync(path.join(os.tmpdir(), 'deployment-'))
  const ADMIN = { username: 'deploy-admin', password: 'deploy-admin-password' }
  beforeAll(async () => {
    server = await startServerProcess({ DATA_DIR: dir, TRUST_PROXY: '1', RATE_LIMIT_PER_IP: '3', LOG_LEVEL: 'info', ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password })
  })
  afterAll(async () => {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })
  const from = (ip: string, headers: Record<string, string> = {}) => ({ 'x-forwarded-for': ip, ...headers })

  test('the per-IP limit counts each client the proxy names, not the proxy', async () => {
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await httpRaw(server.url, { method: 'GET', path: '/config', headers: from('203.0.113.7') })).status)
    expect(statuses).toEqual([200, 200, 200, 429])
    expect((await httpRaw(server.url, { method: 'GET', path: '/config', headers: from('203.0.113.8') })).status).toBe(200)
    // Past its limit, the client is turned away whatever it asks: a method no route declares is not answered 405 for free.
    const put = await fetch(`${server.url}/api/v1/config`, { method: 'PUT', headers: from('203.0.113.7') })
    expect(put.status).toBe(429)
    expect(await put.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } })
  })

  test("a request id is the client's only when it is one (letters, digits, . : _ -; 64 at most)", async () => {
    for (const given of ['a b', '{"level":60,"msg":"forged"}', 'x'.repeat(65)]) {
      const r = await httpRaw(server.url, { method: 'GET', path: '/config', headers: from('203.0.113.30', { 'x-request-id': given }) })
      expect(r.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    }
    const kept = await httpRaw(server.url, { method: 'GET', path: '/config', headers: from('203.0.113.31', { 'x-request-id': 'trace:1.a_b-c' }) })
    expect(kept.headers['x-request-id']).toBe('trace:1.a_b-c')
  })

  test("Fastify's own refusals: a preflight without an origin is no plain-text 400; an unreadable media type is the contract's 415", async () => {
    const preflight = await fetch(`${server.url}/api/v1/config`, { method: 'OPTIONS', headers: from('203.0.113.40') })
    expect(preflight.status).toBe(204) // an empty preflight answer, not a plain-text 400
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
    const media = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: from('203.0.113.41', { 'content-type': ';;;' }), body: '{}' })
    expect(media.status).toBe(415)
    expect(await media.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } })
  })

  test('the log has the request id but no token, Idempotency-Key or voucher code', async () => {
    const login = await httpRaw(server.url, {
      method: 'POST',
      path: '/admin/auth/login',
      headers: from('203.0.113.20', { 'idempotency-key': 'secret-key-0123456789' }),
      body: ADMIN,
    })
    expect(login.status).toBe(200)
    const token = (login.body as { token: string }).token
    const voucher = await httpRaw(server.url, {
      method: 'GET',
      path: '/admin/vouchers/987654321098',
      headers: from('203.0.113.21', { authorization: `Bearer ${token}`, 'x-request-id': 'deploy-log-test-1' }),
    })
    expect(voucher.status).toBe(404)
    expect(voucher.headers['x-request-id']).toBe('deploy-log-test-1')
    // A code looked for in 操作日志 (对象, as the console sends it) or typed into member search, printed as it is spaced.
    for (const path of ['/admin/audit?target=876543210987&limit=5', '/admin/members?q=7654%203210%209876']) {
      expect((await httpRaw(server.url, { method: 'GET', path, headers: from('203.0.113.22', { authorization: `Bearer ${token}` }) })).status).toBe(200)
    }
    await new Promise((r) => setTimeout(r, 200))
    const log = server.output()
    expect(log).toContain('"reqId":"deploy-log-test-1"')
    expect(log).toContain('/admin/vouchers/[code]')
    expect(log).toContain('/admin/audit?target=[code]&limit=5')
    expect(log).toContain('"remoteAddress":"203.0.113.21"')
    for (const secret of [token, 'secret-key-0123456789', '987654321098', '876543210987', '7654%203210%209876', ADMIN.password]) expect(log).not.toContain(secret)
  })
})

describe('rate limits per member and per operator', () => {
  let server: ServerProcess
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rate-limits-'))
  const ADMIN = { username: 'limits-admin', password: 'limits-admin-password' }
  beforeAll(async () => {
    server = await startServerProcess({ DATA_DIR: dir, RATE_LIMIT_PER_MEMBER: '3', RATE_LIMIT_PER_OPERATOR: '6', ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password })
  })
  afterAll(async () => {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })
  const statuses = async (n: number, p: string, token: string) => {
    const out = []
    for (let i = 0; i < n; i++) out.push(await httpRaw(server.url, { method: 'GET', path: p, headers: { authorization: `Bearer ${token}` } }))
    return out
  }

  test('a member session has its limit (429 with Retry-After past it); an operator session, reading a console page after page, a higher one of its own', async () => {
    const member = await httpRaw(server.url, { method: 'POST', path: '/auth/login', body: { platform: 'h5', code: 'rate-limited-member' } })
    const reads = await statuses(4, '/member/me', (member.body as { token: string }).token)
    expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 429])
    expect(reads[3].body).toMatchObject({ error: { code: 'RATE_LIMITED', message: '操作太频繁了，请稍后再试' } })
    expect(Number(reads[3].headers['retry-after'])).toBeGreaterThan(0)

    const login = await httpRaw(server.url, { method: 'POST', path: '/admin/auth/login', body: ADMIN })
    const staff = await statuses(7, '/admin/me', (login.body as { token: string }).token)
    expect(staff.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 429])
  })

  /** Reads with `token` until one is refused (at most `max`), and answers the statuses. */
  const untilLimited = async (max: number, p: string, token: string) => {
    const out: number[] = []
    while (out.at(-1) !== 429 && out.length < max) out.push((await statuses(1, p, token))[0].status)
    return out
  }

  test('the limit is the member\'s and the operator\'s, not the session\'s: signing in again does not start a fresh budget', async () => {
    const login = async (code: string) => (await httpRaw(server.url, { method: 'POST', path: '/auth/login', body: { platform: 'h5', code } })).body as { token: string; member: { id: string } }
    const first = await login('budget-member')
    const second = await login('budget-member')
    expect(second.member.id).toBe(first.member.id)
    expect(second.token).not.toBe(first.token)
    expect(await untilLimited(4, '/member/me', first.token)).toEqual([200, 200, 200, 429])
    expect((await statuses(1, '/member/me', second.token)).map((r) => r.status)).toEqual([429])
    // Another member's budget is untouched.
    expect((await statuses(1, '/member/me', (await login('budget-other')).token)).map((r) => r.status)).toEqual([200])

    const staff = async () => ((await httpRaw(server.url, { method: 'POST', path: '/admin/auth/login', body: ADMIN })).body as { token: string }).token
    expect((await untilLimited(7, '/admin/me', await staff())).at(-1)).toBe(429)
    expect((await statuses(1, '/admin/me', await staff())).map((r) => r.status)).toEqual([429])
  })
})

describe('a server without a payment provider', () => {
  let server: ServerProcess
  const dir = mkdtempSync(path.join(os.tmpdir(), 'no-payments-'))
  beforeAll(async () => {
    server = await startServerProcess({ DATA_DIR: dir, PAYMENT_PROVIDER: 'none' })
  })
  afterAll(async () => {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  test('sells nothing a member could declare paid: orders and plans are refused, nothing is kept; prices still quote', async () => {
    const login = await httpRaw(server.url, { method: 'POST', path: '/auth/login', body: { platform: 'weapp', code: 'no-payments-member' } })
    const auth = { authorization: `Bearer ${(login.body as { token: string }).token}` }
    const post = (p: string, body: unknown) => httpRaw(server.url, { method: 'POST', path: p, headers: { ...auth, 'idempotency-key': crypto.randomUUID() }, body })
    const { products } = (await httpRaw(server.url, { method: 'GET', path: '/catalogue', headers: auth })).body as { products: { sku: string }[] }
    const items = [{ sku: products[0].sku, qty: 1 }]
    expect((await httpRaw(server.url, { method: 'POST', path: '/orders/quote', headers: auth, body: { items } })).status).toBe(200)
    for (const [p, body] of [['/orders', { items }], ['/membership/purchase', { planId: 'monthly' }]] as const) {
      const r = await post(p, body)
      expect(r).toMatchObject({ status: 422, body: { error: { code: 'PAYMENTS_UNAVAILABLE', message: '暂未开通在线支付，请到店办理' } } })
    }
    expect((await post('/orders/ord-1/pay', { result: 'paid' })).body).toMatchObject({ error: { code: 'PAYMENTS_UNAVAILABLE' } })
    expect((await httpRaw(server.url, { method: 'GET', path: '/orders', headers: auth })).body).toEqual({ orders: [], nextCursor: null })
  })
})

/** The test clock of `server()`, and a console sign-in from an address (the servers here trust X-Forwarded-For). */
function signInTools(server: () => ServerProcess) {
  return {
    at: (ms: number) => fetch(`${server().url}/__mock/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: new Date(ms).toISOString() }) }),
    login: (ip: string, username: string, password: string) =>
      httpRaw(server().url, { method: 'POST', path: '/admin/auth/login', headers: { 'x-forwarded-for': ip }, body: { username, password } }),
  }
}

describe('console sign-ins that keep failing', () => {
  let server: ServerProcess
  const dir = mkdtempSync(path.join(os.tmpdir(), 'login-throttle-'))
  const ADMIN = { username: 'guarded-admin', password: 'guarded-admin-password' }
  const START = Date.parse('2026-03-10T02:00:00Z')
  const env = {
    DATA_DIR: dir,
    TRUST_PROXY: '1',
    MOCK_TEST_CONTROLS: '1',
    OPERATOR_LOGIN_FAILURES: '3',
    // The lockout, not the sign-in rate limit, is what these tests meet.
    RATE_LIMIT_CONSOLE_SIGN_IN_PER_IP: '1000',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
  }
  beforeAll(async () => {
    server = await startServerProcess(env)
  })
  afterAll(async () => {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })
  const { at, login } = signInTools(() => server)

  test('past OPERATOR_LOGIN_FAILURES wrong passwords, that address waits 15 minutes for that account, even with the right one; others do not', async () => {
    await at(START)
    for (let i = 0; i < 3; i++) expect((await login('203.0.113.50', ADMIN.username, `guess-${i}-wrong`)).status).toBe(401)
    // The account as typed in another case is the same account.
    const locked = await login('203.0.113.50', ADMIN.username.toUpperCase(), ADMIN.password)
    // …and the path with a trailing slash the same door.
    const slash = await httpRaw(server.url, { method: 'POST', path: '/admin/auth/login/', headers: { 'x-forwarded-for': '203.0.113.50' }, body: ADMIN })
    expect(slash.status).toBe(429)
    expect(locked).toMatchObject({ status: 429, body: { error: { code: 'OPERATOR_LOGIN_LOCKED', message: '登录失败次数过多，请 15 分钟后再试' } } })
    expect(locked.headers['retry-after']).toBe('900')
    // Nobody elsewhere is locked out by it: the same account from another address signs in.
    expect((await login('198.51.100.7', ADMIN.username, ADMIN.password)).status).toBe(200)
    await at(START + 14 * 60_000)
    expect((await login('203.0.113.50', ADMIN.username, ADMIN.password)).headers['retry-after']).toBe('60')
    await at(START + 15 * 60_000)
    expect((await login('203.0.113.50', ADMIN.username, ADMIN.password)).status).toBe(200)
    // A success starts the count again.
    for (let i = 0; i < 2; i++) expect((await login('203.0.113.50', ADMIN.username, 'still-wrong')).status).toBe(401)
    expect((await login('203.0.113.50', ADMIN.username, ADMIN.password)).status).toBe(200)
    expect((await login('203.0.113.50', ADMIN.username, 'wrong-again')).status).toBe(401)
    expect((await login('203.0.113.50', ADMIN.username, ADMIN.password)).status).toBe(200)
  })

  test('a session guessing its admin’s password where one is set (currentPassword) is locked out the same way, from any address', async () => {
    await at(START + 60 * 60_000)
    const token = ((await login('203.0.113.60', ADMIN.username, ADMIN.password)).body as { token: string }).token
    const make = (ip: string, currentPassword: string) =>
      httpRaw(server.url, {
        method: 'POST',
        path: '/admin/operators',
        headers: { 'x-forwarded-for': ip, authorization: `Bearer ${token}`, 'idempotency-key': `guess-${ip}-${currentPassword}` },
        body: { username: `guess-${ip.split('.').at(-1)}-${currentPassword.length}`, displayName: '猜密码', role: 'admin', password: 'violet-harbour-2026', currentPassword },
      })
    expect((await make('198.51.100.10', 'guess-0')).body).toMatchObject({ error: { code: 'CURRENT_PASSWORD_WRONG' } })
    // Retried under its Idempotency-Key (a timeout), the guess is answered again and counts once: two more guesses to go.
    for (let i = 0; i < 2; i++) {
      expect(await make('198.51.100.10', 'guess-0')).toMatchObject({ headers: { 'idempotent-replay': 'true' }, body: { error: { code: 'CURRENT_PASSWORD_WRONG' } } })
    }
    for (let i = 1; i < 3; i++) expect((await make(`198.51.100.${10 + i}`, `guess-${i}`)).body).toMatchObject({ error: { code: 'CURRENT_PASSWORD_WRONG' } })
    const locked = await make('198.51.100.99', ADMIN.password)
    expect(locked).toMatchObject({ status: 429, body: { error: { code: 'OPERATOR_LOGIN_LOCKED', message: '密码错误次数过多，请 15 分钟后再试' } } })
    // The same session with its scheme spelt otherwise is the same session: locked too, not three more guesses.
    for (const scheme of ['bearer', 'BEARER']) {
      const respelt = await httpRaw(server.url, {
        method: 'POST',
        path: '/admin/operators',
        headers: { 'x-forwarded-for': '198.51.100.98', authorization: `${scheme}  ${token}`, 'idempotency-key': `respelt-${scheme}` },
        body: { username: `respelt-${scheme.toLowerCase()}`, displayName: '猜密码', role: 'admin', password: 'violet-harbour-2026', currentPassword: 'guess-again' },
      })
      expect(respelt).toMatchObject({ status: 429, body: { error: { code: 'OPERATOR_LOGIN_LOCKED' } } })
    }
    // Its own sign-in elsewhere is not locked, and a new session may set a password.
    const fresh = ((await login('203.0.113.61', ADMIN.username, ADMIN.password)).body as { token: string }).token
    const made = await httpRaw(server.url, {
      method: 'POST',
      path: '/admin/operators',
      headers: { 'x-forwarded-for': '203.0.113.61', authorization: `Bearer ${fresh}`, 'idempotency-key': 'after-lock-1' },
      body: { username: 'after-lock', displayName: '锁定之后', role: 'viewer', password: 'violet-harbour-2026', currentPassword: ADMIN.password },
    })
    expect(made.status).toBe(201)
    // The locked session still renames or disables an account (a compromised one): only setting a password waits.
    const renamed = await httpRaw(server.url, {
      method: 'POST',
      path: `/admin/operators/${(made.body as { operator: { id: string } }).operator.id}`,
      headers: { 'x-forwarded-for': '198.51.100.99', authorization: `Bearer ${token}`, 'idempotency-key': 'rename-after-lock' },
      body: { disabled: true },
    })
    expect(renamed.status).toBe(200)
  })

  test('guesses sent all at once meet the same limit: at most OPERATOR_LOGIN_FAILURES are checked, the rest wait 15 minutes', async () => {
    await at(START + 120 * 60_000)
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login('203.0.113.70', ADMIN.username, `parallel-guess-${i}`)))
    const checked = answers.filter((r) => r.status === 401)
    const locked = answers.filter((r) => r.status === 429)
    expect(checked.length).toBeLessThanOrEqual(3)
    expect(checked.length + locked.length).toBe(40)
    for (const r of checked) expect(r.body).toMatchObject({ error: { code: 'OPERATOR_LOGIN_FAILED' } })
    for (const r of locked) {
      expect(r.body).toMatchObject({ error: { code: 'OPERATOR_LOGIN_LOCKED', message: '登录失败次数过多，请 15 分钟后再试' } })
      expect(r.headers['retry-after']).toBe('900')
    }
    // The right password from that address waits too; from another address it signs in.
    expect((await login('203.0.113.70', ADMIN.username, ADMIN.password)).status).toBe(429)
    expect((await login('198.51.100.70', ADMIN.username, ADMIN.password)).status).toBe(200)
    // The right password sent many times at once (tabs restored together) is not taken for guessing.
    const together = await Promise.all(Array.from({ length: 8 }, () => login('198.51.100.71', ADMIN.username, ADMIN.password)))
    expect(together.map((r) => r.status)).toEqual(Array(8).fill(200))
  })

  test('a session guessing its admin’s password all at once meets the same limit', async () => {
    await at(START + 180 * 60_000)
    const token = ((await login('203.0.113.71', ADMIN.username, ADMIN.password)).body as { token: string }).token
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        httpRaw(server.url, {
          method: 'POST',
          path: '/admin/operators',
          headers: { 'x-forwarded-for': `198.51.100.${100 + i}`, authorization: `Bearer ${token}`, 'idempotency-key': `parallel-guess-${i}` },
          body: { username: `parallel-${i}`, displayName: '猜密码', role: 'admin', password: 'violet-harbour-2026', currentPassword: `parallel-guess-${i}` },
        }),
      ),
    )
    const checked = answers.filter((r) => r.status === 422)
    expect(checked.length).toBeLessThanOrEqual(3)
    for (const r of checked) expect(r.body).toMatchObject({ error: { code: 'CURRENT_PASSWORD_WRONG' } })
    const locked = answers.filter((r) => r.status === 429)
    expect(checked.length + locked.length).toBe(40)
    for (const r of locked) expect(r).toMatchObject({ body: { error: { code: 'OPERATOR_LOGIN_LOCKED' } }, headers: { 'retry-after': '900' } })
  })

  test('a restart forgets no wrong password: an address locked out before it is locked out after', async () => {
    await at(START + 240 * 60_000)
    for (let i = 0; i < 3; i++) expect((await login('203.0.113.80', ADMIN.username, `before-restart-${i}`)).status).toBe(401)
    await server.stop()
    server = await startServerProcess(env)
    await at(START + 241 * 60_000)
    const locked = await login('203.0.113.80', ADMIN.username, ADMIN.password)
    expect(locked).toMatchObject({ status: 429, body: { error: { code: 'OPERATOR_LOGIN_LOCKED' } }, headers: { 'retry-after': '840' } })
  })
})

describe('a flood of sign-ins', () => {
  let server: ServerProcess
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sign-in-flood-'))
  const ADMIN = { username: 'flooded-admin', password: 'flooded-admin-password' }
  beforeAll(async () => {
    // One failure locks an address out of an account: a try refused busy must not be one.
    server = await startServerProcess({ DATA_DIR: dir, TRUST_PROXY: '1', RATE_LIMIT_CONSOLE_SIGN_IN_PER_IP: '10', OPERATOR_LOGIN_FAILURES: '1', ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password })
  })
  afterAll(async () => {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })
  const login = (ip: string, username: string, password: string) =>
    httpRaw(server.url, { method: 'POST', path: '/admin/auth/login', headers: { 'x-forwarded-for': ip }, body: { username, password } })
  /** A refusal in the contract's shape that tells the client when to come back. */
  const expectComeBackLater = (r: RawResponseLike, status: number, code: string) => {
    expect(r).toMatchObject({ status, body: { error: { code, message: expect.stringMatching(/[\u4e00-\u9fff]/) } } })
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0)
    expect(r.headers['x-request-id']).toBeTruthy()
  }

  test('from one address: past RATE_LIMIT_CONSOLE_SIGN_IN_PER_IP it is refused at once, and an admin elsewhere signs in without waiting for its passwords to be checked', async () => {
    const flood = Promise.all(Array.from({ length: 300 }, (_, i) => login('203.0.113.90', `nobody-${i}`, `made-up-${i}`)))
    await new Promise((r) => setTimeout(r, 200))
    const started = Date.now()
    const admin = await login('198.51.100.90', ADMIN.username, ADMIN.password)
    const waited = Date.now() - started
    expect(admin.status).toBe(200)
    const answers = await flood
    const checked = answers.filter((r) => r.status === 401)
    expect(checked.length).toBeLessThanOrEqual(10)
    for (const r of answers.filter((x) => x.status !== 401)) expectComeBackLater(r, 429, 'RATE_LIMITED')
    // Checking all 300 passwords first would take tens of seconds; the admin waited for ten at most (a generous bound).
    expect(waited).toBeLessThan(20_000)
    // Members' sign-ins check no password: many phones behind one carrier address are not held to the console's limit.
    const members = await Promise.all(Array.from({ length: 12 }, (_, i) => httpRaw(server.url, { method: 'POST', path: '/auth/login', headers: { 'x-forwarded-for': '203.0.113.91' }, body: { platform: 'h5', code: `flood-member-${i}` } })))
    expect(members.map((r) => r.status)).toEqual(members.map(() => 200))
  })

  test('from many addresses: password checks past what the server queues are refused at once (503 LOGIN_BUSY), and count as no guess', async () => {
    const answers = await Promise.all(Array.from({ length: 120 }, (_, i) => login(`192.0.2.${i + 1}`, i % 2 ? ADMIN.username : `nobody-${i}`, `made-up-${i}`)))
    const busy = answers.filter((r) => r.status === 503)
    expect(busy.length).toBeGreaterThan(0)
    expect(answers.every((r) => r.status === 401 || r.status === 503)).toBe(true)
    for (const r of busy) {
      expectComeBackLater(r, 503, 'LOGIN_BUSY')
      expect(r.body).toMatchObject({ error: { message: '系统繁忙，请稍后再试' } })
    }
    // Once the flood is answered, the admin signs in from an address whose guess of that account was refused busy (a
    // guess checked would have locked it: OPERATOR_LOGIN_FAILURES=1), and not from one whose guess was checked.
    const refusedFrom = answers.findIndex((r, i) => r.status === 503 && i % 2 === 1)
    const checkedFrom = answers.findIndex((r, i) => r.status === 401 && i % 2 === 1)
    expect((await login(`192.0.2.${refusedFrom + 1}`, ADMIN.username, ADMIN.password)).status).toBe(200)
    expect((await login(`192.0.2.${checkedFrom + 1}`, ADMIN.username, ADMIN.password)).body).toMatchObject({ error: { code: 'OPERATOR_LOGIN_LOCKED' } })
  })
})

describe('console sign-ins guessed from many addresses', () => {
  let server: ServerProcess
  const dir = mkdtempSync(path.join(os.tmpdir(), 'account-throttle-'))
  const ADMIN = { username: 'spread-admin', password: 'spread-admin-password' }
  const START = Date.parse('2026-03-10T02:00:00Z')
  beforeAll(async () => {
    server = await startServerProcess({
      DATA_DIR: dir,
      TRUST_PROXY: '1',
      MOCK_TEST_CONTROLS: '1',
      OPERATOR_LOGIN_FAILURES: '3',
      OPERATOR_ACCOUNT_LOGIN_FAILURES: '6',
      RATE_LIMIT_CONSOLE_SIGN_IN_PER_IP: '1000',
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
    })
  })
  afterAll(async () => {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })
  const { at, login } = signInTools(() => server)

  test('past OPERATOR_ACCOUNT_LOGIN_FAILURES of one account, only addresses it signed in from may try it until the 15 minutes end', async () => {
    await at(START - 24 * 3600_000)
    expect((await login('198.51.100.10', ADMIN.username, ADMIN.password)).status).toBe(200) // the office, yesterday
    await at(START)
    // Two guesses from each of three addresses: under the per-address limit (3), six for the account.
    for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) for (const guess of ['a', 'b']) expect((await login(ip, ADMIN.username, `wrong-${guess}`)).status).toBe(401)
    // A fourth address is refused before any password is checked — the right one too.
    const refused = await login('203.0.113.4', ADMIN.username.toUpperCase(), ADMIN.password)
    expect(refused).toMatchObject({ status: 429, body: { error: { code: 'OPERATOR_LOGIN_LOCKED', message: '该账号登录失败次数过多，请 15 分钟后再试，或在常用网络登录' } } })
    expect(refused.headers['retry-after']).toBe('900')
    // The operator at the office signs in; the guessers' count is not cleared by it.
    expect((await login('198.51.100.10', ADMIN.username, ADMIN.password)).status).toBe(200)
    expect((await login('203.0.113.5', ADMIN.username, 'wrong-c')).status).toBe(429)
    // Another account is not touched.
    expect((await login('203.0.113.5', 'someone-else', 'wrong-d')).status).toBe(401)
    // A made-up username names no other counter: a failure as "known\n<account>" does not make an address known.
    expect((await login('203.0.113.6', `known\n${ADMIN.username}`, 'wrong-e')).status).toBe(401)
    expect((await login('203.0.113.6', ADMIN.username, ADMIN.password)).status).toBe(429)
    await at(START + 15 * 60_000)
    expect((await login('203.0.113.4', ADMIN.username, ADMIN.password)).status).toBe(200)
  })
})

describe('a server closing', () => {
  let server: ServerProcess
  const dir = mkdtempSync(path.join(os.tmpdir(), 'closing-'))
  beforeAll(async () => {
    server = await startServerProcess({ DATA_DIR: dir, CORS_ORIGINS: 'https://h5.example.com' })
  })
  afterAll(async () => {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  test('finishes what is in flight, and answers a request that arrives meanwhile 503 SERVER_CLOSING in the contract’s shape, with Retry-After (readable across origins)', async () => {
    const { port } = new URL(server.url)
    const socket = net.connect(Number(port), '127.0.0.1')
    await once(socket, 'connect')
    let received = ''
    socket.on('data', (d: Buffer) => (received += d.toString()))
    const ended = once(socket, 'close')
    // A sign-in in flight (its body half sent) when the server is told to stop…
    const body = JSON.stringify({ platform: 'h5', code: 'closing-member' })
    socket.write(`POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`)
    await new Promise((r) => setTimeout(r, 300))
    const exited = server.stop()
    await new Promise((r) => setTimeout(r, 500))
    // …is answered; the next request on the same connection is refused.
    socket.write(`${body.slice(10)}GET /api/v1/config HTTP/1.1\r\nHost: x\r\nOrigin: https://h5.example.com\r\nX-Request-Id: after-close-1\r\n\r\n`)
    await ended
    expect(await exited).toBe(0)
    const answers = received.split(/(?=HTTP\/1\.1 )/)
    expect(answers).toHaveLength(2)
    expect(answers[0]).toMatch(/^HTTP\/1\.1 200 /)
    const [head, refusal] = answers[1].split('\r\n\r\n')
    expect(head).toMatch(/^HTTP\/1\.1 503 /)
    expect(head).toMatch(/\r\nretry-after: \d+\r\n/i)
    expect(head).toMatch(/\r\nx-request-id: after-close-1\r\n/i)
    expect(head).toMatch(/\r\ncontent-type: application\/json; charset=utf-8\r\n/i)
    // The H5 app on its own origin reads the refusal (and its Retry-After), not a CORS error.
    expect(head).toMatch(/\r\naccess-control-allow-origin: https:\/\/h5\.example\.com\r\n/i)
    expect(JSON.parse(refusal)).toEqual({ error: { code: 'SERVER_CLOSING', message: '服务正在重启，请稍后重试' } })
  })
})
