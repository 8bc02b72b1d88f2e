import { Button as TaroButton } from '@tarojs/components'
import type { ComponentType, ReactNode } from 'react'

/**
 * The app's button: what pages pass to it, on every platform. The mini programs (and Jest) use Taro's own `<Button>`
 * as it is — the native button of WeChat and Alipay; H5 renders a native `<button>` (`button.h5.tsx`) instead of
 * Taro's web component, so a browser and a screen reader take it for what it is (issue 12).
 */
export interface ButtonProps {
  id?: string
  className?: string
  /** Added while a finger is on it (the mini programs' hover-class); 'none' for no pressed look. */
  hoverClass?: string
  disabled?: boolean
  /** A spinner before the label; the button takes no tap meanwhile (pages disable it as well). */
  loading?: boolean
  onClick?: () => void
  children?: ReactNode
  [data: `data-${string}`]: string | undefined
  [aria: `aria-${string}`]: string | undefined
}

export const Button = TaroButton as ComponentType<ButtonProps>
