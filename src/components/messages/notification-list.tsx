import { Text, View } from '@tarojs/components'
import type { NotificationWire } from '@/api/contract'
import { formatInstant } from '@/utils/format'
import './notification-list.scss'
import { a11yRole } from '@/components/ui/a11y'

export interface NotificationListProps {
  notifications: NotificationWire[]
  /** Tapping a notification reads it. */
  onOpen: (notification: NotificationWire) => void
}

/** The notification center, newest first; unread ones carry a dot and a bold title until opened. */
export function NotificationList({ notifications, onOpen }: NotificationListProps) {
  return (
    <View className='notification-list' id='notification-list'>
      {notifications.map((n) => (
        <View
          key={n.id}
          id={`notification-${n.id}`}
          className={`notification${n.read ? '' : ' notification--unread'}`}
          hoverClass='pressed'
          onClick={() => onOpen(n)}
          {...a11yRole('button', true)}
        >
          <View className='notification__head'>
            {n.read ? null : <View className='notification__dot' />}
            <Text className='notification__title'>{n.title}</Text>
            <Text className='muted notification__time'>{formatInstant(n.createdAt)}</Text>
          </View>
          <Text className='notification__body'>{n.body}</Text>
        </View>
      ))}
    </View>
  )
}
