-- The purge (server/sql/maintenance.ts purgeExpired) finds what has expired by these, not by reading both tables
-- whole every hour.
create index idempotency_keys_created on idempotency_keys (created_at);
create index sessions_expires on sessions (expires_at);
create index sessions_revoked on sessions (revoked_at) where revoked_at is not null;
