-- A leaderboard's settlement keeps the campaign as it was: a refund after an operator dropped the ended campaign from
-- the rules (or rolled back to a version without it) still takes back what the refunded order won there.
alter table leaderboard_settlements add column campaign jsonb;
