import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import { useState } from 'react'
import type { DeliveryAddress } from '@/api/contract'
import { a11yRole } from '@/components/ui/a11y'
import { BottomSheet } from '@/components/ui/sheet'
import { checkDeliveryAddress, DELIVERY_LIMITS, type DeliveryAddressInput, type DeliveryField } from '@/domain/delivery'
import { TextField } from '@/platform/ui'
import './delivery-sheet.scss'

export interface DeliverySheetProps {
  /** What the parcel is, under the title (a redemption's price and name, or the prize won). */
  intro: string
  /** The submit button's words (default 确认兑换). */
  submitLabel?: string
  /** The redemption is under way: the button shows disabled + loading and the sheet stays open. */
  busy: boolean
  onSubmit: (delivery: DeliveryAddress) => void
  onClose: () => void
}

const FIELDS: { field: DeliveryField; label: string; placeholder: string; maxLength: number }[] = [
  { field: 'name', label: '收货人', placeholder: '姓名', maxLength: DELIVERY_LIMITS.nameMax },
  { field: 'phone', label: '手机号', placeholder: '11 位手机号', maxLength: 13 },
  { field: 'address', label: '收货地址', placeholder: '省市区、街道、门牌号', maxLength: DELIVERY_LIMITS.addressMax },
]

/**
 * Where a physical item (实物礼品) goes: asked when it is redeemed (the API refuses a gift without an address:
 * DELIVERY_REQUIRED) or after a physical prize is won, checked field by field before anything is sent.
 */
export function DeliverySheet({ intro, submitLabel = '确认兑换', busy, onSubmit, onClose }: DeliverySheetProps) {
  const [form, setForm] = useState<DeliveryAddressInput>({ name: '', phone: '', address: '' })
  const [errors, setErrors] = useState<Partial<Record<DeliveryField, string>>>({})
  const change = (field: DeliveryField) => (value: string) => {
    setForm((f) => ({ ...f, [field]: value }))
    setErrors((e) => ({ ...e, [field]: undefined }))
  }
  const submit = () => {
    if (busy) return
    const checked = checkDeliveryAddress(form)
    if (checked.ok) onSubmit(checked.address)
    else setErrors(checked.errors)
  }
  return (
    <BottomSheet id='delivery-sheet' label='填写收货信息' onClose={busy ? undefined : onClose}>
      <View className='delivery'>
        <Text className='delivery__title'>填写收货信息</Text>
        <Text className='delivery__item' id='delivery-item'>
          {intro}
        </Text>
        {FIELDS.map(({ field, label, placeholder, maxLength }) => (
          <View key={field} className='delivery__field'>
            <View className='delivery__row'>
              <Text className='delivery__label'>{label}</Text>
              <TextField
                id={`delivery-${field}`}
                className='delivery__input'
                value={form[field]}
                placeholder={placeholder}
                maxLength={maxLength}
                multiline={field === 'address'}
                numeric={field === 'phone'}
                onChange={change(field)}
              />
            </View>
            {errors[field] ? (
              <Text className='delivery__error' id={`delivery-${field}-error`} {...a11yRole('alert')}>
                {errors[field]}
              </Text>
            ) : null}
          </View>
        ))}
        <View className='sheet__actions'>
          <Button id='delivery-cancel' className='btn btn--ghost delivery__button' hoverClass='pressed' disabled={busy} onClick={onClose}>
            取消
          </Button>
          <Button id='delivery-submit' className='btn btn--primary delivery__button' hoverClass='pressed' disabled={busy} loading={busy} onClick={submit}>
            {submitLabel}
          </Button>
        </View>
      </View>
    </BottomSheet>
  )
}
