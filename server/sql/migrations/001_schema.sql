-- The loyalty backend's schema (SPEC §7), the same on PGlite and PostgreSQL 15+.
--
-- Citus-ready: every table that belongs to a member has `member_id` as the first column of its primary key and of
-- every unique index, and every statement of a member's request filters on it (distribution column). Lookup
-- tables map a key a client sends (login identity, invite code, session token hash) to a member and are keyed by
-- that key. Shared configuration (rules, with the mall's items, and the catalogue) is in small reference tables; shared counters (prize
-- and reward stock) are taken with a conditional UPDATE … WHERE remaining >= n.
--
-- Rows keep the domain's object in `doc` (jsonb) next to the columns the queries filter, order and guard on.

create table rules_versions (
  version_no   bigint primary key,
  document     jsonb not null,
  note         text not null default '',
  created_by   text not null,
  created_at   timestamptz not null,
  effective_at timestamptz not null,
  cancelled_at timestamptz
);
create index rules_versions_effective on rules_versions (effective_at desc, version_no desc);

create table catalogue (sku text primary key, position int not null, doc jsonb not null);
create table reward_stock (reward_id text primary key, remaining int not null check (remaining >= 0));
create table prize_stock (
  campaign_id text not null,
  prize_id    text not null,
  remaining   int not null check (remaining >= 0),
  primary key (campaign_id, prize_id)
);
create table leaderboard_settlements (campaign_id text primary key, settled_at timestamptz not null);

-- Lookups: a client-sent key → a member.
create table member_logins (login_key text primary key, member_id text not null);
create table invite_codes (code text primary key, member_id text not null);
create table sessions (
  token_hash  text primary key,
  role        text not null check (role in ('member', 'operator')),
  member_id   text,
  operator_id text,
  operator_role text check (operator_role in ('viewer', 'operator', 'admin')),
  platform    text,
  created_at  bigint not null,
  expires_at  bigint not null,
  revoked_at  bigint
);
create sequence member_numbers;

-- A member's working set: everything the rules read except the lots (point_lots) and the history below.
create table members (
  member_id     text primary key,
  nickname      text not null,
  invite_code   text not null,
  platform      text not null,
  registered_at timestamptz not null,
  doc           jsonb not null,
  -- The tier state on its own (small, never TOASTed): the dashboard's tier distribution reads it for every member.
  tier          jsonb generated always as (doc->'tier') stored,
  updated_at    timestamptz not null default now()
);

create table point_lots (
  member_id  text not null,
  lot_no     bigint not null,
  remaining  int not null check (remaining >= 0),
  expires_at bigint not null,
  earned_on  date not null,
  doc        jsonb not null,
  primary key (member_id, lot_no)
);
-- The working set reads only the lots with points left.
create index point_lots_live on point_lots (member_id, expires_at, lot_no) where remaining > 0;

create table ledger_entries (
  member_id     text not null,
  entry_no      bigint not null,
  type          text not null,
  amount        int not null,
  ref           text not null,
  business_date date not null,
  at            timestamptz not null,
  doc           jsonb not null,
  primary key (member_id, entry_no)
);
create index ledger_entries_ref on ledger_entries (member_id, ref);
create index ledger_entries_month on ledger_entries (member_id, business_date);
-- Leaderboards rank earned points (and refund reversals) inside a window.
create index ledger_entries_leaderboard on ledger_entries (at, member_id) where type = 'earn' or (type = 'refund' and amount < 0);

-- One sign-in per member and business day (lilishop's guard): the second line of defence behind the member lock.
create table signins (
  member_id     text not null,
  business_date date not null,
  kind          text not null,
  doc           jsonb not null,
  primary key (member_id, business_date)
);

create table coupons (
  member_id text not null,
  coupon_id text not null,
  issued_at timestamptz not null,
  used_at   timestamptz,
  doc       jsonb not null,
  primary key (member_id, coupon_id)
);

create table notifications (
  member_id       text not null,
  notification_no int not null,
  created_at      timestamptz not null,
  doc             jsonb not null,
  primary key (member_id, notification_no)
);

create table member_days (
  member_id     text not null,
  business_date date not null,
  metrics       jsonb not null,
  primary key (member_id, business_date)
);

-- One claim per task and period.
create table task_claims (
  member_id text not null,
  task_id   text not null,
  period    text not null,
  at        timestamptz not null,
  primary key (member_id, task_id, period)
);

create table lottery_draws (
  member_id   text not null,
  campaign_id text not null,
  draw_id     text not null,
  prize_kind  text not null,
  at          timestamptz not null,
  doc         jsonb not null,
  primary key (member_id, campaign_id, draw_id)
);
create index lottery_draws_winners on lottery_draws (campaign_id, at) where prize_kind <> 'empty';

create table orders (
  member_id  text not null,
  order_id   text not null,
  status     text not null,
  created_at timestamptz not null,
  doc        jsonb not null,
  primary key (member_id, order_id)
);
-- One payment and one refund per order.
create table order_payments (member_id text not null, order_id text not null, at timestamptz not null, primary key (member_id, order_id));
create table order_refunds (member_id text not null, order_id text not null, at timestamptz not null, primary key (member_id, order_id));

create table redemptions (
  member_id     text not null,
  redemption_id text not null,
  item_id       text not null,
  at            timestamptz not null,
  doc           jsonb not null,
  primary key (member_id, redemption_id)
);

-- One reward per invitee (keyed by the invitee), and the inviter's list.
create table invites (member_id text primary key, inviter_id text not null, accepted_at timestamptz not null);
create table invites_sent (member_id text not null, invitee_id text not null, accepted_at timestamptz not null, primary key (member_id, invitee_id));

-- Idempotency-Key: per member (or `operator:<id>`), the first answer for 24 h.
create table idempotency_keys (
  member_id  text not null,
  key        text not null,
  hash       text not null,
  status     int not null,
  body       jsonb not null,
  created_at bigint not null,
  primary key (member_id, key)
);

-- Operator metrics (SPEC §2.11): daily aggregates, kept for the reporting horizon (never compacted). Each write
-- adds its member's rows in its own transaction (rows keyed by the member: concurrent writes share none):
-- a member's flags per business date, the cost a write caused by date and campaign ('' = none), and the first
-- date of each fact (`active`, `member`, `registered`, `paid`, `join:<campaign>`, `complete:<campaign>`), kept
-- at the earliest.
create table metric_member_days (
  member_id     text not null,
  business_date date not null,
  active        boolean not null default false,
  signin        boolean not null default false,
  benefit       boolean not null default false,
  primary key (member_id, business_date)
);
create index metric_member_days_date on metric_member_days (business_date) include (member_id, active, signin, benefit);
create table metric_costs (
  member_id     text not null,
  business_date date not null,
  campaign_id   text not null,
  cost_fen      bigint not null,
  primary key (member_id, business_date, campaign_id)
);
create index metric_costs_date on metric_costs (business_date);
create table metric_firsts (
  member_id     text not null,
  kind          text not null,
  business_date date not null,
  primary key (member_id, kind)
);
create index metric_firsts_date on metric_firsts (business_date, kind) include (member_id);
-- The sets of each COMPLETE business date, rolled up once from the rows above (one row per date and set:
-- `active`, `signin`, `benefit`, `first:<kind>` with the member ids comma-separated, `cost:<campaign>` with the sum;
-- `done` marks a rolled-up date), so a dashboard over months reads a few hundred rows, not millions. A write
-- dated on or before a rolled-up date (a clock moved back) removes those dates' rows in its transaction.
create table metric_day_sets (
  business_date date not null,
  kind          text not null,
  members       text not null default '',
  cost_fen      bigint not null default 0,
  primary key (business_date, kind)
);

create table feedback (
  member_id   text not null,
  feedback_id text not null,
  content     text not null,
  contact     text,
  at          timestamptz not null,
  primary key (member_id, feedback_id)
);

create table privacy_requests (
  member_id  text not null,
  request_id text not null,
  kind       text not null,
  at         timestamptz not null,
  primary key (member_id, request_id)
);

-- Operators (SPEC §7): accounts with roles; every operator write goes to the audit log.
create table operators (
  operator_id   text primary key,
  username      text not null unique,
  display_name  text not null,
  role          text not null check (role in ('viewer', 'operator', 'admin')),
  password_hash text not null,
  created_at    timestamptz not null default now(),
  disabled_at   timestamptz
);

create table audit_log (
  audit_no      bigint generated always as identity primary key,
  operator_id   text not null,
  operator_name text not null,
  at          timestamptz not null,
  action      text not null,
  target      text,
  before      jsonb,
  after       jsonb
);
create index audit_log_at on audit_log (at desc);

-- Points adjustments by operators; the large ones wait for an admin's approval (the console's queue).
create table adjustments (
  member_id     text not null,
  adjustment_id text not null,
  status        text not null check (status in ('pending', 'applied', 'rejected')),
  requested_at  timestamptz not null,
  doc           jsonb not null,
  primary key (member_id, adjustment_id)
);
create index adjustments_queue on adjustments (status, requested_at desc);

-- A member's effective tier changes (the console's tier history).
create table tier_changes (
  member_id text not null,
  change_no bigint generated always as identity,
  at        timestamptz not null,
  doc       jsonb not null,
  primary key (member_id, change_no)
);

-- A voucher's code (what the member shows at the counter) → its redemption.
create table voucher_codes (code text primary key, member_id text not null, redemption_id text not null);

-- WeChat's session_key, by platform identity: it never leaves the server.
create table platform_sessions (login_key text primary key, session_key text not null, updated_at timestamptz not null);
