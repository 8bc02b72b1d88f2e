import { useRouter } from '@tarojs/taro'
import { useEffect } from 'react'
import type { CampaignSummary } from '@/api/contract'
import { useCampaignsStore } from '@/stores/campaigns'
import { reopenCampaign } from './open-campaign'

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

/**
 * Whether the campaign loaded for this page is of another type; if so its own page opens in this one's place. The
 * page had nothing of its type to show and kept its skeleton for ever.
 */
export function useCampaignOfAnotherType(type: CampaignSummary['type'], detail: Pick<CampaignSummary, 'id' | 'type'> | undefined): boolean {
  const otherId = detail && detail.type !== type ? detail.id : null
  const otherType = detail?.type
  useEffect(() => {
    if (otherId && otherType) reopenCampaign({ id: otherId, type: otherType })
  }, [otherId, otherType])
  return otherId !== null
}
