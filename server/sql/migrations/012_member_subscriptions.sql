-- The reminder sweep (src/domain/reminders.ts, server/core/reminder-sweep.ts) looks for members with a subscription message
-- left to send and what they were last reminded of. Kept beside the document, written with it on every member
-- write ({quota, reminded}: a few bytes), so the sweep reads neither every member's document nor every member.
alter table members add column subscriptions jsonb not null default '{}';
update members set subscriptions = jsonb_build_object(
  'quota', coalesce((doc->'messages'->'quota')::jsonb, '{}'::jsonb),
  'reminded', coalesce((doc->'messages'->'reminded')::jsonb, '{}'::jsonb));
-- Members who can still get a scheduled reminder (the predicate the sweep's query repeats).
create index members_remindable on members (member_id)
  where coalesce((subscriptions->'quota'->>'signin_reminder')::int, 0) > 0
     or coalesce((subscriptions->'quota'->>'campaign_starting')::int, 0) > 0;
