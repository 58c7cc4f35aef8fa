--
-- The vin functions in distributed queries, evaluated on the workers:
-- decoding of the vin column, validation and repair of the feed's text,
-- in the select list, in WHERE, in GROUP BY, as a set-returning function;
-- vin_manufacturer and vin_decode for the shipped registry rows (a user's
-- own rows are issue 10's).  Compared with the same statements on the
-- local tables.
--
SET client_min_messages = warning;
SELECT set_config('search_path', format('%I, public', 'run_' || current_user), false) AS search_path \gset

-- decoding
SELECT * FROM same($$
	SELECT vin, vin_wmi(vin), vin_vds(vin), vin_vis(vin), vin_plant(vin), vin_serial(vin),
		   vin_region(vin), vin_country(vin), vin_model_years(vin),
		   vin_model_year(vin, date '2026-01-01'), vin_model_year_rule(vin, date '2026-01-01'),
		   vin_manufacturer(vin)
	FROM events_%1$s$$);
SELECT * FROM same($$SELECT vin, (vin_decode(vin, date '2026-01-01')).* FROM events_%1$s$$);
SELECT count(*) AS events, count(vin_manufacturer(vin)) AS with_manufacturer,
	   count(DISTINCT vin_manufacturer(vin)) AS manufacturers
FROM events_dist;
-- grouped by decoded values (partial aggregates on the workers)
SELECT * FROM same($$
	SELECT vin_manufacturer(vin), vin_country(vin), vin_region(vin), count(*) AS events,
		   count(DISTINCT vin) AS vehicles, min(vin), max(vin)
	FROM events_%1$s GROUP BY 1, 2, 3$$);
SELECT * FROM same($$
	SELECT vin_model_year(vin, date '2026-01-01'), count(DISTINCT vin) FROM events_%1$s GROUP BY 1$$);
SELECT vin_country(vin) AS country, count(DISTINCT vin) AS vehicles
FROM events_dist GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5;
-- in WHERE
SELECT * FROM same($$SELECT * FROM events_%1$s WHERE vin_wmi(vin) LIKE 'L%%'$$);
SELECT * FROM same($$SELECT * FROM events_%1$s WHERE vin_manufacturer(vin) = 'SAIC MG'$$);
SELECT * FROM same($$SELECT * FROM events_%1$s WHERE vin_model_year(vin, date '2026-01-01') = 2024$$);
SELECT count(*) FILTER (WHERE vin_wmi(vin) LIKE 'L%') AS chinese_wmi,
	   count(*) FILTER (WHERE vin_manufacturer(vin) = 'SAIC MG') AS saic_mg,
	   count(*) FILTER (WHERE vin_model_year(vin, date '2026-01-01') = 2024) AS model_year_2024
FROM events_dist;
-- ordering by vin, merged on the coordinator
SELECT * FROM same($$SELECT vin, at FROM events_%1$s ORDER BY vin, at LIMIT 50$$);
-- a range of VINs (every shard), and VINs compared with text
SELECT * FROM same($$SELECT * FROM events_%1$s WHERE vin >= 'L0000000000000000' AND vin < 'M0000000000000000'$$);
SELECT * FROM same($$SELECT DISTINCT vin FROM events_%1$s WHERE vin > 'lsj00000000000000'::text AND vin <= 'LZZZZZZZZZZZZZZZZ'::text$$);

-- validation and repair of the feed's text (raw_vin), on the workers
SELECT * FROM same($$
	SELECT raw_vin, vin_is_well_formed(raw_vin), vin_check_digit(raw_vin), vin_is_valid(raw_vin) AS auto,
		   vin_is_valid(raw_vin, 'strict') AS strict, vin_is_valid(raw_vin, 'none') AS none,
		   vin_normalize(raw_vin), vin_repair(raw_vin)
	FROM events_%1$s$$);
SELECT * FROM same($$SELECT * FROM events_%1$s WHERE NOT vin_is_valid(raw_vin)$$);
SELECT * FROM same($$SELECT * FROM events_%1$s WHERE vin_repair(raw_vin) = vin$$);
SELECT count(*) FILTER (WHERE NOT vin_is_valid(raw_vin)) AS invalid_as_fed,
	   count(*) FILTER (WHERE vin_normalize(raw_vin) <> raw_vin) AS normalized,
	   count(*) FILTER (WHERE vin_repair(raw_vin) = vin) AS repaired_to_vin
FROM events_dist;
-- vin_problems as a set-returning function
SELECT * FROM same($$
	SELECT e.raw_vin, p.position, p.code, p.message
	FROM events_%1$s AS e, vin_problems(e.raw_vin) AS p$$);
SELECT * FROM same($$
	SELECT p.code, count(*) AS problems, count(DISTINCT e.vin) AS vehicles
	FROM events_%1$s AS e, vin_problems(e.raw_vin) AS p GROUP BY p.code$$);
SELECT p.code, count(*) AS problems
FROM events_dist AS e, vin_problems(e.raw_vin) AS p GROUP BY p.code ORDER BY 2 DESC, 1;

-- the text forms of vin on the way back: casts and the text = vin operators
SELECT * FROM same($$SELECT vin::text AS t, vin::varchar AS v, text(vin) AS f, vin(lower(vin::text)) AS back FROM events_%1$s$$);
SELECT * FROM same($$SELECT * FROM events_%1$s WHERE raw_vin = vin$$);
