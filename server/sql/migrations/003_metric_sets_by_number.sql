-- The rolled-up metric sets name members by number (`mbr-N` → N) instead of by id: the dashboard reads them into
-- bitsets indexed by that number. The roll-up is derived data: the sets rolled up before are dropped and built
-- again, in the new form, by the next dashboard read.
delete from metric_day_sets;
