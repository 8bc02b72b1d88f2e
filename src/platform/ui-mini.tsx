/**
 * The controls both mini programs draw the same way (ui.weapp.tsx and ui.alipay.tsx re-export them): the native
 * share button, date picker and input. H5 has its own (ui.tsx).
 */
import { Button, Input, Picker, Text, Textarea } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import type { DateFieldProps, ShareButtonProps, TextFieldProps } from './ui'

/** Opens the native share sheet; the page's onShareAppMessage supplies the card. */
export function ShareButton({ id, className, children }: PropsWithChildren<ShareButtonProps>) {
  return (
    <Button id={id} className={className} openType='share'>
      {children}
    </Button>
  )
}

/** The platform's native date picker. */
export function DateField({ id, value, text, start, end, placeholder, onChange }: DateFieldProps) {
  return (
    <Picker mode='date' value={value || end} start={start} end={end} onChange={(e) => onChange(String(e.detail.value))}>
      <Text id={id} className={value ? 'date-field' : 'date-field date-field--empty'}>
        {value ? text || value : placeholder}
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
