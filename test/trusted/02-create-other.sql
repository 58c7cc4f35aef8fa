-- zm_other neither owns zm_trusted_pub nor has CREATE on it: trusted or
-- not, it may not create the extension (42501).
SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user;
SELECT has_database_privilege(current_database(), 'CREATE') AS can_create;
CREATE EXTENSION zeromile;
