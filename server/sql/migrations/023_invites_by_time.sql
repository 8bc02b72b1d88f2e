-- A member's invites are listed page by page, the last accepted first (then by invitee id, in code units): an index
-- range of this index, skipped into (`invitesPage`, server/sql/sql-storage.ts), never the whole list in memory.
create index invites_sent_by_time on invites_sent (member_id, accepted_at desc, invitee_id collate "C");
