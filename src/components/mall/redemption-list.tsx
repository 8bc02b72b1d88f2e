import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import type { Delivery, RedemptionWire, Voucher } from '@/api/contract'
import { awaitsAddress, DELIVERY_STATUS_WORDS, redemptionWords } from '@/domain/mall'
import { maskPhone } from '@/domain/delivery'
import { formatFullDate, formatInstant, formatVoucherCode } from '@/utils/format'
import { VoucherQr } from './voucher-qr'
import './redemption-list.scss'

export const VOUCHER_STATUS: Record<Voucher['status'], string> = { valid: '可使用', used: '已使用', expired: '已过期', revoked: '已作废' }

/** The line under a voucher's code: when it was used, why it was taken back, or until when it can be used. */
function voucherWhen(voucher: Voucher): string {
  if (voucher.status === 'used' && voucher.usedAt) return `${formatInstant(voucher.usedAt)} 已核销`
  if (voucher.status === 'revoked') return '退款后会员等级调整，本月权益已收回'
  return `有效期至 ${formatFullDate(voucher.validTo)}`
}

function VoucherLine({ id, voucher }: { id: string; voucher: Voucher }) {
  return (
    <View className='redemption__detail'>
      <View className='row row--between'>
        <View className='row'>
          <Text className='redemption__label'>核销码</Text>
          <Text className={`redemption__code redemption__code--${voucher.status}`}>{formatVoucherCode(voucher.code)}</Text>
        </View>
        <Text className={`redemption__status redemption__status--${voucher.status}`} id={`redemption-status-${id}`}>
          {VOUCHER_STATUS[voucher.status]}
        </Text>
      </View>
      <Text className='muted'>{voucherWhen(voucher)}</Text>
      {voucher.status === 'valid' ? <VoucherQr id={`redemption-qr-${id}`} className='voucher-qr--small redemption__qr' code={voucher.code} /> : null}
    </View>
  )
}

function DeliveryLine({ id, delivery }: { id: string; delivery: Delivery }) {
  return (
    <View className='redemption__detail'>
      <View className='row row--between'>
        <Text>{`${delivery.name} ${maskPhone(delivery.phone)}`}</Text>
        <Text className={`redemption__status redemption__status--${delivery.status}`} id={`redemption-status-${id}`}>
          {DELIVERY_STATUS_WORDS[delivery.status]}
        </Text>
      </View>
      <Text className='muted'>{delivery.address}</Text>
      {delivery.trackingNo ? (
        <Text className='muted' id={`redemption-tracking-${id}`}>{`快递单号 ${delivery.trackingNo}`}</Text>
      ) : null}
    </View>
  )
}

function AddressNeeded({ id, busy, onGive }: { id: string; busy: boolean; onGive?: () => void }) {
  return (
    <View className='redemption__detail'>
      <View className='row row--between'>
        <Text className='muted'>填写收货地址后安排发货</Text>
        <Text className='redemption__status redemption__status--pending' id={`redemption-status-${id}`}>
          待填写地址
        </Text>
      </View>
      {onGive ? (
        <Button id={`redemption-address-${id}`} className='btn btn--small btn--primary redemption__address' hoverClass='pressed' disabled={busy} onClick={onGive}>
          填写收货地址
        </Button>
      ) : null}
    </View>
  )
}

/**
 * 兑换记录, newest first: what each redemption cost and gave — a coupon, a voucher (核销码) or a parcel — and the
 * physical prizes won in draws, whose address is asked here.
 */
export function RedemptionList({ redemptions, onGiveAddress, busy = false }: { redemptions: RedemptionWire[]; onGiveAddress?: (r: RedemptionWire) => void; busy?: boolean }) {
  return (
    <View className='redemptions' id='redemption-list'>
      {redemptions.map((r) => (
        <View key={r.id} className='redemption' id={`redemption-${r.id}`}>
          <View className='row row--between'>
            <Text className='redemption__name'>{r.itemName}</Text>
            <Text className='redemption__points'>{redemptionWords(r).cost}</Text>
          </View>
          <Text className='muted'>{`${formatInstant(r.at)} ${redemptionWords(r).verb}`}</Text>
          {r.voucher ? <VoucherLine id={r.id} voucher={r.voucher} /> : null}
          {r.delivery ? <DeliveryLine id={r.id} delivery={r.delivery} /> : null}
          {awaitsAddress(r) ? <AddressNeeded id={r.id} busy={busy} onGive={onGiveAddress ? () => onGiveAddress(r) : undefined} /> : null}
          {r.kind === 'coupon' ? <Text className='redemption__detail muted'>优惠券已放入「我的优惠券」</Text> : null}
        </View>
      ))}
    </View>
  )
}
