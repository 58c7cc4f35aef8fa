-- The catalogue contract of the trigger functions and vin_create_quarantine.
BEGIN;
SELECT plan(14);

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

SELECT * FROM finish();
ROLLBACK;
