import { create } from 'zustand'
import type { CouponWire, EventResponse, InviteAcceptResponse } from '@/api/contract'
import { ApiError } from '@/api/errors'
import { api } from '@/api/http'
import { businessDateOf } from '@/domain/calendar'
import { appNow } from '@/platform/clock'
import { useConfigStore } from './config'
import { onResume } from './freshness'
import { refresh, tracked } from './request'
import { useSessionStore } from './session'
import type { Tag } from './tags'

/**
 * What happens once per launch, after the member has agreed to the privacy notice: the `app_open` event
 * (first open of the day earns, a return after a dormancy brings the win-back coupon) and, for a member who
 * just registered through a friend's link, accepting that invite. The app left open into a new business day opens
 * again (`openNewDay`): that day's first open earns as a launch's would.
 */
interface LifecycleState {
  opened: boolean
  /** The business day (the app's clock, the rules' calendar) of the last app_open the backend answered. */
  openedOn: string | null
  /** The answer to the last app_open, the launch's or a new day's (first-open award, win-back coupon). */
  openResult: EventResponse | null
  /** The win-back coupon to show in the "好久不见" sheet until dismissed. */
  winback: CouponWire | null
  /** The invite accepted at registration (the invitee's coupon). */
  invite: InviteAcceptResponse | null
  inviteError: ApiError | null
  open: () => Promise<void>
  /** At business midnight and back in the foreground: app_open again when the day has turned since the last. */
  openNewDay: () => Promise<void>
  dismissWinback: () => void
  /** The invitee has seen the welcome, or the note that the invite did not take (both stay in the state). */
  dismissInviteWelcome: () => void
  inviteWelcomeSeen: boolean
}

/**
 * What the launch's two requests change. They are not a member's taps (no control, no busy state), so they are
 * not actions: they refresh by these tags themselves. tests/stores/tags.test.ts holds them to their answers.
 */
export const LAUNCH_CHANGES = {
  /** The invitee's coupon. */
  acceptInvite: ['coupons'],
  /** The first open of the day earns points (growth too), may complete tasks and earn a card; a win-back coupon. */
  appOpen: ['balance', 'growth', 'tasks', 'campaigns', 'coupons'],
} satisfies Record<string, Tag[]>

/** A new business day's app_open under way (openNewDay). */
let reopening: Promise<void> | null = null

/** Today on the rules' calendar, by the app's clock (the backend's, as learnt from its answers). */
function today(): string {
  return businessDateOf(appNow(), useConfigStore.getState().config?.rules.calendar)
}

export const useLifecycleStore = create<LifecycleState>()((set, get) => ({
  opened: false,
  openedOn: null,
  openResult: null,
  winback: null,
  invite: null,
  inviteError: null,
  async open() {
    if (get().opened) return
    set({ opened: true })
    try {
      // The launch needs to know whether this session registered a new member before its first request.
      await useSessionStore.getState().ensureSession()
    } catch {
      // No consent yet, or the backend out of reach: try again once consent is given or a session is made.
      set({ opened: false })
      return
    }
    const session = useSessionStore.getState()
    if (session.pendingInviteCode) {
      if (session.isNewMember) {
        try {
          const code = session.pendingInviteCode
          const invite = await tracked(['lifecycle', 'invite'], () => api.acceptInvite({ code }))
          set({ invite })
          refresh(LAUNCH_CHANGES.acceptInvite, invite)
        } catch (e) {
          // An ApiError is the welcome sheet's to explain; anything else is a bug and must not pass unseen.
          if (!(e instanceof ApiError)) console.error('[lifecycle.invite]', e)
          set({ inviteError: e instanceof ApiError ? e : null })
        }
      }
      // Only a member this launch registered can accept; for anyone else the code is spent too.
      session.setPendingInviteCode(null)
    }
    try {
      const day = today()
      const res = await tracked(['lifecycle', 'open'], () => api.event({ type: 'app_open' }))
      // A win-back coupon not yet dismissed stays on its sheet whatever a later open answers.
      set({ openResult: res, winback: res.winback ?? get().winback, openedOn: day })
      refresh(LAUNCH_CHANGES.appOpen, res)
    } catch {
      // Nothing to show: a failed open earns nothing yet and is tried again when a session is next made, or at
      // the next launch (its error stays in the request state of ['lifecycle', 'open']).
      set({ opened: false })
    }
  },
  openNewDay() {
    const { opened, openedOn } = get()
    // Not opened yet (no consent, or the backend out of reach): the launch's own open is still to come. A new day's
    // open under way is the one (midnight and a return to the foreground may come together).
    if (reopening || !opened || openedOn === null || openedOn === today()) return reopening ?? Promise.resolve()
    set({ opened: false })
    reopening = get()
      .open()
      .finally(() => {
        reopening = null
      })
    return reopening
  },
  dismissWinback: () => set({ winback: null }),
  inviteWelcomeSeen: false,
  dismissInviteWelcome: () => set({ inviteWelcomeSeen: true }),
}))

// Opening waits for consent; when the member agrees on the sheet, open right away. A launch that could not reach
// the backend opens as soon as a session is made (the page's 重新加载 logs in): the day's first open still counts.
useSessionStore.subscribe((s, prev) => {
  const agreed = s.consent === 'accepted' && prev.consent !== 'accepted'
  const signedIn = s.consent === 'accepted' && s.token !== null && prev.token === null
  if (agreed || signedIn) void useLifecycleStore.getState().open()
})

// The app left open into a new business day (past midnight, or back from the phone locked overnight) opens again.
onResume(() => void useLifecycleStore.getState().openNewDay())
