-- Stock rows count what was given out instead of what is left: the rules' stock is the total, so an operator who
-- raises a mall item's or a running lottery prize's stock restocks it (a row used to keep the remainder of the stock
-- in force at its first take, and later changes to the rules were ignored). The rows written before hold what was
-- left under the rules in force now; what was given out is that stock less the remainder.
alter table reward_stock add column taken int not null default 0 check (taken >= 0);
alter table prize_stock add column taken int not null default 0 check (taken >= 0);

with rules as (
  select document from rules_versions
  where cancelled_at is null and effective_at <= now()
  order by effective_at desc, version_no desc limit 1
)
update reward_stock s set taken = greatest(0, (item->>'initialStock')::int - s.remaining)
from rules, jsonb_array_elements(rules.document->'mall'->'items') item
where item->>'id' = s.reward_id;

with rules as (
  select document from rules_versions
  where cancelled_at is null and effective_at <= now()
  order by effective_at desc, version_no desc limit 1
)
update prize_stock s set taken = greatest(0, (prize->>'stock')::int - s.remaining)
from rules, jsonb_array_elements(rules.document->'campaigns') campaign, jsonb_array_elements(campaign->'lottery'->'prizes') prize
where campaign->>'id' = s.campaign_id and prize->>'id' = s.prize_id and jsonb_typeof(prize->'stock') = 'number';

alter table reward_stock drop column remaining;
alter table prize_stock drop column remaining;
