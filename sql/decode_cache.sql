--
-- The registry cache behind vin_manufacturer and vin_decode: whatever
-- happens to wmi_registry, they answer as the query they replace would:
--   (SELECT manufacturer FROM wmi_registry WHERE wmi = vin_wmi(v))
-- Here within one session; specs/registry_cache.spec covers other
-- sessions, test/registry-cache/run.sh pg_restore and ALTER EXTENSION UPDATE.
--
SET client_min_messages = warning;
CREATE SCHEMA rc;

-- The reference: the query the cache replaces
CREATE FUNCTION rc.ref(v vin) RETURNS text LANGUAGE sql STABLE
	RETURN (SELECT manufacturer FROM wmi_registry WHERE wmi = vin_wmi(v));

-- A VIN for every registry row (3-character WMIs, and small manufacturers'
-- 6), plus unknown ones, a small manufacturer with other positions 12-14,
-- and one of each invalid-looking case the registry could hold.
CREATE TABLE rc.vins AS
SELECT (substr(wmi, 1, 3) || 'AB12C3' || 'PA'
		|| CASE WHEN length(wmi) = 6 THEN substr(wmi, 4) || '456' ELSE '123456' END)::vin AS v
FROM wmi_registry
UNION ALL
SELECT v::vin FROM (VALUES ('1M8GDM9AXKP042788'), ('TM912345678901234'), ('TM912345678801234'),
						   ('ZZZAB12C3PA123456'), ('LSJA24U62JG269225')) x(v);
GRANT USAGE ON SCHEMA rc TO PUBLIC;
GRANT SELECT ON rc.vins TO PUBLIC;
GRANT EXECUTE ON FUNCTION rc.ref(vin) TO PUBLIC;

-- Rows, rows naming a manufacturer, and rows where cache and query differ
CREATE FUNCTION rc.check(OUT vins bigint, OUT known bigint, OUT differ bigint)
LANGUAGE sql STABLE AS $$
	SELECT count(*), count(vin_manufacturer(v)),
		   count(*) FILTER (WHERE vin_manufacturer(v) IS DISTINCT FROM rc.ref(v))
	FROM rc.vins
$$;
GRANT EXECUTE ON FUNCTION rc.check() TO PUBLIC;

SELECT * FROM rc.check();

-- vin_vehicle_type answers from the same cache, as the query
--   (SELECT vehicle_type FROM wmi_registry WHERE wmi = vin_wmi(v))
CREATE FUNCTION rc.ref_type(v vin) RETURNS text LANGUAGE sql STABLE
	RETURN (SELECT vehicle_type FROM wmi_registry WHERE wmi = vin_wmi(v));
CREATE FUNCTION rc.check_types(OUT vins bigint, OUT typed bigint, OUT differ bigint)
LANGUAGE sql STABLE AS $$
	SELECT count(*), count(vin_vehicle_type(v)),
		   count(*) FILTER (WHERE vin_vehicle_type(v) IS DISTINCT FROM rc.ref_type(v))
	FROM rc.vins
$$;
GRANT EXECUTE ON FUNCTION rc.ref_type(vin) TO PUBLIC;
GRANT EXECUTE ON FUNCTION rc.check_types() TO PUBLIC;
SELECT * FROM rc.check_types();
-- the shipped types as the query reads them, by type
SELECT * FROM (
	SELECT rc.ref_type(v) AS vehicle_type, count(*),
		   count(*) FILTER (WHERE vin_vehicle_type(v) IS NOT DISTINCT FROM rc.ref_type(v)) AS same
	FROM rc.vins GROUP BY 1) AS t
ORDER BY vehicle_type COLLATE "C" NULLS FIRST;

-- Every change to the table is seen by the next statement
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('1M8', 'Motor Coach Industries'),
	('TM9901', 'A small Czech maker');
SELECT vin_manufacturer('1M8GDM9AXKP042788'), vin_manufacturer('TM912345678901234'),
	   vin_manufacturer('TM912345678801234');
UPDATE wmi_registry SET manufacturer = 'MCI' WHERE wmi = '1M8';
SELECT vin_manufacturer('1M8GDM9AXKP042788');
DELETE FROM wmi_registry WHERE wmi = 'TM9901';
SELECT vin_manufacturer('TM912345678901234');
COPY wmi_registry (wmi, manufacturer) FROM stdin;
ZZZ	Copied maker
\.
SELECT vin_manufacturer('ZZZAB12C3PA123456');
SELECT * FROM rc.check();

-- Vehicle types: set, changed, made unknown, on 3- and 6-character WMIs
INSERT INTO wmi_registry (wmi, manufacturer, vehicle_type)
VALUES ('LXT', 'Typed maker', 'bus'), ('LXU', 'Untyped maker', NULL),
	   ('TM9902', 'Small trailer maker', 'trailer');
SELECT vin_vehicle_type('LXTAB12C3PA123456') AS lxt, vin_vehicle_type('LXUAB12C3PA123456') AS lxu,
	   vin_manufacturer('LXUAB12C3PA123456') AS lxu_maker,
	   vin_vehicle_type('TM912345678902234') AS tm9902, rc.ref_type('TM912345678902234') AS tm9902_query,
	   vin_vehicle_type('TM912345678901234') AS tm9901;
UPDATE wmi_registry SET vehicle_type = 'truck' WHERE wmi = 'LXT';
UPDATE wmi_registry SET vehicle_type = 'mpv' WHERE wmi = 'LXU';
SELECT vin_vehicle_type('LXTAB12C3PA123456') AS lxt, vin_vehicle_type('LXUAB12C3PA123456') AS lxu;
UPDATE wmi_registry SET vehicle_type = NULL WHERE wmi = 'LXT';
SELECT vin_vehicle_type('LXTAB12C3PA123456') AS lxt, vin_manufacturer('LXTAB12C3PA123456') AS lxt_maker;
-- only the fixed vocabulary
INSERT INTO wmi_registry (wmi, manufacturer, vehicle_type) VALUES ('LXV', 'x', 'car');
DELETE FROM wmi_registry WHERE wmi IN ('LXT', 'LXU', 'TM9902');
SELECT vin_vehicle_type('LXUAB12C3PA123456') AS lxu, vin_vehicle_type('TM912345678902234') AS tm9902;
SELECT * FROM rc.check_types();

-- Within a transaction: its own changes at once; none after a rollback
BEGIN;
SELECT vin_manufacturer('LSJA24U62JG269225');
DELETE FROM wmi_registry WHERE wmi = 'ZZZ';
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('TM9901', 'In a transaction');
SELECT vin_manufacturer('ZZZAB12C3PA123456'), vin_manufacturer('TM912345678901234');
SAVEPOINT s;
UPDATE wmi_registry SET manufacturer = 'In a savepoint' WHERE wmi = 'TM9901';
SELECT vin_manufacturer('TM912345678901234');
ROLLBACK TO SAVEPOINT s;
SELECT vin_manufacturer('TM912345678901234');
SELECT * FROM rc.check();
UPDATE wmi_registry SET vehicle_type = 'bus' WHERE wmi = 'TM9901';
SELECT vin_vehicle_type('TM912345678901234');
SELECT * FROM rc.check_types();
ROLLBACK;
SELECT vin_manufacturer('ZZZAB12C3PA123456'), vin_manufacturer('TM912345678901234');
SELECT vin_vehicle_type('TM912345678901234');
SELECT * FROM rc.check();
SELECT * FROM rc.check_types();

-- One statement sees one registry, the one its snapshot sees: neither a
-- data-modifying CTE nor a function changing the table midway shows
CREATE FUNCTION rc.add(wmi text) RETURNS text LANGUAGE sql VOLATILE
	BEGIN ATOMIC
		INSERT INTO wmi_registry (wmi, manufacturer) VALUES (wmi, 'added ' || wmi);
		SELECT 'added';
	END;
WITH ins AS (INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('LXA', 'CTE maker') RETURNING wmi)
SELECT vin_manufacturer('LXAAB12C3PA123456') AS cached, rc.ref('LXAAB12C3PA123456') AS query,
	   (SELECT count(*) FROM ins) AS inserted;
SELECT vin_manufacturer('LXAAB12C3PA123456') AS cached, rc.ref('LXAAB12C3PA123456') AS query;
SELECT w, rc.add(w), vin_manufacturer((w || 'AB12C3PA123456')::vin) AS cached,
	   rc.ref((w || 'AB12C3PA123456')::vin) AS query
FROM (VALUES ('LXB'), ('LXC')) x(w);
SELECT w, vin_manufacturer((w || 'AB12C3PA123456')::vin) AS cached
FROM (VALUES ('LXB'), ('LXC')) x(w);

-- A cursor keeps the registry of its snapshot, as a query would
BEGIN;
DECLARE c CURSOR FOR
	SELECT w, vin_manufacturer((w || 'AB12C3PA123456')::vin) AS cached,
		   rc.ref((w || 'AB12C3PA123456')::vin) AS query
	FROM (VALUES ('LXA'), ('LXB'), ('LXC')) x(w);
FETCH 1 FROM c;
UPDATE wmi_registry SET manufacturer = 'changed' WHERE wmi IN ('LXB', 'LXC');
FETCH 2 FROM c;
CLOSE c;
SELECT vin_manufacturer('LXBAB12C3PA123456');
ROLLBACK;

-- A cursor whose first call comes after a later statement read a newer
-- registry still answers under its own snapshot (issue #22, finding 9)
BEGIN;
DECLARE c CURSOR FOR
	SELECT w, vin_manufacturer((w || 'AB12C3PA123456')::vin) AS cached,
		   rc.ref((w || 'AB12C3PA123456')::vin) AS query
	FROM (VALUES ('LXB'), ('LXC')) x(w);
UPDATE wmi_registry SET manufacturer = 'changed after the cursor' WHERE wmi IN ('LXB', 'LXC');
SELECT vin_manufacturer('LXBAB12C3PA123456') AS newer;
FETCH ALL FROM c;
CLOSE c;
ROLLBACK;
-- and the outer query around a volatile function that changes the registry
CREATE FUNCTION rc.rename(w text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
BEGIN
	UPDATE wmi_registry SET manufacturer = 'renamed ' || w WHERE wmi = w;
	RETURN vin_manufacturer((w || 'AB12C3PA123456')::vin);
END
$$;
SELECT rc.rename('LXB') AS inner_call, vin_manufacturer('LXBAB12C3PA123456'::vin) AS outer_call,
	   rc.ref('LXBAB12C3PA123456') AS outer_query;
SELECT vin_manufacturer('LXBAB12C3PA123456') AS next_statement;
UPDATE wmi_registry SET manufacturer = 'added LXB' WHERE wmi = 'LXB';

-- PL/pgSQL: each statement of a loop sees the changes before it
DO $$
DECLARE
	got text;
BEGIN
	FOR i IN 1..3 LOOP
		UPDATE wmi_registry SET manufacturer = 'round ' || i WHERE wmi = 'LXA';
		got := vin_manufacturer('LXAAB12C3PA123456');
		RAISE WARNING 'round %: %', i, got;
	END LOOP;
END
$$;
SELECT vin_manufacturer('LXAAB12C3PA123456');

-- TRUNCATE (a superuser lifting the guard): nothing is left to find
BEGIN;
ALTER TABLE wmi_registry DISABLE TRIGGER wmi_registry_guard_truncate;
TRUNCATE wmi_registry;
SELECT vin_manufacturer('LSJA24U62JG269225'), (vin_decode('LSJA24U62JG269225', date '2025-01-01')).manufacturer;
SELECT * FROM rc.check();
SELECT * FROM rc.check_types();
ROLLBACK;
SELECT vin_manufacturer('LSJA24U62JG269225'), (vin_decode('LSJA24U62JG269225', date '2025-01-01')).manufacturer;

-- vin_decode: each form gives the record of the individual functions,
-- also for rows repeating a VIN with other dates (its memo of the last row)
CREATE TABLE rc.decode_args AS
SELECT v, d FROM rc.vins, (VALUES (date '2025-06-30'), (date '1985-01-01'), (date '-infinity')) x(d);
INSERT INTO rc.decode_args
SELECT 'LSJA24U62JG269225', d FROM (VALUES (date '2025-06-30'), (date '1987-12-31'), (date '2025-06-30')) x(d);
CREATE VIEW rc.individual AS
SELECT v, d, vin_wmi(v) AS wmi, vin_vds(v) AS vds, vin_vis(v) AS vis, vin_plant(v) AS plant,
	   vin_serial(v) AS serial, vin_region(v) AS region, vin_country(v) AS country,
	   vin_manufacturer(v) AS manufacturer, vin_model_years(v) AS model_years,
	   vin_model_year(v, d) AS model_year, vin_model_year_rule(v, d) AS model_year_rule
FROM rc.decode_args;
SELECT count(*) AS args,
	   count(*) FILTER (WHERE (i.v, i.d, i.wmi, i.vds, i.vis, i.plant, i.serial, i.region, i.country,
							   i.manufacturer, i.model_years, i.model_year, i.model_year_rule)
							  IS DISTINCT FROM (x.v, x.d, x.wmi, x.vds, x.vis, x.plant, x.serial,
												x.region, x.country, x.manufacturer,
												x.model_years, x.model_year,
												x.model_year_rule)) AS star_differs
FROM rc.individual i
JOIN (SELECT v, d, (vin_decode(v, d)).* FROM rc.decode_args) x USING (v, d);
SELECT count(*) FILTER (WHERE ROW(i.wmi, i.vds, i.vis, i.plant, i.serial, i.region, i.country,
								 i.manufacturer, i.model_years, i.model_year, i.model_year_rule)
						IS DISTINCT FROM ROW(l.*)) AS lateral_differs,
	   count(*) FILTER (WHERE i.manufacturer IS NOT NULL) AS known
FROM rc.individual i, LATERAL vin_decode(i.v, i.d) l;
-- the memo is keyed by the registry too
SELECT (vin_decode('LXAAB12C3PA123456', date '2025-06-30')).manufacturer;
UPDATE wmi_registry SET manufacturer = 'after the memo' WHERE wmi = 'LXA';
SELECT (vin_decode('LXAAB12C3PA123456', date '2025-06-30')).manufacturer;

-- A parallel plan: every worker answers from its own cache, the same
CREATE TABLE rc.many AS SELECT v FROM rc.vins, generate_series(1, 200);
ANALYZE rc.many;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT vin_manufacturer(v), count(*) FROM rc.many GROUP BY 1;
SELECT count(*) AS groups, sum(n) AS vins
FROM (SELECT vin_manufacturer(v) AS m, count(*) AS n FROM rc.many GROUP BY 1
	  EXCEPT SELECT rc.ref(v), count(*) FROM rc.many GROUP BY 1) differ;
SELECT count(*) AS groups, sum(n) AS vins
FROM (SELECT vin_manufacturer(v) AS m, count(*) AS n FROM rc.many GROUP BY 1) g;
SELECT count(*) AS groups, sum(n) AS vins
FROM (SELECT vin_vehicle_type(v) AS t, count(*) AS n FROM rc.many GROUP BY 1
	  EXCEPT SELECT rc.ref_type(v), count(*) FROM rc.many GROUP BY 1) differ;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- Rights, checked per statement as a query would: a role without SELECT
-- on the registry is refused even when the session's cache is built; with
-- SELECT on the two columns read it is served
CREATE ROLE regress_zm_reader;
SELECT vin_manufacturer('LSJA24U62JG269225');
REVOKE SELECT ON wmi_registry FROM PUBLIC;
SET ROLE regress_zm_reader;
SELECT vin_manufacturer('LSJA24U62JG269225');
SELECT manufacturer FROM vin_decode('LSJA24U62JG269225', date '2025-01-01');
SELECT rc.ref('LSJA24U62JG269225');
SELECT vin_vehicle_type('LSJA24U62JG269225');
RESET ROLE;
GRANT SELECT (wmi, manufacturer) ON wmi_registry TO regress_zm_reader;
SET ROLE regress_zm_reader;
SELECT * FROM rc.check();
-- vin_vehicle_type reads vehicle_type, as its query does
SELECT vin_vehicle_type('LGXCB4E20P1234567');
SELECT rc.ref_type('LGXCB4E20P1234567');
RESET ROLE;
GRANT SELECT (vehicle_type) ON wmi_registry TO regress_zm_reader;
SET ROLE regress_zm_reader;
SELECT * FROM rc.check_types();
RESET ROLE;
REVOKE SELECT (wmi, manufacturer, vehicle_type) ON wmi_registry FROM regress_zm_reader;
GRANT SELECT ON wmi_registry TO PUBLIC;
SET ROLE regress_zm_reader;
SELECT * FROM rc.check();
SELECT * FROM rc.check_types();
RESET ROLE;

-- Rights are those of the user calling, however the call site was warmed
-- (issue #22, finding 2): (a) a SECURITY DEFINER function and a helper
-- sharing one call site in one statement; (b) set_config('role') between
-- two statements of a REPEATABLE READ transaction
CREATE FUNCTION rc.helper(v vin) RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN vin_manufacturer(v);
END
$$;
CREATE FUNCTION rc.definer(v vin) RETURNS text LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = public AS $$
BEGIN
	RETURN rc.helper(v);
END
$$;
GRANT EXECUTE ON FUNCTION rc.helper(vin), rc.definer(vin) TO PUBLIC;
REVOKE SELECT ON wmi_registry FROM PUBLIC;
SET ROLE regress_zm_reader;
SELECT rc.definer('LSJA24U62JG269225') AS as_definer;
SELECT rc.definer('LSJA24U62JG269225') AS as_definer, rc.helper('LSJA24U62JG269225') AS as_reader;
RESET ROLE;
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT rc.helper('LSJA24U62JG269225') AS as_superuser;
SELECT set_config('role', 'regress_zm_reader', true) IS NOT NULL AS role_set;
SELECT rc.helper('LSJA24U62JG269225') AS as_reader;
ROLLBACK;
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT rc.helper('LSJA24U62JG269225') AS as_superuser;
SET LOCAL ROLE regress_zm_reader;
SELECT rc.helper('LSJA24U62JG269225') AS as_reader;
ROLLBACK;
GRANT SELECT ON wmi_registry TO PUBLIC;

-- Row-level security cannot filter a shared cache: refused where it
-- applies, not silently bypassed
ALTER TABLE wmi_registry ENABLE ROW LEVEL SECURITY;
CREATE POLICY rc_shipped_only ON wmi_registry FOR SELECT USING (shipped);
SET ROLE regress_zm_reader;
SELECT vin_manufacturer('LSJA24U62JG269225');
SELECT manufacturer FROM vin_decode('LSJA24U62JG269225', date '2025-01-01');
SELECT vin_vehicle_type('LSJA24U62JG269225');
RESET ROLE;
SELECT vin_manufacturer('LSJA24U62JG269225');	-- the owner is exempt
DROP POLICY rc_shipped_only ON wmi_registry;
ALTER TABLE wmi_registry DISABLE ROW LEVEL SECURITY;

-- The invalidation trigger: how it is attached, and misuse
SELECT tgname, tgenabled, pg_get_triggerdef(oid) FROM pg_trigger
WHERE tgrelid = 'wmi_registry'::regclass AND tgname LIKE 'wmi_registry_changed%' ORDER BY tgname;
SELECT vin_wmi_registry_changed();
CREATE TABLE rc.other (x int);
CREATE TRIGGER misuse AFTER INSERT ON rc.other
	FOR EACH ROW EXECUTE FUNCTION vin_wmi_registry_changed();
INSERT INTO rc.other VALUES (1);
DROP TRIGGER misuse ON rc.other;
CREATE TRIGGER misuse BEFORE INSERT ON rc.other
	FOR EACH STATEMENT EXECUTE FUNCTION vin_wmi_registry_changed();
INSERT INTO rc.other VALUES (1);
DROP TRIGGER misuse ON rc.other;
CREATE TRIGGER misuse BEFORE INSERT ON rc.other
	FOR EACH ROW EXECUTE FUNCTION vin_wmi_registry_changed();
INSERT INTO rc.other VALUES (1);
-- each changing transaction counts once in the generation, TRUNCATE too
SELECT generation AS g0 FROM wmi_registry_generation \gset
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('LXE', 'one'), ('LXF', 'two');
BEGIN;
UPDATE wmi_registry SET manufacturer = 'three' WHERE wmi = 'LXE';
DELETE FROM wmi_registry WHERE wmi IN ('LXE', 'LXF');
COMMIT;
UPDATE wmi_registry SET manufacturer = 'no row' WHERE wmi = 'LXE';
BEGIN;
ALTER TABLE wmi_registry DISABLE TRIGGER wmi_registry_guard_truncate;
TRUNCATE wmi_registry;
SELECT generation - :g0 AS counted FROM wmi_registry_generation;
ROLLBACK;
SELECT generation - :g0 AS counted FROM wmi_registry_generation;
-- a count made in a subtransaction that rolls back is made again
SELECT vin_manufacturer('LXGAB12C3PA123456') AS lxg_before;
BEGIN;
SAVEPOINT a;
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('LXG', 'rolled back');
ROLLBACK TO SAVEPOINT a;
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('LXG', 'kept');
COMMIT;
SELECT vin_manufacturer('LXGAB12C3PA123456') AS lxg_after, rc.ref('LXGAB12C3PA123456') AS query;
SELECT generation - :g0 AS counted FROM wmi_registry_generation;
-- a writer needs no right on the generation table
SELECT has_table_privilege('regress_zm_reader', 'wmi_registry_generation', 'SELECT') AS may_read,
	   has_table_privilege('regress_zm_reader', 'wmi_registry_generation', 'UPDATE') AS may_update;
GRANT INSERT ON wmi_registry TO regress_zm_reader;
SET ROLE regress_zm_reader;
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('LXE', 'by the reader');
SELECT vin_manufacturer('LXEAB12C3PA123456');
RESET ROLE;
REVOKE INSERT ON wmi_registry FROM regress_zm_reader;
SELECT generation - :g0 AS counted FROM wmi_registry_generation;

-- A copy of the registry carrying its guard (as a Citus shard placement
-- does): shipped rows may be copied into it unchanged, not altered or made up
CREATE TABLE rc.placement (LIKE wmi_registry INCLUDING ALL);
CREATE TRIGGER guard BEFORE INSERT OR UPDATE OR DELETE ON rc.placement
	FOR EACH ROW EXECUTE FUNCTION vin_wmi_registry_guard();
INSERT INTO rc.placement SELECT * FROM wmi_registry WHERE shipped;
SELECT count(*) AS copied FROM rc.placement;
INSERT INTO rc.placement (wmi, manufacturer, country, source, shipped)
SELECT 'LXD', manufacturer, country, source, true FROM wmi_registry WHERE wmi = 'LSJ';
INSERT INTO rc.placement (wmi, manufacturer, country, source, shipped)
SELECT wmi, manufacturer || ' (altered)', country, source, true FROM wmi_registry WHERE wmi = 'LSJ';
UPDATE rc.placement SET manufacturer = 'x' WHERE wmi = 'LSJ';
DELETE FROM rc.placement WHERE wmi = 'LSJ';

DELETE FROM wmi_registry WHERE NOT shipped;
SELECT * FROM rc.check();
SELECT * FROM rc.check_types();
DROP SCHEMA rc CASCADE;
DROP ROLE regress_zm_reader;
