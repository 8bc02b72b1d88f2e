-- The rolling tier window (13 months: ≈ 400 days for a long-standing member) is summed in SQL instead of loaded
-- day by day into every write's working set: one column per tier metric (TIER_METRICS in src/domain/tiers.ts),
-- kept by the database from the day's document. The working set loads the days from the previous month on.
alter table member_days
  add column m_growth numeric generated always as (coalesce((metrics->>'growth')::numeric, 0)) stored,
  add column m_spend_fen numeric generated always as (coalesce((metrics->>'spendFen')::numeric, 0)) stored,
  add column m_orders numeric generated always as (coalesce((metrics->>'orders')::numeric, 0)) stored,
  add column m_active_days numeric generated always as (coalesce((metrics->>'activeDays')::numeric, 0)) stored,
  add column m_signin_days numeric generated always as (coalesce((metrics->>'signinDays')::numeric, 0)) stored,
  add column m_tasks_completed numeric generated always as (coalesce((metrics->>'tasksCompleted')::numeric, 0)) stored,
  add column m_shares numeric generated always as (coalesce((metrics->>'shares')::numeric, 0)) stored;
