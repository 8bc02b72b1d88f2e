import { Button } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import type { ContactEntryProps, PrivacyAgreeButtonProps } from './ui'

export type { ContactEntryProps, DateFieldProps, PrivacyAgreeButtonProps, ShareButtonProps, TextFieldProps } from './ui'

/** WeChat: the built-in customer-service conversation — an online service indeed. */
export function ContactEntry({ id, className }: ContactEntryProps) {
  return (
    <Button id={id} className={className} openType='contact'>
      在线客服
    </Button>
  )
}

/**
 * WeChat records consent only through a button with open-type="agreePrivacyAuthorization"; its agree event
 * (not the click, which fires too) is our signal.
 */
export function PrivacyAgreeButton({ id, className, onAgree, children }: PropsWithChildren<PrivacyAgreeButtonProps>) {
  return (
    <Button id={id} className={className} openType='agreePrivacyAuthorization' onAgreePrivacyAuthorization={onAgree}>
      {children}
    </Button>
  )
}

export { ShareButton, DateField, TextField } from './ui-mini'
