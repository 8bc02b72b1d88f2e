/**
 * The campaigns running at an instant whose odds, stock or prizes a new document would change — a save's draft or a
 * version restored — named for the dialogs that say so (the server refuses such a change to anyone but an admin:
 * 403 RUNNING_CAMPAIGN_LOCKED).
 */
import type { CampaignDefinition } from '@/domain/campaigns'
import { lockedCampaignChanges, runningLockableCampaigns } from '@/domain/rules-versions'
import { Alert } from 'antd'
import type { RulesDocument } from '../../api'
import { serverNow } from '../../lib/clock'
import { useSession } from '../../session-context'
import { useEditor } from './editor-store'

/**
 * The lottery, cards and leaderboard campaigns of the version being edited that members play now (early access
 * included), whose odds and prizes — a tier's win weight, a prize's coupon template — only an admin may change (the
 * server refuses otherwise: lockedCampaignChanges). The sections make those fields read-only. None for an admin.
 */
export function useLockedCampaigns(): CampaignDefinition[] {
  const { can } = useSession()
  const { base } = useEditor()
  if (!base || can('admin')) return []
  return runningLockableCampaigns(base.document, serverNow())
}

/** Names of the campaigns running at `at` whose odds or prizes the draft changes (the server's own rule). */
export function lockedCampaignNames(base: RulesDocument | undefined, draft: RulesDocument, at: number): string[] {
  if (!base) return []
  return lockedCampaignChanges(base, draft, at).map((id) => draft.campaigns.find((c) => c.id === id)?.name || base.campaigns.find((c) => c.id === id)?.name || id)
}

/** The running campaigns a save or a rollback would change: a warning to an admin, a refusal to anyone else. */
export function LockedCampaignsAlert({ names, admin, title, forAdmin, forOthers }: { names: string[]; admin: boolean; title: string; forAdmin: string; forOthers: string }) {
  if (!names.length) return null
  return <Alert type={admin ? 'warning' : 'error'} showIcon style={{ marginBottom: 12 }} title={`${title}：${names.join('、')}`} description={admin ? forAdmin : forOthers} />
}
