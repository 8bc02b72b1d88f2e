/**
 * The campaigns running at an instant whose odds, stock or prizes a new document would change — a save's draft or a
 * version restored — named for the dialogs that say so (the server refuses such a change to anyone but an admin:
 * 403 RUNNING_CAMPAIGN_LOCKED).
 */
import { lockedCampaignChanges } from '@/domain/rules-versions'
import { Alert } from 'antd'
import type { RulesDocument } from '../../api'

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
