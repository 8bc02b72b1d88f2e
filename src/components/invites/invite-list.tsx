import { Text, View } from '@tarojs/components'
import type { InvitesResponse } from '@/api/contract'
import { capWords } from '@/domain/points'
import { formatInstant } from '@/utils/format'
import './invite-list.scss'

/** Friends who registered through my invites, newest first, with the points each brought me. */
export function InviteList({ invites }: { invites: InvitesResponse['invites'] }) {
  return (
    <View className='invite-list' id='invite-list'>
      {invites.map((i, index) => (
        <View key={`${i.registeredAt}-${index}`} className='invite-list__row'>
          <View className='invite-list__avatar'>
            <Text>{i.nickname.slice(0, 1)}</Text>
          </View>
          <View className='invite-list__main'>
            <Text>{i.nickname}</Text>
            <Text className='muted'>{formatInstant(i.registeredAt)} 注册</Text>
          </View>
          <View className='invite-list__side'>
            <Text className='invite-list__reward'>{i.rewardPoints > 0 ? `+${i.rewardPoints} 积分` : '已注册'}</Text>
            {i.capped > 0 ? (
              <Text className='muted invite-list__capped'>
                {capWords(i.cappedBy)}，少得 {i.capped} 积分
              </Text>
            ) : null}
          </View>
        </View>
      ))}
    </View>
  )
}
