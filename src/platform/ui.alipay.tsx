import { Button } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { serviceEntryOf } from './service-entry'
import type { ContactEntryProps, PrivacyAgreeButtonProps } from './ui'

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

export { ShareButton, DateField, TextField } from './ui-mini'
