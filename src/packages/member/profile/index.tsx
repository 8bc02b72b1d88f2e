import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { PageShell } from '@/components/ui/page-shell'
import { DateField, TextField } from '@/platform/ui'
import { Section } from '@/components/ui/section'
import { useSessionLoad } from '@/hooks/use-session-load'
import { useMemberStore } from '@/stores/member'
import { useTasksStore } from '@/stores/tasks'
import { toast, toastError } from '@/utils/feedback'
import './index.scss'

const LATEST_BIRTHDAY = '2020-12-31'

/** 完善个人资料: nickname and birthday (only what the birthday benefit needs). */
export default function ProfilePage() {
  const me = useMemberStore((s) => s.me)
  const saving = useMemberStore((s) => s.requests.profile.status === 'loading')
  const [nickname, setNickname] = useState('')
  const [birthday, setBirthday] = useState('')
  useSessionLoad(() => useMemberStore.getState().load())
  useEffect(() => {
    if (me && !nickname) setNickname(me.nickname)
  }, [me, nickname])

  const save = async () => {
    if (!nickname.trim()) {
      toast('请填写昵称')
      return
    }
    try {
      await useMemberStore.getState().updateProfile({ nickname: nickname.trim(), ...(birthday ? { birthday } : {}) })
      void useTasksStore.getState().load()
      toast('资料已保存')
      setTimeout(() => void Taro.navigateBack().catch(() => undefined), 800)
    } catch (e) {
      toastError(e)
    }
  }

  return (
    <PageShell id='page-profile'>
      <Section title='个人资料'>
        <View className='form-row'>
          <Text className='form-row__label'>昵称</Text>
          <TextField id='profile-nickname' className='form-row__input' value={nickname} maxLength={20} placeholder='请输入昵称' onChange={setNickname} />
        </View>
        <View className='form-row'>
          <Text className='form-row__label'>生日</Text>
          <DateField id='profile-birthday' value={birthday} start='1930-01-01' end={LATEST_BIRTHDAY} placeholder='选择生日（用于生日礼遇）' onChange={setBirthday} />
        </View>
        <Button id='profile-save' className='btn btn--primary btn--block profile-save' hoverClass='pressed' loading={saving} disabled={saving} onClick={save}>
          保存
        </Button>
      </Section>
    </PageShell>
  )
}
