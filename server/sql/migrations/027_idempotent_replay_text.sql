-- A replayed answer is the first one to the byte: `json` keeps the text as written (jsonb reorders the fields).
alter table idempotency_keys alter column body type json using body::json;
