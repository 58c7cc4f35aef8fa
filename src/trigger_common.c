/*-------------------------------------------------------------------------
 *
 * trigger_common.c
 *	  Catalogue look-ups shared by the vin_guard and resale_track triggers.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/guc.h"
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
zm_resolve_table(const char *name, const char *role, const char *trigname,
				 bool missing_ok)
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
	if (!OidIsValid(relid) && missing_ok)
		return InvalidOid;
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


/*
 * Citus's catalogue, read with the caller's rights (Citus grants SELECT on
 * pg_dist_partition and pg_dist_shard, and EXECUTE on its functions, to
 * PUBLIC).  Everything is schema-qualified, operators included: the
 * triggers run with the search_path of whoever inserts.
 */
#define CITUS_TABLE_COLUMNS \
	"p.logicalrelid, p.partmethod, p.repmodel, p.colocationid, " \
	"pg_catalog.column_to_column_name(p.logicalrelid, p.partkey)"

static bool
zm_citus_installed(void)
{
	return OidIsValid(get_extension_oid("citus", true));
}

/*
 * Run a query returning at most one row of CITUS_TABLE_COLUMNS (or one
 * column, an oid, when table is NULL) and copy it out into the caller's
 * memory context.  Returns whether there was a row; *oid gets the first
 * column.
 */
static bool
zm_citus_query(const char *sql, int nargs, Oid *argtypes, Datum *values,
			   ZmCitusTable *table, Oid *oid)
{
	MemoryContext callercxt = CurrentMemoryContext;
	bool		found = false;
	int			rc;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	rc = SPI_execute_with_args(sql, nargs, argtypes, values, NULL, true, 2);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_with_args returned %s",
			 SPI_result_code_string(rc));
	if (SPI_processed > 1)
		elog(ERROR, "Citus's catalogue gave " UINT64_FORMAT " rows for one table",
			 SPI_processed);
	if (SPI_processed == 1)
	{
		HeapTuple	tup = SPI_tuptable->vals[0];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		Datum		d;

		d = SPI_getbinval(tup, desc, 1, &isnull);
		*oid = isnull ? InvalidOid : DatumGetObjectId(d);
		found = !isnull;
		if (found && table != NULL)
		{
			table->relid = *oid;
			table->method = DatumGetChar(SPI_getbinval(tup, desc, 2, &isnull));
			table->repmodel = DatumGetChar(SPI_getbinval(tup, desc, 3, &isnull));
			table->colocationid = DatumGetInt32(SPI_getbinval(tup, desc, 4, &isnull));
			d = SPI_getbinval(tup, desc, 5, &isnull);
			table->distcol = isnull ? NULL :
				MemoryContextStrdup(callercxt, TextDatumGetCString(d));
			table->shard_xmin = InvalidTransactionId;
			if (desc->natts >= 6)
				table->shard_xmin =
					DatumGetTransactionId(SPI_getbinval(tup, desc, 6, &isnull));
		}
	}
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	return found;
}

ZmShardState
zm_citus_shard_of(Relation rel, ZmCitusTable *table)
{
	const char *relname = RelationGetRelationName(rel);
	const char *digits = strrchr(relname, '_');
	const char *p;
	char	   *end;
	int64		shardid;
	Oid			argtypes[2] = {INT8OID, OIDOID};
	Datum		values[2];
	Oid			found;

	/* Citus names shards <table>_<shard id> (shard_name()) */
	if (digits == NULL || digits[1] == '\0')
		return ZM_NOT_A_SHARD;
	for (p = digits + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return ZM_NOT_A_SHARD;
	errno = 0;
	shardid = strtoll(digits + 1, &end, 10);
	if (errno != 0 || *end != '\0')
		return ZM_NOT_A_SHARD;
	if (!zm_citus_installed())
		return ZM_NOT_A_SHARD;
	table->shardid = shardid;

	/*
	 * A table of one's own may happen to be called like a shard: it is one
	 * only if Citus's name for that shard is this very relation.
	 */
	values[0] = Int64GetDatum(shardid);
	values[1] = ObjectIdGetDatum(RelationGetRelid(rel));
	if (!zm_citus_query("SELECT " CITUS_TABLE_COLUMNS ", s.xmin"
						" FROM pg_catalog.pg_dist_shard AS s"
						" JOIN pg_catalog.pg_dist_partition AS p"
						" ON p.logicalrelid OPERATOR(pg_catalog.=) s.logicalrelid"
						" WHERE s.shardid OPERATOR(pg_catalog.=) $1"
						" AND CAST(pg_catalog.to_regclass(pg_catalog.shard_name(s.logicalrelid, s.shardid, false)) AS pg_catalog.oid)"
						" OPERATOR(pg_catalog.=) $2",
						2, argtypes, values, table, &found))
	{
		/*
		 * Citus marks the sessions it opens to run shards' parts of
		 * statements by their application_name (citus_internal gpid=...).
		 */
		if (application_name != NULL &&
			strncmp(application_name, "citus_internal gpid=",
					strlen("citus_internal gpid=")) == 0)
			return ZM_NEW_SHARD;
		return ZM_NOT_A_SHARD;
	}

	/*
	 * A shard made by this very transaction is one create_distributed_table
	 * is filling with the table's rows (or, rarely, a table distributed and
	 * loaded in one transaction, which cannot be told apart from it).
	 */
	if (TransactionIdIsCurrentTransactionId(table->shard_xmin))
		return ZM_NEW_SHARD;
	return ZM_SHARD;
}

void
zm_citus_new_shard_error(Relation rel, Trigger *trigger, int64 shardid,
						 const char *why)
{
	const char *relname = RelationGetRelationName(rel);
	const char *digits = strrchr(relname, '_');

	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("trigger \"%s\" cannot run in the transaction that distributes table \"%s\"",
					zm_trigger_user_name(trigger, shardid),
					digits ? pnstrdup(relname, digits - relname) : relname),
			 errdetail("Distributing a table copies its rows into its new shards, such as %s, which fires its triggers there, and Citus's catalogue cannot tell those rows from new ones. %s",
					   zm_relation_name_quoted(RelationGetRelid(rel)), why),
			 errhint("Drop the trigger, distribute the table, then create the trigger again (with citus.enable_unsafe_triggers = on); insert rows in a later transaction than the one that distributes the table.")));
}

bool
zm_citus_table(Oid relid, ZmCitusTable *table)
{
	Oid			argtypes[1] = {OIDOID};
	Datum		values[1];
	Oid			found;

	if (!zm_citus_installed())
		return false;
	values[0] = ObjectIdGetDatum(relid);
	if (!zm_citus_query("SELECT " CITUS_TABLE_COLUMNS
						" FROM pg_catalog.pg_dist_partition AS p"
						" WHERE p.logicalrelid OPERATOR(pg_catalog.=) $1",
						1, argtypes, values, table, &found))
		return false;
	table->shardid = 0;
	return true;
}

Oid
zm_citus_colocated_shard(int64 shardid, Oid relid)
{
	Oid			argtypes[2] = {INT8OID, OIDOID};
	Datum		values[2];
	Oid			found = InvalidOid;

	/*
	 * Co-located tables have the same hash ranges, and Citus keeps the shards
	 * of a range on one node (and splits and moves them together).
	 * to_regclass() is NULL where the shard is on another node.
	 */
	values[0] = Int64GetDatum(shardid);
	values[1] = ObjectIdGetDatum(relid);
	if (!zm_citus_query("SELECT CAST(pg_catalog.to_regclass(pg_catalog.shard_name(t.logicalrelid, t.shardid, false)) AS pg_catalog.oid)"
						" FROM pg_catalog.pg_dist_shard AS o"
						" JOIN pg_catalog.pg_dist_shard AS t"
						" ON t.logicalrelid OPERATOR(pg_catalog.=) $2"
						" AND (t.shardminvalue OPERATOR(pg_catalog.=) o.shardminvalue"
						" OR (t.shardminvalue IS NULL AND o.shardminvalue IS NULL))"
						" AND (t.shardmaxvalue OPERATOR(pg_catalog.=) o.shardmaxvalue"
						" OR (t.shardmaxvalue IS NULL AND o.shardmaxvalue IS NULL))"
						" WHERE o.shardid OPERATOR(pg_catalog.=) $1",
						2, argtypes, values, NULL, &found))
		return InvalidOid;
	return found;
}

const char *
zm_citus_table_kind(const ZmCitusTable *table)
{
	if (table->method == 'h')
		return "distributed";
	if (table->repmodel == 't')
		return "reference";
	if (table->colocationid == 0)
		return "Citus local";
	return "single-shard distributed";
}

const char *
zm_trigger_user_name(Trigger *trigger, int64 shardid)
{
	char		suffix[32];
	size_t		len = strlen(trigger->tgname);
	size_t		slen;

	snprintf(suffix, sizeof(suffix), "_" INT64_FORMAT, shardid);
	slen = strlen(suffix);
	if (len > slen && strcmp(trigger->tgname + len - slen, suffix) == 0)
		return pnstrdup(trigger->tgname, len - slen);
	return trigger->tgname;
}
