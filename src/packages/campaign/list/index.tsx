import { View } from '@tarojs/components'
import { CampaignCard } from '@/components/campaigns/campaign-card'
import { openCampaign } from '@/components/campaigns/open-campaign'
import { AsyncView } from '@/components/ui/async-view'
import { definePage } from '@/components/ui/page-shell'
import { EmptyState } from '@/components/ui/state-views'
import { useSessionLoad } from '@/hooks/use-session-load'
import { CAMPAIGN_LIST_KEY, useCampaignsStore } from '@/stores/campaigns'
import { useRequest } from '@/stores/request'

/** 活动: every campaign this member can see, running first; each opens its own page. */
function CampaignListPage() {
  const campaigns = useCampaignsStore((s) => s.campaigns)
  const request = useRequest(CAMPAIGN_LIST_KEY)
  const savedAt = useCampaignsStore((s) => s.savedAt)

  const load = () => useCampaignsStore.getState().loadList()
  useSessionLoad(load)

  return (
    <>
      <AsyncView request={request} hasData={!!campaigns} savedAt={savedAt} onRetry={load}>
        <View id='campaign-list'>
          {campaigns && campaigns.length === 0 ? <EmptyState title='暂时没有活动' hint='新活动上线后会出现在这里' art='flag' /> : null}
          {campaigns?.map((c) => <CampaignCard key={c.id} campaign={c} onOpen={openCampaign} />)}
        </View>
      </AsyncView>
    </>
  )
}

export default definePage('page-campaigns', CampaignListPage)
