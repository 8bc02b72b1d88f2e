-- The reminder sweep (server/core/reminder-sweep.ts) also finds what comes due for members who do nothing: points
-- close to expiry or expired, coupons close to expiry, a tier period at its end (port.ts `ExpiryDue`).
-- When the rules last brought the member up to date (the core's clock, ms; 0: not known, for rows written before
-- this column). A write sends every points reminder due at that instant, so only lots that have since come within a
-- reminder threshold need another look.
alter table members add column refreshed_at bigint not null default 0;
-- The lots close to expiry with their member, from the index alone (the dashboard's liability reads it too).
drop index point_lots_liability;
create index point_lots_liability on point_lots (expires_at) include (remaining, member_id) where remaining > 0;
-- Coupons not used and not reminded, by their last valid date.
create index coupons_to_remind on coupons ((doc->>'validTo')) where used_at is null and doc->>'remindedAt' is null;
-- Members by the end of their earned tier's period.
create index members_tier_period on members ((tier->'earned'->>'expiresOn'));
