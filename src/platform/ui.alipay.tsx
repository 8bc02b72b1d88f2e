import { Button, Input, Picker, Text, Textarea } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { serviceEntryOf } from './service-entry'
import type { ContactEntryProps, DateFieldProps, PrivacyAgreeButtonProps, ShareButtonProps, TextFieldProps } from './ui'

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

export function ShareButton({ id, className, children }: PropsWithChildren<ShareButtonProps>) {
  return (
    <Button id={id} className={className} openType='share'>
      {children}
    </Button>
  )
}

/** The platform's native date picker. */
export function DateField({ id, value, start, end, placeholder, onChange }: DateFieldProps) {
  return (
    <Picker mode='date' value={value || end} start={start} end={end} onChange={(e) => onChange(String(e.detail.value))}>
      <Text id={id} className={value ? 'date-field' : 'date-field date-field--empty'}>
        {value || placeholder}
      </Text>
    </Picker>
  )
}

/** The platform's native input / textarea. */
export function TextField({ id, className, value, placeholder, maxLength, multiline, password, numeric, onChange, onConfirm }: TextFieldProps) {
  const common = { id, className: `text-field ${className ?? ''}`, value, placeholder, maxlength: maxLength ?? 140 }
  return multiline ? (
    <Textarea {...common} onInput={(e) => onChange(e.detail.value)} />
  ) : (
    <Input {...common} type={numeric ? 'number' : 'text'} password={password} onInput={(e) => onChange(e.detail.value)} onConfirm={onConfirm} />
  )
}
