-- The documents every write reads whole and writes back whole — a member's working set and its live lots — are
-- stored as json (the text as written) instead of jsonb. Nothing queries inside them (the tier below aside), and
-- jsonb is converted to and from text on every read and write: the 200–350 lots of a member who never spends cost
-- 0.93 ms to read as jsonb and 0.48 ms as json on PGlite; an 18 KB member document 0.36 + 0.68 ms to read and
-- update as jsonb, 0.23 + 0.54 ms as json.
alter table point_lots alter column doc type json using doc::json;

alter table members drop column tier;
alter table members alter column doc type json using doc::json;
-- The tier state on its own (small, never TOASTed): the dashboard's tier distribution reads it for every member.
alter table members add column tier jsonb generated always as ((doc->'tier')::jsonb) stored;
