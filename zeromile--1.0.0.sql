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
COMMENT ON FUNCTION vin_problems(text, text) IS 'every problem of a text VIN under a region policy, one row each (position, code, message); no rows when valid';
COMMENT ON FUNCTION vin_normalize(text) IS 'upper case, whitespace and the separators - . _ / removed; no letter substitution';
COMMENT ON FUNCTION vin_repair(text, text) IS 'the normalized text with I read as 1 and O, Q as 0, if that is valid under the region policy; else NULL';
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

CREATE TABLE wmi_registry (
	wmi text PRIMARY KEY
		CONSTRAINT wmi_registry_wmi_check
		CHECK (wmi ~ '^[0-9A-HJ-NPR-Z]{2}([0-8A-HJ-NPR-Z]|9[0-9A-HJ-NPR-Z]{3})$'),
	manufacturer text NOT NULL,
	country text,
	source text,
	shipped boolean NOT NULL DEFAULT false
);

COMMENT ON TABLE wmi_registry IS 'world manufacturer identifiers and their owners, read by vin_manufacturer; add your own rows with INSERT (they survive pg_dump)';
COMMENT ON COLUMN wmi_registry.wmi IS 'upper-case WMI as vin_wmi returns it: 3 characters, or 6 when the third is 9 (small manufacturer: positions 1-3 and 12-14)';
COMMENT ON COLUMN wmi_registry.manufacturer IS 'the WMI''s owner';
COMMENT ON COLUMN wmi_registry.country IS 'country where the owner is registered (not always where the car was assembled)';
COMMENT ON COLUMN wmi_registry.source IS 'where the row comes from (public sources that confirm it)';
COMMENT ON COLUMN wmi_registry.shipped IS 'true for rows shipped with zeromile (not dumped, re-created by CREATE EXTENSION); leave false for your own';

CREATE FUNCTION vin_wmi_registry_guard() RETURNS trigger
	AS 'MODULE_PATHNAME' LANGUAGE C;
COMMENT ON FUNCTION vin_wmi_registry_guard() IS 'trigger of wmi_registry: shipped rows are changed only by the extension''s scripts';

CREATE TRIGGER wmi_registry_guard
	BEFORE INSERT OR UPDATE OR DELETE ON wmi_registry
	FOR EACH ROW EXECUTE FUNCTION vin_wmi_registry_guard();
CREATE TRIGGER wmi_registry_guard_truncate
	BEFORE TRUNCATE ON wmi_registry
	FOR EACH STATEMENT EXECUTE FUNCTION vin_wmi_registry_guard();

COMMENT ON TRIGGER wmi_registry_guard ON wmi_registry IS 'refuses changes to shipped rows and user rows marked shipped (they would be lost on restore)';
COMMENT ON TRIGGER wmi_registry_guard_truncate ON wmi_registry IS 'refuses TRUNCATE, which would remove the shipped rows';
COMMENT ON CONSTRAINT wmi_registry_pkey ON wmi_registry IS 'one owner per WMI';
COMMENT ON CONSTRAINT wmi_registry_wmi_check ON wmi_registry IS 'a WMI is 3 upper-case VIN characters, or 6 when the third is 9 (small manufacturer)';

SELECT pg_catalog.pg_extension_config_dump('wmi_registry', 'WHERE NOT shipped');

-- BEGIN shipped WMI rows (generated by data/wmi-to-sql.sh from data/wmi.csv)
INSERT INTO wmi_registry (wmi, manufacturer, country, source, shipped) VALUES
	('LGX', 'BYD Auto', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LC0', 'BYD (buses)', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LGW', 'Great Wall Motor (incl. Haval)', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('L6T', 'Geely', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LSJ', 'SAIC MG', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py; dromara/hutool ValidatorTest (LSJA24U62JG269225)', true),
	('LSV', 'SAIC Volkswagen', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py; commaai/opendbc opendbc/car/volkswagen/values.py', true),
	('LSG', 'SAIC-GM', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LZW', 'SAIC-GM-Wuling', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LRB', 'SAIC-GM Buick', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LVV', 'Chery', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py; h3/python-libvin libvin/static.py', true),
	('LS5', 'Changan Suzuki', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LVS', 'Changan Ford', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py; h3/python-libvin libvin/static.py', true),
	('LVR', 'Changan Mazda', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LPA', 'Changan PSA (DS)', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LGB', 'Dongfeng Nissan', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LGJ', 'Dongfeng Fengshen', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LGH', 'Dongfeng Motor', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py; h3/python-libvin libvin/static.py', true),
	('LDC', 'Dongfeng Peugeot-Citroen', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py; dromara/hutool ValidatorTest (LDC613P23A1305189)', true),
	('LVH', 'Dongfeng Honda', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LJD', 'Dongfeng Yueda Kia', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LFV', 'FAW-Volkswagen (incl. Audi)', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py; commaai/opendbc opendbc/car/volkswagen/values.py', true),
	('LFP', 'FAW Car', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LFM', 'FAW Toyota', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LTV', 'FAW Toyota (Tianjin)', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LH1', 'FAW Haima', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LMG', 'GAC Trumpchi', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LVG', 'GAC Toyota', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LHG', 'GAC Honda', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LWV', 'GAC Fiat', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LE4', 'Beijing Benz', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LBV', 'BMW Brilliance', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py; dromara/hutool ValidatorTest (LBV5S3102ESJ25655)', true),
	('LSY', 'Brilliance Zhonghua', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LBE', 'Beijing Hyundai', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LRW', 'Tesla (Shanghai)', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py; cardog-ai/corgi community/wmi/tesla/LRW.yaml', true),
	('LYV', 'Volvo Cars (China)', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LJ1', 'JAC', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LZG', 'Shaanxi Automobile', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LZY', 'Yutong', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LKL', 'King Long', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LDY', 'Zhongtong', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('1G1', 'Chevrolet', 'United States', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('1FA', 'Ford', 'United States', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('1FT', 'Ford (trucks)', 'United States', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('1HG', 'Honda', 'United States', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('4T1', 'Toyota', 'United States', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('5YJ', 'Tesla', 'United States', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('7SA', 'Tesla', 'United States', 'cardog-ai/corgi community/wmi/tesla', true),
	('XP7', 'Tesla (Berlin)', 'Germany', 'cardog-ai/corgi community/wmi/tesla', true),
	('JHM', 'Honda', 'Japan', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('JN1', 'Nissan', 'Japan', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('JM1', 'Mazda', 'Japan', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('KMH', 'Hyundai', 'South Korea', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('KNA', 'Kia', 'South Korea', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('WBA', 'BMW', 'Germany', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('WDD', 'Mercedes-Benz', 'Germany', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('W1K', 'Mercedes-Benz', 'Germany', 'sunrise-php/vin issue 70', true),
	('WVW', 'Volkswagen', 'Germany', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('WAU', 'Audi', 'Germany', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('WP0', 'Porsche', 'Germany', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('VF1', 'Renault', 'France', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('VF3', 'Peugeot', 'France', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('VF7', 'Citroen', 'France', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('YV1', 'Volvo', 'Sweden', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('ZFA', 'Fiat', 'Italy', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('SAL', 'Land Rover', 'United Kingdom', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('TMB', 'Skoda', 'Czech Republic', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('XTA', 'AvtoVAZ (Lada)', 'Russia', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true);
-- END shipped WMI rows

--------------------------------------------------------------------------
-- Registry look-ups
--
-- SQL-standard bodies: parsed when the extension is created, so the table,
-- functions and operators below are bound then and no search_path at call
-- time can redirect them (the references are schema-qualified besides).
--------------------------------------------------------------------------

CREATE FUNCTION vin_manufacturer(v vin) RETURNS text
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	RETURN (SELECT r.manufacturer
			FROM @extschema@.wmi_registry r
			WHERE r.wmi OPERATOR(pg_catalog.=) @extschema@.vin_wmi(v));

COMMENT ON FUNCTION vin_manufacturer(vin) IS 'owner of the VIN''s WMI from wmi_registry; NULL when unknown';

CREATE FUNCTION vin_decode(v vin, as_of date,
						   OUT wmi text, OUT vds text, OUT vis text,
						   OUT plant text, OUT serial text,
						   OUT region text, OUT country text,
						   OUT manufacturer text,
						   OUT model_years integer[], OUT model_year integer,
						   OUT model_year_rule text)
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT @extschema@.vin_wmi(v), @extschema@.vin_vds(v),
		   @extschema@.vin_vis(v), @extschema@.vin_plant(v),
		   @extschema@.vin_serial(v), @extschema@.vin_region(v),
		   @extschema@.vin_country(v), @extschema@.vin_manufacturer(v),
		   @extschema@.vin_model_years(v),
		   @extschema@.vin_model_year(v, as_of),
		   @extschema@.vin_model_year_rule(v, as_of);
END;

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
	'Summarises a vehicle''s events, with the seller of each resale, for the registration-to-resale accessors';

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
