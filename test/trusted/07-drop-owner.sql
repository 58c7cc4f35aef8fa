-- The owner drops the extension; then lets zm_other create in the database.
DROP EXTENSION zeromile;
SELECT count(*) AS extensions_left FROM pg_extension WHERE extname = 'zeromile';
GRANT CREATE ON DATABASE zm_trusted_pub TO zm_other;
