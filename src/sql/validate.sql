
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
COMMENT ON FUNCTION vin_problems(text, text) IS 'every problem of a text VIN under a region policy, one row each (position, code, message); no rows when valid; a run of mask characters (*, and in a UTF8 database full-width U+FF0A, U+00D7, U+25CF and others) is one masked row at its first position; in a UTF8 database full-width characters, Unicode spaces, invisible characters and separators each have a code of their own';
COMMENT ON FUNCTION vin_normalize(text) IS 'upper case, whitespace and the separators - . _ / removed; in a UTF8 database also full-width characters read as ASCII and Unicode spaces, invisible characters and separators removed; no letter substitution';
COMMENT ON FUNCTION vin_repair(text, text) IS 'the normalized text (full-width characters and Unicode spaces, invisible characters and separators folded in a UTF8 database) with I read as 1 and O, Q as 0, if that is valid under the region policy; else NULL';
COMMENT ON FUNCTION vin_with_check_digit(text) IS 'a well-formed VIN with position 9 set to its check character; NULL unless well formed';
