-- resale_summary text and binary I/O: canonical form, round trips, and
-- every malformed or inconsistent input rejected with its own error.
SET TimeZone = 'UTC';
\set SHOW_CONTEXT never

-- canonical text: sellers escaped, odometers shortest-exact, list sorted
-- and merged per timestamp (here built from unsorted rows)
CREATE TABLE rs_io AS
SELECT resale_agg(k, t, km, s) AS s
FROM (VALUES ('listing'::vehicle_event, '2025-01-03'::timestamptz, 0.1::float8, 'q"u\o'),
			 ('transfer', '2025-01-01', 1e-300, NULL),
			 ('listing', '2025-01-02', NULL, ''),
			 ('export', '2025-01-01', 1e-300, 'z'),
			 ('listing', '2025-01-01', 123456789.123, 'a'),
			 ('insurance', '-infinity', NULL, NULL)) v(k, t, km, s);
SELECT s FROM rs_io;
SELECT s::text::resale_summary::text = s::text AS text_round_trip FROM rs_io;
SELECT resale_odometer_km(s) = 1e-300 AS exact_odometer FROM rs_io;

-- binary: send/recv through COPY (FORMAT binary), in a file per backend
CREATE TEMP TABLE rs_bin_in (b bytea);
CREATE TEMP TABLE rs_bin_out (s resale_summary);
CREATE FUNCTION pg_temp.from_binary(b bytea) RETURNS resale_summary
LANGUAGE plpgsql AS $$
DECLARE
	f text := '/tmp/zeromile_resale_io_' || pg_backend_pid() || '.bin';
	r resale_summary;
BEGIN
	TRUNCATE rs_bin_in, rs_bin_out;
	INSERT INTO rs_bin_in VALUES (b);
	EXECUTE format('COPY rs_bin_in TO %L (FORMAT binary)', f);
	EXECUTE format('COPY rs_bin_out FROM %L (FORMAT binary)', f);
	SELECT s INTO r FROM rs_bin_out;
	RETURN r;
END
$$;

SELECT encode(resale_summary_send(s), 'hex') FROM rs_io;
SELECT pg_temp.from_binary(resale_summary_send(s))::text = s::text AS binary_round_trip
FROM rs_io;

-- whole-table binary COPY round trip
DO $$
DECLARE
	f text := '/tmp/zeromile_resale_io_' || pg_backend_pid() || '.copy';
BEGIN
	CREATE TEMP TABLE rs_copy_src AS
		SELECT g, resale_agg(k, timestamptz '2025-01-01' + (i % 7) * interval '1 day',
							 nullif(i % 5, 0) * 10.5, nullif('s' || i % 4, 's0')) AS s
		FROM generate_series(1, 300) g, generate_series(1, 6) i,
			 LATERAL (SELECT (enum_range(NULL::vehicle_event))[1 + (g * i) % 5] AS k) kk
		GROUP BY g;
	CREATE TEMP TABLE rs_copy_dst (LIKE rs_copy_src);
	EXECUTE format('COPY rs_copy_src TO %L (FORMAT binary)', f);
	EXECUTE format('COPY rs_copy_dst FROM %L (FORMAT binary)', f);
END
$$;
SELECT count(*) AS rows, count(*) FILTER (WHERE a.s::text = b.s::text) AS equal
FROM rs_copy_src a JOIN rs_copy_dst b USING (g);

-- text syntax errors (22P02)
SELECT ''::resale_summary;
SELECT 'registrations=x'::resale_summary;
SELECT 'registrations=1;registered_at=yesterday'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[1/-5/listing/null*1]'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[1/null/registration/null*1]'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[1/null/listing/seller*1]'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[1/null/listing/"a\b"*1]'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[1/null/listing/"open'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[1/null/listing/null*1'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=1;after=0;first=null;known=null;before=[] '::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=1;after=0;first=null;known=null;before=[]'::resale_summary AS insured_only;
-- out of range: counts (22003), timestamps (22008), odometers (22003)
SELECT 'registrations=9223372036854775808'::resale_summary;
SELECT 'registrations=1;registered_at=-9223372036854775809'::resale_summary;
SELECT 'registrations=1;registered_at=-210866803200000001'::resale_summary;
SELECT 'registrations=1;registered_at=-210866803200000000;insured_at=9223372036854775807;after=0;first=null;known=null;before=[]'::resale_summary AS extreme_timestamps;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[1/1e999/listing/null*1]'::resale_summary;
-- inconsistent summaries: bad input (22P02), not a constraint violation
SELECT 'registrations=0;registered_at=5;insured_at=null;after=0;first=null;known=null;before=[]'::resale_summary;
SELECT 'registrations=2;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[]'::resale_summary;
SELECT 'registrations=1;registered_at=5;insured_at=null;after=1;first=null;known=null;before=[]'::resale_summary;
SELECT 'registrations=1;registered_at=5;insured_at=null;after=0;first=9/null/listing/null;known=null;before=[]'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=1;first=9/null/listing/null;known=null;before=[]'::resale_summary;
SELECT 'registrations=1;registered_at=5;insured_at=null;after=0;first=null;known=9/1;before=[]'::resale_summary;
SELECT 'registrations=1;registered_at=5;insured_at=null;after=1;first=4/null/listing/null;known=null;before=[]'::resale_summary;
SELECT 'registrations=1;registered_at=5;insured_at=null;after=1;first=9/1/listing/null;known=null;before=[]'::resale_summary;
SELECT 'registrations=1;registered_at=5;insured_at=null;after=2;first=9/1/listing/null;known=9/2;before=[]'::resale_summary;
SELECT 'registrations=1;registered_at=5;insured_at=null;after=2;first=9/null/listing/null;known=9/2;before=[]'::resale_summary;
SELECT 'registrations=1;registered_at=5;insured_at=null;after=1;first=9/null/listing/null;known=10/2;before=[]'::resale_summary;
SELECT 'registrations=1;registered_at=5;insured_at=null;after=2;first=9/null/listing/null;known=10/2;before=[]'::resale_summary AS valid_unknown_first;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[1/null/listing/null*0]'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[2/null/listing/null*1,1/null/listing/null*1]'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[1/null/listing/null*1,1/null/export/null*1]'::resale_summary;
SELECT 'registrations=1;registered_at=5;insured_at=null;after=0;first=null;known=null;before=[5/null/listing/null*1]'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[1/null/listing/null*9223372036854775807,2/null/listing/null*1]'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[]'::resale_summary;

-- binary errors (22P03), each from a valid message with one defect; the
-- base is registrations=1, insured, one first resale with odometer and
-- seller, a known reading, and one before entry
CREATE TABLE rs_bin AS
SELECT resale_summary_send('registrations=1;registered_at=100;insured_at=50;after=3;first=200/7.5/listing/"ab";known=200/7.5;before=[10/null/export/null*2]') AS b;
SELECT encode(b, 'hex') FROM rs_bin;
SELECT pg_temp.from_binary(b) FROM rs_bin;
-- offsets: 0 version, 1 flags, 2 registrations, 10 registered_at,
-- 18 insured_at, 26 after, 34 first.at, 42 kind, 43 has_odometer,
-- 44 odometer, 52 seller length, 56 seller, 58 known_at, 66 known_km,
-- 74 n_before, 78 entry.at, 86 kind, 87 has_odometer, 88 seller length,
-- 92 count, 100 end
SELECT pg_temp.from_binary(set_byte(b, 0, 3)) FROM rs_bin;
SELECT pg_temp.from_binary(set_byte(b, 1, 47)) FROM rs_bin;
SELECT pg_temp.from_binary(substr(b, 1, 30)) FROM rs_bin;
SELECT pg_temp.from_binary(b || '\x00'::bytea) FROM rs_bin;
SELECT pg_temp.from_binary(overlay(b PLACING '\x7ffffffffffffffe'::bytea FROM 11)) FROM rs_bin;
SELECT pg_temp.from_binary(set_byte(b, 42, 1)) FROM rs_bin;
SELECT pg_temp.from_binary(set_byte(b, 43, 2)) FROM rs_bin;
SELECT pg_temp.from_binary(overlay(b PLACING float8send(-1) FROM 45)) FROM rs_bin;
SELECT pg_temp.from_binary(overlay(b PLACING float8send('NaN') FROM 45)) FROM rs_bin;
SELECT pg_temp.from_binary(overlay(b PLACING float8send('Infinity') FROM 67)) FROM rs_bin;
SELECT pg_temp.from_binary(overlay(b PLACING int4send(-2) FROM 53)) FROM rs_bin;
SELECT pg_temp.from_binary(overlay(b PLACING '\x0000'::bytea FROM 57)) FROM rs_bin;
SELECT pg_temp.from_binary(overlay(b PLACING '\xc328'::bytea FROM 57)) FROM rs_bin;
SELECT pg_temp.from_binary(overlay(b PLACING int4send(-1) FROM 75)) FROM rs_bin;
SELECT pg_temp.from_binary(overlay(b PLACING int4send(5) FROM 75)) FROM rs_bin;
-- well-formed but inconsistent binary input is bad input too (22P03)
SELECT pg_temp.from_binary(overlay(b PLACING int8send(-1) FROM 3)) FROM rs_bin;
SELECT pg_temp.from_binary(overlay(b PLACING int8send(0) FROM 93)) FROM rs_bin;
SELECT pg_temp.from_binary(overlay(b PLACING int8send(0) FROM 27)) FROM rs_bin;
-- -0 readings are read as 0
SELECT pg_temp.from_binary(overlay(overlay(b PLACING float8send('-0') FROM 45)
								   PLACING float8send('-0') FROM 67)) FROM rs_bin;

-- count overflow when merging (22003)
SELECT resale_summary_merge('registrations=9223372036854775807;registered_at=0;insured_at=null;after=0;first=null;known=null;before=[]',
							'registrations=1;registered_at=0;insured_at=null;after=0;first=null;known=null;before=[]');
SELECT resale_summary_merge('registrations=1;registered_at=0;insured_at=null;after=9223372036854775807;first=1/null/listing/null;known=null;before=[]',
							'registrations=1;registered_at=0;insured_at=null;after=1;first=1/null/listing/null;known=null;before=[]');
SELECT resale_summary_merge('registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[1/null/listing/null*9223372036854775807]',
							'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[2/null/listing/null*1]');

-- Numbers are read only in the grammar the output uses (22P02 otherwise):
-- integers 0|-?[1-9][0-9]* (no sign on counts), readings
-- (0|[1-9][0-9]*)(.[0-9]+)?(e[+-]?[0-9]+)?; the detail quotes the number.
SELECT 'registrations=007'::resale_summary;
SELECT 'registrations=+1'::resale_summary;
SELECT 'registrations=1;registered_at=-0'::resale_summary;
SELECT 'registrations=1;registered_at=-05'::resale_summary;
SELECT 'registrations=1;registered_at=0x10'::resale_summary;
SELECT 'registrations=1;registered_at=1e3'::resale_summary;
SELECT 'registrations=1_000'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[0/0x10/listing/null*1]'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[0/007/listing/null*1]'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[0/1./listing/null*1]'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[0/.5/listing/null*1]'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[0/1E5/listing/null*1]'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[0/1e/listing/null*1]'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[0/1e+-5/listing/null*1]'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[0/inf/listing/null*1]'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[0/NaN/listing/null*1]'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[0/null/listing/null*1e2]'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[0/null/listing/null*01]'::resale_summary;
-- readings that round to 0 or to infinity are out of range (22003)
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[0/1e-400/listing/null*1]'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[0/1e+400/listing/null*1]'::resale_summary;
-- what the grammar accepts: the output's forms, and other plain decimals
-- (non-shortest ones print back in shortest form)
SELECT t::resale_summary::text = t AS output_forms_round_trip
FROM (VALUES ('registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[-1/0/listing/null*1,0/5e-324/listing/null*2,1/1.7976931348623157e+308/export/null*3,2/1e-05/transfer/null*4,3/1e+22/listing/null*5,4/123456789.123/listing/null*6]')) v(t);
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[0/1.50/listing/null*1,1/1e5/listing/null*1,2/0.000e0/listing/null*1,3/12e-1/listing/null*1]'::resale_summary AS other_decimals;

-- the input echoed in a syntax error is clipped to 100 bytes, on a
-- character boundary (here 'é' takes bytes 100-101, so 99 are kept)
SELECT ('registrations=1;registered_at=0;insured_at=null;after=1;first=0/null/listing/"x' || repeat('é', 40))::resale_summary;
SELECT ('registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[' || string_agg(i || '/null/listing/null*1', ',') || ',x]')::resale_summary
FROM generate_series(1, 2000) i;

-- SQLSTATEs of the input errors above, one of each kind
\set VERBOSITY sqlstate
SELECT 'registrations=2;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[]'::resale_summary;
SELECT pg_temp.from_binary(overlay(b PLACING int8send(0) FROM 93)) FROM rs_bin;
SELECT 'registrations=007'::resale_summary;
SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[0/1e-400/listing/null*1]'::resale_summary;
\set VERBOSITY default

DROP TABLE rs_io, rs_bin;
