/**
 * Subscription messages to WeChat and Alipay (server/messaging): a notification's `data` as the brand's template
 * wants it on each platform, and the messengers against a fake WeChat and a fake Alipay gateway on loopback — the
 * stable token kept and renewed, every Alipay call signed and its answer verified, each error taken for what it means
 * (sent, retry later, or never), no secret in what they report.
 */
import { generateKeyPairSync } from 'node:crypto'
import { DEFAULT_CALENDAR_RULES } from '@/domain/calendar'
import { DEFAULT_RULES_CONFIG, validateRulesConfig } from '@/domain/config'
import { DEFAULT_MESSAGE_RULES, MESSAGE_TEMPLATE_IDS, type MessageTemplateConfig, type Notification } from '@/domain/messages'
import { messagePage } from '../../server/messaging/delivery'
import { AlipayMessenger } from '../../server/messaging/alipay'
import { templateData } from '../../server/messaging/template-data'
import { WechatMessenger } from '../../server/messaging/wechat'
import { loadAppConfig } from '../e2e/app-config'
import { ALI, startFakeAlipay, startFakeWechat, WX, type FakeServer } from './auth/fakes'

const notification = (over: Partial<Notification> = {}): Notification => ({
  id: 'n7',
  template: 'campaign_starting',
  title: '活动即将开始',
  body: '「周年庆幸运大转盘限时抽奖活动」即将开始，开始时间 12月5日 10:00。',
  payload: { campaignName: '周年庆幸运大转盘限时抽奖活动', startsAt: '2026-12-05T02:00:00.000Z' },
  createdAt: '2026-12-04T12:30:00.000Z',
  read: false,
  subscriptionSent: true,
  ...over,
})

const template = (fields: { key: string; value: string }[]): MessageTemplateConfig => ({
  id: 'campaign_starting',
  title: '活动即将开始',
  platformTemplateIds: { weapp: 'tpl-ok', alipay: '' },
  weappFields: fields,
})

const weappData = (t: MessageTemplateConfig, n: Notification, calendar = DEFAULT_CALENDAR_RULES) => templateData('weapp', t, n, calendar)

describe('a notification as the WeChat template’s data', () => {
  test('placeholders filled in, dates and times with their year, each kind cut to what WeChat accepts', () => {
    const data = weappData(
      template([
        { key: 'thing1', value: '{campaignName}' },
        { key: 'time2', value: '{startsAt}' },
        { key: 'thing3', value: '会员专享：{title}' },
        { key: 'date4', value: '{date}' },
        { key: 'phrase5', value: '即将开始啦' },
        { key: 'time6', value: '{time}' },
      ]),
      notification(),
      DEFAULT_CALENDAR_RULES,
    )
    expect(data).toEqual({
      thing1: { value: '周年庆幸运大转盘限时抽奖活动' },
      time2: { value: '2026年12月5日 10:00' },
      thing3: { value: '会员专享：活动即将开始' },
      date4: { value: '2026年12月4日' },
      phrase5: { value: '即将开始啦' },
      time6: { value: '2026年12月4日 20:30' },
    })
    const long = weappData(template([{ key: 'thing1', value: '{body}' }]), notification(), DEFAULT_CALENDAR_RULES)!
    expect(Array.from(long.thing1.value)).toHaveLength(20)
    expect(long.thing1.value.endsWith('…')).toBe(true)
  })

  test('an optional field that is absent says what that means (WeChat refuses an empty value)', () => {
    const reminder = notification({ template: 'signin_reminder', payload: { streakDays: 3 } })
    const fields = [{ key: 'number1', value: '{nextBonusPoints}' }, { key: 'number2', value: '{streakDays}' }]
    expect(weappData({ ...template(fields), id: 'signin_reminder' }, reminder, DEFAULT_CALENDAR_RULES)).toEqual({ number1: { value: '0' }, number2: { value: '3' } })
    const expiring = notification({ template: 'points_expiring', payload: { points: 120, expiresOn: '2026-12-31' } })
    expect(weappData({ ...template([{ key: 'date1', value: '{lastExpiresOn}' }]), id: 'points_expiring' }, expiring, DEFAULT_CALENDAR_RULES)).toEqual({ date1: { value: '2026年12月31日' } })
  })

  test('a template without keywords cannot be sent', () => {
    expect(weappData(template([]), notification(), DEFAULT_CALENDAR_RULES)).toBeNull()
    expect(weappData({ ...template([]), weappFields: undefined }, notification(), DEFAULT_CALENDAR_RULES)).toBeNull()
  })

  test('the rules refuse a keyword WeChat does not have, a repeated one and a placeholder the template lacks', () => {
    const templates = DEFAULT_MESSAGE_RULES.templates.map((t) =>
      t.id === 'campaign_starting'
        ? { ...t, weappFields: [{ key: 'thing1', value: '{campaignName}' }, { key: 'Thing 2', value: '{tierName}' }, { key: 'thing1', value: '' }] }
        : t,
    )
    const i = templates.findIndex((t) => t.id === 'campaign_starting')
    expect(validateRulesConfig({ ...DEFAULT_RULES_CONFIG, messages: { ...DEFAULT_MESSAGE_RULES, templates } })).toEqual({
      ok: false,
      problems: [
        `messages.templates[${i}].weappFields[1].key: must be a WeChat keyword like thing1, got "Thing 2"`,
        `messages.templates[${i}].weappFields[1].value: unknown placeholder {tierName}`,
        `messages.templates[${i}].weappFields[2].key: duplicate keyword "thing1"`,
        `messages.templates[${i}].weappFields[2].value: must be a non-empty string`,
      ],
    })
  })

  test('on Alipay: the keyword1 … fields filled in the same way, not cut, and the keywords checked', () => {
    const t: MessageTemplateConfig = {
      ...template([{ key: 'thing1', value: '{campaignName}' }]),
      platformTemplateIds: { weapp: '', alipay: 'tpl-ok' },
      alipayFields: [
        { key: 'keyword1', value: '{body}' },
        { key: 'keyword2', value: '{startsAt}' },
      ],
    }
    expect(templateData('alipay', t, notification(), DEFAULT_CALENDAR_RULES)).toEqual({
      keyword1: { value: '「周年庆幸运大转盘限时抽奖活动」即将开始，开始时间 12月5日 10:00。' },
      keyword2: { value: '2026年12月5日 10:00' },
    })
    // The WeChat fields are WeChat's: a template without Alipay fields cannot be sent there.
    expect(templateData('alipay', { ...t, alipayFields: [] }, notification(), DEFAULT_CALENDAR_RULES)).toBeNull()
    const templates = DEFAULT_MESSAGE_RULES.templates.map((x) => (x.id === 'campaign_starting' ? { ...x, alipayFields: [{ key: 'thing1', value: '{campaignName}' }, { key: 'keyword2', value: '{tierName}' }] } : x))
    const i = templates.findIndex((x) => x.id === 'campaign_starting')
    expect(validateRulesConfig({ ...DEFAULT_RULES_CONFIG, messages: { ...DEFAULT_MESSAGE_RULES, templates } })).toEqual({
      ok: false,
      problems: [
        `messages.templates[${i}].alipayFields[0].key: must be an Alipay keyword like keyword1, got "thing1"`,
        `messages.templates[${i}].alipayFields[1].value: unknown placeholder {tierName}`,
      ],
    })
  })

  test('every message opens a page the mini program has', () => {
    for (const platform of ['weapp', 'alipay'] as const) {
      const app = loadAppConfig(platform)
      const pages = [...app.pages, ...(app.subPackages ?? []).flatMap((p) => p.pages.map((x) => `${p.root}/${x}`))]
      for (const template of MESSAGE_TEMPLATE_IDS) expect(pages).toContain(messagePage(template))
    }
  })
})

describe('the WeChat messenger', () => {
  let wechat: FakeServer
  let messenger: WechatMessenger
  const message = (templateId: string, touser = WX.openid) => ({ touser, templateId, page: 'packages/member/signin/index', data: { thing1: { value: '签到提醒' } } })

  beforeAll(async () => {
    wechat = await startFakeWechat()
    messenger = new WechatMessenger({ appId: WX.appId, secret: WX.secret, apiBase: wechat.url })
  })
  afterAll(() => wechat.close())

  const calls = (path: string) => wechat.requests.filter((r) => r.url.startsWith(path))

  test('sends with one token for many messages, in the shape WeChat documents', async () => {
    expect(await messenger.send(message('tpl-ok'))).toEqual({ status: 'sent' })
    expect(await messenger.send(message('tpl-ok'))).toEqual({ status: 'sent' })
    expect(calls('/cgi-bin/stable_token')).toHaveLength(1)
    const sent = calls('/cgi-bin/message/subscribe/send')
    expect(sent).toHaveLength(2)
    expect(JSON.parse(sent[0].body)).toEqual({
      touser: WX.openid,
      template_id: 'tpl-ok',
      page: 'packages/member/signin/index',
      data: { thing1: { value: '签到提醒' } },
      miniprogram_state: 'formal',
      lang: 'zh_CN',
    })
  })

  test('a token WeChat no longer takes is renewed (forced) and the message sent', async () => {
    // Another process forced a new token: ours answers 40001.
    await fetch(`${wechat.url}/cgi-bin/stable_token`, { method: 'POST', body: JSON.stringify({ grant_type: 'client_credential', appid: WX.appId, secret: WX.secret, force_refresh: true }) })
    const before = calls('/cgi-bin/stable_token').length
    expect(await messenger.send(message('tpl-ok'))).toEqual({ status: 'sent' })
    const renewals = calls('/cgi-bin/stable_token').slice(before)
    expect(renewals.map((r) => JSON.parse(r.body).force_refresh)).toEqual([true])
  })

  test('refusals are final, a busy WeChat is retried, and no secret or token is in the reason', async () => {
    const refused = await messenger.send(message('tpl-refused'))
    expect(refused).toMatchObject({ status: 'failed', reason: expect.stringContaining('43101') })
    expect(await messenger.send(message('tpl-bad-field'))).toMatchObject({ status: 'failed', reason: expect.stringContaining('data.thing1.value too long') })
    expect(await messenger.send(message('tpl-ok', 'not-an-openid'))).toMatchObject({ status: 'failed', reason: expect.stringContaining('40003') })
    expect(await messenger.send(message('tpl-busy'))).toMatchObject({ status: 'retry', reason: expect.stringContaining('-1') })
    const down = new WechatMessenger({ appId: WX.appId, secret: WX.secret, apiBase: 'http://127.0.0.1:9', timeoutMs: 500 })
    const outcome = await down.send(message('tpl-ok'))
    expect(outcome.status).toBe('retry')
    const wrongSecret = await new WechatMessenger({ appId: WX.appId, secret: 'not-the-secret-123', apiBase: wechat.url }).send(message('tpl-ok'))
    expect(wrongSecret.status).toBe('retry')
    for (const o of [refused, outcome, wrongSecret]) {
      const text = JSON.stringify(o)
      expect(text).not.toContain(WX.secret)
      expect(text).not.toContain('not-the-secret-123')
      expect(text).not.toMatch(/TOKEN-\d/)
    }
  })
})

describe('the Alipay messenger', () => {
  const app = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const privatePem = app.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
  let gateway: FakeServer
  let messenger: AlipayMessenger
  const message = (templateId: string, touser = ALI.userId) => ({ touser, templateId, page: 'packages/member/signin/index', data: { keyword1: { value: '签到提醒' } } })
  const make = (gatewayUrl: string, timeoutMs = 5_000) =>
    new AlipayMessenger({
      appId: ALI.appId,
      privateKey: privatePem,
      alipayPublicKey: alipay.publicKey.export({ format: 'pem', type: 'spki' }) as string,
      gateway: gatewayUrl,
      now: () => new Date('2026-12-04T12:30:00.000Z'),
      timeoutMs,
    })

  beforeAll(async () => {
    gateway = await startFakeAlipay({ appPublicKey: app.publicKey, alipayPrivateKey: alipay.privateKey, strangerPrivateKey: stranger.privateKey })
    messenger = make(`${gateway.url}/gateway.do`)
  })
  afterAll(() => gateway.close())

  test('sends a signed alipay.open.app.mini.templatemessage.send to the member by user id or open_id', async () => {
    expect(await messenger.send(message('tpl-ok'))).toEqual({ status: 'sent' })
    expect(await messenger.send(message('tpl-ok', ALI.openId))).toEqual({ status: 'sent' })
    const [byUserId, byOpenId] = gateway.requests.map((r) => JSON.parse(new URLSearchParams(r.body).get('biz_content') ?? 'null'))
    expect(byUserId).toEqual({ to_user_id: ALI.userId, user_template_id: 'tpl-ok', page: 'packages/member/signin/index', data: '{"keyword1":{"value":"签到提醒"}}' })
    expect(byOpenId).toMatchObject({ to_open_id: ALI.openId })
    expect(byOpenId).not.toHaveProperty('to_user_id')
    expect(new URL(gateway.requests[0].url, 'http://x').searchParams.get('timestamp')).toBe('2026-12-04 20:30:00')
  })

  test('refusals are final; busy, call limits, no answer and an answer that does not verify are retried; no key in the reason', async () => {
    const refused = await messenger.send(message('tpl-unsubscribed'))
    expect(refused).toMatchObject({ status: 'failed', reason: expect.stringContaining('40004') })
    expect(refused).toMatchObject({ reason: expect.stringContaining('USER_NOT_SUBSCRIBED') })
    expect(await messenger.send(message('tpl-ok', 'someone-else'))).toMatchObject({ status: 'failed', reason: expect.stringContaining('isv.invalid-parameter') })
    expect(await messenger.send(message('tpl-busy'))).toMatchObject({ status: 'retry', reason: expect.stringContaining('20000') })
    expect(await messenger.send(message('tpl-limited'))).toMatchObject({ status: 'retry', reason: expect.stringContaining('40005') })
    expect(await messenger.send(message('tpl-wrong-key'))).toMatchObject({ status: 'retry', reason: expect.stringContaining('does not verify') })
    const down = await make('http://127.0.0.1:9/gateway.do', 500).send(message('tpl-ok'))
    expect(down.status).toBe('retry')
    for (const o of [refused, down]) expect(JSON.stringify(o)).not.toMatch(/PRIVATE KEY|MII/)
  })

  test('the Alipay messenger is not made without its keys (the server stops at start-up)', () => {
    expect(() => new AlipayMessenger({ appId: ALI.appId, privateKey: '', alipayPublicKey: '' })).toThrow('Alipay subscription messages needs ALIPAY_PRIVATE_KEY, ALIPAY_PUBLIC_KEY')
  })
})
