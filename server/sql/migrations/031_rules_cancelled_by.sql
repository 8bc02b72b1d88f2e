-- Who cancelled a scheduled rules version (the operator's username), beside when (cancelled_at): 版本与发布 shows it.
-- Null on versions not cancelled, and on those cancelled before it was kept (the audit log's rules.cancel names them).
alter table rules_versions add column cancelled_by text;
