/**
 * @tarojs/components for Jest: each component renders a plain DOM element with the same id/class/text, so
 * tests query what a member sees. `onClick` fires on click; Input/Textarea report `{detail: {value}}`.
 */
import React, { type PropsWithChildren } from 'react'

type AnyProps = PropsWithChildren<Record<string, unknown>>

function pick(props: AnyProps): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (props.id) out.id = props.id
  if (props.className) out.className = props.className
  if (typeof props.style === 'string') out['data-style'] = props.style
  if (props.onClick) out.onClick = props.onClick
  if (props['aria-busy']) out['aria-busy'] = 'true'
  // What a screen reader reads (role, aria-label, aria-hidden, …), as the platforms render it.
  for (const [k, v] of Object.entries(props)) if ((k === 'role' || (k.startsWith('aria-') && k !== 'aria-busy')) && v !== undefined) out[k] = String(v)
  if (props.openType) out['data-open-type'] = props.openType
  return out
}

const make = (tag: string) => {
  const C = (props: AnyProps) => React.createElement(tag, pick(props), props.children as React.ReactNode)
  C.displayName = tag
  return C
}

export const View = make('div')
export const Text = make('span')
export const Block = ({ children }: AnyProps) => <>{children}</>
export const ScrollView = make('div')
export const Swiper = make('div')
export const SwiperItem = make('div')
export const CustomWrapper = ({ children }: AnyProps) => <>{children}</>
export const Navigator = make('a')
export const Label = make('label')
export const Form = make('form')
export const RichText = make('div')

/** `loading` (the spinner of mini programs' and Taro H5's button) shows as data-loading. */
export function Button(props: AnyProps) {
  return (
    <button type='button' {...pick(props)} disabled={!!props.disabled} data-loading={props.loading ? 'true' : undefined}>
      {props.children as React.ReactNode}
    </button>
  )
}

export function Image(props: AnyProps) {
  return <img {...pick(props)} src={String(props.src ?? '')} alt={String(props.alt ?? '')} />
}

function fieldChange(props: AnyProps) {
  return (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const handler = props.onInput as ((ev: { detail: { value: string } }) => void) | undefined
    handler?.({ detail: { value: e.target.value } })
  }
}

export function Input(props: AnyProps) {
  return <input {...pick(props)} value={String(props.value ?? '')} placeholder={String(props.placeholder ?? '')} onChange={fieldChange(props)} />
}

export function Textarea(props: AnyProps) {
  return <textarea {...pick(props)} value={String(props.value ?? '')} placeholder={String(props.placeholder ?? '')} onChange={fieldChange(props)} />
}

export function Switch(props: AnyProps) {
  const onChange = props.onChange as ((ev: { detail: { value: boolean } }) => void) | undefined
  return <input type='checkbox' {...pick(props)} checked={!!props.checked} onChange={(e) => onChange?.({ detail: { value: e.target.checked } })} />
}

export type ButtonProps = Record<string, unknown>

export function Picker(props: AnyProps) {
  const onChange = props.onChange as ((ev: { detail: { value: string } }) => void) | undefined
  return (
    <label {...pick(props)}>
      {props.children as React.ReactNode}
      <input type='date' data-testid='picker' onChange={(e) => onChange?.({ detail: { value: e.target.value } })} />
    </label>
  )
}
