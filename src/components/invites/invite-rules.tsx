import { Text, View } from '@tarojs/components'
import type { InvitesResponse } from '@/api/contract'
import './invite-rules.scss'

/**
 * The reward rules in words. What is rewarded is the friend's REGISTRATION, never the share (SPEC §1.6), and
 * the copy says so.
 */
export function InviteRules({ reward }: { reward: InvitesResponse['rewardPerInvite'] }) {
  return (
    <View className='invite-rules' id='invite-rules'>
      <View className='invite-rules__step'>
        <Text className='invite-rules__no'>1</Text>
        <Text>把邀请发给好友，好友通过你的邀请打开并注册成为会员</Text>
      </View>
      <View className='invite-rules__step'>
        <Text className='invite-rules__no'>2</Text>
        <Text id='invite-rule-inviter'>
          好友注册成功后，你得 +{reward.points} 积分、+{reward.growth} 成长值
        </Text>
      </View>
      {/* Empty once the welcome coupon's fixed dates ended: the friend gets none then. */}
      {reward.inviteeCoupon ? (
        <View className='invite-rules__step'>
          <Text className='invite-rules__no'>3</Text>
          <Text id='invite-rule-invitee'>好友注册即得「{reward.inviteeCoupon}」</Text>
        </View>
      ) : null}
      <Text className='muted invite-rules__fine'>
        奖励在好友完成注册后发放，与是否转发无关；每位新会员只能接受一次邀请，不能邀请自己，已注册的会员不能再被邀请。
      </Text>
    </View>
  )
}
