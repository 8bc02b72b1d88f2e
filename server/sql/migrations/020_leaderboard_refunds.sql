-- Leaderboards take a refund's whole reversal off the order's score: what the balance could not cover too (the entry's
-- shortfall), so a refund that took nothing back (amount 0: the member had spent it all) counts as well.
drop index ledger_entries_leaderboard;
create index ledger_entries_leaderboard on ledger_entries (at, member_id) where type = 'earn' or (type = 'refund' and amount <= 0);
