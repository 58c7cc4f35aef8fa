-- zm_owner sees what zm_user's statements wrote into its tables.
SET search_path = app, zm;
SELECT id, vin, secret FROM app.shared_listings ORDER BY id;
SELECT source_table, row_data ->> 'id' AS id, row_data ->> 'vin' AS vin,
	   jsonb_path_query_array(problems, '$[*].code') AS codes
FROM app.shared_q ORDER BY 2;
SELECT count(*) AS closed_q_rows FROM app.closed_q;
SELECT vin, is_zero_mileage(summary) FROM app.owner_summary_n ORDER BY vin;
SELECT count(*) AS summaries_x FROM app.owner_summary_x;
