-- zm_owner drops the extension: refused while zm_user's tables use its
-- types (2BP01); with CASCADE it goes, and takes those tables' columns and
-- zm_user's triggers with it, as DROP TYPE ... CASCADE would.
-- (the DETAIL lists every dependent object: the SQLSTATE is enough)
\set VERBOSITY sqlstate
DROP EXTENSION zeromile;
\set VERBOSITY verbose
SET client_min_messages = warning;
DROP EXTENSION zeromile CASCADE;
SELECT count(*) AS extensions_left FROM pg_extension WHERE extname = 'zeromile';
SELECT count(*) AS tables_left_in_app FROM pg_class WHERE relnamespace = 'app'::regnamespace AND relkind = 'r';
