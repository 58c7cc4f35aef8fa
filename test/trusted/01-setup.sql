-- Roles and databases for the trusted-install suite (run as a superuser).
--   zm_owner  owns the databases: not a superuser, may not create databases
--   zm_user   a plain role: LOGIN and nothing else
--   zm_other  another plain role, for CREATE EXTENSION without privilege
CREATE ROLE zm_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE zm_user LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE zm_other LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE DATABASE zm_trusted OWNER zm_owner;
CREATE DATABASE zm_trusted_pub OWNER zm_owner;
CREATE DATABASE zm_trusted_copy OWNER zm_owner;
-- count every call of every function, C ones too, for the coverage step
ALTER DATABASE zm_trusted SET track_functions = 'all';
SELECT rolname, rolsuper, rolcreatedb, rolcreaterole
FROM pg_roles WHERE rolname LIKE 'zm\_%' ORDER BY 1;
