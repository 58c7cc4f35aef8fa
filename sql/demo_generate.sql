--
-- make demo's generator (demo/generate.sql) at a small scale: loaded
-- through vin_guard and resale_track as demo/run.sh does, the zero-mileage
-- share measured with is_zero_mileage matches the zero_share it was seeded
-- with, the flagged vehicles are the generator's zero-mileage ones, and the
-- same seed gives the same market and the same summaries.
--
-- Tolerance: each of n vehicles is drawn zero-mileage with probability p,
-- so the generated count is binomial, standard deviation
-- sqrt(p (1 - p) / n) of share (0.0038 at n = 4000, p = 0.06).  Dirt loses
-- a few of those cars on top (a registration or listing quarantined, a
-- listing without odometer and no relisting): under 5 % of them.  So
-- |measured - p| <= 4 sqrt(p (1 - p) / n) + 0.05 p: 0.018 at p = 0.06,
-- 0.030 at p = 0.15, bands far apart, so a generator that ignored
-- zero_share would fail.  The measured shares are printed too: they are
-- deterministic for a seed.
--
SET client_min_messages = warning;
SET TimeZone = 'Asia/Shanghai';

CREATE TABLE demo_generate_result (
	run text PRIMARY KEY,
	zero_share numeric NOT NULL,
	vehicles bigint NOT NULL,
	feed_rows bigint NOT NULL,
	loaded_or_quarantined bigint NOT NULL,
	zero_mileage bigint NOT NULL,
	false_positives bigint NOT NULL,
	truth_zero bigint NOT NULL,
	commercial_zero bigint NOT NULL,
	feed_md5 text NOT NULL,
	summary_md5 text NOT NULL
);

-- One run: generate, load year by year as demo/run.sh does, measure.
-- psql variables: run, seed, zero_share (scale is fixed below).
\set scale 4000
\set run_file 'sql/demo_generate_run.inc'
\set run a
\set seed 20250527
\set zero_share 0.06
\i :run_file
\set run b
\set seed 20250527
\set zero_share 0.06
\i :run_file
\set run c
\set seed 20250527
\set zero_share 0.15
\i :run_file
\set run d
\set seed 7
\set zero_share 0.06
\i :run_file

-- every feed row is an event or in quarantine; nothing is lost
SELECT run, feed_rows = loaded_or_quarantined AS nothing_lost
FROM demo_generate_result ORDER BY run;

-- the measured share (zero-mileage summaries per generated vehicle) is the
-- seeded one within the tolerance; flagged vehicles are generated as
-- zero-mileage ones, most of those are flagged, and none has a WMI whose
-- registry vehicle type is other than passenger_car or mpv (commercial_zero)
SELECT run, zero_share,
	   round(zero_mileage::numeric / vehicles, 4) AS measured_share,
	   round(4 * sqrt(zero_share * (1 - zero_share) / vehicles) + 0.05 * zero_share, 4) AS tolerance,
	   abs(zero_mileage::numeric / vehicles - zero_share)
		   <= 4 * sqrt(zero_share * (1 - zero_share) / vehicles) + 0.05 * zero_share AS within_tolerance,
	   false_positives,
	   zero_mileage >= 0.9 * truth_zero AS most_found,
	   commercial_zero
FROM demo_generate_result ORDER BY run;

-- same seed, same market and summaries; another seed or share, another
SELECT a.run, b.run AS other,
	   a.feed_md5 = b.feed_md5 AS same_feed,
	   a.summary_md5 = b.summary_md5 AS same_summaries
FROM demo_generate_result AS a
JOIN demo_generate_result AS b ON a.run = 'a' AND b.run <> 'a'
ORDER BY b.run;

DROP TABLE demo_generate_result;
