/**
 * A physical mall item's delivery address (SPEC §2.2 spending (a)), as the member types it: the same shapes the
 * API checks (mock/openapi.yaml, `POST /rewards/{id}/redeem`), said per field in words, so the form can show
 * what to fix before anything is sent.
 */
import { visibleText } from './text'

export interface DeliveryAddressInput {
  name: string
  phone: string
  address: string
}

export type DeliveryField = keyof DeliveryAddressInput

export const DELIVERY_LIMITS = { nameMax: 20, addressMin: 5, addressMax: 120 } as const

/** Mainland mobile number: 11 digits starting with 1. */
const MOBILE = /^1\d{10}$/

export type DeliveryCheck = { ok: true; address: DeliveryAddressInput } | { ok: false; errors: Partial<Record<DeliveryField, string>> }

/**
 * Checks what the member typed; on success the address as it will be sent (name and address trimmed, the number in
 * half-width digits — a Chinese keyboard may type １３８… — with spaces and dashes taken out).
 */
export function checkDeliveryAddress(input: DeliveryAddressInput): DeliveryCheck {
  const name = input.name.trim()
  const phone = input.phone.normalize('NFKC').replace(/[\s-]/g, '')
  const address = input.address.trim()
  const errors: Partial<Record<DeliveryField, string>> = {}
  if (!visibleText(name)) errors.name = '请填写收货人'
  else if (name.length > DELIVERY_LIMITS.nameMax) errors.name = `收货人最多 ${DELIVERY_LIMITS.nameMax} 个字`
  if (!phone) errors.phone = '请填写手机号'
  else if (!MOBILE.test(phone)) errors.phone = '请填写 1 开头的 11 位手机号'
  // The least an address is counts what can be read of it (ten zero-width spaces are not an address).
  if (!visibleText(address)) errors.address = '请填写收货地址'
  else if (visibleText(address).length < DELIVERY_LIMITS.addressMin) errors.address = `收货地址至少 ${DELIVERY_LIMITS.addressMin} 个字`
  else if (address.length > DELIVERY_LIMITS.addressMax) errors.address = `收货地址最多 ${DELIVERY_LIMITS.addressMax} 个字`
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, address: { name, phone, address } }
}

/** A mobile number in a list: "13800138000" → "138****8000". */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone
}

/**
 * How a member can be reached (feedback's 联系方式: a phone, a WeChat id, an e-mail …), for someone who reads but does
 * not answer: an 11-digit phone as 138****0000, anything else its first two characters and ***.
 */
export function maskContact(contact: string): string {
  const digits = contact.replace(/[\s-]/g, '')
  if (/^1\d{10}$/.test(digits)) return maskPhone(digits)
  return `${Array.from(contact).slice(0, 2).join('')}***`
}

/**
 * Where a parcel goes, for someone who needs to know it went but not where to: the receiver's first character, the
 * phone masked, the address's first six characters.
 */
export function maskedAddress<T extends DeliveryAddressInput>(d: T): T {
  const name = Array.from(d.name)
  return { ...d, name: `${name[0] ?? ''}${'*'.repeat(Math.max(1, name.length - 1))}`, phone: maskPhone(d.phone), address: `${Array.from(d.address).slice(0, 6).join('')}…` }
}
