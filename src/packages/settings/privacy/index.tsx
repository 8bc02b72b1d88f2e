import { Text, View } from '@tarojs/components'
import { definePage } from '@/components/ui/page-shell'
import './index.scss'

const SECTIONS: { title: string; body: string }[] = [
  { title: '我们收集哪些信息', body: '会员身份标识（由平台登录凭证换取）、你在会员中心的签到、任务、积分和订单记录。我们不收集通讯录、位置、相册等与会员服务无关的信息。' },
  { title: '我们如何使用信息', body: '用于计算会员等级、积分和权益，发放优惠券，并在站内「消息」中心提醒积分到期、优惠券到期等事项；在微信或支付宝小程序中，经你订阅后也会通过服务通知提醒。' },
  { title: '你的权利', body: '你可以在「设置」中查看授权状态、导出你的数据或申请删除账号数据；撤回同意后，会员服务将暂停。' },
]

function PrivacyPage() {
  return (
    <>
      <View className='privacy-page'>
        <Text className='privacy-page__title'>会员隐私保护指引</Text>
        {SECTIONS.map((s) => (
          <View key={s.title} className='privacy-page__section'>
            <Text className='privacy-page__heading'>{s.title}</Text>
            <Text className='privacy-page__body'>{s.body}</Text>
          </View>
        ))}
      </View>
    </>
  )
}

export default definePage('page-privacy', PrivacyPage, { gate: false })
