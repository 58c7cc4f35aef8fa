-- Catalogue contract of the validation and decoding functions and the WMI
-- registry: signatures, return types, volatility, strictness, parallel
-- safety, comments, and the dump configuration of the registry.
BEGIN;
SELECT plan(164);

-- name, argument types, return type, volatility
CREATE TEMP TABLE expected_fn (name text, args text[], rettype text, vol text, retset boolean) ON COMMIT DROP;
INSERT INTO expected_fn VALUES
	('vin_is_well_formed', '{text}', 'boolean', 'i', false),
	('vin_check_digit', '{text}', 'text', 'i', false),
	('vin_is_valid', '{text,text}', 'boolean', 'i', false),
	('vin_problems', '{text,text}', 'setof record', 'i', true),
	('vin_normalize', '{text}', 'text', 'i', false),
	('vin_repair', '{text,text}', 'vin', 'i', false),
	('vin_with_check_digit', '{text}', 'vin', 'i', false),
	('vin_mask_pattern', '{text}', 'text', 'i', false),
	('vin_mask_shape', '{text}', 'integer', 'i', false),
	('vin_mask', '{vin,integer,text}', 'text', 'i', false),
	('vin_sole_transfn', '{vin,vin}', 'vin', 'i', false),
	('vin_wmi', '{vin}', 'text', 'i', false),
	('vin_vds', '{vin}', 'text', 'i', false),
	('vin_vis', '{vin}', 'text', 'i', false),
	('vin_plant', '{vin}', 'text', 'i', false),
	('vin_serial', '{vin}', 'text', 'i', false),
	('vin_region', '{vin}', 'text', 'i', false),
	('vin_country', '{vin}', 'text', 'i', false),
	('vin_model_years', '{vin}', 'integer[]', 'i', false),
	('vin_model_year', '{vin,date}', 'integer', 'i', false),
	('vin_model_year_rule', '{vin,date}', 'text', 'i', false),
	('vin_manufacturer', '{vin}', 'text', 's', false),
	('vin_vehicle_type', '{vin}', 'text', 's', false),
	('vin_decode', '{vin,date}', 'record', 's', false);

SELECT has_function(name, args, name || '(' || array_to_string(args, ', ') || ') exists')
FROM expected_fn;
SELECT function_returns(name, args, rettype) FROM expected_fn;
SELECT is(p.provolatile::text, e.vol, e.name || ' volatility')
FROM expected_fn e JOIN pg_proc p ON p.proname = e.name
	 AND p.pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'zeromile');
SELECT ok(p.proisstrict AND p.proparallel = 's' AND p.proretset = e.retset,
		  e.name || ' is STRICT and PARALLEL SAFE' || CASE WHEN e.retset THEN ' and returns a set' ELSE '' END)
FROM expected_fn e JOIN pg_proc p ON p.proname = e.name
	 AND p.pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'zeromile');

-- the region defaults, the result columns of vin_problems and vin_decode
SELECT is(pg_get_function_arguments('vin_is_valid(text, text)'::regprocedure),
		  'text, region text DEFAULT ''auto''::text', 'vin_is_valid region defaults to auto');
SELECT is(pg_get_function_arguments('vin_problems(text, text)'::regprocedure),
		  'text, region text DEFAULT ''auto''::text', 'vin_problems region defaults to auto');
SELECT is(pg_get_function_arguments('vin_repair(text, text)'::regprocedure),
		  'text, region text DEFAULT ''auto''::text', 'vin_repair region defaults to auto');
SELECT is(pg_get_function_result('vin_problems(text, text)'::regprocedure),
		  'TABLE("position" integer, code text, message text)', 'vin_problems columns');
SELECT is(pg_get_function_result('vin_decode(vin, date)'::regprocedure),
		  'record', 'vin_decode returns a record');
SELECT is(pg_get_function_arguments('vin_decode(vin, date)'::regprocedure),
		  'v vin, as_of date, OUT wmi text, OUT vds text, OUT vis text, OUT plant text, OUT serial text, OUT region text, OUT country text, OUT manufacturer text, OUT model_years integer[], OUT model_year integer, OUT model_year_rule text',
		  'vin_decode columns');

-- registry look-ups are C, STABLE (they read a table), never IMMUTABLE
SELECT ok(l.lanname = 'c' AND p.provolatile = 's' AND p.proisstrict AND p.proparallel = 's',
		  p.proname || ' is C, STABLE, STRICT, PARALLEL SAFE')
FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
WHERE p.oid IN ('vin_manufacturer(vin)'::regprocedure, 'vin_vehicle_type(vin)'::regprocedure,
				'vin_decode(vin, date)'::regprocedure);

-- every function has a comment
SELECT isnt(obj_description(p.oid, 'pg_proc'), NULL, e.name || ' has a comment')
FROM expected_fn e JOIN pg_proc p ON p.proname = e.name
	 AND p.pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'zeromile');
SELECT isnt(obj_description('vin_wmi_registry_guard()'::regprocedure, 'pg_proc'), NULL,
			'vin_wmi_registry_guard has a comment');

-- the registry table
SELECT has_table('wmi_registry');
SELECT columns_are('wmi_registry', ARRAY['wmi', 'manufacturer', 'country', 'source', 'shipped',
										 'vehicle_type', 'disputed', 'manufacturer_zh']);
SELECT col_is_pk('wmi_registry', 'wmi');
SELECT col_type_is('wmi_registry', 'wmi', 'text');
SELECT col_not_null('wmi_registry', 'manufacturer');
SELECT col_not_null('wmi_registry', 'shipped');
SELECT col_default_is('wmi_registry', 'shipped', 'false');
SELECT col_type_is('wmi_registry', 'vehicle_type', 'text');
SELECT col_type_is('wmi_registry', 'disputed', 'boolean');
SELECT col_not_null('wmi_registry', 'disputed');
SELECT col_default_is('wmi_registry', 'disputed', 'false');
SELECT col_type_is('wmi_registry', 'manufacturer_zh', 'text');
SELECT isnt(obj_description('wmi_registry'::regclass, 'pg_class'), NULL, 'wmi_registry has a comment');
SELECT is((SELECT count(*) FROM pg_attribute a
		   WHERE a.attrelid = 'wmi_registry'::regclass AND a.attnum > 0 AND NOT a.attisdropped
			 AND col_description(a.attrelid, a.attnum) IS NULL), 0::bigint,
		  'every wmi_registry column has a comment');
SELECT has_trigger('wmi_registry', 'wmi_registry_guard');
SELECT has_trigger('wmi_registry', 'wmi_registry_guard_truncate');
SELECT trigger_is('wmi_registry', 'wmi_registry_guard', 'vin_wmi_registry_guard');
SELECT has_trigger('wmi_registry', 'wmi_registry_changed');
SELECT trigger_is('wmi_registry', 'wmi_registry_changed', 'vin_wmi_registry_changed');
SELECT has_trigger('wmi_registry', 'wmi_registry_changed_truncate');
SELECT trigger_is('wmi_registry', 'wmi_registry_changed_truncate', 'vin_wmi_registry_changed');
SELECT is((SELECT count(*) FROM pg_trigger t
		   WHERE t.tgrelid = 'wmi_registry'::regclass AND NOT t.tgisinternal
			 AND obj_description(t.oid, 'pg_trigger') IS NOT NULL), 4::bigint,
		  'the four registry triggers have a comment');
SELECT has_table('wmi_registry_generation');
SELECT is((SELECT count(*) FROM wmi_registry_generation), 1::bigint,
		  'the registry generation has one row');
SELECT is((SELECT count(*) FROM pg_constraint c
		   WHERE c.conrelid = 'wmi_registry'::regclass
			 AND obj_description(c.oid, 'pg_constraint') IS NULL
			 -- NOT NULL, catalogued as constraints from PostgreSQL 18 on, is
			 -- part of the column's definition, commented with the column
			 AND c.contype <> 'n'), 0::bigint,
		  'every wmi_registry constraint has a comment');
SELECT is((SELECT e.extcondition FROM pg_extension e WHERE e.extname = 'zeromile'),
		  ARRAY['WHERE NOT shipped'], 'pg_dump saves the rows users add');
SELECT is((SELECT e.extconfig FROM pg_extension e WHERE e.extname = 'zeromile'),
		  ARRAY['wmi_registry'::regclass::oid], 'the registry is the extension''s configuration table');
SELECT ok((SELECT count(*) FROM wmi_registry WHERE shipped) > 50, 'the shipped rows are installed');

-- linking (doc/linking.md): vin_mask's region default, the aggregate
SELECT is(pg_get_function_arguments('vin_mask(vin, integer, text)'::regprocedure),
		  'vin, shape integer, region text DEFAULT ''auto''::text', 'vin_mask region defaults to auto');
SELECT ok(p.prokind = 'a' AND p.proparallel = 's' AND p.prorettype = 'vin'::regtype
		  AND a.aggtransfn = 'vin_sole_transfn(vin, vin)'::regprocedure
		  AND a.aggcombinefn = 'vin_sole_transfn(vin, vin)'::regprocedure
		  AND a.aggfinalfn = 'vin_sole_finalfn(vin)'::regprocedure
		  AND a.aggtranstype = 'vin'::regtype
		  AND obj_description(p.oid, 'pg_proc') IS NOT NULL,
		  'vin_sole(vin) is a PARALLEL SAFE aggregate with a combine function and a comment')
FROM pg_proc p JOIN pg_aggregate a ON a.aggfnoid = p.oid
WHERE p.oid = 'vin_sole(vin)'::regprocedure;
SELECT ok(p.provolatile = 'i' AND NOT p.proisstrict AND p.proparallel = 's'
		  AND obj_description(p.oid, 'pg_proc') IS NOT NULL,
		  'vin_sole_finalfn is IMMUTABLE, not STRICT (NULL state), PARALLEL SAFE, commented')
FROM pg_proc p WHERE p.oid = 'vin_sole_finalfn(vin)'::regprocedure;
SELECT throws_ok($$SELECT vin_sole_transfn('LSJA24U62JG269225', 'LSJA24U62JG269225')$$, '0A000',
				 'vin_sole_transfn() can only be called by the aggregate vin_sole',
				 'vin_sole_transfn outside the aggregate raises 0A000');
SELECT throws_ok($$SELECT vin_mask('LSJA24U62JG269225', -1)$$, '22023',
				 'invalid VIN mask shape -1', 'a shape out of range raises 22023');

-- the policy error
SELECT throws_ok($$SELECT vin_is_valid('1M8GDM9AXKP042788', 'eu')$$, '22023',
				 'unrecognized VIN region policy "eu"', 'unknown policy raises 22023');

SELECT * FROM finish();
ROLLBACK;
