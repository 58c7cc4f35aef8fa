/*-------------------------------------------------------------------------
 *
 * vin_guard.c
 *	  The vin_guard() row trigger, which checks a VIN column as rows arrive
 *	  and rejects, repairs or quarantines bad values, and
 *	  vin_create_quarantine(), which makes a table to quarantine them in.
 *
 * Used as
 *	  CREATE TRIGGER ... BEFORE INSERT OR UPDATE ON t FOR EACH ROW
 *	  EXECUTE FUNCTION vin_guard(column [, mode [, region [, quarantine]]])
 *
 * The arguments are parsed and checked against the catalogue when the
 * trigger first fires in a statement and kept in fn_extra for the rest of
 * it, so a COPY of a million rows resolves them once.
 *
 * On Citus (doc/citus.md) the trigger fires on the shards of a distributed
 * table, on the workers: it names the distributed table, not the shard,
 * quarantines into the co-located shard of a distributed quarantine table
 * (a distributed query from a shard is refused by Citus), and refuses to
 * rewrite the distribution column, by which Citus has already placed the
 * row.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/sysattr.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/partition.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/regproc.h"
#include "utils/rls.h"

#include "compat.h"
#include "trigger_common.h"
#include "validate.h"
#include "vin_type.h"
#include "zeromile.h"

PG_FUNCTION_INFO_V1(vin_guard);
PG_FUNCTION_INFO_V1(vin_create_quarantine);

typedef enum GuardMode
{
	GUARD_REJECT,
	GUARD_NORMALIZE,
	GUARD_QUARANTINE
} GuardMode;

/* Problem code of the columns left out of a quarantined row's row_data */
#define GUARD_COLUMNS_WITHHELD	"columns_withheld"
/* Problem code standing for the VIN's problems when the VIN is withheld */
#define GUARD_PROBLEMS_WITHHELD "problems_withheld"

/* The quarantine table's required columns and their types, in order */
static const struct
{
	const char *name;
	Oid			type;
}			quarantine_columns[] =

{
	{"source_table", TEXTOID},
	{"row_data", JSONBOID},
	{"problems", JSONBOID},
	{"rejected_at", TIMESTAMPTZOID}
};

#define QUARANTINE_NCOLUMNS lengthof(quarantine_columns)

/*
 * Parsed arguments of one trigger, kept in fn_extra (allocated in fn_mcxt)
 * for as long as the executor keeps the trigger's FmgrInfo: the statement.
 */
typedef struct GuardCache
{
	Oid			tgoid;			/* trigger this was parsed for */
	Oid			relid;			/* and its table */
	AttrNumber	attnum;			/* the VIN column */
	bool		is_vin;			/* column of type vin (else text/varchar) */
	GuardMode	mode;
	VinPolicy	policy;
	char	   *relname;		/* qualified, quoted: messages, source_table;
								 * the root of a partition tree */
	Oid			rootid;			/* that root (relid when not a partition) */
	char	   *attname;
	Oid			quarantine;		/* quarantine table, or InvalidOid */
	Oid			tableid;		/* the table errors name: relid, or for a
								 * shard of a Citus table, that table */
	AttrNumber	distatt;		/* on a shard: the distribution column, which
								 * the quarantine row's one copies */
	Oid			disttype;
	char	   *qdistcol;		/* that column of the quarantine table */
	SPIPlanPtr	plan;			/* INSERT into it, prepared on first use */
	MemoryContextCallback plan_cb;	/* frees plan with fn_mcxt */
} GuardCache;

static void
guard_free_plan(void *arg)
{
	GuardCache *cache = (GuardCache *) arg;

	if (cache->plan != NULL)
	{
		SPIPlanPtr	plan = cache->plan;

		cache->plan = NULL;
		SPI_freeplan(plan);
	}
}

static GuardMode
guard_mode_from_name(const char *name, const char *trigname)
{
	if (pg_strcasecmp(name, "reject") == 0)
		return GUARD_REJECT;
	if (pg_strcasecmp(name, "normalize") == 0)
		return GUARD_NORMALIZE;
	if (pg_strcasecmp(name, "quarantine") == 0)
		return GUARD_QUARANTINE;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid vin_guard mode \"%s\" in trigger \"%s\"",
					name, trigname),
			 errhint("Valid modes are \"reject\", \"normalize\" and \"quarantine\".")));
	return GUARD_REJECT;		/* keep compiler quiet */
}

/*
 * Check that the quarantine table has the columns vin_guard writes, with
 * types it can write (the exact types: an implicit cast would hide a
 * misconfigured table until the first bad row arrives).
 */
static void
guard_check_quarantine(Oid qrelid, const char *trigname)
{
	Relation	qrel = table_open(qrelid, AccessShareLock);
	int			i;

	for (i = 0; i < QUARANTINE_NCOLUMNS; i++)
	{
		AttrNumber	attnum;
		Oid			atttype;

		attnum = zm_column(qrel, quarantine_columns[i].name,
						   "quarantine column", trigname, true);
		if (attnum == InvalidAttrNumber)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("quarantine table \"%s\" of trigger \"%s\" has no column \"%s\"",
							RelationGetRelationName(qrel), trigname,
							quarantine_columns[i].name),
					 errdetail("A quarantine table needs the columns source_table text, row_data jsonb, problems jsonb and rejected_at timestamptz."),
					 errhint("Create one with vin_create_quarantine().")));
		atttype = TupleDescAttr(RelationGetDescr(qrel), attnum - 1)->atttypid;
		if (atttype != quarantine_columns[i].type)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("column \"%s\" of quarantine table \"%s\" has type %s, not %s",
							quarantine_columns[i].name,
							RelationGetRelationName(qrel),
							format_type_be(atttype),
							format_type_be(quarantine_columns[i].type)),
					 errdetail("A quarantine table needs the columns source_table text, row_data jsonb, problems jsonb and rejected_at timestamptz.")));
	}
	table_close(qrel, AccessShareLock);
}

/*
 * The guarded table is a shard of a Citus table: the quarantine table must
 * be distributed and co-located with it, and the row is quarantined into
 * the co-located shard, on this node, with the distribution column's value
 * copied into the quarantine table's distribution column, so that it is in
 * the right shard.  qtable is InvalidOid when the quarantine table does not
 * exist on this node (a table of the coordinator's own).
 */
static void
guard_citus_quarantine(GuardCache *cache, ZmCitusTable *citus, Oid qtable,
					   const char *qarg, Relation rel, const char *trigname)
{
	char	   *tname = zm_relation_name_quoted(citus->relid);
	char	   *qname = OidIsValid(qtable) ? zm_relation_name_quoted(qtable) :
		pstrdup(qarg);
	ZmCitusTable q;
	Oid			qdisttype;
	int			i;

	if (citus->method != 'h' || citus->distcol == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("vin_guard mode \"quarantine\" is not supported on %s table %s",
						zm_citus_table_kind(citus), tname),
				 errdetail("On Citus, trigger \"%s\" can only quarantine rows of a distributed table, into the co-located shards of a distributed quarantine table.",
						   trigname)));
	cache->distatt = zm_column(rel, citus->distcol, "distribution column",
							   trigname, false);
	cache->disttype = TupleDescAttr(RelationGetDescr(rel),
									cache->distatt - 1)->atttypid;
	if (!OidIsValid(qtable) || !zm_citus_table(qtable, &q))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("quarantine table %s of trigger \"%s\" is not distributed, but table %s is",
						qname, trigname, tname),
				 errdetail("The trigger runs on the worker nodes that hold the shards of %s and can only write to the co-located shards of a distributed quarantine table.",
						   tname),
				 errhint("Add a column %s %s to the quarantine table and distribute it by that column, co-located with the table: SELECT create_distributed_table('%s', '%s', colocate_with => '%s').",
						 quote_identifier(citus->distcol),
						 format_type_be(cache->disttype), qname,
						 citus->distcol, tname)));
	for (i = 0; i < QUARANTINE_NCOLUMNS; i++)
		if (q.distcol != NULL &&
			strcmp(q.distcol, quarantine_columns[i].name) == 0)
			q.distcol = NULL;
	if (q.method != 'h' || q.distcol == NULL ||
		q.colocationid != citus->colocationid)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("quarantine table %s of trigger \"%s\" is not co-located with distributed table %s",
						qname, trigname, tname),
				 q.method != 'h' ?
				 errdetail("It is a %s table.", zm_citus_table_kind(&q)) :
				 q.distcol == NULL ?
				 errdetail("It is distributed by one of the columns vin_guard writes; it needs a column of its own holding the value of the table's distribution column %s.",
						   quote_identifier(citus->distcol)) :
				 errdetail("It is in co-location group %d, the table in group %d.",
						   q.colocationid, citus->colocationid),
				 errhint("Give it a column %s %s and distribute it by that column, co-located with the table: SELECT create_distributed_table('%s', '%s', colocate_with => '%s').",
						 quote_identifier(citus->distcol),
						 format_type_be(cache->disttype), qname,
						 citus->distcol, tname)));

	/* co-location has made the types equal; say so if it has not */
	qdisttype = get_atttype(qtable, get_attnum(qtable, q.distcol));
	if (qdisttype != cache->disttype)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column \"%s\" of quarantine table %s has type %s, not %s like the distribution column of table %s",
						q.distcol, qname, format_type_be(qdisttype),
						format_type_be(cache->disttype), tname)));

	cache->quarantine = zm_citus_colocated_shard(citus->shardid, qtable);
	if (!OidIsValid(cache->quarantine))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the shard of quarantine table %s co-located with shard " INT64_FORMAT " of %s is not on this node",
						qname, citus->shardid, tname),
				 errdetail("Citus keeps co-located shards on one node; its metadata here says otherwise.")));
	cache->qdistcol = pstrdup(q.distcol);
}

/* Parse and check the trigger's arguments; see the file header */
static void
guard_parse_args(GuardCache *cache, TriggerData *trigdata, Oid funcoid)
{
	Trigger    *trigger = trigdata->tg_trigger;
	Relation	rel = trigdata->tg_relation;
	const char *trigname = trigger->tgname;
	char	  **args = trigger->tgargs;
	Oid			atttype;
	Oid			vintype;
	ZmCitusTable citus;
	ZmShardState shard;
	Oid			qtable;

	shard = zm_citus_shard_of(rel, &citus);
	if (shard == ZM_SHARD)
		trigname = zm_trigger_user_name(trigger, citus.shardid);

	if (trigger->tgnargs < 1 || trigger->tgnargs > 4)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("trigger \"%s\" passes %d arguments to vin_guard, which takes 1 to 4",
						trigname, trigger->tgnargs),
				 errhint("Use vin_guard(column [, mode [, region [, quarantine_table]]]).")));

	cache->attnum = zm_column(rel, args[0], "VIN column", trigname, false);
	cache->attname = pstrdup(args[0]);
	atttype = TupleDescAttr(RelationGetDescr(rel), cache->attnum - 1)->atttypid;
	vintype = zm_extension_type(funcoid, "vin");
	if (atttype == vintype)
		cache->is_vin = true;
	else if (atttype == TEXTOID || atttype == VARCHAROID)
		cache->is_vin = false;
	else
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column \"%s\" of table \"%s\" guarded by trigger \"%s\" has type %s",
						args[0], RelationGetRelationName(rel), trigname,
						format_type_be(atttype)),
				 errdetail("vin_guard checks columns of type text, varchar or vin.")));

	cache->mode = trigger->tgnargs >= 2 ?
		guard_mode_from_name(args[1], trigname) : GUARD_REJECT;
	cache->policy = vin_policy_from_name(trigger->tgnargs >= 3 ? args[2] : "auto");

	if (shard == ZM_NEW_SHARD && cache->mode != GUARD_REJECT)
		zm_citus_new_shard_error(rel, trigger, citus.shardid,
								 "vin_guard would repair or quarantine rows that are already in the table, after Citus has placed them by their values.");
	if (shard == ZM_SHARD && cache->mode != GUARD_REJECT && !cache->is_vin &&
		citus.distcol != NULL && strcmp(citus.distcol, args[0]) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("vin_guard mode \"%s\" cannot rewrite column \"%s\" of table %s: it is the table's distribution column",
						cache->mode == GUARD_NORMALIZE ? "normalize" : "quarantine",
						args[0], zm_relation_name_quoted(citus.relid)),
				 errdetail("Citus has placed each row by the %s value as given, before trigger \"%s\" runs on the shard; a repaired value would be stored in another value's shard, where lookups by VIN miss it.",
						   format_type_be(atttype), trigname),
				 errhint("Give the column type vin, whose input makes the canonical VIN before Citus places the row; or distribute the table by another column; or use mode \"reject\".")));

	cache->quarantine = InvalidOid;
	cache->distatt = InvalidAttrNumber;
	cache->qdistcol = NULL;
	if (cache->mode == GUARD_QUARANTINE)
	{
		if (trigger->tgnargs < 4)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("trigger \"%s\" uses vin_guard mode \"quarantine\" without a quarantine table",
							trigname),
					 errhint("Pass the table as the fourth argument, e.g. vin_guard('vin', 'quarantine', 'auto', 'public.vin_quarantine').")));

		/*
		 * on a worker, a quarantine table of the coordinator's own is not
		 * there
		 */
		qtable = zm_resolve_table(args[3], "quarantine table", trigname,
								  shard == ZM_SHARD);
		if (qtable == RelationGetRelid(rel) ||
			(shard == ZM_SHARD && qtable == citus.relid))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("trigger \"%s\" uses its own table \"%s\" as quarantine table",
							trigname, shard == ZM_SHARD ? get_rel_name(citus.relid) :
							RelationGetRelationName(rel))));
		if (OidIsValid(qtable))
			guard_check_quarantine(qtable, trigname);
		cache->quarantine = qtable;
		if (shard == ZM_SHARD)
			guard_citus_quarantine(cache, &citus, qtable, args[3], rel,
								   trigname);
	}
	else if (trigger->tgnargs == 4)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("trigger \"%s\" passes a quarantine table to vin_guard in mode \"%s\"",
						trigname, args[1]),
				 errdetail("Only mode \"quarantine\" uses a quarantine table.")));

	/*
	 * A partition fires the trigger cloned from its partitioned table: name
	 * the table rows are meant for, through which a quarantined row can be
	 * put back, not the partition routing happened to pick.
	 */
	cache->tableid = shard == ZM_SHARD ? citus.relid : RelationGetRelid(rel);
	cache->rootid = get_rel_relispartition(cache->tableid) ?
		llast_oid(get_partition_ancestors(cache->tableid)) :
		cache->tableid;
	cache->relname = zm_relation_name_quoted(cache->rootid);
	cache->plan = NULL;
	cache->tgoid = trigger->tgoid;
	cache->relid = RelationGetRelid(rel);
}

static GuardCache *
guard_get_cache(FunctionCallInfo fcinfo, TriggerData *trigdata)
{
	GuardCache *cache = (GuardCache *) fcinfo->flinfo->fn_extra;
	MemoryContext oldcxt;

	if (cache != NULL && cache->tgoid == trigdata->tg_trigger->tgoid &&
		cache->relid == RelationGetRelid(trigdata->tg_relation))
		return cache;

	/*
	 * tgoid is set last, by guard_parse_args, so that an argument error
	 * leaves the cache marked unparsed and the next row fails the same way.
	 */
	if (cache != NULL)
		guard_free_plan(cache);
	else
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
									   sizeof(GuardCache));
		cache->plan_cb.func = guard_free_plan;
		cache->plan_cb.arg = cache;
		MemoryContextRegisterResetCallback(fcinfo->flinfo->fn_mcxt,
										   &cache->plan_cb);
	}
	cache->tgoid = InvalidOid;
	oldcxt = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	guard_parse_args(cache, trigdata, fcinfo->flinfo->fn_oid);
	MemoryContextSwitchTo(oldcxt);
	fcinfo->flinfo->fn_extra = cache;
	return cache;
}

/*
 * Is s exactly 17 upper-case characters of the VIN alphabet, with a
 * matching check digit where the policy requires one?  Such a value is
 * valid in every mode and already canonical.  Never allocates.
 */
static inline bool
guard_is_canonical_valid(const char *s, size_t len, VinPolicy policy)
{
	uint8_t		codes[VIN_LEN];
	int			i;

	if (len != VIN_LEN)
		return false;
	for (i = 0; i < VIN_LEN; i++)
	{
		unsigned char c = (unsigned char) s[i];
		int			r = vin_rank(c);

		/* vin_char[r] != c: lower case, which ranks like upper case */
		if (r < 0 || vin_char[r] != (char) c)
			return false;
		codes[i] = (uint8_t) r;
	}
	return !vin_policy_requires_check(policy, codes[0]) ||
		vin_check_char(codes) == vin_char[codes[8]];
}

/* errtablecol() for a shard: the fields name the Citus table */
static int
guard_errtable_citus(GuardCache *cache)
{
	err_generic_string(PG_DIAG_SCHEMA_NAME,
					   get_namespace_name(get_rel_namespace(cache->tableid)));
	err_generic_string(PG_DIAG_TABLE_NAME, get_rel_name(cache->tableid));
	err_generic_string(PG_DIAG_COLUMN_NAME, cache->attname);
	return 0;
}

/*
 * The error for an invalid VIN.  A VIN the role may not see (below) is not
 * quoted, nor are its problems, which name its characters.
 */
static void
guard_reject(GuardCache *cache, Relation rel, const char *s, size_t len,
			 List *problems, const bool *visible)
{
	StringInfoData detail;
	ListCell   *lc;

	if (!visible[cache->attnum - 1])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid VIN in column \"%s\" of table %s",
						cache->attname, cache->relname),
				 errdetail("The value and its problems are withheld: role \"%s\" may not read column \"%s\" and did not supply it.",
						   GetUserNameFromId(GetUserId(), false),
						   cache->attname),
				 cache->tableid == RelationGetRelid(rel) ?
				 errtablecol(rel, cache->attnum) :
				 guard_errtable_citus(cache)));

	initStringInfo(&detail);
	foreach(lc, problems)
	{
		VinProblem *p = (VinProblem *) lfirst(lc);

		if (detail.len > 0)
			appendStringInfoChar(&detail, '\n');
		if (p->position > 0)
			appendStringInfo(&detail, "Problem at position %d (%s): %s.",
							 p->position, p->code, p->message);
		else
			appendStringInfo(&detail, "Problem (%s): %s.", p->code, p->message);
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid VIN \"%s\" in column \"%s\" of table %s",
					zm_quote_clipped(s, len, ZM_MAX_QUOTED), cache->attname, cache->relname),
			 errdetail_internal("%s", detail.data),
			 cache->tableid == RelationGetRelid(rel) ?
			 errtablecol(rel, cache->attnum) :
			 guard_errtable_citus(cache)));
}

/*
 * The problems as a jsonb array of {position, code, message} objects, with
 * length for a masked run
 */
static Datum
guard_problems_jsonb(List *problems)
{
	StringInfoData buf;
	ListCell   *lc;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '[');
	foreach(lc, problems)
	{
		VinProblem *p = (VinProblem *) lfirst(lc);

		if (buf.len > 1)
			appendStringInfoString(&buf, ", ");
		if (p->position > 0)
			appendStringInfo(&buf, "{\"position\": %d, \"code\": ", p->position);
		else
			appendStringInfoString(&buf, "{\"position\": null, \"code\": ");
		escape_json(&buf, p->code);
		/* a masked run's length, which linking needs (doc/linking.md) */
		if (p->length > 0)
			appendStringInfo(&buf, ", \"length\": %d", p->length);
		appendStringInfoString(&buf, ", \"message\": ");
		escape_json(&buf, p->message);
		appendStringInfoChar(&buf, '}');
	}
	appendStringInfoChar(&buf, ']');
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data));
}

/* Has the current user privilege mode on column attname of relid? */
static bool
guard_column_priv(Oid relid, const char *attname, AclMode mode)
{
	AttrNumber	attnum = get_attnum(relid, attname);

	return attnum != InvalidAttrNumber &&
		pg_attribute_aclcheck(relid, attnum, GetUserId(), mode) == ACLCHECK_OK;
}

/* The same on the table that fired the trigger, or on its root */
static bool
guard_priv(GuardCache *cache, Oid relid, const char *attname, AclMode mode)
{
	return guard_column_priv(relid, attname, mode) ||
		(cache->rootid != relid &&
		 guard_column_priv(cache->rootid, attname, mode));
}

/*
 * Which columns of the row may the current user see (visible[attnum - 1])?
 * PostgreSQL's rule for the row it quotes in an error
 * (ExecBuildSlotValueDescription): a column the user may SELECT, or one
 * whose value the statement supplied.  A column is readable through the
 * table that fired the trigger or through the root of its partition tree,
 * which source_table names.
 *
 * The columns a statement supplied are the RTE's updatedCols for an UPDATE
 * (tg_updatedcols).  Those of an INSERT are not within a trigger's reach,
 * so there the columns the user may INSERT stand for them: a value the
 * user may put in, it may have put in.  Generated columns are never
 * supplied.  Where row-level security is in force for the user, SELECT
 * privilege does not make a column visible (a policy may hide the row):
 * only the supplied columns are (PostgreSQL shows none of the row there,
 * but what a user supplied is its own).
 */
static bool *
guard_visible_columns(GuardCache *cache, TriggerData *trigdata)
{
	Relation	rel = trigdata->tg_relation;
	TupleDesc	tupdesc = RelationGetDescr(rel);
	Oid			relid = RelationGetRelid(rel);
	Oid			userid = GetUserId();
	bool		by_insert = TRIGGER_FIRED_BY_INSERT(trigdata->tg_event);
	bool	   *visible = palloc0(sizeof(bool) * tupdesc->natts);
	bool		rls;
	bool		table_select;
	bool		table_insert;
	int			i;

	rls = check_enable_rls(relid, InvalidOid, true) == RLS_ENABLED ||
		(cache->rootid != relid &&
		 check_enable_rls(cache->rootid, InvalidOid, true) == RLS_ENABLED);
	table_select = !rls &&
		(pg_class_aclcheck(relid, userid, ACL_SELECT) == ACLCHECK_OK ||
		 pg_class_aclcheck(cache->rootid, userid, ACL_SELECT) == ACLCHECK_OK);
	table_insert = by_insert &&
		(pg_class_aclcheck(relid, userid, ACL_INSERT) == ACLCHECK_OK ||
		 pg_class_aclcheck(cache->rootid, userid, ACL_INSERT) == ACLCHECK_OK);

	for (i = 0; i < tupdesc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(tupdesc, i);
		const char *attname = NameStr(att->attname);
		bool		supplied;

		if (att->attisdropped)
			continue;
		if (table_select ||
			(!rls && guard_priv(cache, relid, attname, ACL_SELECT)))
		{
			visible[i] = true;
			continue;
		}
		if (att->attgenerated != '\0')
			supplied = false;
		else if (by_insert)
			supplied = table_insert ||
				guard_priv(cache, relid, attname, ACL_INSERT);
		else
			supplied = bms_is_member(att->attnum - FirstLowInvalidHeapAttributeNumber,
									 trigdata->tg_updatedcols);
		visible[i] = supplied;
	}
	return visible;
}

/*
 * The columns of rel the current user may not see, as a text[] of their
 * names, the names also listed in *names.  The quarantine row must not
 * reveal them: an UPDATE needs no SELECT privilege on the columns it leaves
 * alone, nor an INSERT on those it fills with defaults.
 */
static Datum
guard_withheld_columns(Relation rel, const bool *visible, StringInfo names)
{
	TupleDesc	tupdesc = RelationGetDescr(rel);
	Datum	   *elems;
	int			n = 0;
	int			i;

	elems = palloc(sizeof(Datum) * tupdesc->natts);
	for (i = 0; i < tupdesc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(tupdesc, i);
		const char *attname = NameStr(att->attname);

		if (att->attisdropped || visible[i])
			continue;
		elems[n++] = CStringGetTextDatum(attname);
		appendStringInfo(names, "%s%s", names->len > 0 ? ", " : "",
						 quote_identifier(attname));
	}
	return PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false,
										   TYPALIGN_INT));
}

/*
 * Write the row to the quarantine table.  The INSERT runs as the current
 * user (the function is SECURITY INVOKER), so it needs INSERT privilege on
 * the quarantine table like any other INSERT, and the row keeps only the
 * columns that user may see (the others are named among the problems; a
 * VIN it may not see takes its problems with it).
 * The row must be stored: a trigger or rule on the quarantine table that
 * discards it is an error, not a row silently lost.
 */
static void
guard_quarantine(GuardCache *cache, Relation rel, HeapTuple tuple,
				 List *problems, const bool *visible)
{
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};
	char		nullflags[5] = {' ', ' ', ' ', ' ', ' '};
	StringInfoData withheld;
	int			rc;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");

	if (cache->plan == NULL)
	{
		/*
		 * The table name comes from the catalogue, quoted; the row goes in as
		 * a value of the table's row type so that to_jsonb sees its column
		 * names.
		 */
		char	   *sql;
		Oid			argtypes[5];
		SPIPlanPtr	plan;

		sql = psprintf("INSERT INTO %s (source_table, row_data, problems, rejected_at%s%s) "
					   "VALUES ($1, pg_catalog.to_jsonb($2) OPERATOR(pg_catalog.-) $4, "
					   "$3, pg_catalog.now()%s)",
					   zm_relation_name_quoted(cache->quarantine),
					   cache->qdistcol ? ", " : "",
					   cache->qdistcol ? quote_identifier(cache->qdistcol) : "",
					   cache->qdistcol ? ", $5" : "");
		argtypes[0] = TEXTOID;
		argtypes[1] = RelationGetDescr(rel)->tdtypeid;
		argtypes[2] = JSONBOID;
		argtypes[3] = TEXTARRAYOID;
		argtypes[4] = cache->disttype;
		plan = SPI_prepare(sql, cache->qdistcol ? 5 : 4, argtypes);
		if (plan == NULL)
			elog(ERROR, "SPI_prepare(\"%s\") failed: %s",
				 sql, SPI_result_code_string(SPI_result));
		if (SPI_keepplan(plan) != 0)
			elog(ERROR, "SPI_keepplan failed");
		cache->plan = plan;
	}

	initStringInfo(&withheld);
	values[3] = guard_withheld_columns(rel, visible, &withheld);
	if (!visible[cache->attnum - 1])
	{
		/* the problems name the VIN's characters */
		VinProblem *p = palloc0(sizeof(VinProblem));

		p->position = 0;
		p->code = GUARD_PROBLEMS_WITHHELD;
		p->message = psprintf("the VIN in column \"%s\" is invalid; its problems are withheld with its value: role \"%s\" may not read it and did not supply it",
							  cache->attname,
							  GetUserNameFromId(GetUserId(), false));
		problems = list_make1(p);
	}
	if (withheld.len > 0)
	{
		VinProblem *p = palloc0(sizeof(VinProblem));

		p->position = 0;
		p->code = GUARD_COLUMNS_WITHHELD;
		p->message = psprintf("columns %s are left out of row_data: role \"%s\" may not read them and did not supply them",
							  withheld.data,
							  GetUserNameFromId(GetUserId(), false));
		problems = lappend(problems, p);
	}
	values[0] = CStringGetTextDatum(cache->relname);
	values[1] = heap_copy_tuple_as_datum(tuple, RelationGetDescr(rel));
	values[2] = guard_problems_jsonb(problems);
	if (cache->qdistcol != NULL)
	{
		/* Citus refuses NULL in a distribution column: never NULL here */
		values[4] = heap_getattr(tuple, cache->distatt, RelationGetDescr(rel),
								 &nulls[4]);
		nullflags[4] = nulls[4] ? 'n' : ' ';
	}

	rc = SPI_execute_plan(cache->plan, values, nullflags, false, 0);
	if (rc != SPI_OK_INSERT || SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
				 errmsg("row with an invalid VIN in column \"%s\" of table %s could not be quarantined",
						cache->attname, cache->relname),
				 errdetail("The INSERT into quarantine table %s stored no row: a rule or trigger on that table discarded it.",
						   zm_relation_name_quoted(cache->quarantine)),
				 errhint("Make the quarantine table keep every row it is given, so that no row is lost.")));

	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
}

Datum
vin_guard(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	GuardCache *cache;
	Relation	rel;
	HeapTuple	tuple;
	Datum		value;
	bool		isnull;
	const char *s;
	size_t		len;
	char		vintext[VIN_LEN];
	List	   *problems;
	bool	   *visible;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("vin_guard() was not called by the trigger manager")));
	if (!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		!TRIGGER_FIRED_BEFORE(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("vin_guard() must be fired BEFORE ... FOR EACH ROW"),
				 errdetail("Trigger \"%s\" is not.", trigdata->tg_trigger->tgname)));
	if (TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
		tuple = trigdata->tg_trigtuple;
	else if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
		tuple = trigdata->tg_newtuple;
	else
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("vin_guard() must be fired for INSERT or UPDATE"),
				 errdetail("Trigger \"%s\" is not.", trigdata->tg_trigger->tgname)));

	cache = guard_get_cache(fcinfo, trigdata);
	rel = trigdata->tg_relation;

	/* A missing VIN is not a bad one; NOT NULL is the table's business */
	value = heap_getattr(tuple, cache->attnum, RelationGetDescr(rel), &isnull);
	if (isnull)
		return PointerGetDatum(tuple);

	if (cache->is_vin)
	{
		/* Well formed by its type; only the check digit can be wrong */
		uint8_t		codes[VIN_LEN];

		vin_unpack(DatumGetVinP(value)->data, codes);
		vin_codes_to_text(codes, vintext);
		s = vintext;
		len = VIN_LEN;
		if (vin_text_is_valid(s, len, cache->policy))
			return PointerGetDatum(tuple);
	}
	else
	{
		text	   *t = DatumGetTextPP(value);
		Vin			repaired;

		s = VARDATA_ANY(t);
		len = VARSIZE_ANY_EXHDR(t);

		/*
		 * Most rows of a feed are canonical and valid: keep the tuple as it
		 * is, valid in every mode, without repairing and packing.
		 */
		if (guard_is_canonical_valid(s, len, cache->policy))
			return PointerGetDatum(tuple);

		if (cache->mode == GUARD_REJECT)
		{
			if (vin_text_is_valid(s, len, cache->policy))
				return PointerGetDatum(tuple);
		}
		else if (vin_repair_text(s, len, cache->policy, &repaired))
		{
			uint8_t		codes[VIN_LEN];
			int			attnum = cache->attnum;
			Datum		newval;
			bool		newnull = false;

			vin_unpack(repaired.data, codes);
			vin_codes_to_text(codes, vintext);
			/* Canonical already: keep the tuple as it is */
			if (len == VIN_LEN && memcmp(s, vintext, VIN_LEN) == 0)
				return PointerGetDatum(tuple);
			newval = PointerGetDatum(cstring_to_text_with_len(vintext, VIN_LEN));
			return PointerGetDatum(heap_modify_tuple_by_cols(tuple,
															 RelationGetDescr(rel),
															 1, &attnum,
															 &newval, &newnull));
		}
	}

	/* Invalid, and not repairable where the mode allows repair */
	problems = vin_collect_problems(s, len, cache->policy);
	if (problems == NIL)
		elog(ERROR, "VIN \"%s\" is invalid but has no problems",
			 zm_quote_clipped(s, len, ZM_MAX_QUOTED));
	visible = guard_visible_columns(cache, trigdata);
	if (cache->mode != GUARD_QUARANTINE)
		guard_reject(cache, rel, s, len, problems, visible);
	guard_quarantine(cache, rel, tuple, problems, visible);
	return PointerGetDatum(NULL);
}

/*
 * vin_create_quarantine(table_name text) returns regclass
 *
 * Creates a table vin_guard can quarantine rows in.  The name is parsed as
 * a possibly qualified identifier and created where CREATE TABLE would put
 * it (the caller's search_path), so it cannot be an SQL-language function
 * with a fixed search_path.
 */
Datum
vin_create_quarantine(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	List	   *names;
	RangeVar   *rv;
	Oid			nspid;
	Oid			relid;
	char	   *sql;
	int			rc;

	if (name[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_NAME),
				 errmsg("quarantine table name must not be empty")));
	names = stringToQualifiedNameList(name, NULL);
	rv = makeRangeVarFromNameList(names);
	nspid = RangeVarGetCreationNamespace(rv);

	sql = psprintf("CREATE TABLE %s ("
				   "source_table pg_catalog.text NOT NULL, "
				   "row_data pg_catalog.jsonb NOT NULL, "
				   "problems pg_catalog.jsonb NOT NULL, "
				   "rejected_at pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.now())",
				   quote_qualified_identifier(get_namespace_name(nspid),
											  rv->relname));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	rc = SPI_execute(sql, false, 0);
	if (rc != SPI_OK_UTILITY)
		elog(ERROR, "SPI_execute returned %s", SPI_result_code_string(rc));
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");

	relid = get_relname_relid(rv->relname, nspid);
	if (!OidIsValid(relid))
		elog(ERROR, "quarantine table \"%s\" vanished after creation", name);
	PG_RETURN_OID(relid);
}
