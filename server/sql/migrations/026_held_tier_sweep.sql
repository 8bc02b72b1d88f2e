-- The reminder sweep also finds members whose tier held for a time (paid plan, operator grant, trial) is close to
-- its last day (会员即将到期) or past it (会员等级变更) while they do nothing (port.ts `ExpiryDue.heldBy`): by the
-- earliest last day of the three.
create index members_held_until on members ((least(tier->'paid'->>'until', tier->'grant'->>'until', tier->'trial'->>'until')));
