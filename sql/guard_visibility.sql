--
-- vin_guard shows a role the columns it may see, by PostgreSQL's rule for
-- the rows it quotes in errors (ExecBuildSlotValueDescription): those it
-- may SELECT and those it supplied (issue 22, findings 3 and 8).  For an
-- INSERT, the columns the role may INSERT stand for those it supplied;
-- for an UPDATE, the columns the statement sets.
--
SET client_min_messages = warning;
CREATE SCHEMA gv;
CREATE ROLE regress_zm_loader LOGIN;
GRANT USAGE ON SCHEMA gv TO regress_zm_loader;

----------------------------------------------------------------------
-- 3. An INSERT-only loader (the usual ETL grant) keeps in quarantine the
-- values it sent.  1.1.0 kept only columns it may SELECT: row_data {}.
----------------------------------------------------------------------
CREATE TABLE gv.cars (id int, vin text, dealer text, price numeric,
					  secret text DEFAULT 'dealer margin 8%',
					  doubled numeric GENERATED ALWAYS AS (price * 2) STORED);
SELECT vin_create_quarantine('gv.cars_q');
CREATE TRIGGER guard BEFORE INSERT OR UPDATE ON gv.cars
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'quarantine', 'auto', 'gv.cars_q');
GRANT INSERT ON gv.cars TO regress_zm_loader;
GRANT INSERT ON gv.cars_q TO regress_zm_loader;

SET ROLE regress_zm_loader;
INSERT INTO gv.cars (id, vin, dealer, price) VALUES
	(1, '1HGCM82633A004352', 'dealer-7', 20000),
	(2, '1HGCM82643A004352', 'dealer-9', 15000);
COPY gv.cars (id, vin, dealer, price) FROM stdin WITH (FORMAT csv);
3,LSJA24U62JG269225,dealer-1,31000
4,LSJA24U62JG26922O,dealer-1,32000
\.
RESET ROLE;
-- the two bad rows, with what the loader sent; the generated column is
-- never supplied (and not computed yet in a BEFORE trigger): withheld.
-- The default of secret is in, as the role may INSERT that column.
SELECT row_data, jsonb_path_query_array(problems, '$[*].code') AS codes
FROM gv.cars_q ORDER BY row_data ->> 'id';
SELECT problems -> -1 ->> 'message' AS withheld FROM gv.cars_q LIMIT 1;

-- with INSERT on some columns only, the others are withheld: secret, filled
-- by its default, is not the loader's to see
TRUNCATE gv.cars_q;
REVOKE INSERT ON gv.cars FROM regress_zm_loader;
GRANT INSERT (id, vin, dealer, price) ON gv.cars TO regress_zm_loader;
SET ROLE regress_zm_loader;
INSERT INTO gv.cars (id, vin, dealer, price) VALUES (5, 'not a vin', 'dealer-3', 999);
RESET ROLE;
SELECT row_data, problems -> -1 ->> 'message' AS withheld FROM gv.cars_q;

-- a partitioned table: INSERT on the partitioned table is what counts
CREATE TABLE gv.parts (id int, vin text, dealer text) PARTITION BY RANGE (id);
CREATE TABLE gv.parts_1 PARTITION OF gv.parts FOR VALUES FROM (0) TO (100);
CREATE TRIGGER guard BEFORE INSERT ON gv.parts
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'quarantine', 'auto', 'gv.cars_q');
GRANT INSERT ON gv.parts TO regress_zm_loader;
TRUNCATE gv.cars_q;
SET ROLE regress_zm_loader;
INSERT INTO gv.parts VALUES (1, 'bad', 'dealer-4');
RESET ROLE;
SELECT source_table, row_data, jsonb_path_query_array(problems, '$[*].code') AS codes
FROM gv.cars_q;

----------------------------------------------------------------------
-- 8. The reject error does not quote a VIN the role may not see.  An
-- UPDATE of another column re-checks the stored VIN: with UPDATE (note)
-- and SELECT (id), 1.1.0 quoted it (and its problems, which name its
-- characters).
----------------------------------------------------------------------
CREATE TABLE gv.notes (id int, vin text, note text);
INSERT INTO gv.notes VALUES (1, '1HGCM8264-3A00435O', 'n'), (2, 'LSJA24U62JG269225', 'n');
CREATE TRIGGER guard BEFORE INSERT OR UPDATE ON gv.notes
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin');
GRANT SELECT (id), UPDATE (note) ON gv.notes TO regress_zm_loader;
\set VERBOSITY default
SET ROLE regress_zm_loader;
UPDATE gv.notes SET note = 'checked' WHERE id = 1;
-- a VIN the role supplies itself is quoted, SELECT or not
RESET ROLE;
GRANT UPDATE (vin) ON gv.notes TO regress_zm_loader;
SET ROLE regress_zm_loader;
UPDATE gv.notes SET vin = 'LSJA24U62JG26922O' WHERE id = 2;
-- as is one of an INSERT into a column it may INSERT
RESET ROLE;
GRANT INSERT (id, vin) ON gv.notes TO regress_zm_loader;
SET ROLE regress_zm_loader;
INSERT INTO gv.notes (id, vin) VALUES (3, 'LSJA24U62JG26922O');
-- and the stored one once the role may read the column
RESET ROLE;
GRANT SELECT (vin) ON gv.notes TO regress_zm_loader;
SET ROLE regress_zm_loader;
UPDATE gv.notes SET note = 'checked' WHERE id = 1;
RESET ROLE;
-- the fields of the error name the column, never the value
REVOKE SELECT (vin) ON gv.notes FROM regress_zm_loader;
SET ROLE regress_zm_loader;
DO $$
DECLARE
	m text; d text; c text;
BEGIN
	UPDATE gv.notes SET note = 'checked' WHERE id = 1;
EXCEPTION WHEN invalid_text_representation THEN
	GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, c = COLUMN_NAME;
	RAISE WARNING 'message: %; column: %; quotes the VIN: %', m, c,
		strpos(m || d, '1HGCM8264') > 0;
END
$$;
RESET ROLE;
-- the UPDATE of an INSERT ... ON CONFLICT and of a MERGE: their SET columns
CREATE TABLE gv.keyed (id int PRIMARY KEY, vin text, note text);
INSERT INTO gv.keyed VALUES (1, '1HGCM8264-3A00435O', 'n');
CREATE TRIGGER guard BEFORE INSERT OR UPDATE ON gv.keyed
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin');
GRANT SELECT (id), INSERT (id, note), UPDATE (note) ON gv.keyed TO regress_zm_loader;
SET ROLE regress_zm_loader;
INSERT INTO gv.keyed (id, note) VALUES (1, 'upsert')
	ON CONFLICT (id) DO UPDATE SET note = 'upsert';
MERGE INTO gv.keyed k USING (VALUES (1)) s(id) ON k.id = s.id
	WHEN MATCHED THEN UPDATE SET note = 'merged';
RESET ROLE;
\set VERBOSITY terse

-- quarantine mode: the VIN is withheld, and its problems with it
CREATE TABLE gv.notes_q (id int, vin text, note text);
INSERT INTO gv.notes_q VALUES (1, '1HGCM8264-3A00435O', 'n');
CREATE TRIGGER guard BEFORE INSERT OR UPDATE ON gv.notes_q
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'quarantine', 'auto', 'gv.cars_q');
GRANT SELECT (id), UPDATE (note) ON gv.notes_q TO regress_zm_loader;
TRUNCATE gv.cars_q;
SET ROLE regress_zm_loader;
UPDATE gv.notes_q SET note = 'checked' WHERE id = 1;
RESET ROLE;
SELECT row_data, jsonb_pretty(problems) AS problems FROM gv.cars_q;
SELECT count(*) AS mentions_of_the_vin FROM gv.cars_q
WHERE problems::text ~ '1HGCM|3A00435|at position|position": [0-9]|separator|letter_o';

-- row-level security in force for the role: SELECT privilege shows
-- nothing (a policy may hide the row), only what the statement supplied
CREATE TABLE gv.rls (id int, vin text, note text);
INSERT INTO gv.rls VALUES (1, '1HGCM8264-3A00435O', 'n');
CREATE TRIGGER guard BEFORE INSERT OR UPDATE ON gv.rls
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'quarantine', 'auto', 'gv.cars_q');
ALTER TABLE gv.rls ENABLE ROW LEVEL SECURITY;
CREATE POLICY everything ON gv.rls USING (true);
GRANT SELECT, UPDATE ON gv.rls TO regress_zm_loader;
TRUNCATE gv.cars_q;
SET ROLE regress_zm_loader;
UPDATE gv.rls SET note = 'checked' WHERE id = 1;
RESET ROLE;
SELECT row_data, jsonb_path_query_array(problems, '$[*].code') AS codes FROM gv.cars_q;
-- the table's owner (not subject to its policies) sees the whole row
TRUNCATE gv.cars_q;
UPDATE gv.rls SET note = 'checked' WHERE id = 1;
SELECT row_data, jsonb_path_query_array(problems, '$[*].code') AS codes FROM gv.cars_q;

DROP SCHEMA gv CASCADE;
DROP OWNED BY regress_zm_loader;
DROP ROLE regress_zm_loader;
