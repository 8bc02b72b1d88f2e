-- An operator's 强制下线 ends every open session of a member (POST /admin/members/{id}/sign-out): found by this
-- index. Operator sessions (member_id null) are not in it.
create index sessions_member on sessions (member_id) where member_id is not null;
