-- Helpers of the encodings suite (test/encodings/run.sh), in each database.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS zeromile;
DROP SCHEMA IF EXISTS enc CASCADE;
CREATE SCHEMA enc;
RESET client_min_messages;

-- One check: "ok - name", or "not ok - name" with both values.
CREATE FUNCTION enc.is(name text, got text, want text) RETURNS text
LANGUAGE sql AS $$
	SELECT CASE WHEN got IS NOT DISTINCT FROM want THEN 'ok - ' || name
		ELSE 'not ok - ' || name || E'\n  expected: ' || coalesce(want, 'NULL')
			|| E'\n  got:      ' || coalesce(got, 'NULL') END
$$;

-- Text from its bytes in the database encoding (verified, not converted:
-- characters Unicode lacks stay), and from UTF-8 bytes (converted).
CREATE FUNCTION enc.t(hex text) RETURNS text
LANGUAGE sql AS $$ SELECT convert_from(decode(hex, 'hex'), getdatabaseencoding()) $$;
CREATE FUNCTION enc.u(hex text) RETURNS text
LANGUAGE sql AS $$ SELECT convert_from(decode(hex, 'hex'), 'UTF8') $$;

-- cn_plate_problems as "position:code,..." in its own order (- for NULL)
CREATE FUNCTION enc.problems(p text) RETURNS text
LANGUAGE sql AS $$
	SELECT coalesce(string_agg(coalesce(position::text, '-') || ':' || code, ',' ORDER BY n), '')
	FROM cn_plate_problems(p) WITH ORDINALITY AS r(position, code, message, n)
$$;
CREATE FUNCTION enc.message(p text, problem text) RETURNS text
LANGUAGE sql AS $$ SELECT min(message) FROM cn_plate_problems(p) WHERE code = problem $$;
CREATE FUNCTION enc.messages(p text) RETURNS text
LANGUAGE sql AS $$
	SELECT string_agg(message, ' | ' ORDER BY n)
	FROM cn_plate_problems(p) WITH ORDINALITY AS r(position, code, message, n)
$$;

-- Every function's answer on p, as one line
CREATE FUNCTION enc.facts(p text) RETURNS text
LANGUAGE sql AS $$
	SELECT concat_ws('/', cn_plate_is_valid(p)::text, coalesce(cn_plate_normalize(p), 'NULL'),
		coalesce(cn_plate_kind(p), 'NULL'), coalesce(cn_plate_province(p), 'NULL'),
		coalesce(cn_plate_province_abbr(p), 'NULL'), coalesce(cn_plate_authority(p), 'NULL'),
		coalesce(cn_plate_energy(p), 'NULL'))
$$;

-- vin_problems as "position:code,..." in its own order (- for NULL)
CREATE FUNCTION enc.vin_problems(v text) RETURNS text
LANGUAGE sql AS $$
	SELECT coalesce(string_agg(coalesce(position::text, '-') || ':' || code, ',' ORDER BY n), '')
	FROM vin_problems(v) WITH ORDINALITY AS r(position, code, message, n)
$$;
