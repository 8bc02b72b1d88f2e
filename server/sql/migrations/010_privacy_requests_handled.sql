-- A member's data export or deletion request is handled by an operator (GET /admin/privacy-requests, POST
-- /admin/members/{id}/privacy-requests/{requestId}/handle): when, by whom, and the reply the member reads. The
-- number the member was given is kept as given (it names the business date, which a later time-zone change would
-- otherwise move); requests from before keep theirs computed.
alter table privacy_requests add column request_no text, add column handled_at timestamptz, add column handled_by text, add column reply text;
-- The queue across members: open requests oldest first, handled ones by when they were handled, newest first.
create index privacy_requests_open on privacy_requests (at, request_id) where handled_at is null;
create index privacy_requests_handled on privacy_requests (handled_at, request_id) where handled_at is not null;
