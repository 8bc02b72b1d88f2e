-- 兑换记录 is listed page by page, newest first: by the number of the redemption's id (`rd-<member>-<n>`, n counts
-- the member's redemptions), as orders are (migration 021).
alter table redemptions add column redemption_no bigint generated always as ((substring(redemption_id from '[0-9]+$'))::bigint) stored;
create index redemptions_by_number on redemptions (member_id, redemption_no desc);
