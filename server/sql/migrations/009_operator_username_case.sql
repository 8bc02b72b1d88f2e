-- An operator's username is one name whatever its case: "Alice" cannot be created beside "alice" (two accounts
-- nobody could tell apart in the audit log), and signing in as "ALICE" finds "alice".
create unique index operators_username_lower on operators (lower(username));
