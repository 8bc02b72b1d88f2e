import { create } from 'zustand'
import type { ConfigResponse, MessagesResponse, NotificationWire, SubscriptionState } from '@/api/contract'
import { ApiError } from '@/api/errors'
import { api } from '@/api/http'
import type { MessageTemplateId } from '@/domain/messages'
import { platform } from '@/platform'
import { useConfigStore } from './config'
import { nowIso } from './persist-storage'
import { defineAction } from './action'
import { defineView } from './request'
import { clientPlatform, useSessionStore } from './session'

/** Position of 我的 in the tab bar (src/app.config.ts), where the unread count shows. */
export const ME_TAB_INDEX = 2

/** What one tap on 订阅提醒 came to. */
export interface SubscribeResult {
  /** False where the platform has no subscription messages (H5) or the brand configured no template for it. */
  supported: boolean
  /** The message templates the member accepted in the platform's dialog (recorded with the backend). */
  accepted: MessageTemplateId[]
  /** Subscription messages are off in the platform's settings: the dialog never showed. */
  switchedOff?: boolean
}

interface MessagesState {
  /** Newest first, as the server sends them. */
  notifications: NotificationWire[] | null
  unread: number
  subscriptions: SubscriptionState | null
  /** Learned from the first 订阅提醒 tap; null until then. */
  subscribeSupported: boolean | null
  savedAt: string | null
  load: () => Promise<void>
  markAllRead: typeof markAllRead
  /** Marks one notification read (opening it). */
  markRead: typeof markRead
  /**
   * Asks the platform for subscription permission and records what was accepted. Call it ONLY from a tap
   * handler, as the first thing the handler does: the platforms refuse the dialog outside a user's tap.
   */
  requestSubscriptions: typeof requestSubscriptions
}

/** The platform template ids the brand configured for this platform, with the message template each stands for. */
export function subscribeTemplates(config: ConfigResponse | null): { template: MessageTemplateId; platformId: string }[] {
  const ids = config?.brand.subscribeTemplateIds[clientPlatform()] ?? {}
  return Object.entries(ids)
    .filter((e): e is [MessageTemplateId, string] => typeof e[1] === 'string' && e[1] !== '')
    .map(([template, platformId]) => ({ template, platformId }))
}

/** The toast after a 订阅提醒 tap. */
export function subscribeResultText(r: SubscribeResult): string {
  if (!r.supported) return '提醒会发送到站内消息中心'
  if (r.switchedOff) return '订阅消息已在微信设置中关闭，开启后可再次订阅；提醒仍会发送到站内消息中心'
  return r.accepted.length > 0 ? `已订阅 ${r.accepted.length} 项提醒` : '未开启提醒，可随时再次订阅'
}

/** WeChat and Alipay show at most this many templates in one subscription dialog (a longer list is refused whole). */
export const MAX_TEMPLATES_PER_REQUEST = 3

/**
 * The templates one tap asks for: at most three, those the member has the fewest sends left for first (a reminder
 * with sends left needs no new acceptance yet), then in the brand's order (the sort is stable) — so taps in turn
 * cover every template the brand configured; only `wanted` ones when a page asks for its own.
 */
export function subscribeBatch<T extends { template: MessageTemplateId }>(templates: T[], subscriptions: SubscriptionState | null, wanted?: MessageTemplateId[]): T[] {
  const quota = (id: MessageTemplateId) => subscriptions?.templates.find((t) => t.id === id)?.quota ?? 0
  return templates
    .filter((t) => !wanted || wanted.includes(t.template))
    .sort((a, b) => quota(a.template) - quota(b.template))
    .slice(0, MAX_TEMPLATES_PER_REQUEST)
}

function badgeText(unread: number): string | null {
  if (unread <= 0) return null
  return unread > 99 ? '99+' : String(unread)
}

function applyMessages(res: MessagesResponse): void {
  useMessagesStore.setState({ notifications: res.notifications, unread: res.unread, subscriptions: res.subscriptions, savedAt: nowIso() })
  platform.setTabBadge(ME_TAB_INDEX, badgeText(res.unread))
}

// Without consent nothing of the member shows (撤回同意): their notifications and the 我的 tab's unread badge go too.
useSessionStore.subscribe((s, prev) => {
  if (prev.consent !== 'accepted' || s.consent === 'accepted') return
  useMessagesStore.setState({ notifications: null, unread: 0 })
  platform.setTabBadge(ME_TAB_INDEX, null)
})

/** `GET /messages`: notifications, the unread count (also the 我的 tab badge), subscriptions. */
export const messagesView = defineView({
  name: 'messages',
  // A tier change or an expiry reminder arrives as a notification.
  tags: ['messages', 'growth'],
  key: () => ['messages'],
  fetch: () => api.messages(),
  apply: applyMessages,
})

export const markAllRead = defineAction({
  name: 'messages.markAllRead',
  key: ['messages', 'read'],
  // A load of the list already on its way (the page's own, as it opens) would bring the dots back: reloaded after.
  changes: ['messages'],
  run: async () => {
    if (useMessagesStore.getState().unread === 0) return
    applyMessages(await api.markRead({ ids: 'all' }))
  },
})

export const markRead = defineAction({
  name: 'messages.markRead',
  key: ['messages', 'read-one'],
  changes: ['messages'],
  run: async (id: string) => {
    if (useMessagesStore.getState().notifications?.find((n) => n.id === id)?.read) return
    applyMessages(await api.markRead({ ids: [id] }))
  },
})

export const requestSubscriptions = defineAction({
  name: 'messages.subscribe',
  key: ['messages', 'subscribe'],
  changes: ['messages'],
  /** `wanted`: only these templates (a page asking for its own reminder, e.g. 签到提醒); default: any the brand configured. */
  run: async (wanted?: MessageTemplateId[]): Promise<SubscribeResult> => {
    const config = useConfigStore.getState().config
    if (!config) {
      void useConfigStore.getState().load()
      throw new ApiError(0, 'CONFIG_NOT_LOADED', '提醒设置还在加载，请稍后再试')
    }
    const templates = subscribeBatch(subscribeTemplates(config), useMessagesStore.getState().subscriptions, wanted)
    if (templates.length === 0) {
      useMessagesStore.setState({ subscribeSupported: false })
      return { supported: false, accepted: [] }
    }
    // First await of the action: still inside the member's tap, as the platforms require.
    const outcome = await platform.requestSubscribe(templates.map((t) => t.platformId))
    useMessagesStore.setState({ subscribeSupported: outcome.supported })
    const accepted = templates.filter((t) => outcome.accepted.includes(t.platformId)).map((t) => t.template)
    if (!outcome.supported || accepted.length === 0) return { supported: outcome.supported, accepted, ...(outcome.switchedOff ? { switchedOff: true } : {}) }
    useMessagesStore.setState({ subscriptions: await api.subscribe({ accepted }) })
    return { supported: true, accepted }
  },
})

export const useMessagesStore = create<MessagesState>()((): MessagesState => ({
  notifications: null,
  unread: 0,
  subscriptions: null,
  subscribeSupported: null,
  savedAt: null,
  load: () => messagesView.load(),
  markAllRead,
  markRead,
  requestSubscriptions,
}))

/**
 * Whether 订阅提醒 is offered: only where the platform has subscription messages and the brand set up a template for
 * it (the demo has none: no button that asks nothing), and not once the platform turned out to have none (an old
 * base library). Elsewhere reminders go to the notification centre only. Before the config is known, offered.
 */
export function useSubscribeAvailable(): boolean {
  const notRefused = useMessagesStore((s) => s.subscribeSupported !== false)
  const configured = useConfigStore((s) => s.config === null || subscribeTemplates(s.config).length > 0)
  return notRefused && configured && platform.subscribeMessages
}
