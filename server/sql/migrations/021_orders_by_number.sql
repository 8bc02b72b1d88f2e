-- A member's orders are listed page by page, newest first: by the number of their id (`ord-<member>-<n>`, n counts
-- the member's orders), which a generated column keeps and an index orders.
alter table orders add column order_no bigint generated always as ((substring(order_id from '[0-9]+$'))::bigint) stored;
create index orders_by_number on orders (member_id, order_no desc);
