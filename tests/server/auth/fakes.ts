/**
 * Fake WeChat and Alipay upstreams on loopback (127.0.0.1, port 0) for the login provider tests. They check
 * what the real platforms check (appid/secret; Alipay's RSA2 request signature with the app PUBLIC key) and answer
 * the way the real platforms answer, including their error codes. The code the test sends picks the scenario.
 */
import { createSign, createVerify, type KeyObject } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeServer {
  url: string
  /** Every request received, for "no upstream call was made" assertions. */
  requests: { method: string; url: string; body: string }[]
  close(): Promise<void>
}

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void

export async function startFake(handler: Handler): Promise<FakeServer> {
  const requests: FakeServer['requests'] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      requests.push({ method: req.method ?? '', url: req.url ?? '', body })
      handler(req, body, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

const send = (res: ServerResponse, status: number, text: string, type = 'text/plain') => {
  res.writeHead(status, { 'content-type': type })
  res.end(text)
}

// ── WeChat ──────────────────────────────────────────────────────────────────────────────────────────

export const WX = { appId: 'wx0123456789abcdef', secret: 'wx-secret-7f3a9c0d1e2b', sessionKey: 'SESSION-KEY-tiPj3+Qa8w==', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', unionid: 'ocMvos6NjeKLIBqg5Mr9QjxrP1FA' }

/**
 * jscode2session: codes name the scenario (`good`, `invalid`, `used`, `limited`, `busy`, `risky`, …). Subscription
 * messages too: `POST /cgi-bin/stable_token` gives `TOKEN-n` (a new n when forced, which ends the previous one), and
 * `POST /cgi-bin/message/subscribe/send` takes the current token only (40001 otherwise); the template id names the
 * scenario (`tpl-refused` 43101, `tpl-busy` -1, `tpl-bad-field` 47003, anything else accepted).
 */
export function startFakeWechat(): Promise<FakeServer> {
  let token = 1
  return startFake((req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const json = (o: object) => send(res, 200, JSON.stringify(o), 'application/json')
    if (req.method === 'POST' && url.pathname === '/cgi-bin/stable_token') {
      const b = JSON.parse(body) as { grant_type?: string; appid?: string; secret?: string; force_refresh?: boolean }
      if (b.appid !== WX.appId || b.secret !== WX.secret) return json({ errcode: 40125, errmsg: 'invalid appsecret' })
      if (b.grant_type !== 'client_credential') return json({ errcode: 40002, errmsg: 'invalid grant_type' })
      if (b.force_refresh) token++
      return json({ access_token: `TOKEN-${token}`, expires_in: 7200 })
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/message/subscribe/send') {
      if (url.searchParams.get('access_token') !== `TOKEN-${token}`) return json({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' })
      const b = JSON.parse(body) as { touser?: string; template_id?: string }
      if (b.touser !== WX.openid) return json({ errcode: 40003, errmsg: 'invalid openid' })
      if (b.template_id === 'tpl-refused') return json({ errcode: 43101, errmsg: 'user refuse to accept the msg' })
      if (b.template_id === 'tpl-busy') return json({ errcode: -1, errmsg: 'system error' })
      if (b.template_id === 'tpl-bad-field') return json({ errcode: 47003, errmsg: 'argument invalid! data.thing1.value too long' })
      return json({ errcode: 0, errmsg: 'ok', msgid: 2066 })
    }
    if (req.method !== 'GET' || url.pathname !== '/sns/jscode2session') return send(res, 404, 'not found')
    const q = url.searchParams
    if (q.get('appid') !== WX.appId || q.get('secret') !== WX.secret) {
      return send(res, 200, JSON.stringify({ errcode: 40125, errmsg: 'invalid appsecret, rid: 6650-aa' }))
    }
    if (q.get('grant_type') !== 'authorization_code') return send(res, 200, JSON.stringify({ errcode: 40002, errmsg: 'invalid grant_type' }))
    const code = q.get('js_code')
    const err = (errcode: number, errmsg: string) => send(res, 200, JSON.stringify({ errcode, errmsg: `${errmsg}, rid: 6650c3d7-1a2b3c4d` }))
    switch (code) {
      case 'good':
        return send(res, 200, JSON.stringify({ session_key: WX.sessionKey, openid: WX.openid, unionid: WX.unionid }))
      case 'good-no-union':
        return send(res, 200, JSON.stringify({ errcode: 0, errmsg: 'ok', session_key: WX.sessionKey, openid: WX.openid }))
      case 'invalid':
        return err(40029, 'invalid code')
      case 'used':
        return err(40163, 'code been used')
      case 'limited':
        return err(45011, 'api minute-quota reach limit  mustslower  retry next minute')
      case 'busy':
        return err(-1, 'system error')
      case 'risky':
        return err(40226, 'code blocked')
      case 'other':
        return err(40013, 'invalid appid')
      case 'leaky-error':
        // An error that (absurdly) carries a session_key and echoes it: neither may reach the error.
        return send(res, 200, JSON.stringify({ errcode: 40029, errmsg: `invalid code ${WX.sessionKey}`, session_key: WX.sessionKey }))
      case 'no-openid':
        return send(res, 200, JSON.stringify({ session_key: WX.sessionKey }))
      case 'garbage':
        return send(res, 200, '<html><body>502 Bad Gateway</body></html>', 'text/html')
      case 'not-object':
        return send(res, 200, '"just a string"')
      case 'http500':
        return send(res, 500, 'internal error')
      case 'http429':
        return send(res, 429, 'slow down')
      case 'http403':
        return send(res, 403, 'forbidden')
      case 'slow':
        return // never answers
      default:
        return err(40029, 'invalid code')
    }
  })
}

// ── Alipay ──────────────────────────────────────────────────────────────────────────────────────────

export const ALI = {
  appId: '2021000000000001',
  userId: '2088102150477652',
  openId: '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5',
  accessToken: 'authusrB4f3cb2a1b9c64b0e8f1a2d3c4b5a6e7f',
}

/** Independent of the code under test: Alipay's rule, written again from the docs. */
export function contentToVerify(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&')
}

export interface FakeAlipayOptions {
  /** The app's PUBLIC key, as uploaded to the Alipay console: requests are verified with it. */
  appPublicKey: KeyObject
  /** Alipay's own private key: answers are signed with it. */
  alipayPrivateKey: KeyObject
  /** Signs the `wrong-key` scenario's answer: a key Alipay does not have. */
  strangerPrivateKey: KeyObject
  /** The `timestamp` the fake expects (the provider's clock is injected). */
  expectTimestamp?: string
  /** More gateway methods (payments: fake-alipay-pay.ts), called with the verified request's parameters. */
  methods?: Record<string, (params: Record<string, string>, answer: (key: string, valueText: string) => void) => void>
}

const sign = (text: string, key: KeyObject) => createSign('RSA-SHA256').update(text, 'utf8').sign(key, 'base64')

/** `{"<key>":<value text>,"sign":"…"}` with the signature over the exact value text, the way Alipay writes it. */
export function alipayBody(key: string, valueText: string, signer: KeyObject | null): string {
  return signer ? `{"${key}":${valueText},"sign":"${sign(valueText, signer)}"}` : `{"${key}":${valueText}}`
}

const R = 'alipay_system_oauth_token_response'
const errorText = (code: string, msg: string, subCode: string, subMsg: string) =>
  JSON.stringify({ code, msg, sub_code: subCode, sub_msg: subMsg })

/** The success answer, written by hand: `\/` and `\uXXXX` escapes that JSON.stringify would never produce. */
const successText = (withOpenId: boolean) =>
  `{"code":"10000","msg":"Success","access_token":"${ALI.accessToken}","alipay_user_id":"20881007431459167","auth_start":"2026-03-02 00:30:05",` +
  `"expires_in":1296000,"re_expires_in":2592000,"refresh_token":"authusrBd2a0b1c2","user_id":"${ALI.userId}"` +
  (withOpenId ? `,"open_id":"${ALI.openId}"` : '') +
  `,"avatar":"https:\\/\\/tfs.alipayobjects.com\\/images\\/partner\\/T1.png","nick_name":"\\u652f\\u4ed8\\u5b9d"}`

const SEND = 'alipay_open_app_mini_templatemessage_send_response'

/**
 * Subscription messages (alipay.open.app.mini.templatemessage.send): `biz_content` in the form body, naming the
 * member by `to_user_id` (2088…) or `to_open_id`, and `data` a JSON text of `{"keywordN": {"value": …}}`. The
 * template id names the scenario: `tpl-unsubscribed` a business refusal (40004), `tpl-busy` 20000, `tpl-limited`
 * 40005, `tpl-wrong-key` an answer signed with a key Alipay does not have; anything else is sent.
 */
function templateMessage(o: FakeAlipayOptions, params: Record<string, string>, url: URL, body: string, answer: (key: string, valueText: string, signer?: KeyObject | null) => void) {
  let biz: Record<string, unknown> = {}
  try {
    biz = JSON.parse(params.biz_content ?? '') as Record<string, unknown>
  } catch {
    // below
  }
  let data: unknown = null
  try {
    data = JSON.parse(String(biz.data))
  } catch {
    // below
  }
  const recipient = biz.to_user_id === ALI.userId || biz.to_open_id === ALI.openId
  const wellFormed =
    url.searchParams.has('sign') && !url.searchParams.has('biz_content') && new URLSearchParams(body).has('biz_content') &&
    recipient && typeof biz.user_template_id === 'string' && typeof biz.page === 'string' && !String(biz.page).startsWith('/') &&
    typeof data === 'object' && data !== null && Object.entries(data).every(([k, v]) => /^keyword\d+$/.test(k) && typeof (v as { value?: unknown })?.value === 'string')
  if (!wellFormed) return answer(SEND, errorText('40002', 'Invalid Arguments', 'isv.invalid-parameter', '参数无效'))
  switch (biz.user_template_id) {
    case 'tpl-unsubscribed':
      return answer(SEND, errorText('40004', 'Business Failed', 'USER_NOT_SUBSCRIBED', '用户未订阅该消息模板'))
    case 'tpl-busy':
      return answer(SEND, errorText('20000', 'Service Currently Unavailable', 'isp.unknow-error', '系统繁忙'))
    case 'tpl-limited':
      return answer('error_response', errorText('40005', 'Call Limited', 'isv.app-call-limited', '应用调用次数超限，包含调用频率超限'))
    case 'tpl-wrong-key':
      return answer(SEND, '{"code":"10000","msg":"Success"}', o.strangerPrivateKey)
    default:
      return answer(SEND, '{"code":"10000","msg":"Success"}')
  }
}
export function startFakeAlipay(o: FakeAlipayOptions): Promise<FakeServer> {
  return startFake((req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (req.method !== 'POST' || url.pathname !== '/gateway.do') return send(res, 404, 'not found')
    const params: Record<string, string> = {}
    for (const [k, v] of url.searchParams) params[k] = v
    for (const [k, v] of new URLSearchParams(body)) params[k] = v
    const answer = (key: string, valueText: string, signer: KeyObject | null = o.alipayPrivateKey) =>
      send(res, 200, alipayBody(key, valueText, signer), 'text/html;charset=utf-8')

    // The gateway's own checks, in its order: app_id, then the request signature.
    if (params.app_id !== ALI.appId) return answer(R, errorText('40002', 'Invalid Arguments', 'isv.invalid-app-id', '无效的AppID参数'), null)
    const signed =
      params.sign_type === 'RSA2' &&
      typeof params.sign === 'string' &&
      createVerify('RSA-SHA256').update(contentToVerify(params), 'utf8').verify(o.appPublicKey, params.sign, 'base64')
    if (!signed) {
      return answer('error_response', errorText('40002', 'Invalid Arguments', 'isv.invalid-signature', '验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配'))
    }
    if (params.method === 'alipay.open.app.mini.templatemessage.send') return templateMessage(o, params, url, body, answer)
    const more = o.methods?.[params.method]
    if (more) return more(params, (key, valueText) => answer(key, valueText))
    const wellFormed =
      params.method === 'alipay.system.oauth.token' &&
      params.format === 'JSON' &&
      params.charset === 'utf-8' &&
      params.version === '1.0' &&
      params.grant_type === 'authorization_code' &&
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(params.timestamp ?? '') &&
      (o.expectTimestamp === undefined || params.timestamp === o.expectTimestamp) &&
      // the common parameters travel in the URL, the API's own in the form body (as Alipay's SDKs send them)
      url.searchParams.has('sign') && !url.searchParams.has('code') && new URLSearchParams(body).has('code')
    if (!wellFormed) return answer('error_response', errorText('40002', 'Invalid Arguments', 'isv.invalid-parameter', '参数无效'))

    switch (params.code) {
      case 'good':
        return answer(R, successText(true))
      case 'user-id-only':
        return answer(R, successText(false).replace('"code":"10000","msg":"Success",', ''))
      case 'used':
        return answer('error_response', errorText('40002', 'Invalid Arguments', 'isv.code-invalid', '授权码code无效'))
      case 'limited':
        return answer('error_response', errorText('40005', 'Call Limited', 'isv.app-call-limited', '应用调用次数超限，包含调用频率超限'))
      case 'method-limited':
        return answer('error_response', errorText('40005', 'Call Limited', 'isv.method-call-limited', 'API调用次数超限'))
      case 'busy':
        return answer('error_response', errorText('20000', 'Service Currently Unavailable', 'isp.unknow-error', '系统繁忙'))
      case 'busy-in-method-node':
        return answer(R, errorText('20000', 'Service Currently Unavailable', 'aop.unknow-error', '服务暂不可用'))
      case 'unsigned-error':
        return answer('error_response', errorText('40002', 'Invalid Arguments', 'isv.code-invalid', '授权码code无效'), null)
      case 'unsigned-success':
        return answer(R, successText(true), null)
      case 'tampered': {
        // Signed for one user, then the body is changed on the way to name another.
        const text = alipayBody(R, successText(true), o.alipayPrivateKey).replace(ALI.openId, 'ATTACKER-OPEN-ID')
        return send(res, 200, text)
      }
      case 'tampered-error': {
        const text = alipayBody('error_response', errorText('40002', 'Invalid Arguments', 'isv.code-invalid', '授权码code无效'), o.alipayPrivateKey)
        return send(res, 200, text.replace('isv.code-invalid', 'isv.app-call-limited'))
      }
      case 'wrong-key':
        return answer(R, successText(true), o.strangerPrivateKey)
      case 'duplicate-key': {
        // A genuine signed answer followed by a second, unsigned member of the same name (JSON.parse keeps the last).
        const genuine = alipayBody(R, successText(true), o.alipayPrivateKey)
        return send(res, 200, genuine.replace(',"sign"', `,"${R}":{"open_id":"ATTACKER-OPEN-ID"},"sign"`))
      }
      case 'garbage':
        return send(res, 200, '<html>系统维护中</html>', 'text/html')
      case 'http502':
        return send(res, 502, 'bad gateway')
      case 'slow':
        return // never answers
      default:
        return answer('error_response', errorText('40002', 'Invalid Arguments', 'isv.code-invalid', '授权码code无效'))
    }
  })
}
