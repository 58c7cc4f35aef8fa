-- What the pg_upgrade suite adds to test/upgrade/setup.sql and
-- setup-superuser.sql (test/pg-upgrade/run.sh): the BI view over the stored
-- summaries, with its vin index.  Run as a superuser after them.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SELECT bi_create_view('u.sums', 'sums_bi');
ANALYZE u.sums;
