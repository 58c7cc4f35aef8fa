/*-------------------------------------------------------------------------
 *
 * trigger_common.c
 *	  Catalogue look-ups shared by the vin_guard and resale_track triggers.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "compat.h"
#include "trigger_common.h"

Oid
zm_extension_type(Oid funcoid, const char *typname)
{
	Oid			nsp = get_func_namespace(funcoid);
	Oid			typoid;

	typoid = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
							 CStringGetDatum(typname),
							 ObjectIdGetDatum(nsp));
	if (!OidIsValid(typoid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("type \"%s\" does not exist in schema \"%s\"",
						typname, get_namespace_name(nsp)),
				 errhint("The zeromile extension is incompletely installed; reinstall it.")));
	return typoid;
}

char *
zm_extension_schema_quoted(Oid funcoid)
{
	return pstrdup(quote_identifier(get_namespace_name(get_func_namespace(funcoid))));
}

char *
zm_relation_name_quoted(Oid relid)
{
	char	   *relname = get_rel_name(relid);
	char	   *nspname = get_namespace_name(get_rel_namespace(relid));

	if (relname == NULL || nspname == NULL)
		elog(ERROR, "cache lookup failed for relation %u", relid);
	return quote_qualified_identifier(nspname, relname);
}

Oid
zm_resolve_table(const char *name, const char *role, const char *trigname)
{
	List	   *names;
	RangeVar   *rv;
	Oid			relid;
	char		relkind;

	/* 42602 like any other malformed name, and like vin_create_quarantine */
	if (name[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_NAME),
				 errmsg("%s name must not be empty in trigger \"%s\"",
						role, trigname)));

	/* raises 42602 (invalid_name) for malformed names */
	names = stringToQualifiedNameList(name, NULL);
	rv = makeRangeVarFromNameList(names);

	/*
	 * The trigger fires in the sessions of whoever inserts, each with its own
	 * search_path: an unqualified name could find someone else's table there
	 * and hand it every row the trigger writes.  Like PostgreSQL's own
	 * tsvector_update_trigger, insist on a schema.
	 */
	if (rv->schemaname == NULL)
	{
		Oid			guess = RangeVarGetRelid(rv, NoLock, true);

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s name \"%s\" of trigger \"%s\" must be schema-qualified",
						role, name, trigname),
				 errdetail("An unqualified name would be looked up in the search_path of each session that inserts, which may find another table."),
				 OidIsValid(guess) ?
				 errhint("Write it as %s.", zm_relation_name_quoted(guess)) :
				 errhint("Write it as schema.table.")));
	}

	relid = RangeVarGetRelid(rv, NoLock, true);
	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("%s \"%s\" of trigger \"%s\" does not exist",
						role, name, trigname)));

	relkind = get_rel_relkind(relid);
	if (relkind != RELKIND_RELATION && relkind != RELKIND_PARTITIONED_TABLE)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("%s \"%s\" of trigger \"%s\" is not a table",
						role, name, trigname)));
	return relid;
}

AttrNumber
zm_column(Relation rel, const char *colname, const char *role,
		  const char *trigname, bool missing_ok)
{
	TupleDesc	tupdesc = RelationGetDescr(rel);
	int			i;

	for (i = 0; i < tupdesc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(tupdesc, i);

		if (!att->attisdropped && strcmp(NameStr(att->attname), colname) == 0)
			return att->attnum;
	}
	if (missing_ok)
		return InvalidAttrNumber;
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_COLUMN),
			 errmsg("%s \"%s\" of trigger \"%s\" does not exist in table \"%s\"",
					role, colname, trigname, RelationGetRelationName(rel)),
			 errhint("Column names in trigger arguments are matched exactly as stored, without quoting or case folding.")));
	return InvalidAttrNumber;	/* keep compiler quiet */
}
