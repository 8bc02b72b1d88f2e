-- The payment reconciliation (server/payments/settle.ts) asks the provider about unpaid orders that have lapsed:
-- found by this index, which holds only the unpaid ones.
create index orders_pending on orders (created_at) where status = 'pending_payment';
