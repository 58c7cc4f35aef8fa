
--------------------------------------------------------------------------
-- Linking masked and truncated VINs (doc/linking.md)
--------------------------------------------------------------------------

CREATE FUNCTION vin_mask_pattern(text) RETURNS text
	AS 'MODULE_PATHNAME', 'vin_mask_pattern_text'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_mask_shape(text) RETURNS integer
	AS 'MODULE_PATHNAME', 'vin_mask_shape_text'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_mask(vin, shape integer, region text DEFAULT 'auto') RETURNS text
	AS 'MODULE_PATHNAME', 'vin_mask_vin'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION vin_mask_pattern(text) IS 'a masked (*, and in a UTF8 database U+FF0A, U+00D7, U+25CF and others) or 16-character truncated VIN as 17 upper-case characters with * at the masked positions (position 9 for a dropped check digit, never computed); an unmasked VIN is itself; NULL for anything else';
COMMENT ON FUNCTION vin_mask_shape(text) IS 'the masked positions of a masked or truncated VIN as a bit mask (bit i - 1 for position i; 256 for a dropped check digit, 0 for none); NULL where vin_mask_pattern is NULL';
COMMENT ON FUNCTION vin_mask(vin, integer, text) IS 'the VIN with the positions of a shape (from vin_mask_shape) masked by *, to equal vin_mask_pattern of a listing it fits; NULL where the shape shows the check digit and the region policy (auto, strict or none) requires it and it does not match';

CREATE FUNCTION vin_sole_transfn(vin, vin) RETURNS vin
	AS 'MODULE_PATHNAME', 'vin_sole_transfn'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_sole_finalfn(vin) RETURNS vin
	AS 'MODULE_PATHNAME', 'vin_sole_finalfn'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE AGGREGATE vin_sole(vin) (
	SFUNC = vin_sole_transfn,
	STYPE = vin,
	FINALFUNC = vin_sole_finalfn,
	COMBINEFUNC = vin_sole_transfn,
	PARALLEL = SAFE
);

COMMENT ON FUNCTION vin_sole_transfn(vin, vin) IS 'transition and combine function of vin_sole (refuses to run outside it)';
COMMENT ON FUNCTION vin_sole_finalfn(vin) IS 'final function of vin_sole';
COMMENT ON AGGREGATE vin_sole(vin) IS 'the VIN when exactly one distinct non-NULL VIN is aggregated; NULL when none or several: "exactly one registered vehicle fits"';
