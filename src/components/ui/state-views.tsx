import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import { a11yRole } from './a11y'
import { Art, type MainArtName } from './art'
import './state-views.scss'

/** Grey placeholder blocks shown while a page's first load is under way. */
export function Skeleton({ rows = 3, id }: { rows?: number; id?: string }) {
  return (
    <View className='skeleton' id={id} aria-busy>
      <View className='skeleton__block skeleton__block--hero' />
      {Array.from({ length: rows }, (_, i) => (
        <View key={i} className='skeleton__block' />
      ))}
    </View>
  )
}

/** Nothing to show: a drawing of what the list would hold (one of the main package's, so no page pays for it), what and why. */
export function EmptyState({ title, hint, id, art = 'cup' }: { title: string; hint?: string; id?: string; art?: MainArtName }) {
  return (
    <View className='state-view' id={id}>
      <View className='state-view__icon state-view__icon--empty'>
        <Art name={art} className='state-view__art' />
      </View>
      <Text className='state-view__title'>{title}</Text>
      {hint ? <Text className='state-view__hint'>{hint}</Text> : null}
    </View>
  )
}

export function ErrorState({ message, onRetry, id = 'error-state', busy = false }: { message: string; onRetry: () => void; id?: string; busy?: boolean }) {
  return (
    <View className='state-view' id={id}>
      <View className='state-view__icon state-view__icon--error' aria-hidden>
        <Text className='state-view__mark'>!</Text>
      </View>
      <Text className='state-view__title'>加载失败</Text>
      <Text className='state-view__hint'>{message}</Text>
      <Button
        id='retry-button'
        className='btn btn--primary state-view__retry'
        hoverClass='state-view__retry--pressed'
        disabled={busy}
        loading={busy}
        onClick={busy ? undefined : onRetry}
      >
        重新加载
      </Button>
    </View>
  )
}

/** Shown above last-known data when the backend is out of reach although the device is connected. */
export function OfflineBanner({ savedAt, onRetry }: { savedAt?: string; onRetry: () => void }) {
  // The device is connected, so nothing will bring the page back by itself: the banner is the retry.
  return (
    <View className='offline-banner' id='offline-banner' onClick={onRetry} {...a11yRole('button', true)}>
      <Text>暂时连不上服务，当前显示的是{savedAt ? ` ${savedAt} ` : ''}保存的数据（点击重试）</Text>
    </View>
  )
}

/**
 * The page shell's banner while the device has no connection (every page, whatever it shows): what still works
 * and that the page catches up by itself. A status region, so a screen reader announces it when it appears.
 */
export function NetworkBanner() {
  return (
    <View className='network-banner' id='network-banner' {...a11yRole('status')}>
      <Text>网络已断开，可以查看已保存的内容；恢复连接后自动刷新</Text>
    </View>
  )
}
