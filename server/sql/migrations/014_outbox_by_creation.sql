-- The console's delivery report (GET /admin/message-delivery) counts the subscription messages of the last days by
-- template: by creation instant, not the whole queue.
create index message_outbox_created on message_outbox (created_at);
