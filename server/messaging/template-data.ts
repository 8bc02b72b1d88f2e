/**
 * A notification as a subscription message's `data`: each keyword the brand configured for the platform's template
 * (`weappFields` / `alipayFields`, src/domain/messages.ts) with its placeholders filled in, dates as 2026年12月4日 and
 * times as 2026年12月4日 20:00. On WeChat (subscribeMessage.send) each is cut to the length WeChat allows for the
 * keyword's kind (a `thing` is at most 20 characters; a longer one is refused with 47003); Alipay's `keyword1` …
 * take any text up to the whole message's 2,048 characters (alipay.open.app.mini.templatemessage.send).
 */
import { businessDateOf, instantWords, monthDayWords, parseInstant, type CalendarRules } from '../../src/domain/calendar'
import { templateFields, type MessagePlatform, type MessageTemplateConfig, type Notification } from '../../src/domain/messages'

/** Characters WeChat accepts per keyword kind (the letters before the keyword's number); kinds not listed are not cut. */
const LIMITS: Record<string, number> = {
  thing: 20,
  character_string: 32,
  number: 32,
  letter: 32,
  symbol: 5,
  phrase: 5,
  name: 10,
  phone_number: 17,
  car_number: 8,
}

export type TemplateData = Record<string, { value: string }>

/** Words with the year always (a message may be read in another year): `instantWords` against no year at all. */
const NO_YEAR = '0000-01-01'
const dateWords = (date: string) => monthDayWords(date, NO_YEAR)
const timeWords = (instant: number, calendar: CalendarRules) => instantWords(instant, NO_YEAR, calendar)

/** One placeholder's text: the payload's dates and instants in words, a privacy request's kind in Chinese. */
function placeholder(name: string, n: Notification, calendar: CalendarRules): string {
  const created = parseInstant(n.createdAt)
  switch (name) {
    case 'title':
      return n.title
    case 'body':
      return n.body
    case 'date':
      return dateWords(businessDateOf(created, calendar))
    case 'time':
      return timeWords(created, calendar)
  }
  // The optional fields: WeChat refuses an empty value (47003), so each says what its absence means (on Alipay too).
  const v = n.payload[name] ?? (name === 'lastExpiresOn' ? n.payload.expiresOn : name === 'nextBonusPoints' ? 0 : undefined)
  if (v === undefined || v === null) return '—'
  if (name === 'startsAt') return timeWords(parseInstant(String(v)), calendar)
  if (name === 'expiresOn' || name === 'lastExpiresOn') return dateWords(String(v))
  if (name === 'kind') return v === 'export' ? '数据导出' : '数据删除'
  return String(v)
}

function cut(text: string, limit: number | undefined): string {
  const chars = Array.from(text)
  if (limit === undefined || chars.length <= limit) return text
  return `${chars.slice(0, limit - 1).join('')}…`
}

/** The `data` of the message on `platform`, or null when the template has no keywords there (it cannot be sent). */
export function templateData(platform: MessagePlatform, template: MessageTemplateConfig, n: Notification, calendar: CalendarRules): TemplateData | null {
  const fields = templateFields(template, platform)
  if (fields.length === 0) return null
  const data: TemplateData = {}
  for (const { key, value } of fields) {
    const text = value.replace(/\{([^{}]*)\}/g, (_, name: string) => placeholder(name, n, calendar))
    data[key] = { value: platform === 'weapp' ? cut(text, LIMITS[key.replace(/\d+$/, '')]) : text }
  }
  return data
}
