-- An operator's username is one name whatever its case: "Alice" cannot be created beside "alice" (two accounts
-- nobody could tell apart in the audit log), and signing in as "ALICE" finds "alice".
-- Accounts made before this rule that clash keep the oldest one's name; each later one becomes
-- "<username>.<operator id>" (shown in 账号管理, where an admin can tell its owner).
update operators o set username = o.username || '.' || o.operator_id
 where exists (select 1 from operators p where lower(p.username) = lower(o.username) and (p.created_at, p.operator_id) < (o.created_at, o.operator_id));
create unique index operators_username_lower on operators (lower(username));
