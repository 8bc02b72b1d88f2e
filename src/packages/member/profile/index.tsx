import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import { back } from '@/utils/routes'
import { useEffect, useRef, useState } from 'react'
import { definePage } from '@/components/ui/page-shell'
import { DateField, TextField } from '@/platform/ui'
import { AsyncView } from '@/components/ui/async-view'
import { Section } from '@/components/ui/section'
import { useAction } from '@/hooks/use-action'
import { useSessionLoad } from '@/hooks/use-session-load'
import { memberView, useMemberStore } from '@/stores/member'
import { useRequest } from '@/stores/request'
import { updateProfile } from '@/stores/member-actions'
import { toast } from '@/utils/feedback'
import { formatFullDate } from '@/utils/format'
import './index.scss'

const LATEST_BIRTHDAY = '2020-12-31'

/** 完善个人资料: nickname and birthday (only what the birthday benefit needs). */
function ProfilePage() {
  const me = useMemberStore((s) => s.me)
  const request = useRequest(memberView.key())
  const savedAt = useMemberStore((s) => s.savedAt)
  const saving = useAction(updateProfile)
  const [nickname, setNickname] = useState('')
  const [birthday, setBirthday] = useState('')
  const load = () => useMemberStore.getState().load()
  useSessionLoad(load)
  // The form starts from the profile as saved, once: what the member then types (an emptied field too) is theirs.
  const filled = useRef(false)
  useEffect(() => {
    if (!me || filled.current) return
    filled.current = true
    setNickname(me.nickname)
    setBirthday(me.birthday ?? '')
  }, [me])

  const save = () => {
    if (!nickname.trim()) {
      toast('请填写昵称')
      return
    }
    void saving.run(
      () => updateProfile({ nickname: nickname.trim(), ...(birthday ? { birthday } : {}) }),
      () => {
        toast('资料已保存')
        setTimeout(() => back('me'), 800)
      },
    )
  }

  // The form is the saved profile, edited: without it (loading, or the backend out of reach) there is nothing to edit.
  return (
    <AsyncView request={request} hasData={!!me} savedAt={savedAt} onRetry={load}>
      <Section title='个人资料'>
        <View className='form-row'>
          <Text className='form-row__label'>昵称</Text>
          <TextField id='profile-nickname' className='form-row__input' value={nickname} maxLength={20} placeholder='请输入昵称' onChange={setNickname} />
        </View>
        <View className='form-row'>
          <Text className='form-row__label'>生日</Text>
          <DateField
            id='profile-birthday'
            value={birthday}
            text={birthday ? formatFullDate(birthday) : undefined}
            start='1930-01-01'
            end={LATEST_BIRTHDAY}
            placeholder='选择生日（用于生日礼遇）'
            onChange={setBirthday}
          />
        </View>
        <Button id='profile-save' className='btn btn--primary btn--block profile-save' hoverClass='pressed' loading={saving.busy} disabled={saving.busy} onClick={save}>
          保存
        </Button>
      </Section>
    </AsyncView>
  )
}

export default definePage('page-profile', ProfilePage)
