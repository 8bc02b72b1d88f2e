import { useRouter } from '@tarojs/taro'
import type { CampaignSummary } from '@/api/contract'
import { useCampaignsStore } from '@/stores/campaigns'

/** The campaign a page shows: `?id=` from the route, else the member's current campaign of that type. */
export function campaignIdFor(type: CampaignSummary['type'], campaigns: CampaignSummary[] | null): string | null {
  const ofType = (campaigns ?? []).filter((c) => c.type === type)
  return (ofType.find((c) => c.canEnter) ?? ofType.find((c) => c.status !== 'ended') ?? ofType[0])?.id ?? null
}

/** WeChat hands query values over still encoded, H5 decoded; ids never contain '%' themselves. */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/**
 * `id` (null until known) and `resolve()`, which loads the list first when the route named no campaign (an
 * entry without `?id=`, e.g. a shared path or the page opened on its own).
 */
export function useCampaignId(type: CampaignSummary['type']): { id: string | null; resolve: () => Promise<string | null> } {
  const param = useRouter().params.id
  const fallback = useCampaignsStore((s) => (param ? null : campaignIdFor(type, s.campaigns)))
  const id = param ? safeDecode(param) : fallback
  const resolve = async () => {
    if (id) return id
    await useCampaignsStore.getState().loadList()
    return campaignIdFor(type, useCampaignsStore.getState().campaigns)
  }
  return { id, resolve }
}
