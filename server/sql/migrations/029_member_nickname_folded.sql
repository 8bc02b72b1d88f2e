-- A member's nickname in lower case as the app folds it (JavaScript's toLowerCase, sql-storage.ts): what 会员查询 matches
-- a nickname against. SQL's lower() folds by the database's locale, and only ASCII under the C locale (initdb
-- --no-locale): 'änna' did not find 'Änna' there, while the embedded demo and PGlite found it. A row not written since
-- (null) is matched by lower() until its member's next write.
alter table members add column nickname_folded text;
