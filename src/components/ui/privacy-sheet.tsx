import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import { PrivacyAgreeButton } from '@/platform/ui'
import { useSessionStore } from '@/stores/session'
// The words are shared with the H5 first screen index.html draws before the app runs (config/first-screen.ts).
import PRIVACY_COPY from './privacy-copy.json'
import { BottomSheet } from './sheet'
import './privacy-sheet.scss'
import { a11yRole } from '@/components/ui/a11y'
import { go } from '@/utils/routes'

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
    <BottomSheet id='privacy-sheet' label={PRIVACY_COPY.title}>
      <View className='privacy-sheet'>
        <Text className='privacy-sheet__title'>{PRIVACY_COPY.title}</Text>
        <Text className='privacy-sheet__body'>{PRIVACY_COPY.body}</Text>
        <Text
          className='privacy-sheet__link'
          onClick={() => go('privacy')}
          {...a11yRole('link', true)}
        >
          {PRIVACY_COPY.link}
        </Text>
        {consent === 'declined' ? (
          <Text className='privacy-sheet__declined' id='privacy-declined'>
            未同意隐私保护指引时，会员服务暂不可用。你可以随时重新选择。
          </Text>
        ) : null}
        <View className='sheet__actions'>
          <Button id='privacy-decline' className='btn privacy-sheet__decline' hoverClass='pressed' onClick={() => void decline()}>
            {PRIVACY_COPY.decline}
          </Button>
          <PrivacyAgreeButton id='privacy-agree' className='btn btn--primary privacy-sheet__agree' onAgree={() => void accept()}>
            {PRIVACY_COPY.agree}
          </PrivacyAgreeButton>
        </View>
      </View>
    </BottomSheet>
  )
}
