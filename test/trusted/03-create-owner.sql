-- The database owner, not a superuser, creates zeromile in public (owned by
-- pg_database_owner in PostgreSQL 15, so by zm_owner here).
SELECT current_user, rolsuper, rolcreatedb FROM pg_roles WHERE rolname = current_user;
SELECT pg_get_userbyid(nspowner) = 'pg_database_owner' AS public_owned_by_db_owner
FROM pg_namespace WHERE nspname = 'public';
-- Released 1.0.0 first, then the update: both scripts run trusted.
CREATE EXTENSION zeromile VERSION '1.0.0';
SELECT has_table_privilege('wmi_registry', 'INSERT') AS owner_may_insert_1_0_0;
ALTER EXTENSION zeromile UPDATE;
SELECT extname, extversion, extowner::regrole AS extowner, extnamespace::regnamespace AS schema
FROM pg_extension WHERE extname = 'zeromile';
-- The extension belongs to zm_owner, its objects to the bootstrap
-- superuser (OID 10), whatever its name is in this cluster.
SELECT classid::regclass AS catalog, count(*) AS members,
	   count(*) FILTER (WHERE owner <> 10) AS owned_by_another_role
FROM (SELECT d.classid,
			 CASE d.classid
				 WHEN 'pg_proc'::regclass THEN (SELECT proowner FROM pg_proc WHERE oid = d.objid)
				 WHEN 'pg_type'::regclass THEN (SELECT typowner FROM pg_type WHERE oid = d.objid)
				 WHEN 'pg_class'::regclass THEN (SELECT relowner FROM pg_class WHERE oid = d.objid)
				 WHEN 'pg_operator'::regclass THEN (SELECT oprowner FROM pg_operator WHERE oid = d.objid)
				 WHEN 'pg_opclass'::regclass THEN (SELECT opcowner FROM pg_opclass WHERE oid = d.objid)
				 WHEN 'pg_opfamily'::regclass THEN (SELECT opfowner FROM pg_opfamily WHERE oid = d.objid)
			 END AS owner
	  FROM pg_depend d
	  WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
		AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'zeromile')
		-- array types and table rowtypes are listed as members on newer
		-- servers (18 at least), not on 15: counted with their type or table
		AND NOT (d.classid = 'pg_type'::regclass AND d.objid IN (SELECT typarray FROM pg_type))
		AND NOT (d.classid = 'pg_type'::regclass AND d.objid IN (SELECT reltype FROM pg_class))) m
GROUP BY 1 ORDER BY classid::regclass::text COLLATE "C";
-- The update granted the registry like a fresh install.
SELECT has_table_privilege('wmi_registry', 'SELECT') AS s,
	   has_table_privilege('wmi_registry', 'INSERT') AS i,
	   has_table_privilege('wmi_registry', 'UPDATE') AS u,
	   has_table_privilege('wmi_registry', 'DELETE') AS d,
	   has_table_privilege('wmi_registry', 'TRUNCATE') AS t,
	   has_table_privilege('wmi_registry', 'TRIGGER') AS tr;
-- A user row, for the dump/restore step.
INSERT INTO wmi_registry (wmi, manufacturer, country, source)
VALUES ('1M8', 'Motor Coach Industries', 'United States', 'trusted suite');
SELECT vin_manufacturer('1M8SG1234RA000001'::vin) AS user_row,
	   vin_manufacturer('LSJA24U62JG269225') AS shipped_row;
