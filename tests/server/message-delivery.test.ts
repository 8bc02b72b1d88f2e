/**
 * Subscription messages reach WeChat and Alipay (server/messaging, migration 013): the production server on WeChat login
 * queues each notification sent as a subscription message in the write that spent the quota, and the delivery
 * worker sends it with the member's openid, the brand's template and keywords, and the page it opens; a busy
 * WeChat is retried with backoff and given up after MAX_ATTEMPTS; operators see the counts; rows are deleted after
 * KEEP_DAYS — on PGlite and on PostgreSQL. On Alipay login the same queue goes to Alipay's gateway (the SQL is
 * the WeChat block's: PGlite only).
 */
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEFAULT_MESSAGE_RULES } from '@/domain/messages'
import { backoffMs, KEEP_DAYS, MAX_ATTEMPTS } from '../../server/messaging/delivery'
import { ALI, startFakeAlipay, startFakeWechat, WX, type FakeServer } from './auth/fakes'
import { forEachDatabase, pgliteDatabase, type TestDatabase } from './support/databases'
import { httpRaw } from './support/http'
import { NO_RATE_LIMITS, startPinnedServer, type ServerProcess } from './support/server-process'

/** A member signed in on `platform`: their GETs, their POSTs (each with its own Idempotency-Key, expected to succeed). */
async function memberOf(url: string, platform: 'weapp' | 'alipay', code: string) {
  const login = await httpRaw(url, { method: 'POST', path: '/auth/login', body: { platform, code } })
  expect(login.status).toBe(200)
  const headers = { authorization: `Bearer ${(login.body as { token: string }).token}` }
  const get = async <T>(p: string): Promise<T> => (await httpRaw(url, { method: 'GET', path: p, headers })).body as T
  const post = async <T = unknown>(p: string, body: unknown = {}): Promise<T> => {
    const r = await httpRaw(url, { method: 'POST', path: p, headers: { ...headers, 'idempotency-key': crypto.randomUUID() }, body })
    expect(r.status).toBeLessThan(300)
    return r.body as T
  }
  return {
    /** The templates the member is asked to subscribe to, by platform. */
    asked: async () => (await get<{ brand: { subscribeTemplateIds: Record<string, Record<string, string>> } }>('/config')).brand.subscribeTemplateIds,
    post,
    /** Two of the dearest product: an upgrade. Answers the tier's name. */
    async upgrade(): Promise<string> {
      const { products } = await get<{ products: { sku: string; priceFen: number }[] }>('/catalogue')
      const big = [...products].sort((a, b) => b.priceFen - a.priceFen)[0]
      const order = await post<{ order: { id: string } }>('/orders', { items: [{ sku: big.sku, qty: 2 }] })
      return (await post<{ member: { tier: { name: string } } }>(`/orders/${order.order.id}/pay`, { result: 'paid' })).member.tier.name
    },
  }
}

const START = Date.parse('2030-06-09T02:00:00.000Z')
const ADMIN = { ADMIN_USERNAME: 'delivery-admin', ADMIN_PASSWORD: 'delivery-admin-password' }

forEachDatabase('subscription messages delivered to WeChat', (db) => {
  let server: ServerProcess
  let wechat: FakeServer
  let dir: string

  beforeAll(async () => {
    wechat = await startFakeWechat()
    dir = mkdtempSync(path.join(os.tmpdir(), 'delivery-'))
    const rulesFile = path.join(dir, 'rules.json')
    const configured: Record<string, { weapp: string; fields: { key: string; value: string }[] }> = {
      tier_upgraded: { weapp: 'tpl-ok', fields: [{ key: 'thing1', value: '{tierName}' }, { key: 'thing2', value: '{body}' }, { key: 'time3', value: '{time}' }] },
      signin_reminder: { weapp: 'tpl-busy', fields: [{ key: 'thing1', value: '{title}' }, { key: 'number2', value: '{streakDays}' }] },
    }
    const templates = DEFAULT_MESSAGE_RULES.templates.map((t) =>
      configured[t.id] ? { ...t, platformTemplateIds: { weapp: configured[t.id].weapp, alipay: '' }, weappFields: configured[t.id].fields } : t,
    )
    writeFileSync(rulesFile, JSON.stringify({ messages: { ...DEFAULT_MESSAGE_RULES, templates } }))
    server = await startPinnedServer(
      { ...db().serverEnv, ...NO_RATE_LIMITS, ...ADMIN, RULES_FILE: rulesFile, AUTH_PROVIDER: 'wechat', WECHAT_APPID: WX.appId, WECHAT_SECRET: WX.secret, WECHAT_API_BASE: wechat.url },
      new Date(START).toISOString(),
    )
  }, 120_000)

  afterAll(async () => {
    await server?.stop()
    await wechat?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const control = async (pathname: string, body: unknown = {}) => {
    const r = await fetch(`${server.url}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect(r.status).toBe(200)
    return r.json()
  }
  const at = (ms: number) => control('/__mock/clock', { now: new Date(ms).toISOString() })
  const deliver = () => control('/__mock/deliver')
  const sends = () => wechat.requests.filter((r) => r.url.startsWith('/cgi-bin/message/subscribe/send')).map((r) => JSON.parse(r.body))

  test('a tier upgrade reaches WeChat once; a busy WeChat is retried with backoff, then given up', async () => {
    const m = await memberOf(server.url, 'weapp', 'good')
    // Members are asked only for the templates this server sends: WeChat ones with their keywords.
    expect(await m.asked()).toEqual({ weapp: { signin_reminder: 'tpl-busy', tier_upgraded: 'tpl-ok' }, alipay: {}, h5: {} })
    await m.post('/subscriptions', { accepted: ['tier_upgraded', 'signin_reminder'] })
    await m.post('/signin')

    // Nothing queued yet.
    expect(await deliver()).toEqual({ sent: 0, failed: 0, retried: 0, purged: 0 })
    const tierName = await m.upgrade()

    expect(await deliver()).toEqual({ sent: 1, failed: 0, retried: 0, purged: 0 })
    const [upgrade] = sends()
    expect(upgrade).toMatchObject({
      touser: WX.openid,
      template_id: 'tpl-ok',
      page: 'packages/member/benefits/index',
      miniprogram_state: 'formal',
      data: { thing1: { value: tierName }, time3: { value: '2030年6月9日 10:00' } },
    })
    expect(Array.from(upgrade.data.thing2.value as string).length).toBeLessThanOrEqual(20)
    expect(await deliver()).toEqual({ sent: 0, failed: 0, retried: 0, purged: 0 })

    // The next evening: the sign-in reminder goes out, and WeChat is busy every time.
    let now = Date.parse('2030-06-10T12:00:00.000Z')
    await at(now)
    // The sign-in reminder, and 权益可用 in the app only (no subscription to it): the upgrade's first write since. (The
    // seed's members have their expired points written to the ledger, and the 7 of them whose paid plans and trials
    // have ended since their last visit are told their tier went down — 会员等级变更, in the app only.)
    expect((await control('/__mock/reminders')).sent).toBe(2 + 7)
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      expect(await deliver()).toEqual({ sent: 0, failed: 0, retried: 1, purged: 0 })
      // Not again before its backoff.
      await at(now + backoffMs(attempt) - 1000)
      expect(await deliver()).toEqual({ sent: 0, failed: 0, retried: 0, purged: 0 })
      now += backoffMs(attempt)
      await at(now)
    }
    expect(await deliver()).toEqual({ sent: 0, failed: 1, retried: 0, purged: 0 })
    expect(sends().filter((s) => s.template_id === 'tpl-busy')).toHaveLength(MAX_ATTEMPTS)
    expect(sends().find((s) => s.template_id === 'tpl-busy')).toMatchObject({ page: 'packages/member/signin/index', data: { thing1: { value: '签到提醒' }, number2: { value: '1' } } })
    await at(now + 3_600_000)
    expect(await deliver()).toEqual({ sent: 0, failed: 0, retried: 0, purged: 0 })

    // What operators see: per template, sent and failed, with WeChat's words for the failure.
    const signedIn = await httpRaw(server.url, { method: 'POST', path: '/admin/auth/login', body: { username: ADMIN.ADMIN_USERNAME, password: ADMIN.ADMIN_PASSWORD } })
    const report = await httpRaw(server.url, { method: 'GET', path: '/admin/message-delivery', headers: { authorization: `Bearer ${(signedIn.body as { token: string }).token}` } })
    expect(report.body).toMatchObject({
      delivering: true,
      platform: 'weapp',
      templates: [
        { template: 'signin_reminder', title: '签到提醒', pending: 0, sent: 0, failed: 1, lastError: expect.stringContaining('errcode -1') },
        { template: 'tier_upgraded', title: '会员等级升级', pending: 0, sent: 1, failed: 0, lastError: null },
      ],
    })

    // Kept for KEEP_DAYS, then deleted by a later pass.
    await at(START + (KEEP_DAYS + 2) * 86_400_000)
    expect(await deliver()).toEqual({ sent: 0, failed: 0, retried: 0, purged: 2 })
    expect(await deliver()).toEqual({ sent: 0, failed: 0, retried: 0, purged: 0 })
  })
})

describe('subscription messages delivered to Alipay (PGlite)', () => {
  const app = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 })
  let server: ServerProcess
  let gateway: FakeServer
  let db: TestDatabase
  let dir: string

  beforeAll(async () => {
    gateway = await startFakeAlipay({ appPublicKey: app.publicKey, alipayPrivateKey: alipay.privateKey, strangerPrivateKey: app.privateKey })
    db = await pgliteDatabase()
    dir = mkdtempSync(path.join(os.tmpdir(), 'delivery-alipay-'))
    const rulesFile = path.join(dir, 'rules.json')
    const templates = DEFAULT_MESSAGE_RULES.templates.map((t) =>
      t.id === 'tier_upgraded'
        ? { ...t, platformTemplateIds: { weapp: 'wx-tpl', alipay: 'tpl-ok' }, weappFields: [{ key: 'thing1', value: '{tierName}' }], alipayFields: [{ key: 'keyword1', value: '{tierName}' }, { key: 'keyword2', value: '{time}' }] }
        : t.id === 'signin_reminder'
          ? { ...t, platformTemplateIds: { weapp: 'wx-tpl-2', alipay: 'tpl-no-fields' } }
          : t,
    )
    writeFileSync(rulesFile, JSON.stringify({ messages: { ...DEFAULT_MESSAGE_RULES, templates } }))
    server = await startPinnedServer(
      {
        ...db.serverEnv,
        ...NO_RATE_LIMITS,
        RULES_FILE: rulesFile,
        AUTH_PROVIDER: 'alipay',
        ALIPAY_APP_ID: ALI.appId,
        ALIPAY_PRIVATE_KEY: app.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
        ALIPAY_PUBLIC_KEY: alipay.publicKey.export({ format: 'pem', type: 'spki' }) as string,
        ALIPAY_GATEWAY: `${gateway.url}/gateway.do`,
      },
      new Date(START).toISOString(),
    )
  }, 120_000)

  afterAll(async () => {
    await server?.stop()
    await gateway?.close()
    await db?.dispose()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  test('members are asked for the Alipay templates with keywords, and a tier upgrade reaches them by open_id', async () => {
    const m = await memberOf(server.url, 'alipay', 'good')
    expect(await m.asked()).toEqual({ weapp: {}, alipay: { tier_upgraded: 'tpl-ok' }, h5: {} })
    await m.post('/subscriptions', { accepted: ['tier_upgraded'] })
    const tierName = await m.upgrade()

    const deliver = await fetch(`${server.url}/__mock/deliver`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(await deliver.json()).toEqual({ sent: 1, failed: 0, retried: 0, purged: 0 })
    const sends = gateway.requests.map((r) => new URLSearchParams(r.body)).filter((f) => f.has('biz_content'))
    expect(sends).toHaveLength(1)
    expect(JSON.parse(sends[0].get('biz_content') ?? '')).toEqual({
      to_open_id: ALI.openId,
      user_template_id: 'tpl-ok',
      page: 'packages/member/benefits/index',
      data: JSON.stringify({ keyword1: { value: tierName }, keyword2: { value: '2030年6月9日 10:00' } }),
    })
  })
})
