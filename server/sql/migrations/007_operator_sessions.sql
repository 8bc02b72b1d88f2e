-- A new password ends every open session of that operator (server/core/use-cases/operators.ts): found by this
-- index, small because member sessions (operator_id null) are not in it.
create index sessions_operator on sessions (operator_id) where operator_id is not null;
