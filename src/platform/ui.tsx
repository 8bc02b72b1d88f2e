import { Button } from './button'
import { serviceEntryOf } from './service-entry'
import type { PropsWithChildren } from 'react'

/**
 * Platform UI pieces: the few controls whose markup differs per platform (customer service, privacy
 * consent, share). This neutral/H5 version renders plain buttons; `ui.weapp.tsx` and `ui.alipay.tsx` render
 * the native open-type controls. Components use these and never branch on the platform.
 */
export interface ContactEntryProps {
  id?: string
  className?: string
  /** Web page or `tel:` link of the brand's customer service, for platforms without a native entry. */
  serviceUrl: string
}

/** H5: the configured service phone or page, named for what it does (no online conversation here). */
export function ContactEntry({ id, className, serviceUrl }: ContactEntryProps) {
  const entry = serviceEntryOf(serviceUrl, 'open')
  return (
    <Button id={id} className={className} onClick={entry.open}>
      {entry.label}
    </Button>
  )
}

export interface PrivacyAgreeButtonProps {
  id?: string
  className?: string
  onAgree: () => void
}

export function PrivacyAgreeButton({ id, className, onAgree, children }: PropsWithChildren<PrivacyAgreeButtonProps>) {
  return (
    <Button id={id} className={className} onClick={onAgree}>
      {children}
    </Button>
  )
}

export interface ShareButtonProps {
  id?: string
  className?: string
  /** Called on platforms without a native share sheet (H5): copy the link. */
  onCopyLink: () => void
  /** The copy is under way (H5): disabled + loading. The native share sheet needs no such state. */
  busy?: boolean
}

export function ShareButton({ id, className, onCopyLink, busy = false, children }: PropsWithChildren<ShareButtonProps>) {
  return (
    <Button id={id} className={className} disabled={busy} loading={busy} onClick={onCopyLink}>
      {children}
    </Button>
  )
}

export interface DateFieldProps {
  id?: string
  /** The date as ISO "1990-05-12" (what onChange gives back). */
  value: string
  /**
   * How the chosen date reads where the field draws it as text (the mini programs' picker): the pages' own format,
   * "1990年5月12日" (src/utils/format.ts, which the platform layer does not import). The value when absent. H5 shows the
   * browser's own date input.
   */
  text?: string
  start: string
  end: string
  placeholder: string
  onChange: (date: string) => void
}

/** A date chooser: the browser's own date input on H5 (no extra script); the native picker on mini programs. */
export function DateField({ id, value, start, end, placeholder, onChange }: DateFieldProps) {
  return (
    <input
      id={id}
      className='date-field'
      type='date'
      value={value}
      min={start}
      max={end}
      placeholder={placeholder}
      aria-label={placeholder}
      onChange={(e) => onChange(e.target.value)}
    />
  )
}

export interface TextFieldProps {
  id?: string
  className?: string
  value: string
  placeholder?: string
  maxLength?: number
  /** Multi-line (a textarea). */
  multiline?: boolean
  password?: boolean
  /** A number pad (a mobile number). */
  numeric?: boolean
  onChange: (value: string) => void
  /** The keyboard's confirm / Enter (single-line fields). */
  onConfirm?: () => void
}

/**
 * A text input. On H5 the browser's own <input>/<textarea>: Taro's web-component versions would be loaded with
 * the first page of every H5 visit (see the README's performance notes). Mini programs use their native inputs.
 */
export function TextField({ id, className, value, placeholder, maxLength, multiline, password, numeric, onChange, onConfirm }: TextFieldProps) {
  const common = { id, className: `text-field ${className ?? ''}`, value, placeholder, maxLength, 'aria-label': placeholder }
  return multiline ? (
    <textarea {...common} onChange={(e) => onChange(e.target.value)} />
  ) : (
    <input
      {...common}
      type={password ? 'password' : numeric ? 'tel' : 'text'}
      inputMode={numeric ? 'numeric' : undefined}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={(e) => e.key === 'Enter' && onConfirm?.()}
    />
  )
}
