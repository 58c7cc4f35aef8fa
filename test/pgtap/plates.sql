-- Catalogue contract of the plate functions (issue 13, part 4): the fixed
-- names and signatures, return types, IMMUTABLE STRICT PARALLEL SAFE,
-- comments, and the result columns of cn_plate_problems.
BEGIN;
SELECT plan(35);

CREATE TEMP TABLE expected_plate_fn (name text, rettype text, retset boolean) ON COMMIT DROP;
INSERT INTO expected_plate_fn VALUES
	('cn_plate_normalize', 'text', false),
	('cn_plate_is_valid', 'boolean', false),
	('cn_plate_problems', 'setof record', true),
	('cn_plate_province', 'text', false),
	('cn_plate_province_abbr', 'text', false),
	('cn_plate_authority', 'text', false),
	('cn_plate_kind', 'text', false),
	('cn_plate_energy', 'text', false);

SELECT has_function(name, ARRAY['text'], name || '(text) exists') FROM expected_plate_fn;
SELECT function_returns(name, ARRAY['text'], rettype) FROM expected_plate_fn;
SELECT ok(p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's' AND p.proretset = e.retset,
		  e.name || ' is IMMUTABLE, STRICT and PARALLEL SAFE')
FROM expected_plate_fn e JOIN pg_proc p ON p.proname = e.name
	 AND p.pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'zeromile');
SELECT ok(obj_description(p.oid, 'pg_proc') IS NOT NULL, e.name || ' has a comment')
FROM expected_plate_fn e JOIN pg_proc p ON p.proname = e.name
	 AND p.pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'zeromile');
SELECT is(pg_get_function_result('cn_plate_problems(text)'::regprocedure),
		  'TABLE("position" integer, code text, message text)', 'cn_plate_problems columns');
-- the contested choices are named in the comments (doc/plates.md)
SELECT ok(obj_description('cn_plate_is_valid(text)'::regprocedure, 'pg_proc') ~ 'expansion letters',
		  'cn_plate_is_valid comment names the expansion-letter choice');
SELECT ok(obj_description('cn_plate_kind(text)'::regprocedure, 'pg_proc') ~ 'chosen layout',
		  'cn_plate_kind comment names the consulate choice');

SELECT * FROM finish();
ROLLBACK;
