import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import type { RedemptionWire, Voucher } from '@/api/contract'
import { BottomSheet } from '@/components/ui/sheet'
import { formatFullDate, formatVoucherCode } from '@/utils/format'
import { VoucherQr } from './voucher-qr'
import './voucher-sheet.scss'

export interface VoucherSheetProps {
  redemption: RedemptionWire & { voucher: Voucher }
  onRecords: () => void
  onClose: () => void
}

/** An in-store item just redeemed: its 核销码 for the counter and the last day it can be used. */
export function VoucherSheet({ redemption, onRecords, onClose }: VoucherSheetProps) {
  const { voucher } = redemption
  return (
    <BottomSheet id='voucher-sheet' label='兑换成功' onClose={onClose}>
      <View className='voucher'>
        <Text className='voucher__title'>兑换成功</Text>
        <Text className='voucher__item'>{redemption.itemName}</Text>
        <View className='voucher__code-box'>
          <VoucherQr id='voucher-qr' code={voucher.code} />
          <Text className='voucher__label'>核销码</Text>
          <Text className='voucher__code' id='voucher-code'>
            {formatVoucherCode(voucher.code)}
          </Text>
        </View>
        <Text className='voucher__valid' id='voucher-valid-to'>
          {`有效期至 ${formatFullDate(voucher.validTo)}`}
        </Text>
        <Text className='voucher__hint'>到店出示二维码或核销码，店员核销后即可使用；也可在「兑换记录」中查看</Text>
        <View className='sheet__actions'>
          <Button id='voucher-records' className='btn btn--ghost voucher__button' hoverClass='pressed' onClick={onRecords}>
            兑换记录
          </Button>
          <Button id='voucher-close' className='btn btn--primary voucher__button' hoverClass='pressed' onClick={onClose}>
            知道了
          </Button>
        </View>
      </View>
    </BottomSheet>
  )
}
