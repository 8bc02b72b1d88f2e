import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import { definePage } from '@/components/ui/page-shell'
import { Section } from '@/components/ui/section'
import { useAction } from '@/hooks/use-action'
import { reportEvent } from '@/stores/tasks'
import { toast } from '@/utils/feedback'
import './index.scss'

/**
 * 关注公众号. The platforms tell the brand's backend about a follow (WeChat's subscribe event), which then
 * completes the task; in the demo the member confirms it here.
 */
function FollowPage() {
  const reporting = useAction(reportEvent)
  const confirmFollow = () =>
    reporting.run(
      () => reportEvent('follow_account'),
      () => toast('已记录关注，可回到任务中心领取奖励'),
    )
  return (
    <>
      <Section title='关注品牌官方账号'>
        <View>
          <Text className='muted'>搜索并关注品牌官方账号（微信公众号 / 支付宝生活号），第一时间获取会员活动和积分提醒。</Text>
        </View>
        <Button id='follow-confirm' className='btn btn--primary btn--block follow-confirm' hoverClass='pressed' disabled={reporting.busy} loading={reporting.busy} onClick={confirmFollow}>
          我已关注
        </Button>
      </Section>
    </>
  )
}

export default definePage('page-follow', FollowPage)
