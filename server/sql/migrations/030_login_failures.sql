-- Wrong console passwords (server/http/login-throttle.ts), counted per account and client address — or per session for
-- a re-entered password — in the database, so that every server instance on it counts the same ones and a restart
-- does not forget them. key_hash is a SHA-256 of what is counted: no user name, address or token in clear. A row whose
-- window has ended counts nothing; the purge deletes it (maintenance.ts).
create table login_failures (
  key_hash text primary key,
  failed integer not null,
  until_at bigint not null
);
create index login_failures_until on login_failures (until_at);
