
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
