-- The owner's default_tablespace does not place the registry (created with
-- the superuser's rights) in a tablespace the owner may not create in.
DROP EXTENSION IF EXISTS zeromile CASCADE;
SET default_tablespace = zm_trusted_ts;
CREATE TABLE mine (x int);
CREATE EXTENSION zeromile;
SELECT c.relname, c.reltablespace <> 0 AS in_zm_trusted_ts
FROM pg_class c JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
ORDER BY 1;
SELECT count(*) AS relations_in_zm_trusted_ts FROM pg_class
WHERE reltablespace = (SELECT oid FROM pg_tablespace WHERE spcname = 'zm_trusted_ts');
-- and the setting is the owner's again after the script
SHOW default_tablespace;
