-- The catalogue contract of the trigger functions and vin_create_quarantine.
BEGIN;
SELECT plan(21);

SELECT function_returns('vin_guard', ARRAY[]::text[], 'trigger');
SELECT function_returns('resale_track', ARRAY[]::text[], 'trigger');
SELECT function_returns('vin_create_quarantine', ARRAY['text'], 'regclass');

-- They write to tables: volatile and parallel unsafe.
SELECT volatility_is('vin_guard', ARRAY[]::text[], 'volatile');
SELECT volatility_is('resale_track', ARRAY[]::text[], 'volatile');
SELECT volatility_is('vin_create_quarantine', ARRAY['text'], 'volatile');
SELECT is((SELECT array_agg(DISTINCT proparallel) FROM pg_proc
	WHERE oid IN ('vin_guard()'::regprocedure, 'resale_track()'::regprocedure,
	              'vin_create_quarantine(text)'::regprocedure)),
	ARRAY['u'::"char"], 'all three are parallel unsafe');

-- They act with the privileges of the user whose statement fired them.
SELECT is((SELECT bool_or(prosecdef) FROM pg_proc
	WHERE oid IN ('vin_guard()'::regprocedure, 'resale_track()'::regprocedure,
	              'vin_create_quarantine(text)'::regprocedure)),
	false, 'none is SECURITY DEFINER');
SELECT is((SELECT count(*)::int FROM pg_proc
	WHERE oid IN ('vin_guard()'::regprocedure, 'resale_track()'::regprocedure,
	              'vin_create_quarantine(text)'::regprocedure)
	  AND proconfig IS NOT NULL), 0, 'none overrides settings such as search_path');
SELECT is_strict('vin_create_quarantine', ARRAY['text']);
SELECT is((SELECT prolang = (SELECT oid FROM pg_language WHERE lanname = 'c') FROM pg_proc
	WHERE oid = 'vin_guard()'::regprocedure), true, 'vin_guard is written in C');

-- Called as plain functions, they refuse.
SELECT throws_ok('SELECT vin_guard()', '39P01', 'vin_guard() was not called by the trigger manager', 'vin_guard() only as a trigger');
SELECT throws_ok('SELECT resale_track()', '39P01', 'resale_track() was not called by the trigger manager', 'resale_track() only as a trigger');

SELECT is((SELECT count(*)::int FROM pg_proc
	WHERE oid IN ('vin_guard()'::regprocedure, 'resale_track()'::regprocedure,
	              'vin_create_quarantine(text)'::regprocedure)
	  AND obj_description(oid, 'pg_proc') IS NOT NULL), 3, 'all three have comments');

-- resale_track's helpers (1.2.0): what they are, and that they too act
-- with the caller's privileges and a comment each.
SELECT results_eq(
	$$SELECT p.oid::regprocedure::text, p.provolatile::text, p.proisstrict, p.proparallel::text,
			 p.prosecdef, pg_catalog.format_type(p.prorettype, NULL)
	  FROM pg_proc p
	  WHERE p.proname LIKE 'resale\_track\_%'
		AND p.pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'zeromile')
	  ORDER BY 1$$,
	$$VALUES
		('resale_track_attach(regclass,regclass,text,text,text,text,text,text,interval,double precision,boolean)', 'v', true, 'u', false, 'integer'),
		('resale_track_check(regclass)', 's', true, 'u', false, 'integer'),
		('resale_track_insert_only()', 'v', false, 'u', false, 'trigger'),
		('resale_track_rebuild(regclass,boolean)', 'v', true, 'u', false, 'record'),
		('resale_track_written_here(xid)', 'v', true, 'r', false, 'boolean')$$,
	'resale_track helpers: volatility, strictness, parallel safety, security, result');
SELECT is((SELECT count(*)::int FROM pg_proc
	WHERE proname LIKE 'resale\_track\_%'
	  AND pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'zeromile')
	  AND obj_description(oid, 'pg_proc') IS NOT NULL), 5, 'every resale_track helper has a comment');
SELECT is((SELECT proconfig FROM pg_proc
	WHERE oid = 'resale_track_attach(regclass,regclass,text,text,text,text,text,text,interval,double precision,boolean)'::regprocedure),
	ARRAY['search_path=pg_catalog, pg_temp'], 'resale_track_attach runs with a fixed search_path');
SELECT is((SELECT pg_get_function_arguments('resale_track_rebuild(regclass,boolean)'::regprocedure)),
	'events regclass, dry_run boolean DEFAULT false', 'resale_track_rebuild: dry_run defaults to false');
SELECT throws_ok('SELECT resale_track_insert_only()', '39P01',
	'resale_track_insert_only() was not called by the trigger manager', 'resale_track_insert_only() only as a trigger');
SELECT is(resale_track_check('pg_class'), 0, 'resale_track_check: a table without resale_track triggers has none to check');
SELECT is(resale_track_written_here(pg_current_xact_id()::text::xid), true,
	'resale_track_written_here: the current transaction''s xid');

SELECT * FROM finish();
ROLLBACK;
