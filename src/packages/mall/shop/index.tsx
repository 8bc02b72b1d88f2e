import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { OrderQuote, Product } from '@/api/contract'
import { announceOrderPaid } from '@/components/mall/order-paid'
import { ProductSummary } from '@/components/mall/product-summary'
import { AsyncView } from '@/components/ui/async-view'
import { definePage } from '@/components/ui/page-shell'
import { EmptyState } from '@/components/ui/state-views'
import { RulesNote } from '@/components/ui/rules-note'
import { Section } from '@/components/ui/section'
import { orderRulesWords } from '@/domain/orders'
import { offsetCapPoints, type PricingRules } from '@/domain/pricing'
import { PAYMENTS_CLOSED_WORDS, useConfigStore, usePaymentsOpen } from '@/stores/config'
import { Toggle } from '@/components/ui/toggle'
import { BottomSheet } from '@/components/ui/sheet'
import { useAction } from '@/hooks/use-action'
import { useSessionLoad } from '@/hooks/use-session-load'
import { catalogueView, checkout, quoteView, useOrdersStore } from '@/stores/orders'
import { useRequest } from '@/stores/request'
import { recordBehaviour } from '@/stores/tasks'
import { toast } from '@/utils/feedback'
import { formatFen } from '@/utils/format'
import { go } from '@/utils/routes'
import './index.scss'
import { a11yRole } from '@/components/ui/a11y'

/** A minimal shop: pick products, see the quote (tier discount → coupon → points offset), pay. */

/** The coupon line of the quote: the one applied, how many apply, or how far the nearest one is. */
function couponSummary(quote: OrderQuote): string {
  if (quote.coupon) return `${quote.coupon.name} -${formatFen(quote.coupon.discountFen)}`
  if (quote.eligibleCoupons.length) return `${quote.eligibleCoupons.length} 张可用`
  const nearest = quote.shortCoupons?.[0]
  return nearest ? `再买 ${formatFen(nearest.shortfallFen)} 可用${nearest.name}` : '暂无可用'
}

/**
 * Why points cannot be used on this order, when they cannot: the order too small for one point (the share of what is
 * left to pay that points may cover), else a balance below the minimum the rules ask for — said with the number.
 */
function noOffsetWords(quote: OrderQuote, rules: PricingRules | undefined): string {
  if (!rules) return '（本单不可用）'
  if (offsetCapPoints(quote.afterCouponFen, rules) === 0) return '（本单金额过低，不可用积分）'
  return rules.minBalanceToOffset > 1 ? `（积分满 ${rules.minBalanceToOffset} 可用）` : '（暂无可用积分）'
}

function ShopPage() {
  // Come from 我的优惠券 › 去使用: that coupon instead of the best one, once the goods let it apply. (The mini programs
  // hand the query over still encoded; an id holds no '%' of its own.)
  const param = useRouter().params.couponId
  const preferred = param ? decodeURIComponent(param) : undefined
  useEffect(() => {
    if (preferred) void useOrdersStore.getState().updateDraft({ couponId: undefined, preferredCouponId: preferred })
  }, [preferred])
  const products = useOrdersStore((s) => s.products)
  const draft = useOrdersStore((s) => s.draft)
  const quote = useOrdersStore((s) => s.quote)
  // The quote on screen is the draft's only once its load succeeded: while the draft's quote loads, or after it
  // failed, the totals are an older draft's — 合计 and 实付 say so and 去支付 waits (or the error offers 重试).
  const quoteRequest = useRequest(quoteView.key(draft))
  const quoted = quote !== null && quoteRequest.status === 'success'
  const request = useRequest(catalogueView.key())
  const paying = useAction(checkout)
  const [detail, setDetail] = useState<Product | null>(null)
  const [choosingCoupon, setChoosingCoupon] = useState(false)

  const orderRules = useConfigStore((s) => s.config?.rules.orders)
  const pricing = useConfigStore((s) => s.config?.rules.pricing)
  const paymentsOpen = usePaymentsOpen()
  const load = () => Promise.all([useOrdersStore.getState().loadCatalogue(), useConfigStore.getState().load()])
  useSessionLoad(load)

  const qtyOf = (sku: string) => draft.items.find((i) => i.sku === sku)?.qty ?? 0
  const setQty = (sku: string, qty: number) => {
    const items = draft.items.filter((i) => i.sku !== sku)
    if (qty > 0) items.push({ sku, qty })
    void useOrdersStore.getState().updateDraft({ items })
    // Adding a product from the list looked at it as much as opening its details does (浏览 1 个商品).
    if (qty > qtyOf(sku)) recordBehaviour('browse_product', sku)
  }
  const openDetail = (p: Product) => {
    setDetail(p)
    // Looking at a product is the "浏览 1 个商品" task's behaviour.
    recordBehaviour('browse_product', p.sku)
  }
  const pay = () =>
    paying.run(
      () => checkout(),
      (res) => {
        if (!res) {
          toast('已取消支付')
          return
        }
        announceOrderPaid(res)
        go('orders')
      },
    )

  return (
    <>
      <AsyncView request={request} hasData={!!products} onRetry={load}>
        <View className='shop'>
          <Section title='商品'>
            {products?.length === 0 ? <EmptyState id='shop-empty' title='暂时没有可购买的商品' hint='稍后再来看看吧' art='bag' /> : null}
            {products?.map((p) => (
              <View key={p.sku} className='product' id={`product-${p.sku}`}>
                <View className='product__main' onClick={() => openDetail(p)} {...a11yRole('button', true)}>
                  <ProductSummary product={p} />
                </View>
                <View className='stepper'>
                  {qtyOf(p.sku) > 0 ? (
                    <View className='stepper__btn' id={`minus-${p.sku}`} hoverClass='pressed' onClick={() => setQty(p.sku, qtyOf(p.sku) - 1)} {...a11yRole('button', true)} aria-label={`减少 ${p.name}`}>
                      <Text>−</Text>
                    </View>
                  ) : null}
                  {qtyOf(p.sku) > 0 ? <Text className='stepper__qty'>{qtyOf(p.sku)}</Text> : null}
                  <View className='stepper__btn stepper__btn--add' id={`add-${p.sku}`} hoverClass='pressed' onClick={() => setQty(p.sku, qtyOf(p.sku) + 1)} {...a11yRole('button', true)} aria-label={`增加 ${p.name}`}>
                    <Text>+</Text>
                  </View>
                </View>
              </View>
            ))}
          </Section>
          {quote ? (
            <Section title='结算' id='order-quote'>
              <View className='quote-line'>
                <Text>商品金额</Text>
                <Text>{formatFen(quote.listFen)}</Text>
              </View>
              {quote.tierDiscountFen > 0 ? (
                <View className='quote-line' id='quote-tier-discount'>
                  <Text>会员折扣（{quote.tierDiscountPercent / 10}折）</Text>
                  <Text className='quote-line__minus'>-{formatFen(quote.tierDiscountFen)}</Text>
                </View>
              ) : null}
              <View className='quote-line' id='quote-coupon' hoverClass='pressed' onClick={() => setChoosingCoupon(true)} {...a11yRole('button', true)}>
                <Text>优惠券</Text>
                <Text className={quote.coupon ? 'quote-line__minus' : 'muted'}>
                  {couponSummary(quote)} ›
                </Text>
              </View>
              <View className='quote-line'>
                <Text>
                  积分抵扣
                  <Text className='muted'>
                    {quote.maxPointsUsable > 0 ? `（本单最多可用 ${quote.maxPointsUsable} 积分）` : noOffsetWords(quote, pricing)}
                  </Text>
                </Text>
                <Toggle
                  id='use-points'
                  // On while the member wants it and the order can use points (until the new quote comes, as they set it).
                  checked={draft.usePoints && (!quoted || quote.pointsUsed > 0)}
                  disabled={quote.maxPointsUsable === 0}
                  label='积分抵扣'
                  onChange={(on) => void useOrdersStore.getState().updateDraft({ usePoints: on })}
                />
              </View>
              {quote.pointsUsed > 0 ? (
                <View className='quote-line' id='quote-points'>
                  <Text>使用 {quote.pointsUsed} 积分</Text>
                  <Text className='quote-line__minus'>-{formatFen(quote.pointsOffsetFen)}</Text>
                </View>
              ) : null}
              <View className='quote-line quote-line--total'>
                <Text>实付</Text>
                <Text className={quoted ? 'quote-line__payable' : 'quote-line__payable muted'} id='quote-payable'>
                  {quoted ? formatFen(quote.payableFen) : '计算中…'}
                </Text>
              </View>
              <Text className='muted'>
                支付后可得消费积分 {quote.pointsToEarn}、成长值 {quote.growthToEarn}（下单奖励另计）
              </Text>
            </Section>
          ) : null}
          {orderRules ? <RulesNote id='shop-rules' title='下单须知' lines={orderRulesWords(orderRules)} /> : null}
        </View>
      </AsyncView>
      {draft.items.length > 0 && quoteRequest.status === 'error' ? (
        <View className='shop-bar' id='quote-failed'>
          <Text className='shop-bar__error'>{quoteRequest.error?.message}</Text>
          <Button id='quote-retry' className='btn btn--small' hoverClass='pressed' onClick={() => void quoteView.load(draft, { force: true })}>
            重试
          </Button>
        </View>
      ) : draft.items.length > 0 ? (
        <View className='shop-bar'>
          <Text className='shop-bar__total' id='shop-total'>
            {quoted ? `合计 ${formatFen(quote.payableFen)}` : '合计计算中…'}
          </Text>
          {paymentsOpen ? (
            <Button id='pay-button' className='btn btn--primary' hoverClass='pressed' loading={paying.busy} disabled={paying.busy || !quoted} onClick={pay}>
              去支付
            </Button>
          ) : (
            <Text className='muted' id='payments-closed'>
              {PAYMENTS_CLOSED_WORDS}
            </Text>
          )}
        </View>
      ) : null}
      {detail ? (
        <BottomSheet id='product-detail' label={detail.name} onClose={() => setDetail(null)}>
          <ProductSummary product={detail} large />
          <Button className='btn btn--primary btn--block' hoverClass='pressed' onClick={() => (setQty(detail.sku, qtyOf(detail.sku) + 1), setDetail(null))}>
            加入订单
          </Button>
        </BottomSheet>
      ) : null}
      {choosingCoupon && quote ? (
        <BottomSheet id='coupon-chooser' label='选择优惠券' onClose={() => setChoosingCoupon(false)}>
          <Text className='sheet-title'>选择优惠券</Text>
          {quote.eligibleCoupons.map((c) => (
            <View
              key={c.id}
              className={`coupon-option ${quote.coupon?.id === c.id ? 'coupon-option--active' : ''}`}
              id={`choose-coupon-${c.id}`}
              hoverClass='pressed'
              onClick={() => (setChoosingCoupon(false), void useOrdersStore.getState().updateDraft({ couponId: c.id }))}
              {...a11yRole('button', true)}
            >
              <Text>{c.name}</Text>
              <Text className='quote-line__minus'>-{formatFen(c.discountFen)}</Text>
            </View>
          ))}
          {(quote.shortCoupons ?? []).map((c) => (
            <View key={c.id} className='coupon-option coupon-option--short' id={`short-coupon-${c.id}`}>
              <Text>{c.name}</Text>
              <Text className='muted'>再买 {formatFen(c.shortfallFen)} 可用</Text>
            </View>
          ))}
          {quote.shortCoupons?.length ? <Text className='muted coupon-chooser__note'>满减门槛按会员折扣后的金额计算</Text> : null}
          <View
            className={`coupon-option ${quote.coupon ? '' : 'coupon-option--active'}`}
            id='choose-coupon-none'
            hoverClass='pressed'
            onClick={() => (setChoosingCoupon(false), void useOrdersStore.getState().updateDraft({ couponId: null }))}
            {...a11yRole('button', true)}
          >
            <Text>不使用优惠券</Text>
          </View>
        </BottomSheet>
      ) : null}
    </>
  )
}

export default definePage('page-shop', ShopPage)
