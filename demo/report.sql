-- make demo: the report.  Each part is one plain SQL query an analyst can
-- paste; the thresholds (180 days, 50 km) are the CADA-style ones of
-- doc/demo.md and can be changed in place.

\pset footer off
\pset null '(null)'

\echo
\echo '== Loaded: every feed row is either an event or in quarantine =='
SELECT (SELECT count(*) FROM market_events) AS events_loaded,
	   (SELECT count(*) FROM market_quarantine) AS rows_quarantined,
	   (SELECT count(*) FROM vehicle_summary) AS vehicles_tracked,
	   (SELECT count(*) FROM vehicle_summary
		WHERE is_zero_mileage(summary, '180 days', 50)) AS zero_mileage_resales;

\echo
\echo '== 1. Zero-mileage resales by manufacturer (resold within 180 days, <= 50 km) =='
SELECT coalesce(vin_manufacturer(vin), 'unknown WMI ' || vin_wmi(vin)) AS manufacturer,
	   count(*) FILTER (WHERE is_zero_mileage(summary, '180 days', 50)) AS zero_mileage,
	   count(*) AS registered,
	   round(100.0 * count(*) FILTER (WHERE is_zero_mileage(summary, '180 days', 50))
			 / count(*), 1) AS share_pct
FROM vehicle_summary
WHERE registered_at(summary) IS NOT NULL
GROUP BY 1
ORDER BY zero_mileage DESC, manufacturer
LIMIT 12;

\echo
\echo '== 2. Top sellers of zero-mileage cars (the first resale''s seller) =='
SELECT first_resale_seller(summary) AS seller,
	   count(*) AS zero_mileage_resales,
	   round(avg(extract(epoch FROM resale_interval(summary)) / 86400), 1) AS avg_days_to_resale,
	   round(avg(first_known_odometer_km(summary))::numeric, 1) AS avg_km
FROM vehicle_summary
WHERE is_zero_mileage(summary, '180 days', 50)
GROUP BY 1
ORDER BY 2 DESC, 1
LIMIT 10;

\echo
\echo '== 3. Monthly trend: zero-mileage resales by registration month =='
SELECT to_char(date_trunc('month', registered_at(summary)), 'YYYY-MM') AS month,
	   count(*) FILTER (WHERE is_zero_mileage(summary, '180 days', 50)) AS zero_mileage,
	   count(*) FILTER (WHERE is_zero_mileage(summary, '180 days', 50)
						AND registered_at(summary) >= date_trunc('month', registered_at(summary))
							+ interval '1 month' - interval '3 days') AS in_last_3_days,
	   round(1000.0 * count(*) FILTER (WHERE is_zero_mileage(summary, '180 days', 50))
			 / count(*), 1) AS per_1000_registrations,
	   CASE WHEN extract(month FROM registered_at(summary)) IN (3, 6, 9, 12)
			THEN 'quarter end' ELSE '' END AS note
FROM vehicle_summary
WHERE registered_at(summary) IS NOT NULL
GROUP BY 1, 5
ORDER BY 1;

\echo
\echo '== 4. Exports within 180 days of registration (MOFCOM rule from 2026) =='
SELECT count(DISTINCT s.vin) AS vehicles_exported_within_180_days,
	   count(DISTINCT s.vin) FILTER (WHERE is_zero_mileage(s.summary, '180 days', 50)) AS of_which_zero_mileage
FROM market_events AS e
JOIN vehicle_summary AS s ON s.vin = e.vin::vin
WHERE e.kind = 'export'
  AND e.at >= registered_at(s.summary)
  AND e.at <= registered_at(s.summary) + interval '180 days';

\echo
\echo '== 5. Quarantine: rows vin_guard could not repair, by problem =='
SELECT p.problem ->> 'code' AS problem,
	   count(*) AS rows,
	   min(q.row_data ->> 'vin') AS example_vin
FROM market_quarantine AS q
CROSS JOIN LATERAL jsonb_array_elements(q.problems) AS p(problem)
GROUP BY 1
ORDER BY 2 DESC, 1;

\echo
\echo '== 6. Self-resales: zero-mileage cars first resold by the dealer that registered them =='
-- registered_by is the seller argument of the earliest registration row
-- (the registrant), so a self-resale is registered_by = first_resale_seller;
-- the others went through another seller (an affiliate, say) or were
-- registered in the buyer's name.
SELECT count(*) AS zero_mileage_resales,
	   count(registered_by(summary)) AS registered_by_a_dealer,
	   count(*) FILTER (WHERE first_resale_seller(summary) = registered_by(summary)) AS self_resales,
	   round(100.0 * count(*) FILTER (WHERE first_resale_seller(summary) = registered_by(summary))
			 / count(*), 1) AS self_pct
FROM vehicle_summary
WHERE is_zero_mileage(summary, '180 days', 50);

SELECT registered_by(summary) AS dealer,
	   count(*) AS zero_mileage_registered,
	   count(*) FILTER (WHERE first_resale_seller(summary) = registered_by(summary)) AS self_resales,
	   round(100.0 * count(*) FILTER (WHERE first_resale_seller(summary) = registered_by(summary))
			 / count(*), 1) AS self_pct,
	   mode() WITHIN GROUP (ORDER BY first_resale_seller(summary))
		   FILTER (WHERE first_resale_seller(summary) <> registered_by(summary)) AS usual_other_seller
FROM vehicle_summary
WHERE is_zero_mileage(summary, '180 days', 50) AND registered_by(summary) IS NOT NULL
GROUP BY 1
ORDER BY self_resales DESC, dealer
LIMIT 10;

\echo
\echo '== 7. Zero-mileage resales by province of registration (from the plate) =='
-- The plate of the earliest registration row, in whatever display form
-- the feed wrote it: cn_plate_province reads them all, and is NULL for a
-- plate that is not valid.
SELECT count(*) AS registration_plates,
	   count(*) FILTER (WHERE cn_plate_is_valid(plate)
						AND plate <> cn_plate_normalize(plate)) AS read_from_display_forms,
	   count(*) FILTER (WHERE NOT cn_plate_is_valid(plate)) AS unreadable
FROM market_events
WHERE kind = 'registration' AND plate IS NOT NULL;

SELECT coalesce(cn_plate_province(r.plate),
				CASE WHEN r.plate IS NULL THEN '(no plate)' ELSE '(unreadable plate)' END) AS province,
	   count(*) FILTER (WHERE is_zero_mileage(s.summary, '180 days', 50)) AS zero_mileage,
	   count(*) AS registered,
	   round(1000.0 * count(*) FILTER (WHERE is_zero_mileage(s.summary, '180 days', 50))
			 / count(*), 1) AS per_1000_registrations,
	   count(*) FILTER (WHERE is_zero_mileage(s.summary, '180 days', 50)
						AND cn_plate_energy(r.plate) IS NOT NULL) AS of_which_new_energy
FROM vehicle_summary AS s
JOIN (SELECT DISTINCT ON (vin::vin) vin::vin AS vin, at, plate
	  FROM market_events
	  WHERE kind = 'registration'
	  ORDER BY vin::vin, at, plate COLLATE "C") AS r
  ON r.vin = s.vin AND r.at = registered_at(s.summary)
GROUP BY 1
ORDER BY zero_mileage DESC, province
LIMIT 15;
