import { Button } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import type { ContactEntryProps, PrivacyAgreeButtonProps, ShareButtonProps } from './ui'

export type { ContactEntryProps, PrivacyAgreeButtonProps, ShareButtonProps } from './ui'

/** WeChat: the built-in customer-service conversation. */
export function ContactEntry({ id, className, children }: PropsWithChildren<ContactEntryProps>) {
  return (
    <Button id={id} className={className} openType='contact'>
      {children}
    </Button>
  )
}

/** WeChat records consent only through a button with open-type="agreePrivacyAuthorization". */
export function PrivacyAgreeButton({ id, className, onAgree, children }: PropsWithChildren<PrivacyAgreeButtonProps>) {
  return (
    <Button id={id} className={className} openType='agreePrivacyAuthorization' onAgreePrivacyAuthorization={onAgree} onClick={onAgree}>
      {children}
    </Button>
  )
}

/** Opens the native share sheet; the page's onShareAppMessage supplies the card. */
export function ShareButton({ id, className, children }: PropsWithChildren<ShareButtonProps>) {
  return (
    <Button id={id} className={className} openType='share'>
      {children}
    </Button>
  )
}
