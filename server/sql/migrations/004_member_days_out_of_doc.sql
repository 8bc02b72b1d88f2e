-- A member's daily tier metrics are read from member_days (where every write has kept them) instead of the member's
-- document, which every write rewrites: 13 months of days were most of a long-standing member's document.
update members set doc = jsonb_set(doc, '{metricsByDay}', '{}') where doc->'metricsByDay' <> '{}';
