-- The few erased members (会员注销: the one without an invite code), found without reading the others: a leaderboard
-- leaves out a member erased before its end (sql-storage.ts `totals`), and reading every member to find them cost
-- 160 ms and more per board at 200,000 members.
create index members_erased on members (member_id) where invite_code = '';
