-- Customer service finds a member by the payment provider's transaction number (GET /admin/members?q=): only paid
-- orders of a real provider carry one.
create index orders_transaction on orders ((doc->'paid'->>'transactionId')) where doc->'paid'->>'transactionId' is not null;
