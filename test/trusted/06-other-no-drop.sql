-- Only the extension's owner (zm_owner) may drop it (42501).
DROP EXTENSION zeromile;
