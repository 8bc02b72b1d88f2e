-- The operator dashboard's snapshot figures (GET /admin/metrics), read without touching the rows' documents.
-- Points liability: live points summed by lot expiry (an index-only scan of the lots with points left).
create index point_lots_liability on point_lots (expires_at) include (remaining) where remaining > 0;
-- Tier movement: the tier changes recorded in a date range.
create index tier_changes_at on tier_changes (at);
