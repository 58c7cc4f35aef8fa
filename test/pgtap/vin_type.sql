-- The catalogue contract of the vin type: the type, its casts and their
-- contexts, operators, operator classes, and every function's volatility,
-- strictness and parallel safety.
BEGIN;
SELECT plan(44);

SELECT has_type('vin');
SELECT is((SELECT typlen FROM pg_type WHERE oid = 'vin'::regtype), 12::smallint,
	'vin is fixed-length, 12 bytes');
SELECT is((SELECT typcategory FROM pg_type WHERE oid = 'vin'::regtype), 'S'::"char",
	'vin is in the string category');
SELECT is((SELECT typbyval FROM pg_type WHERE oid = 'vin'::regtype), false,
	'vin is passed by reference');
SELECT is((SELECT typreceive::text <> '-' AND typsend::text <> '-' FROM pg_type WHERE oid = 'vin'::regtype),
	true, 'vin has binary send and receive');

-- Casts and their contexts
SELECT has_cast('text', 'vin', 'vin', 'cast text -> vin');
SELECT cast_context_is('text', 'vin', 'assignment');
SELECT cast_context_is('character varying', 'vin', 'assignment');
SELECT cast_context_is('vin', 'text', 'implicit');
SELECT cast_context_is('vin', 'character varying', 'implicit');
SELECT hasnt_cast('vin', 'character', 'no cast vin -> char(n)');

-- Operators
SELECT has_operator('vin', '=', 'vin', 'boolean');
SELECT has_operator('vin', '<>', 'vin', 'boolean');
SELECT has_operator('vin', '<', 'vin', 'boolean');
SELECT has_operator('vin', '<=', 'vin', 'boolean');
SELECT has_operator('vin', '>', 'vin', 'boolean');
SELECT has_operator('vin', '>=', 'vin', 'boolean');
SELECT has_operator('vin', '=', 'text', 'boolean');
SELECT has_operator('text', '=', 'vin', 'boolean');
SELECT has_operator('text', '#=#', 'text', 'boolean');
SELECT is((SELECT oprcanhash AND oprcanmerge FROM pg_operator
	WHERE oprname = '=' AND oprleft = 'vin'::regtype AND oprright = 'vin'::regtype),
	true, 'vin = vin can hash and merge');

-- Operator classes: the defaults, valid, with sortsupport and equalimage
SELECT has_opclass('vin_ops');
SELECT has_opclass('vin_hash_ops');
SELECT is((SELECT opcdefault FROM pg_opclass WHERE opcname = 'vin_ops'), true,
	'vin_ops is the default btree opclass');
SELECT is((SELECT opcdefault FROM pg_opclass WHERE opcname = 'vin_hash_ops'), true,
	'vin_hash_ops is the default hash opclass');
SELECT is((SELECT bool_and(amvalidate(oid)) FROM pg_opclass WHERE opcintype = 'vin'::regtype),
	true, 'both operator classes pass amvalidate');
SELECT set_eq($$
	SELECT amprocnum::int, amproc::regproc::text FROM pg_amproc p
	JOIN pg_opclass c ON c.opcfamily = p.amprocfamily
	WHERE c.opcname = 'vin_ops' AND amproclefttype = 'vin'::regtype AND amprocrighttype = 'vin'::regtype$$,
	$$VALUES (1, 'vin_cmp'), (2, 'vin_sortsupport'), (4, 'btequalimage')$$,
	'vin_ops support functions: comparison, sortsupport, equalimage');
SELECT set_eq($$
	SELECT amprocnum::int, amproc::regproc::text FROM pg_amproc p
	JOIN pg_opclass c ON c.opcfamily = p.amprocfamily
	WHERE c.opcname = 'vin_hash_ops'$$,
	$$VALUES (1, 'vin_hash'), (2, 'vin_hash_extended'),
	         (1, 'text_as_vin_hash'), (2, 'text_as_vin_hash_extended')$$,
	'vin_hash_ops support functions: standard and extended hash, for vin and for text');
SELECT is((SELECT count(*)::int FROM pg_amop o JOIN pg_opclass c ON c.opcfamily = o.amopfamily
	WHERE c.opcname = 'vin_hash_ops'), 4,
	'vin_hash_ops family: = for (vin,vin), (vin,text), (text,vin), (text,text)');
SELECT is((SELECT count(*)::int FROM pg_amop o JOIN pg_opclass c ON c.opcfamily = o.amopfamily
	WHERE c.opcname = 'vin_ops'), 20,
	'vin_ops family: 5 strategies for (vin,vin), (vin,text), (text,vin), (text,text)');
-- The hash opclass's = is the btree opclass's = (Citus needs both)
SELECT is((SELECT h.amopopr = b.amopopr FROM pg_amop h, pg_amop b
	WHERE h.amopfamily = (SELECT opcfamily FROM pg_opclass WHERE opcname = 'vin_hash_ops')
	  AND h.amoplefttype = 'vin'::regtype AND h.amoprighttype = 'vin'::regtype
	  AND b.amopfamily = (SELECT opcfamily FROM pg_opclass WHERE opcname = 'vin_ops')
	  AND b.amopstrategy = 3 AND b.amoplefttype = 'vin'::regtype AND b.amoprighttype = 'vin'::regtype),
	true, 'hash and btree opclasses share the = operator');

-- Every function of the type: immutable, strict, parallel safe
SELECT is(
	(SELECT count(*)::int FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid
	 JOIN pg_extension e ON e.oid = d.refobjid
	 WHERE e.extname = 'zeromile' AND d.deptype = 'e'
	   AND p.proname ~ '^(vin_(in|out|recv|send|eq|ne|lt|le|gt|ge|cmp|sortsupport|hash|hash_extended|text_(eq|ne|lt|le|gt|ge|cmp))|text_vin_(eq|ne|lt|le|gt|ge|cmp)|text_as_vin_(eq|ne|lt|le|gt|ge|cmp|hash|hash_extended)|vin|text)$'
	   AND NOT (p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's')),
	0, 'type functions are immutable, strict and parallel safe');
SELECT volatility_is('vin_in', ARRAY['cstring'], 'immutable');
SELECT volatility_is('vin', ARRAY['text'], 'immutable');
SELECT volatility_is('text', ARRAY['vin'], 'immutable');
SELECT is_strict('vin_in', ARRAY['cstring']);
SELECT is_strict('vin_recv', ARRAY['internal']);
SELECT is_strict('vin_cmp', ARRAY['vin', 'vin']);
SELECT is((SELECT proparallel FROM pg_proc WHERE oid = 'vin_hash(vin)'::regprocedure), 's'::"char",
	'vin_hash is parallel safe');
SELECT is((SELECT proparallel FROM pg_proc WHERE oid = 'vin_text_cmp(vin,text)'::regprocedure), 's'::"char",
	'vin_text_cmp is parallel safe');
SELECT is((SELECT proleakproof FROM pg_proc WHERE oid = 'vin_eq(vin,vin)'::regprocedure), true,
	'vin_eq is leakproof, so it can be used through security barrier views');

-- Every object the type brings has a comment
SELECT is(
	(SELECT count(*)::int FROM pg_depend d
	 WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'zeromile')
	   AND d.deptype = 'e'
	   AND d.classid IN ('pg_proc'::regclass, 'pg_type'::regclass, 'pg_operator'::regclass,
	                     'pg_opclass'::regclass, 'pg_opfamily'::regclass, 'pg_cast'::regclass)
	   AND obj_description(d.objid, d.classid::regclass::name) IS NULL
	   -- array types and table rowtypes have no comments of their own (and
	   -- are listed as members on newer servers, 18 at least, not on 15)
	   AND NOT (d.classid = 'pg_type'::regclass AND d.objid IN (SELECT typarray FROM pg_type))
	   AND NOT (d.classid = 'pg_type'::regclass AND d.objid IN (SELECT reltype FROM pg_class))),
	0, 'every function, type, operator, operator class, family and cast has a comment');

-- The extension's script obeys the security rules
SELECT is((SELECT count(*)::int FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid
	JOIN pg_extension e ON e.oid = d.refobjid
	WHERE e.extname = 'zeromile' AND d.deptype = 'e' AND p.prosecdef), 0,
	'no SECURITY DEFINER functions');
SELECT is((SELECT extrelocatable FROM pg_extension WHERE extname = 'zeromile'), false,
	'the extension is not relocatable');

SELECT * FROM finish();
ROLLBACK;
