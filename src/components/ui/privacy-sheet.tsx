import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { PrivacyAgreeButton } from '@/platform/ui'
import { useSessionStore } from '@/stores/session'
import { BottomSheet } from './sheet'
import './privacy-sheet.scss'

/**
 * First-launch consent gate. Until the member agrees, nothing that identifies them is requested (the
 * session store does not log in), and on WeChat the framework's own privacy check waits for this sheet.
 */
export function PrivacySheet() {
  const consent = useSessionStore((s) => s.consent)
  const accept = useSessionStore((s) => s.acceptPrivacy)
  const decline = useSessionStore((s) => s.declinePrivacy)
  if (consent !== 'required' && consent !== 'declined') return null
  return (
    <BottomSheet id='privacy-sheet' label='隐私保护提示'>
      <View className='privacy-sheet'>
        <Text className='privacy-sheet__title'>隐私保护提示</Text>
        <Text className='privacy-sheet__body'>
          为了给你提供会员等级、积分、签到和优惠券服务，我们需要使用你的会员身份信息。我们只收集功能所必需的信息，不会在未经你同意时使用。
        </Text>
        <Text
          className='privacy-sheet__link'
          onClick={() => void Taro.navigateTo({ url: '/packages/settings/privacy/index' })}
        >
          查看《会员隐私保护指引》
        </Text>
        {consent === 'declined' ? (
          <Text className='privacy-sheet__declined' id='privacy-declined'>
            未同意隐私保护指引时，会员服务暂不可用。你可以随时重新选择。
          </Text>
        ) : null}
        <View className='sheet__actions'>
          <Button id='privacy-decline' className='btn privacy-sheet__decline' hoverClass='pressed' onClick={() => void decline()}>
            不同意
          </Button>
          <PrivacyAgreeButton id='privacy-agree' className='btn btn--primary privacy-sheet__agree' onAgree={() => void accept()}>
            同意并继续
          </PrivacyAgreeButton>
        </View>
      </View>
    </BottomSheet>
  )
}
