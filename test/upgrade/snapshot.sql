-- Catalogue snapshot of the zeromile extension (test/upgrade/run.sh): one line
-- per fact, "kind|object|fact", sorted, about every member of the
-- extension and what hangs off the members (array and row types, columns,
-- constraints, indexes, triggers, rules, policies, operator family
-- entries).  Objects are named by pg_identify_object, never by OID, and
-- roles by their part (<extowner>, <bootstrap>, <dbowner>, PUBLIC), so the
-- snapshots of two databases compare with diff.  User objects that merely
-- use the extension (tables with vin columns) are left out.
--
-- Run as a superuser.  Writes nothing but temporary functions.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
-- Everything outside pg_catalog prints schema-qualified.
SET search_path = pg_catalog;
SET lc_messages = 'C';
SET extra_float_digits = 0;

-- A role by its part, so that databases with different owners compare.
CREATE FUNCTION pg_temp.zm_role(r oid) RETURNS text LANGUAGE sql STABLE AS $$
	SELECT CASE
		WHEN r = 0 THEN 'PUBLIC'
		WHEN r = (SELECT extowner FROM pg_extension WHERE extname = 'zeromile') THEN '<extowner>'
		WHEN r = 10 THEN '<bootstrap>'
		WHEN r = (SELECT datdba FROM pg_database WHERE datname = current_database()) THEN '<dbowner>'
		ELSE coalesce((SELECT rolname FROM pg_roles WHERE oid = r), 'role ' || r)
	END
$$;

-- An ACL, one line per grantee, grantor and privilege; NULL (the built-in
-- default) is a fact of its own.
CREATE FUNCTION pg_temp.zm_acl(a aclitem[]) RETURNS SETOF text LANGUAGE sql STABLE AS $$
	SELECT 'default (NULL)' WHERE a IS NULL
	UNION ALL
	SELECT format('grantee=%s grantor=%s %s%s', pg_temp.zm_role(e.grantee),
				  pg_temp.zm_role(e.grantor), e.privilege_type,
				  CASE WHEN e.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
	FROM aclexplode(a) AS e
	UNION ALL
	SELECT 'empty' WHERE a = '{}'
$$;

-- Library paths differ between installations; the file name must not.
CREATE FUNCTION pg_temp.zm_lib(p text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT regexp_replace(p, '^.*/', '<libdir>/')
$$;

CREATE TEMP TABLE zm_obj AS
WITH RECURSIVE
ext AS (SELECT oid FROM pg_extension WHERE extname = 'zeromile'),
members AS (
	SELECT d.classid, d.objid
	FROM pg_depend d, ext
	WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid
	  AND d.deptype = 'e'
),
rels AS (SELECT objid AS oid FROM members WHERE classid = 'pg_class'::regclass),
basetypes AS (
	SELECT objid AS oid FROM members WHERE classid = 'pg_type'::regclass
	UNION
	SELECT reltype FROM pg_class WHERE oid IN (SELECT oid FROM rels) AND reltype <> 0
),
types AS (
	SELECT oid FROM basetypes
	UNION
	SELECT typarray FROM pg_type WHERE oid IN (SELECT oid FROM basetypes) AND typarray <> 0
),
families AS (
	SELECT objid AS oid FROM members WHERE classid = 'pg_opfamily'::regclass
	UNION
	SELECT opcfamily FROM pg_opclass
	WHERE oid IN (SELECT objid FROM members WHERE classid = 'pg_opclass'::regclass)
)
SELECT classid, objid FROM members
UNION SELECT 'pg_type'::regclass, oid FROM types
UNION SELECT 'pg_class'::regclass, indexrelid FROM pg_index WHERE indrelid IN (SELECT oid FROM rels)
UNION SELECT 'pg_constraint'::regclass, oid FROM pg_constraint
	WHERE conrelid IN (SELECT oid FROM rels) OR contypid IN (SELECT oid FROM types)
-- Internal triggers (foreign keys) carry OIDs in their names; their
-- constraints stand for them.
UNION SELECT 'pg_trigger'::regclass, oid FROM pg_trigger
	WHERE tgrelid IN (SELECT oid FROM rels) AND NOT tgisinternal
UNION SELECT 'pg_attrdef'::regclass, oid FROM pg_attrdef WHERE adrelid IN (SELECT oid FROM rels)
UNION SELECT 'pg_rewrite'::regclass, oid FROM pg_rewrite WHERE ev_class IN (SELECT oid FROM rels)
UNION SELECT 'pg_policy'::regclass, oid FROM pg_policy WHERE polrelid IN (SELECT oid FROM rels)
UNION SELECT 'pg_amop'::regclass, oid FROM pg_amop WHERE amopfamily IN (SELECT oid FROM families)
UNION SELECT 'pg_amproc'::regclass, oid FROM pg_amproc WHERE amprocfamily IN (SELECT oid FROM families);

ALTER TABLE zm_obj ADD COLUMN ident text;
UPDATE zm_obj o SET ident = (SELECT i.type || ' ' || i.identity
							FROM pg_identify_object(o.classid, o.objid, 0) AS i);
-- A TOAST table's name carries its table's OID.
DELETE FROM zm_obj o USING pg_class c
WHERE o.classid = 'pg_class'::regclass AND c.oid = o.objid AND c.relnamespace = 'pg_toast'::regnamespace;

CREATE TEMP TABLE zm_facts (kind text, obj text, fact text);

-- The extension itself.
INSERT INTO zm_facts
SELECT 'extension', e.extname,
	   format('version=%s relocatable=%s schema=%s owner=%s config=%s condition=%s',
			  e.extversion, e.extrelocatable, e.extnamespace::regnamespace,
			  pg_temp.zm_role(e.extowner),
			  (SELECT array_agg(c::regclass::text ORDER BY c::regclass::text) FROM unnest(e.extconfig) AS c),
			  e.extcondition)
FROM pg_extension e WHERE e.extname = 'zeromile';

-- Membership: which objects the extension owns ("member") and which hang
-- off them.
INSERT INTO zm_facts
SELECT CASE WHEN d.objid IS NULL THEN 'object' ELSE 'member' END, o.ident, ''
FROM zm_obj o
LEFT JOIN pg_depend d ON d.classid = o.classid AND d.objid = o.objid
	AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e';

-- Dependencies of every object above: what DROP, pg_dump and the planner
-- see (e.g. operator family entries bound to their class or loose).
INSERT INTO zm_facts
SELECT 'depends', o.ident,
	   format('%s %s', d.deptype, pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid))
FROM zm_obj o JOIN pg_depend d ON d.classid = o.classid AND d.objid = o.objid;

-- Owners.
INSERT INTO zm_facts
SELECT 'owner', o.ident, pg_temp.zm_role(x.owner)
FROM zm_obj o
JOIN (SELECT 'pg_proc'::regclass AS c, oid, proowner AS owner FROM pg_proc
	  UNION ALL SELECT 'pg_type'::regclass, oid, typowner FROM pg_type
	  UNION ALL SELECT 'pg_class'::regclass, oid, relowner FROM pg_class
	  UNION ALL SELECT 'pg_operator'::regclass, oid, oprowner FROM pg_operator
	  UNION ALL SELECT 'pg_opclass'::regclass, oid, opcowner FROM pg_opclass
	  UNION ALL SELECT 'pg_opfamily'::regclass, oid, opfowner FROM pg_opfamily
	  UNION ALL SELECT 'pg_namespace'::regclass, oid, nspowner FROM pg_namespace
	  UNION ALL SELECT 'pg_collation'::regclass, oid, collowner FROM pg_collation
	  UNION ALL SELECT 'pg_conversion'::regclass, oid, conowner FROM pg_conversion
	  UNION ALL SELECT 'pg_ts_config'::regclass, oid, cfgowner FROM pg_ts_config
	  UNION ALL SELECT 'pg_ts_dict'::regclass, oid, dictowner FROM pg_ts_dict
	  UNION ALL SELECT 'pg_event_trigger'::regclass, oid, evtowner FROM pg_event_trigger
	  UNION ALL SELECT 'pg_foreign_data_wrapper'::regclass, oid, fdwowner FROM pg_foreign_data_wrapper
	  UNION ALL SELECT 'pg_foreign_server'::regclass, oid, srvowner FROM pg_foreign_server) AS x
  ON x.c = o.classid AND x.oid = o.objid;

-- Privileges: the ACL of every object, of every column, and the initial
-- privileges pg_dump compares them with (pg_init_privs).
INSERT INTO zm_facts
SELECT 'acl', o.ident, a
FROM zm_obj o
JOIN (SELECT 'pg_proc'::regclass AS c, oid, proacl AS acl FROM pg_proc
	  UNION ALL SELECT 'pg_type'::regclass, oid, typacl FROM pg_type
	  UNION ALL SELECT 'pg_class'::regclass, oid, relacl FROM pg_class
	  UNION ALL SELECT 'pg_namespace'::regclass, oid, nspacl FROM pg_namespace
	  UNION ALL SELECT 'pg_language'::regclass, oid, lanacl FROM pg_language
	  UNION ALL SELECT 'pg_foreign_data_wrapper'::regclass, oid, fdwacl FROM pg_foreign_data_wrapper
	  UNION ALL SELECT 'pg_foreign_server'::regclass, oid, srvacl FROM pg_foreign_server) AS x
  ON x.c = o.classid AND x.oid = o.objid,
  LATERAL pg_temp.zm_acl(x.acl) AS a;
INSERT INTO zm_facts
SELECT 'acl', o.ident || ' column ' || quote_ident(a.attname), acl
FROM zm_obj o JOIN pg_attribute a ON o.classid = 'pg_class'::regclass AND a.attrelid = o.objid
	AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL,
	LATERAL pg_temp.zm_acl(a.attacl) AS acl;
INSERT INTO zm_facts
SELECT 'init privs', pg_describe_object(p.classoid, p.objoid, p.objsubid), p.privtype::text || ' ' || a
FROM pg_init_privs p
JOIN zm_obj o ON o.classid = p.classoid AND o.objid = p.objoid,
	LATERAL pg_temp.zm_acl(p.initprivs) AS a;

-- Comments and security labels, on the objects and on their columns.
INSERT INTO zm_facts
SELECT 'comment', pg_describe_object(d.classoid, d.objoid, d.objsubid), d.description
FROM pg_description d JOIN zm_obj o ON o.classid = d.classoid AND o.objid = d.objoid;
INSERT INTO zm_facts
SELECT 'seclabel', pg_describe_object(s.classoid, s.objoid, s.objsubid), s.provider || ': ' || s.label
FROM pg_seclabel s JOIN zm_obj o ON o.classid = s.classoid AND o.objid = s.objoid;

-- Functions, procedures and aggregates.
INSERT INTO zm_facts
SELECT 'function', o.ident, f
FROM zm_obj o JOIN pg_proc p ON o.classid = 'pg_proc'::regclass AND p.oid = o.objid,
LATERAL (VALUES
	('kind=' || p.prokind::text),
	('arguments=' || pg_get_function_arguments(p.oid)),
	('identity arguments=' || pg_get_function_identity_arguments(p.oid)),
	('result=' || coalesce(pg_get_function_result(p.oid), '-')),
	('returns set=' || p.proretset),
	('variadic=' || p.provariadic::regtype),
	('language=' || (SELECT lanname FROM pg_language WHERE oid = p.prolang)),
	('prosrc=' || p.prosrc),
	('probin=' || coalesce(pg_temp.zm_lib(p.probin), '-')),
	-- SQL-standard bodies, deparsed (prosqlbody holds OIDs)
	('sql body=' || coalesce(pg_get_function_sqlbody(p.oid), '-')),
	('volatility=' || p.provolatile::text),
	('strict=' || p.proisstrict),
	('parallel=' || p.proparallel::text),
	('security definer=' || p.prosecdef),
	('leakproof=' || p.proleakproof),
	('config=' || coalesce(p.proconfig::text, '-')),
	('cost=' || p.procost),
	('rows=' || p.prorows),
	('support=' || p.prosupport::regprocedure),
	('transforms=' || coalesce(p.protrftypes::regtype[]::text, '-'))
) AS v(f);

INSERT INTO zm_facts
SELECT 'aggregate', o.ident, f
FROM zm_obj o JOIN pg_aggregate a ON o.classid = 'pg_proc'::regclass AND a.aggfnoid = o.objid,
LATERAL (VALUES
	('kind=' || a.aggkind::text),
	('direct args=' || a.aggnumdirectargs),
	('sfunc=' || a.aggtransfn::regprocedure),
	('finalfunc=' || a.aggfinalfn::regprocedure),
	('combinefunc=' || a.aggcombinefn::regprocedure),
	('serialfunc=' || a.aggserialfn::regprocedure),
	('deserialfunc=' || a.aggdeserialfn::regprocedure),
	('msfunc=' || a.aggmtransfn::regprocedure),
	('minvfunc=' || a.aggminvtransfn::regprocedure),
	('mfinalfunc=' || a.aggmfinalfn::regprocedure),
	('finalfunc extra=' || a.aggfinalextra),
	('mfinalfunc extra=' || a.aggmfinalextra),
	('finalfunc modify=' || a.aggfinalmodify::text),
	('mfinalfunc modify=' || a.aggmfinalmodify::text),
	('sortop=' || a.aggsortop::regoperator),
	('stype=' || a.aggtranstype::regtype),
	('sspace=' || a.aggtransspace),
	('mstype=' || a.aggmtranstype::regtype),
	('msspace=' || a.aggmtransspace),
	('initcond=' || coalesce(a.agginitval, '(null)')),
	('minitcond=' || coalesce(a.aggminitval, '(null)'))
) AS v(f);

-- Types (with enum labels in order, and composite attributes below).
INSERT INTO zm_facts
SELECT 'type', o.ident, f
FROM zm_obj o JOIN pg_type t ON o.classid = 'pg_type'::regclass AND t.oid = o.objid,
LATERAL (VALUES
	('typtype=' || t.typtype::text),
	('len=' || t.typlen),
	('byval=' || t.typbyval),
	('align=' || t.typalign::text),
	('storage=' || t.typstorage::text),
	('category=' || t.typcategory::text),
	('preferred=' || t.typispreferred),
	('defined=' || t.typisdefined),
	('delim=' || t.typdelim::text),
	('relation=' || coalesce(t.typrelid::regclass::text, '-')),
	('subscript=' || t.typsubscript::regprocedure),
	('element=' || t.typelem::regtype),
	('array=' || t.typarray::regtype),
	('input=' || t.typinput::regprocedure),
	('output=' || t.typoutput::regprocedure),
	('receive=' || t.typreceive::regprocedure),
	('send=' || t.typsend::regprocedure),
	('typmod in=' || t.typmodin::regprocedure),
	('typmod out=' || t.typmodout::regprocedure),
	('analyze=' || t.typanalyze::regprocedure),
	('not null=' || t.typnotnull),
	('base type=' || t.typbasetype::regtype),
	('typmod=' || t.typtypmod),
	('ndims=' || t.typndims),
	('collation=' || coalesce((SELECT collname FROM pg_collation WHERE oid = t.typcollation), '-')),
	('default=' || coalesce(pg_get_expr(t.typdefaultbin, 0), t.typdefault, '(null)')),
	('enum labels=' || coalesce((SELECT string_agg(quote_literal(enumlabel), ', ' ORDER BY enumsortorder)
								 FROM pg_enum WHERE enumtypid = t.oid), '-'))
) AS v(f);

-- Operators.
INSERT INTO zm_facts
SELECT 'operator', o.ident, f
FROM zm_obj o JOIN pg_operator p ON o.classid = 'pg_operator'::regclass AND p.oid = o.objid,
LATERAL (VALUES
	('kind=' || p.oprkind::text),
	('left=' || p.oprleft::regtype),
	('right=' || p.oprright::regtype),
	('result=' || p.oprresult::regtype),
	('function=' || p.oprcode::regprocedure),
	('commutator=' || p.oprcom::regoperator),
	('negator=' || p.oprnegate::regoperator),
	('restrict=' || p.oprrest::regprocedure),
	('join=' || p.oprjoin::regprocedure),
	('merges=' || p.oprcanmerge),
	('hashes=' || p.oprcanhash)
) AS v(f);

-- Operator classes and families, and every family entry.
INSERT INTO zm_facts
SELECT 'opclass', o.ident,
	   format('method=%s family=%s input=%s default=%s storage=%s',
			  (SELECT amname FROM pg_am WHERE oid = c.opcmethod),
			  (SELECT identity FROM pg_identify_object('pg_opfamily'::regclass, c.opcfamily, 0)),
			  c.opcintype::regtype, c.opcdefault, c.opckeytype::regtype)
FROM zm_obj o JOIN pg_opclass c ON o.classid = 'pg_opclass'::regclass AND c.oid = o.objid;
INSERT INTO zm_facts
SELECT 'opfamily', o.ident, 'method=' || (SELECT amname FROM pg_am WHERE oid = f.opfmethod)
FROM zm_obj o JOIN pg_opfamily f ON o.classid = 'pg_opfamily'::regclass AND f.oid = o.objid;
INSERT INTO zm_facts
SELECT 'opfamily entry', o.ident,
	   format('types=(%s,%s) strategy=%s purpose=%s operator=%s sortfamily=%s',
			  a.amoplefttype::regtype, a.amoprighttype::regtype, a.amopstrategy,
			  a.amoppurpose, a.amopopr::regoperator,
			  coalesce((SELECT identity FROM pg_identify_object('pg_opfamily'::regclass, a.amopsortfamily, 0)), '-'))
FROM zm_obj o JOIN pg_amop a ON o.classid = 'pg_amop'::regclass AND a.oid = o.objid;
INSERT INTO zm_facts
SELECT 'opfamily entry', o.ident,
	   format('types=(%s,%s) number=%s function=%s',
			  p.amproclefttype::regtype, p.amprocrighttype::regtype, p.amprocnum,
			  p.amproc::regprocedure)
FROM zm_obj o JOIN pg_amproc p ON o.classid = 'pg_amproc'::regclass AND p.oid = o.objid;

-- Casts.
INSERT INTO zm_facts
SELECT 'cast', o.ident,
	   format('function=%s context=%s method=%s', c.castfunc::regprocedure, c.castcontext, c.castmethod)
FROM zm_obj o JOIN pg_cast c ON o.classid = 'pg_cast'::regclass AND c.oid = o.objid;

-- Relations: tables, views, sequences, indexes.
INSERT INTO zm_facts
SELECT 'relation', o.ident, f
FROM zm_obj o JOIN pg_class c ON o.classid = 'pg_class'::regclass AND c.oid = o.objid,
LATERAL (VALUES
	('kind=' || c.relkind::text),
	('persistence=' || c.relpersistence::text),
	('options=' || coalesce(c.reloptions::text, '-')),
	('has toast=' || (c.reltoastrelid <> 0)),
	('row security=' || c.relrowsecurity || ' forced=' || c.relforcerowsecurity),
	('replica identity=' || c.relreplident::text),
	('partitioned=' || c.relispartition),
	('access method=' || coalesce((SELECT amname FROM pg_am WHERE oid = c.relam), '-')),
	('view=' || CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) ELSE '-' END),
	('index=' || CASE WHEN c.relkind IN ('i', 'I') THEN pg_get_indexdef(c.oid) ELSE '-' END)
) AS v(f);
-- Columns by position among the live ones: a column dropped and added
-- again by an upgrade leaves a gap in attnum that a fresh install has not.
INSERT INTO zm_facts
SELECT 'column', o.ident || ' #' || row_number() OVER (PARTITION BY o.ident ORDER BY a.attnum),
	   format('%s %s not null=%s default=%s identity=%s generated=%s collation=%s storage=%s compression=%s stattarget=%s',
			  quote_ident(a.attname), format_type(a.atttypid, a.atttypmod), a.attnotnull,
			  coalesce(pg_get_expr(d.adbin, d.adrelid), '-'), a.attidentity, a.attgenerated,
			  coalesce((SELECT collname FROM pg_collation WHERE oid = a.attcollation), '-'),
			  a.attstorage, a.attcompression, coalesce(a.attstattarget::text, '-'))
FROM zm_obj o
JOIN pg_class c ON o.classid = 'pg_class'::regclass AND c.oid = o.objid AND c.relkind <> 'i'
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum;
INSERT INTO zm_facts
SELECT 'sequence', o.ident,
	   format('type=%s start=%s increment=%s min=%s max=%s cache=%s cycle=%s',
			  s.seqtypid::regtype, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle)
FROM zm_obj o JOIN pg_sequence s ON o.classid = 'pg_class'::regclass AND s.seqrelid = o.objid;
INSERT INTO zm_facts
SELECT 'constraint', o.ident,
	   format('type=%s def=%s deferrable=%s deferred=%s validated=%s no inherit=%s',
			  c.contype, pg_get_constraintdef(c.oid), c.condeferrable, c.condeferred,
			  c.convalidated, c.connoinherit)
FROM zm_obj o JOIN pg_constraint c ON o.classid = 'pg_constraint'::regclass AND c.oid = o.objid;
INSERT INTO zm_facts
SELECT 'trigger', o.ident, format('%s enabled=%s', pg_get_triggerdef(t.oid), t.tgenabled)
FROM zm_obj o JOIN pg_trigger t ON o.classid = 'pg_trigger'::regclass AND t.oid = o.objid;
INSERT INTO zm_facts
SELECT 'rule', o.ident, format('%s enabled=%s', pg_get_ruledef(r.oid), r.ev_enabled)
FROM zm_obj o JOIN pg_rewrite r ON o.classid = 'pg_rewrite'::regclass AND r.oid = o.objid;
INSERT INTO zm_facts
SELECT 'policy', o.ident,
	   format('cmd=%s permissive=%s roles=%s using=%s check=%s', p.polcmd, p.polpermissive,
			  (SELECT string_agg(pg_temp.zm_role(r), ',' ORDER BY pg_temp.zm_role(r)) FROM unnest(p.polroles) AS r),
			  pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid))
FROM zm_obj o JOIN pg_policy p ON o.classid = 'pg_policy'::regclass AND p.oid = o.objid;

-- The shipped rows of the WMI registry (user rows are the user's).
SELECT format('%I.wmi_registry', extnamespace::regnamespace) AS zm_wmi_registry
FROM pg_extension WHERE extname = 'zeromile' \gset
INSERT INTO zm_facts
SELECT 'shipped row', r.wmi, row_to_json(r)::text
FROM :zm_wmi_registry AS r WHERE r.shipped;

-- One line per fact: line breaks (SQL bodies, comments) become \n.
SELECT replace(kind || '|' || obj || '|' || fact, E'\n', '\n')
FROM zm_facts ORDER BY kind COLLATE "C", obj COLLATE "C", fact COLLATE "C";
