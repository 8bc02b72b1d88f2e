-- The shipping queue (GET /admin/deliveries): every member's gifts of one delivery status, oldest first. Only
-- redemptions with a delivery are in it (vouchers and coupons are not).
create index redemptions_delivery on redemptions ((doc->'delivery'->>'status'), at, redemption_id)
  where doc->'delivery'->>'status' is not null;
