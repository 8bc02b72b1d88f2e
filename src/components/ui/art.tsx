import { View } from '@tarojs/components'
import { a11yRole } from './a11y'
import './art.scss'

/** The drawings shipped with the app (src/assets/art, made by scripts/make-art.ts; their styles: styles/art.scss). */
export type ArtName = 'bag' | 'crown' | 'cup' | 'flag' | 'gift' | 'medal' | 'ticket' | 'tote' | 'umbrella'
/** The drawings whose styles the main package carries (art.scss); the others come with the mall's pages. */
export type MainArtName = 'bag' | 'crown' | 'cup' | 'flag' | 'ticket'

/**
 * A small picture drawn as the background of a View: a local PNG on every platform (the mini programs inline it into
 * their styles; H5 fetches it as a file only where it is shown), so no <Image> component and no remote hosting.
 * With a `label` it is an image with that name for screen readers; without one it is decoration inside a control
 * that has its own name.
 */
export function Art({ name, label, className = '' }: { name: ArtName; label?: string; className?: string }) {
  const named = label ? { ...a11yRole('img'), 'aria-label': label } : { 'aria-hidden': true }
  return <View className={`art art--${name} ${className}`} {...named} />
}
