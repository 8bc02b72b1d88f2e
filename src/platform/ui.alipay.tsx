import { Button } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { serviceEntryOf } from './service-entry'
import type { ContactEntryProps, DateFieldProps, PrivacyAgreeButtonProps } from './ui'

export type { ContactEntryProps, DateFieldProps, PrivacyAgreeButtonProps, ShareButtonProps, TextFieldProps } from './ui'

/**
 * Alipay's <contact-button> needs the brand's tnt-inst-id, which a demo does not have; the entry dials the
 * service phone (or copies the service page's address) configured for the brand, and says so.
 */
export function ContactEntry({ id, className, serviceUrl }: ContactEntryProps) {
  const entry = serviceEntryOf(serviceUrl, 'copy')
  return (
    <Button id={id} className={className} onClick={entry.open}>
      {entry.label}
    </Button>
  )
}

export function PrivacyAgreeButton({ id, className, onAgree, children }: PropsWithChildren<PrivacyAgreeButtonProps>) {
  return (
    <Button id={id} className={className} onClick={onAgree}>
      {children}
    </Button>
  )
}

/**
 * Alipay's <picker> is a list picker only (no date mode: its value is an index into `range`), so a date is chosen
 * with the native my.datePicker sheet. Cancelling it (error 11) changes nothing.
 */
export function DateField({ id, value, text, start, end, placeholder, onChange }: DateFieldProps) {
  const open = () =>
    my.datePicker({ format: 'yyyy-MM-dd', currentDate: value || end, startDate: start, endDate: end, success: (r: { date?: string }) => r.date && onChange(r.date) })
  return (
    <Button id={id} className={value ? 'date-field date-field--button' : 'date-field date-field--button date-field--empty'} onClick={open}>
      {value ? text || value : placeholder}
    </Button>
  )
}

export { ShareButton, TextField } from './ui-mini'

