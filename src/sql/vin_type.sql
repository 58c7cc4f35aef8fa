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
