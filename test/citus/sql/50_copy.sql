--
-- COPY into and out of distributed tables with a vin column (and a
-- resale_summary column), text, CSV and binary: the coordinator reads the
-- rows with the types' input functions and routes them by VIN.  Files are
-- written with psql's \copy into the directory test/citus/run.sh runs the
-- tests in.  Compared with the local tables.
--
SET client_min_messages = warning;
SELECT set_config('search_path', format('%I, public', 'run_' || current_user), false) AS search_path \gset

\copy events_local TO 'events.txt'
\copy events_local TO 'events.csv' WITH (FORMAT csv, HEADER)
\copy events_local TO 'events.bin' WITH (FORMAT binary)

-- into distributed tables
CREATE TABLE copy_text (LIKE events_local);
SELECT create_distributed_table('copy_text', 'vin', colocate_with := 'events_dist');
\copy copy_text FROM 'events.txt'
CREATE TABLE copy_csv (LIKE events_local);
SELECT create_distributed_table('copy_csv', 'vin', colocate_with := 'events_dist');
\copy copy_csv FROM 'events.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE copy_binary (LIKE events_local);
SELECT create_distributed_table('copy_binary', 'vin', colocate_with := 'events_dist');
\copy copy_binary FROM 'events.bin' WITH (FORMAT binary)
SELECT * FROM same('SELECT * FROM events_local', 'SELECT * FROM copy_text');
SELECT * FROM same('SELECT * FROM events_local', 'SELECT * FROM copy_csv');
SELECT * FROM same('SELECT * FROM events_local', 'SELECT * FROM copy_binary');
SELECT misplaced_rows('copy_text') AS text_misplaced, misplaced_rows('copy_csv') AS csv_misplaced,
	   misplaced_rows('copy_binary') AS binary_misplaced;

-- out of a distributed table
\copy events_dist TO 'dist.txt'
\copy events_dist TO 'dist.bin' WITH (FORMAT binary)
\copy (SELECT * FROM events_dist WHERE vin_wmi(vin) LIKE 'L%') TO 'dist-query.bin' WITH (FORMAT binary)
CREATE TEMP TABLE back_text (LIKE events_local);
\copy back_text FROM 'dist.txt'
CREATE TEMP TABLE back_binary (LIKE events_local);
\copy back_binary FROM 'dist.bin' WITH (FORMAT binary)
CREATE TEMP TABLE back_query (LIKE events_local);
\copy back_query FROM 'dist-query.bin' WITH (FORMAT binary)
SELECT * FROM same('SELECT * FROM events_local', 'SELECT * FROM back_text');
SELECT * FROM same('SELECT * FROM events_local', 'SELECT * FROM back_binary');
SELECT * FROM same($$SELECT * FROM events_local WHERE vin_wmi(vin) LIKE 'L%'$$, 'SELECT * FROM back_query');

-- resale_summary in binary, into a distributed table
\copy (SELECT vin, resale_agg(kind, at, odometer_km, seller) FROM events_local GROUP BY vin) TO 'summaries.bin' WITH (FORMAT binary)
CREATE TABLE copy_summaries (vin vin PRIMARY KEY, summary resale_summary NOT NULL);
SELECT create_distributed_table('copy_summaries', 'vin', colocate_with := 'events_dist');
\copy copy_summaries FROM 'summaries.bin' WITH (FORMAT binary)
SELECT * FROM same($$SELECT vin, resale_agg(kind, at, odometer_km, seller)::text FROM events_local GROUP BY vin$$,
				   'SELECT vin, summary::text FROM copy_summaries');

-- COPY FROM STDIN: VINs in any spelling the type reads; a row that is not
-- a VIN fails the whole COPY, as locally, and loads nothing
CREATE TABLE stdin_local (vin vin NOT NULL, kind vehicle_event NOT NULL, at timestamptz NOT NULL);
CREATE TABLE stdin_dist (LIKE stdin_local);
SELECT create_distributed_table('stdin_dist', 'vin', colocate_with := 'events_dist');
COPY stdin_local FROM STDIN;
lsja24u62jg269225	registration	2025-03-30 10:00+08
  LSJA24U62JG269225	listing	2025-04-12 09:00+08
1HGCM82633A004352	registration	2024-01-05 10:00+08
\.
COPY stdin_dist FROM STDIN;
lsja24u62jg269225	registration	2025-03-30 10:00+08
  LSJA24U62JG269225	listing	2025-04-12 09:00+08
1HGCM82633A004352	registration	2024-01-05 10:00+08
\.
SELECT * FROM same('SELECT * FROM stdin_%1$s');
SELECT vin, count(*) FROM stdin_dist GROUP BY vin ORDER BY vin;
\set VERBOSITY terse
COPY stdin_local FROM STDIN;
WDB2030761A123456	registration	2025-01-01 10:00+00
LSJA24U6-2JG269225	listing	2025-04-12 09:00+08
\.
COPY stdin_dist FROM STDIN;
WDB2030761A123456	registration	2025-01-01 10:00+00
LSJA24U6-2JG269225	listing	2025-04-12 09:00+08
\.
\set VERBOSITY default
SELECT * FROM same('SELECT * FROM stdin_%1$s');
