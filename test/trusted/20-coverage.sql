-- Every function of the extension was called by a non-superuser (steps 10
-- to 15; the superuser calls none in this database).  track_functions =
-- all counts C and SQL functions called from queries and triggers;
-- PostgreSQL does not count those it calls itself, listed below with the
-- step that exercises them.  A new function fails this step until a test
-- calls it as zm_owner or zm_user (or it is listed here, with a reason).

-- A backend reports its counts as it exits: wait (up to 10 s) for the
-- earlier sessions to be gone.
DO $$
BEGIN
	FOR i IN 1..200 LOOP
		EXIT WHEN NOT EXISTS (SELECT FROM pg_stat_activity
							  WHERE datname = current_database()
								AND backend_type = 'client backend'
								AND pid <> pg_backend_pid());
		PERFORM pg_sleep(0.05);
	END LOOP;
	PERFORM pg_stat_clear_snapshot();
END
$$;

CREATE TEMP VIEW members AS
SELECT p.oid, p.oid::regprocedure::text AS f,
	   coalesce(s.calls, 0) > 0 AS counted
FROM pg_depend d
JOIN pg_proc p ON p.oid = d.objid
LEFT JOIN pg_stat_user_functions s ON s.funcid = p.oid
WHERE d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'zeromile');
CREATE TEMP TABLE not_counted (f text PRIMARY KEY, exercised_by text);
INSERT INTO not_counted VALUES
	('zm.vin_recv(internal)', '11: binary COPY FROM'),
	('zm.resale_summary_recv(internal)', '11: binary COPY FROM'),
	('zm.vin_sortsupport(internal)', '11: ORDER BY vin, primary keys on vin'),
	('zm.resale_agg(zm.vehicle_event,timestamp with time zone,double precision)',
	 '11: aggregates have no calls of their own'),
	('zm.resale_agg(zm.vehicle_event,timestamp with time zone,double precision,text)',
	 '11, 12: aggregates have no calls of their own'),
	('zm.rollup(zm.resale_summary)', '11: aggregates have no calls of their own'),
	('zm.vin_sole(zm.vin)', '18: aggregates have no calls of their own'),
	('zm.vin_sole_transfn(zm.vin,zm.vin)', '18: the aggregate''s calls are not counted, and called directly it always raises'),
	('zm.resale_track_insert_only()', '12: it always raises, and PostgreSQL counts only calls that return'),
	('zm.vin_like_support(internal)', '16: planner support of LIKE on vin, run by the planner');

SELECT count(*) > 0 AS some_calls_counted FROM members WHERE counted;
-- expected: no rows
SELECT f AS not_called_by_a_non_superuser
FROM members WHERE NOT counted AND f NOT IN (SELECT f FROM not_counted)
ORDER BY f COLLATE "C";
-- expected: no rows (the list is up to date)
SELECT f AS listed_but_counted_or_missing
FROM not_counted n
WHERE NOT EXISTS (SELECT FROM members m WHERE m.f = n.f AND NOT m.counted)
ORDER BY f COLLATE "C";
