-- zm_user (LOGIN, no other attribute; USAGE on schema zm) calls every
-- function, operator and cast of zeromile, and the aggregates.
SET search_path = app, zm;
SET TimeZone = 'UTC';
SELECT rolsuper, rolcreatedb, pg_has_role('zm_owner', 'MEMBER') AS in_zm_owner
FROM pg_roles WHERE rolname = current_user;

-- The type: I/O functions called directly, and as casts.
SELECT vin_out(vin_in(' lsja24u62jg269225 ')) AS in_out,
	   vin_send('LSJA24U62JG269225') AS send,
	   vin('lsja24u62jg269225') AS vin_fn, text('LSJA24U62JG269225'::vin) AS text_fn;
SELECT 'LSJA24U62JGO69225'::vin;
-- Every cast of the extension, from the catalogue.
SELECT format('SELECT %L AS cast, CAST(%s AS %s)::text AS result',
			  format('%s -> %s', c.castsource::regtype, c.casttarget::regtype),
			  CASE c.castsource
				  WHEN 'vin'::regtype THEN $$'LSJA24U62JG269225'::vin$$
				  WHEN 'text'::regtype THEN $$' lsja24u62jg269225'::text$$
				  WHEN 'varchar'::regtype THEN $$'lsja24u62jg269225'::varchar$$
				  WHEN 'resale_summary'::regtype THEN $$resale_agg('registration', '2025-01-01 00:00+00', NULL)$$
				  ELSE format('no_sample_for_%s', c.castsource::regtype)
			  END,
			  c.casttarget::regtype)
FROM pg_cast c JOIN pg_depend d ON d.classid = 'pg_cast'::regclass AND d.objid = c.oid
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'zeromile')
ORDER BY c.castsource::regtype::text COLLATE "C", c.casttarget::regtype::text COLLATE "C" \gexec

-- Every operator of the extension, from the catalogue: a op a, a op b,
-- b op a with a = LSJA24U62JG269225 (as text: ' lsja24u62jg269225') and
-- b = 1HGCM82633A004352.  One query, one result.
WITH samples(t, a, b) AS (VALUES
	('vin'::regtype, $$'LSJA24U62JG269225'::vin$$, $$'1HGCM82633A004352'::vin$$),
	('text'::regtype, $$' lsja24u62jg269225'::text$$, $$'1HGCM82633A004352'::text$$)),
ops AS (
	SELECT o.oid::regoperator AS op, o.oprname,
		   coalesce(l.a, 'no_sample_for_' || o.oprleft::regtype) AS la,
		   coalesce(l.b, 'no_sample_for_' || o.oprleft::regtype) AS lb,
		   coalesce(r.a, 'no_sample_for_' || o.oprright::regtype) AS ra,
		   coalesce(r.b, 'no_sample_for_' || o.oprright::regtype) AS rb
	FROM pg_operator o
	JOIN pg_depend d ON d.classid = 'pg_operator'::regclass AND d.objid = o.oid
	LEFT JOIN samples l ON l.t = o.oprleft
	LEFT JOIN samples r ON r.t = o.oprright
	WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'zeromile'))
SELECT string_agg(format('SELECT %L COLLATE "C" AS operator, %s OPERATOR(zm.%s) %s AS a_a, %s OPERATOR(zm.%s) %s AS a_b, %s OPERATOR(zm.%s) %s AS b_a',
						 op, la, oprname, ra, la, oprname, rb, lb, oprname, ra),
				  E'\nUNION ALL ' ORDER BY op::text COLLATE "C") || E'\nORDER BY 1'
FROM ops \gexec

-- Support functions, called directly.
SELECT vin_cmp('LSJA24U62JG269225', '1HGCM82633A004352') AS vin_cmp,
	   vin_text_cmp('LSJA24U62JG269225', ' lsja24u62jg269225') AS vin_text_cmp,
	   text_vin_cmp('1HGCM82633A004352', 'LSJA24U62JG269225') AS text_vin_cmp,
	   text_as_vin_cmp('not a vin', 'LSJA24U62JG269225') AS text_as_vin_cmp,
	   vin_hash('LSJA24U62JG269225') = text_as_vin_hash(' lsja24u62jg269225') AS hash_agrees,
	   vin_hash_extended('LSJA24U62JG269225', 7)
		   = text_as_vin_hash_extended('lsja24u62jg269225', 7) AS hash_ext_agrees;

-- Validation.
SELECT vin_is_well_formed(' lsja24u62jg269225') AS well_formed,
	   vin_check_digit('LSJA24U60JG269225') AS check_digit,
	   vin_is_valid('LSJA24U62JG269225') AS valid,
	   vin_is_valid('WVWZZZ1JZ3W386752', 'strict') AS valid_strict,
	   vin_normalize('lsja24u6-2jg 269225') AS normalized,
	   vin_repair('lsja24u6-2jg269225') AS repaired,
	   vin_with_check_digit('LSJA24U60JG269225') AS with_check_digit;
SELECT * FROM vin_problems('1HGCM8O643A00435');
SELECT vin_is_valid('LSJA24U62JG269225', 'europe');

-- Decoding; the registry read through vin_manufacturer and vin_decode,
-- including zm_owner's rows.
SELECT vin_wmi(v), vin_vds(v), vin_vis(v), vin_plant(v), vin_serial(v),
	   vin_region(v), vin_country(v), vin_manufacturer(v),
	   vin_model_years(v), vin_model_year(v, '2025-01-01'),
	   vin_model_year_rule(v, '2025-01-01')
FROM (VALUES ('LSJA24U62JG269225'::vin), ('1M8SG1234RA000001'), ('TM9SG1234RA901001')) AS t(v);
SELECT d.* FROM vin_decode('1HGCM82633A004352', '2025-06-30') AS d;
-- The vehicle type, from the same cache (NULL where the row has none).
SELECT v, vin_vehicle_type(v)
FROM (VALUES ('LGXCB4E20P1234567'::vin), ('1M8SG1234RA000001'), ('1HGCM82633A004352')) AS t(v);

-- The registry itself: readable; zm_user may add user rows (zm_owner passed
-- its INSERT on in step 10) but not shipped ones (the guard: 23514), and
-- may not change or delete any (42501 before any trigger).
SELECT count(*) > 50 AS shipped_rows_readable FROM wmi_registry WHERE shipped;
SELECT wmi, manufacturer FROM wmi_registry WHERE NOT shipped ORDER BY wmi COLLATE "C";
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('ZZ3', 'Mine');
INSERT INTO wmi_registry (wmi, manufacturer, shipped) VALUES ('ZZ3', 'Mine', true);
UPDATE wmi_registry SET manufacturer = 'Changed' WHERE wmi = '1M8';
UPDATE wmi_registry SET manufacturer = 'Changed' WHERE wmi = 'LSJ';
DELETE FROM wmi_registry WHERE wmi = '1M8';
TRUNCATE wmi_registry;

-- Summaries: the aggregates, their support functions called directly, the
-- type's I/O and every accessor.
CREATE TABLE app.events (vin text, kind vehicle_event, at timestamptz,
						 odometer_km double precision, seller text);
INSERT INTO app.events VALUES
	('LSJA24U62JG269225', 'registration', '2025-03-30 02:00+00', NULL, NULL),
	('LSJA24U62JG269225', 'insurance', '2025-03-30 03:00+00', NULL, NULL),
	('LSJA24U62JG269225', 'listing', '2025-04-12 01:00+00', 12, 'dealer-17'),
	('LSJA24U62JG269225', 'export', '2025-05-20 01:00+00', 15, 'exporter-2'),
	('1HGCM82633A004352', 'registration', '2024-01-05 02:00+00', NULL, NULL),
	('1HGCM82633A004352', 'listing', '2025-02-01 02:00+00', 18250, 'dealer-3');
CREATE TABLE app.summaries AS
SELECT vin::vin AS vin, resale_agg(kind, at, odometer_km, seller) AS s,
	   resale_agg(kind, at, odometer_km) AS s3
FROM app.events GROUP BY 1;
SELECT vin, registered_at(s), insured_at(s), registration_count(s),
	   first_resale_at(s), first_resale_kind(s), first_resale_seller(s),
	   resale_odometer_km(s), resale_interval(s), first_known_odometer_at(s),
	   first_known_odometer_km(s), resale_count(s), events_before_registration(s),
	   resold_within(s, '3 months'), is_zero_mileage(s), is_zero_mileage(s, '3 months'),
	   is_zero_mileage(s3, '3 months', 50)
FROM app.summaries ORDER BY vin;
-- The registrant: the seller argument of the earliest registration.
SELECT registered_by(resale_agg(kind, at, NULL::float8, seller))
FROM (VALUES ('registration'::vehicle_event, timestamptz '2025-01-01', 'dealer-9'),
			 ('listing', timestamptz '2025-01-05', 'dealer-9')) AS v(kind, at, seller);
SELECT vin, resold_within(s, '3 months', 'Asia/Shanghai') AS within_shanghai,
	   is_zero_mileage(s, '3 months', 50, 'Asia/Shanghai') AS zero_shanghai
FROM app.summaries ORDER BY vin;
SELECT resale_summary_merge(a.s, b.s)::text
	   = (SELECT rollup(s)::text FROM app.summaries) AS merge_is_rollup
FROM app.summaries a, app.summaries b
WHERE a.vin = 'LSJA24U62JG269225' AND b.vin = '1HGCM82633A004352';
SELECT resale_agg_finalfn(
		   resale_agg_transfn(resale_agg_transfn(NULL, 'registration', '2025-01-01', NULL),
							  'listing', '2025-01-05', 3))::text
	   = resale_agg_finalfn(
		   resale_agg_transfn(resale_agg_transfn(NULL, 'registration', '2025-01-01', NULL, NULL),
							  'listing', '2025-01-05', 3, NULL))::text AS transfns_agree;
SELECT resale_summary_in(resale_summary_out(s))::text = s::text AS text_round_trip,
	   resale_summary_out(s)::text = s::text AS out_fn,
	   length(resale_summary_send(s)) > 0 AS send
FROM app.summaries ORDER BY vin;

-- Binary COPY (the receive functions) and an index build (sort support):
-- out to a file and back into a table zm_user owns.
\copy (SELECT vin, s FROM app.summaries ORDER BY vin) TO 'zm_user.bin' WITH (FORMAT binary)
CREATE TABLE app.copied (vin vin PRIMARY KEY, s resale_summary);
\copy app.copied FROM 'zm_user.bin' WITH (FORMAT binary)
SELECT count(*) AS same_rows FROM app.copied c JOIN app.summaries s USING (vin)
WHERE c.s::text = s.s::text;
CREATE INDEX ON app.copied USING hash (vin);
SELECT vin FROM app.copied ORDER BY vin;
