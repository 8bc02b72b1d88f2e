-- The shipping queue (GET /admin/deliveries): every member's gifts of one delivery status by instant (待发货 oldest
-- first, the others newest first: the same index scanned backwards). Only redemptions with a delivery are in it.
create index redemptions_delivery on redemptions ((doc->'delivery'->>'status'), at, redemption_id)
  where doc->'delivery'->>'status' is not null;
