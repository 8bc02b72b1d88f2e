-- A leaderboard leaves out an order refunded inside its window (port.ts LeaderboardScore): the refund reversals of the
-- window, few beside its earnings, are found by this index instead of a second pass over the window's ledger.
create index ledger_entries_refund_reversals on ledger_entries (at) where type = 'refund' and amount <= 0;
