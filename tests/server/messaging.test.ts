/**
 * Subscription messages to WeChat (server/messaging): a notification's `data` as the brand's template wants it,
 * and the messenger against a fake WeChat on loopback — the stable token kept and renewed, each errcode taken for
 * what it means (sent, retry later, or never), no secret in what it reports.
 */
import { DEFAULT_CALENDAR_RULES } from '@/domain/calendar'
import { DEFAULT_RULES_CONFIG, validateRulesConfig } from '@/domain/config'
import { DEFAULT_MESSAGE_RULES, MESSAGE_TEMPLATE_IDS, type MessageTemplateConfig, type Notification } from '@/domain/messages'
import { messagePage } from '../../server/messaging/delivery'
import { weappData } from '../../server/messaging/weapp-data'
import { WechatMessenger } from '../../server/messaging/wechat'
import { loadAppConfig } from '../e2e/app-config'
import { startFakeWechat, WX, type FakeServer } from './auth/fakes'

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

  test('every message opens a page the mini program has', () => {
    const app = loadAppConfig('weapp')
    const pages = [...app.pages, ...(app.subPackages ?? []).flatMap((p) => p.pages.map((x) => `${p.root}/${x}`))]
    for (const template of MESSAGE_TEMPLATE_IDS) expect(pages).toContain(messagePage(template))
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
