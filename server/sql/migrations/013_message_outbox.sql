-- Subscription messages on their way to the platform (server/messaging): a notification sent with
-- `subscriptionSent` (quota spent, under the weekly cap) is queued here in the write that made it, and the
-- delivery worker sends it to WeChat, retrying what the platform could not take yet. The notification row holds
-- what it says; this row holds how far its delivery got.
create table message_outbox (
  member_id       text not null,
  notification_no int not null,
  template        text not null,
  created_at      timestamptz not null,
  attempts        int not null default 0,
  next_at         timestamptz not null,
  sent_at         timestamptz,
  failed_at       timestamptz,
  last_error      text,
  primary key (member_id, notification_no)
);
-- The worker's queue: what is still to be sent, soonest first.
create index message_outbox_due on message_outbox (next_at) where sent_at is null and failed_at is null;
-- The member's platform account (the recipient) by member.
create index member_logins_member on member_logins (member_id);
