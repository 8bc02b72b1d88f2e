-- A member's feedback (意见反馈) is answered by an operator (GET /admin/feedback, POST
-- /admin/members/{id}/feedback/{feedbackId}/reply): when, by whom, and the reply the member gets as a message.
alter table feedback add column handled_at timestamptz, add column handled_by text, add column reply text;
-- The inbox across members: open feedback oldest first, answered feedback by when it was answered, newest first.
create index feedback_open on feedback (at, feedback_id) where handled_at is null;
create index feedback_handled on feedback (handled_at, feedback_id) where handled_at is not null;
