import type { AxiosInstance } from 'axios'
import type * as C from './contract'

/**
 * One typed fetcher per operation of the contract. `createEndpoints` binds them to a client, so the app
 * (src/api/http.ts) and the contract tests (any base URL) call exactly the same functions.
 */
export function createEndpoints(client: AxiosInstance) {
  const get = async <T>(url: string, params?: Record<string, unknown>): Promise<T> => (await client.get<T>(url, { params })).data
  const post = async <T>(url: string, body?: unknown, headers?: Record<string, string>): Promise<T> =>
    (await client.post<T>(url, body ?? {}, { headers })).data
  const id = encodeURIComponent

  return {
    login: (body: C.LoginRequest) => post<C.LoginResponse>('/auth/login', body),
    config: () => get<C.ConfigResponse>('/config'),
    me: () => get<C.MemberMe>('/member/me'),
    /** Saves the profile; completing it is the "完善个人资料" task (the backend records it). */
    updateProfile: (body: C.ProfileRequest) => post<C.MemberMe>('/member/profile', body),
    claimFreeService: () => post<C.FreeServiceClaimResponse>('/member/free-service'),

    pointsSummary: () => get<C.PointsSummary>('/points/summary'),
    pointsLedger: (cursor?: string | null, limit?: number) => get<C.LedgerPage>('/points/ledger', { cursor: cursor ?? undefined, limit }),
    pointsExpiring: () => get<C.ExpiringLots>('/points/expiring'),

    signinCalendar: (month?: C.BusinessMonth) => get<C.SigninCalendarResponse>('/signin/calendar', { month }),
    signin: () => post<C.SigninResponse>('/signin'),
    makeupQuote: (date: C.BusinessDate) => get<C.MakeupQuote>('/signin/makeup/quote', { date }),
    makeup: (body: C.MakeupRequest) => post<C.MakeupResponse>('/signin/makeup', body),

    tasks: () => get<C.TasksResponse>('/tasks'),
    claimTask: (taskId: string) => post<C.TaskClaimResponse>(`/tasks/${id(taskId)}/claim`),
    event: (body: C.EventRequest) => post<C.EventResponse>('/events', body),

    campaigns: () => get<C.CampaignsResponse>('/campaigns'),
    campaign: (campaignId: string) => get<C.CampaignDetail>(`/campaigns/${id(campaignId)}`),
    draw: (campaignId: string, body: C.DrawRequest = {}) => post<C.DrawResponse>(`/campaigns/${id(campaignId)}/draw`, body),
    winners: (campaignId: string) => get<C.WinnersResponse>(`/campaigns/${id(campaignId)}/winners`),
    giftCard: (campaignId: string, body: C.CardGiftRequest) => post<C.CardGiftResponse>(`/campaigns/${id(campaignId)}/cards/gift`, body),
    claimCardSet: (campaignId: string) => post<C.CardClaimResponse>(`/campaigns/${id(campaignId)}/cards/claim`),

    coupons: () => get<C.CouponsResponse>('/coupons'),
    couponHistory: (status: 'used' | 'expired', cursor?: string | null, limit?: number) =>
      get<C.CouponHistoryResponse>('/coupons/history', { status, cursor: cursor ?? undefined, limit }),
    rewards: () => get<C.RewardsResponse>('/rewards'),
    redeem: (rewardId: string, body: C.RedeemRequest = {}) => post<C.RedeemResponse>(`/rewards/${id(rewardId)}/redeem`, body),
    redemptions: (cursor?: string | null, limit?: number) => get<C.RedemptionsResponse>('/redemptions', { cursor: cursor ?? undefined, limit }),
    giveDeliveryAddress: (redemptionId: string, body: C.DeliveryAddress) => post<C.GiveDeliveryAddressResponse>(`/redemptions/${id(redemptionId)}/delivery`, body),

    catalogue: () => get<C.CatalogueResponse>('/catalogue'),
    quote: (body: C.QuoteRequest) => post<C.QuoteResponse>('/orders/quote', body),
    createOrder: (body: C.QuoteRequest) => post<C.CreateOrderResponse>('/orders', body),
    orders: (cursor?: string | null, limit?: number) => get<C.OrdersResponse>('/orders', { cursor: cursor ?? undefined, limit }),
    pay: (orderId: string, body: C.PayRequest) => post<C.PayResponse>(`/orders/${id(orderId)}/pay`, body),
    paymentAgain: (orderId: string) => post<C.CreateOrderResponse>(`/orders/${id(orderId)}/payment`),
    cancelOrder: (orderId: string) => post<C.CancelOrderResponse>(`/orders/${id(orderId)}/cancel`),
    refund: (orderId: string) => post<C.RefundResponse>(`/orders/${id(orderId)}/refund`),
    purchaseMembership: (body: C.MembershipPurchaseRequest) => post<C.CreateOrderResponse>('/membership/purchase', body),

    monthlyReport: (month?: C.BusinessMonth) => get<C.MonthlyReportResponse>('/reports/monthly', { month }),
    messages: () => get<C.MessagesResponse>('/messages'),
    markRead: (body: C.MarkReadRequest) => post<C.MessagesResponse>('/messages/read', body),
    subscribe: (body: C.SubscriptionsRequest) => post<C.SubscriptionState>('/subscriptions', body),
    invites: () => get<C.InvitesResponse>('/invites'),
    inviteList: (cursor?: string | null, limit?: number) => get<C.InviteListResponse>('/invites/list', { cursor: cursor ?? undefined, limit }),
    acceptInvite: (body: C.InviteAcceptRequest) => post<C.InviteAcceptResponse>('/invites/accept', body),
    feedback: (body: C.FeedbackRequest) => post<{ id: string }>('/feedback', body),
    requestDataExport: () => post<C.PrivacyRequestResponse>('/privacy/export'),
    requestDeletion: () => post<C.PrivacyRequestResponse>('/privacy/deletion'),
    privacyRequests: () => get<C.PrivacyRequestsResponse>('/privacy/requests'),

    adminMetrics: (range?: { from?: C.BusinessDate; to?: C.BusinessDate }) => get<C.MetricsResponse>('/admin/metrics', range),
  }
}

export type Endpoints = ReturnType<typeof createEndpoints>
