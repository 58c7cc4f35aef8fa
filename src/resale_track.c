/*-------------------------------------------------------------------------
 *
 * resale_track.c
 *	  The resale_track() statement trigger, which folds each statement's new
 *	  events into a per-vehicle summary table with one set-based merge.
 *
 * Used as
 *	  CREATE TRIGGER ... AFTER INSERT ON events
 *	  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT
 *	  EXECUTE FUNCTION resale_track(summary_table [, vin_column
 *		[, kind_column [, at_column [, odometer_column [, seller_column
 *		[, channel [, within [, max_km]]]]]]]])
 *
 * INSERT (and COPY, and the INSERT part of MERGE) only ever adds events, so
 * the insert path merges: it aggregates the transition table with resale_agg GROUP BY vin
 * and upserts with ON CONFLICT (vin) DO UPDATE, combining with
 * resale_summary_merge, the aggregate's exact combine.  ON CONFLICT locks
 * and merges into the latest committed version of a row, so concurrent
 * statements never lose each other's events; rows are upserted in VIN
 * order so that two of them cannot deadlock on each other's rows.
 *
 * With a channel, the VINs that become zero-mileage (is_zero_mileage was
 * not true before the statement's merge and is after) are sent with
 * pg_notify.  That needs each row's value just before the merge, which
 * ON CONFLICT cannot return, so the channel path runs three statements:
 * insert the new VINs, lock and read the existing ones, update those.
 *
 * UPDATE, DELETE and TRUNCATE take events away, and a summary cannot be
 * subtracted from: those paths recompute the vehicles they touch from the
 * events table (resale_recompute.c).
 *
 * A summary the merge or the recompute meant to write must be stored: a
 * trigger, rule or policy on the summary table that discards it is an error
 * naming the table, never a summary silently missing.
 *
 * On Citus (doc/citus.md) the trigger fires on each shard of the events
 * table, on the worker holding it, and merges into the shard of the
 * summary table co-located with it: with both tables distributed by VIN
 * and co-located, that shard holds the summaries of exactly the VINs whose
 * events are in the firing shard, and is on the same node, so the merge is
 * the same local statement as on a single node.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/pg_index.h"
#include "catalog/pg_trigger.h"
#include "catalog/pg_type.h"
#include "commands/async.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/float.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#include "resale.h"
#include "resale_track.h"
#include "trigger_common.h"
#include "vin_type.h"

PG_FUNCTION_INFO_V1(resale_track);

/* The trigger's arguments as SQL string literals, comma-separated */
char *
track_args_sql(Trigger *trigger)
{
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	for (i = 0; i < trigger->tgnargs; i++)
		appendStringInfo(&buf, "%s%s", i ? ", " : "",
						 quote_literal_cstr(trigger->tgargs[i]));
	return buf.data;
}

/*
 * A trigger fired for the wrong timing, level or event, or without the
 * transition tables its event needs: name the trigger to create instead.
 */
static void
track_protocol_error(TriggerData *trigdata, const char *what)
{
	Trigger    *trigger = trigdata->tg_trigger;
	char	   *table = zm_relation_name_quoted(RelationGetRelid(trigdata->tg_relation));
	TriggerEvent ev = trigdata->tg_event;
	const char *create;

	if (TRIGGER_FIRED_BY_UPDATE(ev))
		create = "AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_events NEW TABLE AS new_events FOR EACH STATEMENT";
	else if (TRIGGER_FIRED_BY_DELETE(ev))
		create = "AFTER DELETE ON %s REFERENCING OLD TABLE AS old_events FOR EACH STATEMENT";
	else if (TRIGGER_FIRED_BY_TRUNCATE(ev))
		create = "AFTER TRUNCATE ON %s FOR EACH STATEMENT";
	else
		create = "AFTER INSERT ON %s REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT";

	ereport(ERROR,
			(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
			 errmsg("resale_track() must be fired %s", what),
			 errdetail("Trigger \"%s\" on table \"%s\" is not.",
					   trigger->tgname,
					   RelationGetRelationName(trigdata->tg_relation)),
			 errhint("Create instead: CREATE TRIGGER %s %s EXECUTE FUNCTION resale_track(%s); or let resale_track_attach('%s', ...) create every trigger tracking needs.",
					 quote_identifier(trigger->tgname),
					 psprintf(create, table), track_args_sql(trigger),
					 table)));
}

void
track_discarded(TrackPlan *plan, int64 lost)
{
	ereport(ERROR,
			(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
			 errmsg_plural("resale_track could not store the summary of " INT64_FORMAT " vehicle in summary table %s",
						   "resale_track could not store the summaries of " INT64_FORMAT " vehicles in summary table %s",
						   lost, lost, plan->summary),
			 errdetail("A trigger, rule or row-level security policy on the summary table discarded the rows written by trigger \"%s\"; the summaries would be missing or stale.",
					   plan->trigname),
			 errhint("Drop or change what discards rows on the summary table; a summary table is written by resale_track alone.")));
}

static const char *
track_arg(Trigger *trigger, int n, const char *dflt)
{
	return trigger->tgnargs > n ? trigger->tgargs[n] : dflt;
}

/*
 * An expression reading event column colname of the transition table as
 * type want.  The column's own type must be want or one of the accepted
 * alternatives, which are cast.
 */
static char *
track_column_expr(Relation rel, const char *colname, const char *role,
				  const char *trigname, Oid want, const char *want_sql,
				  const Oid *also, int nalso, const char *accepted)
{
	AttrNumber	attnum = zm_column(rel, colname, role, trigname, false);
	Oid			atttype = TupleDescAttr(RelationGetDescr(rel), attnum - 1)->atttypid;
	const char *qcol = quote_identifier(colname);
	int			i;

	if (atttype == want)
		return psprintf("t.%s", qcol);
	for (i = 0; i < nalso; i++)
		if (atttype == also[i])
			return psprintf("CAST(t.%s AS %s)", qcol, want_sql);
	ereport(ERROR,
			(errcode(ERRCODE_DATATYPE_MISMATCH),
			 errmsg("%s \"%s\" of table \"%s\" has type %s",
					role, colname, RelationGetRelationName(rel),
					format_type_be(atttype)),
			 errdetail("resale_track (trigger \"%s\") accepts %s there.",
					   trigname, accepted)));
	return NULL;				/* keep compiler quiet */
}

/*
 * The summary table must be exactly what the upsert needs: vin vin,
 * summary resale_summary, and a unique index on (vin) alone for ON
 * CONFLICT (vin) to infer.
 */
static void
track_check_summary(Oid relid, Oid vintype, Oid sumtype, const char *trigname)
{
	Relation	rel = table_open(relid, AccessShareLock);
	AttrNumber	vinatt;
	AttrNumber	sumatt;
	Oid			t;
	List	   *indexes;
	ListCell   *lc;
	bool		found = false;

	vinatt = zm_column(rel, "vin", "summary table column", trigname, false);
	t = TupleDescAttr(RelationGetDescr(rel), vinatt - 1)->atttypid;
	if (t != vintype)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column \"vin\" of summary table \"%s\" has type %s, not vin",
						RelationGetRelationName(rel), format_type_be(t)),
				 errdetail("A summary table needs the columns vin vin PRIMARY KEY and summary resale_summary.")));
	sumatt = zm_column(rel, "summary", "summary table column", trigname, false);
	t = TupleDescAttr(RelationGetDescr(rel), sumatt - 1)->atttypid;
	if (t != sumtype)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column \"summary\" of summary table \"%s\" has type %s, not resale_summary",
						RelationGetRelationName(rel), format_type_be(t)),
				 errdetail("A summary table needs the columns vin vin PRIMARY KEY and summary resale_summary.")));

	indexes = RelationGetIndexList(rel);
	foreach(lc, indexes)
	{
		HeapTuple	tup = SearchSysCache1(INDEXRELID,
										  ObjectIdGetDatum(lfirst_oid(lc)));
		Form_pg_index idx;

		if (!HeapTupleIsValid(tup))
			elog(ERROR, "cache lookup failed for index %u", lfirst_oid(lc));
		idx = (Form_pg_index) GETSTRUCT(tup);
		if (idx->indisunique && idx->indisvalid && idx->indimmediate &&
			idx->indnkeyatts == 1 && idx->indkey.values[0] == vinatt &&
			heap_attisnull(tup, Anum_pg_index_indpred, NULL) &&
			heap_attisnull(tup, Anum_pg_index_indexprs, NULL))
			found = true;
		ReleaseSysCache(tup);
	}
	if (!found)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_COLUMN_REFERENCE),
				 errmsg("summary table \"%s\" has no unique index on (vin)",
						RelationGetRelationName(rel)),
				 errdetail("resale_track upserts with ON CONFLICT (vin)."),
				 errhint("Declare the column as vin vin PRIMARY KEY.")));
	table_close(rel, AccessShareLock);
}

/*
 * The events are a shard of a Citus table: check that the configuration
 * keeps every summary exact, and return the co-located shard of the summary
 * table to merge into.  sumrel is InvalidOid when the summary table does not
 * exist on this node (a table of the coordinator's own).
 */
static char *
track_citus_summary(ZmCitusTable *events, Oid sumrel, const char *sumarg,
					Relation rel, const char *vincol, Oid vintype,
					bool channel, const char *trigname)
{
	char	   *evname = zm_relation_name_quoted(events->relid);
	char	   *sumname = OidIsValid(sumrel) ? zm_relation_name_quoted(sumrel) :
		pstrdup(sumarg);
	ZmCitusTable sum;
	Oid			vinatt_type;
	Oid			shard;

	if (channel)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("resale_track cannot send notifications from %s table %s",
						zm_citus_table_kind(events), evname),
				 errdetail("Trigger \"%s\" runs on the worker nodes that hold the table's shards, and a pg_notify there reaches no session listening on the coordinator.",
						   trigname),
				 errhint("Leave the channel and the thresholds out of the trigger's arguments, and query the summary table with is_zero_mileage() instead.")));
	if (events->method != 'h')
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("resale_track does not support %s table %s",
						zm_citus_table_kind(events), evname),
				 errdetail("On Citus, resale_track needs the events distributed by their VIN column and the summary table distributed by vin, co-located with them."),
				 errhint("Distribute the events: SELECT create_distributed_table('%s', '%s').",
						 evname, vincol)));
	if (events->distcol == NULL || strcmp(events->distcol, vincol) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("distributed table %s is distributed by column \"%s\", not by its VIN column \"%s\"",
						evname, events->distcol ? events->distcol : "", vincol),
				 errdetail("resale_track (trigger \"%s\") merges each shard's events into the co-located shard of the summary table, which holds a VIN's summary only if all the VIN's events are in that shard.",
						   trigname),
				 errhint("Distribute the events by their VIN column, of type vin, co-located with the summary table.")));
	vinatt_type = TupleDescAttr(RelationGetDescr(rel),
								zm_column(rel, vincol, "VIN column", trigname, false) - 1)->atttypid;
	if (vinatt_type != vintype)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("VIN column \"%s\" of distributed table %s has type %s, not vin",
						vincol, evname, format_type_be(vinatt_type)),
				 errdetail("Citus places rows by a hash of the distribution column's type: a VIN's events, placed by its text, and its summary, placed by its vin value, would be in different shards."),
				 errhint("Distribute a table whose VIN column has type vin.")));
	if (!OidIsValid(sumrel) || !zm_citus_table(sumrel, &sum))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("summary table %s of trigger \"%s\" is not distributed, but table %s is",
						sumname, trigname, evname),
				 errdetail("The trigger runs on the worker nodes that hold the shards of %s and can only write to the co-located shards of a distributed summary table.",
						   evname),
				 errhint("Distribute the summary table by vin, co-located with the events: SELECT create_distributed_table('%s', 'vin', colocate_with => '%s').",
						 sumname, evname)));
	if (sum.method != 'h' || sum.distcol == NULL ||
		strcmp(sum.distcol, "vin") != 0 ||
		sum.colocationid != events->colocationid)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("summary table %s of trigger \"%s\" is not co-located with distributed table %s",
						sumname, trigname, evname),
				 sum.method != 'h' ?
				 errdetail("It is a %s table.", zm_citus_table_kind(&sum)) :
				 strcmp(sum.distcol ? sum.distcol : "", "vin") != 0 ?
				 errdetail("It is distributed by column \"%s\", not by vin.", sum.distcol ? sum.distcol : "") :
				 errdetail("It is in co-location group %d, the events in group %d: the shard holding a VIN's summary may be on another node than the shard holding its events.",
						   sum.colocationid, events->colocationid),
				 sum.method == 'h' ?
				 errhint("Redistribute it: SELECT alter_distributed_table('%s', distribution_column := 'vin', colocate_with := '%s').",
						 sumname, evname) :
				 errhint("Distribute it by vin, co-located with the events: SELECT undistribute_table('%s'); SELECT create_distributed_table('%s', 'vin', colocate_with => '%s').",
						 sumname, sumname, evname)));
	shard = zm_citus_colocated_shard(events->shardid, sumrel);
	if (!OidIsValid(shard))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the shard of summary table %s co-located with shard " INT64_FORMAT " of %s is not on this node",
						sumname, events->shardid, evname),
				 errdetail("Citus keeps co-located shards on one node; its metadata here says otherwise."),
				 errhint("Check the placements: SELECT * FROM citus_shards WHERE table_name IN ('%s'::regclass, '%s'::regclass).",
						 evname, sumname)));
	return zm_relation_name_quoted(shard);
}

void
track_parse(TrackPlan *plan, Relation rel, Trigger *trigger, Oid funcoid)
{
	const char *trigname = trigger->tgname;
	ZmCitusTable events;
	ZmCitusTable sum;
	bool		on_shard;
	Oid			sumrel;
	Oid			sumtype;
	Oid			kindtype;
	const char *arg;
	AttrNumber	vinatt;
	static const Oid text_types[] = {TEXTOID, VARCHAROID};
	static const Oid time_types[] = {TIMESTAMPOID, DATEOID};
	static const Oid num_types[] = {INT2OID, INT4OID, INT8OID, FLOAT4OID, NUMERICOID};

	switch (zm_citus_shard_of(rel, &events))
	{
		case ZM_NOT_A_SHARD:
			on_shard = false;
			break;
		case ZM_SHARD:
			on_shard = true;
			/* Citus names the shards' copies of trigger t t_<shard id> */
			trigname = zm_trigger_user_name(trigger, events.shardid);
			break;
		case ZM_NEW_SHARD:
		default:
			zm_citus_new_shard_error(rel, trigger, events.shardid,
									 "The rows copied are not new events: resale_track would count them twice, or leave the summaries of others out.");
	}

	if (trigger->tgnargs < 1 || trigger->tgnargs > 9)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("trigger \"%s\" passes %d arguments to resale_track, which takes 1 to 9",
						trigname, trigger->tgnargs),
				 errhint("Use %s.", TRACK_USAGE)));

	plan->funcoid = funcoid;
	plan->on_shard = on_shard;
	plan->trigname = trigname;
	plan->ext = zm_extension_schema_quoted(funcoid);
	plan->vintype = zm_extension_type(funcoid, "vin");
	sumtype = zm_extension_type(funcoid, "resale_summary");
	kindtype = zm_extension_type(funcoid, "vehicle_event");

	/* on a worker, a summary table of the coordinator's own is not there */
	plan->summary = NULL;
	plan->sumrel = InvalidOid;
	sumrel = zm_resolve_table(trigger->tgargs[0], "summary table", trigname,
							  on_shard);
	if (sumrel == RelationGetRelid(rel) ||
		(on_shard && sumrel == events.relid))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("trigger \"%s\" uses its own table \"%s\" as summary table",
						trigname, on_shard ? get_rel_name(events.relid) :
						RelationGetRelationName(rel))));
	if (OidIsValid(sumrel))
	{
		track_check_summary(sumrel, plan->vintype, sumtype, trigname);
		plan->summary = zm_relation_name_quoted(sumrel);
		plan->sumrel = sumrel;
	}

	vinatt = zm_column(rel, track_arg(trigger, 1, "vin"), "VIN column",
					   trigname, false);
	plan->vin_attnum = vinatt;
	plan->vin_atttype = TupleDescAttr(RelationGetDescr(rel), vinatt - 1)->atttypid;
	plan->vin_col = pstrdup(quote_identifier(track_arg(trigger, 1, "vin")));
	plan->vin_expr = track_column_expr(rel, track_arg(trigger, 1, "vin"),
									   "VIN column", trigname, plan->vintype,
									   psprintf("%s.vin", plan->ext),
									   text_types, 2, "vin, text or varchar");
	plan->kind_expr = track_column_expr(rel, track_arg(trigger, 2, "kind"),
										"event kind column", trigname, kindtype,
										psprintf("%s.vehicle_event", plan->ext),
										text_types, 2, "vehicle_event, text or varchar");
	plan->at_expr = track_column_expr(rel, track_arg(trigger, 3, "at"),
									  "event time column", trigname, TIMESTAMPTZOID,
									  "pg_catalog.timestamptz",
									  time_types, 2,
									  "timestamp with time zone, timestamp or date");
	arg = track_arg(trigger, 4, "odometer_km");
	if (arg[0] == '\0')
		plan->odo_expr = "CAST(NULL AS pg_catalog.float8)";
	else
		plan->odo_expr = track_column_expr(rel, arg, "odometer column", trigname,
										   FLOAT8OID, "pg_catalog.float8",
										   num_types, 5,
										   "double precision, real, numeric, smallint, integer or bigint");
	arg = track_arg(trigger, 5, "seller");
	plan->seller_expr = NULL;
	if (arg[0] != '\0')
	{
		/* any type will do: sellers are compared as text */
		AttrNumber	attnum = zm_column(rel, arg, "seller column", trigname, false);
		Oid			atttype = TupleDescAttr(RelationGetDescr(rel), attnum - 1)->atttypid;

		if (atttype == TEXTOID)
			plan->seller_expr = psprintf("t.%s", quote_identifier(arg));
		else
			plan->seller_expr = psprintf("CAST(t.%s AS pg_catalog.text)",
										 quote_identifier(arg));
	}

	arg = track_arg(trigger, 6, "");
	plan->channel = NULL;
	if (arg[0] != '\0')
	{
		if (strlen(arg) >= NAMEDATALEN)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("channel name \"%s\" of trigger \"%s\" is too long",
							arg, trigname),
					 errdetail("Channel names are at most %d bytes.",
							   NAMEDATALEN - 1)));
		plan->channel = pstrdup(arg);
	}
	else if (trigger->tgnargs > 7)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("trigger \"%s\" passes zero-mileage thresholds to resale_track without a channel",
						trigname),
				 errdetail("The thresholds only choose which VINs are notified.")));
	plan->within = DirectFunctionCall3(interval_in,
									   CStringGetDatum(track_arg(trigger, 7, "180 days")),
									   ObjectIdGetDatum(InvalidOid),
									   Int32GetDatum(-1));

	/*
	 * A trigger made by 1.1.0 (or by hand) may hold a window that the
	 * accessors now refuse: an error naming the trigger at its firing, never
	 * a notification decided on a window of seconds.
	 */
	if (!rs_window_ok(plan->within))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("zero-mileage window \"%s\" of trigger \"%s\" is shorter than an hour",
						track_arg(trigger, 7, "180 days"), trigname),
				 errdetail("PostgreSQL reads a number without a unit as seconds; zeromile refuses windows under an hour."),
				 errhint("Attach the tracking again with a window such as '30 days': SELECT resale_track_attach(..., within => '30 days').")));
	plan->max_km = DatumGetFloat8(DirectFunctionCall1(float8in,
													  CStringGetDatum(track_arg(trigger, 8, "50"))));
	if (isnan(plan->max_km) || plan->max_km < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("zero-mileage odometer threshold of trigger \"%s\" must be a non-negative number, not \"%s\"",
						trigname, track_arg(trigger, 8, "50"))));

	/*
	 * One pass over the table's other statement triggers of resale_track: two
	 * of one event writing to one summary table would count each event twice
	 * (a hand-written 1.1.0 trigger left beside resale_track_attach's, say);
	 * one for UPDATE, DELETE or TRUNCATE means recompute_own.
	 */
	plan->recompute_own = false;
	for (int i = 0; rel->trigdesc != NULL && i < rel->trigdesc->numtriggers; i++)
	{
		Trigger    *t = &rel->trigdesc->triggers[i];

		if (t->tgfoid != funcoid || TRIGGER_FOR_ROW(t->tgtype) ||
			t->tgenabled == TRIGGER_DISABLED)
			continue;
		if (t->tgtype & (TRIGGER_TYPE_UPDATE | TRIGGER_TYPE_DELETE |
						 TRIGGER_TYPE_TRUNCATE))
			plan->recompute_own = !on_shard;
		if (t->tgoid != trigger->tgoid && !TRIGGER_FOR_ROW(trigger->tgtype) &&
			(t->tgtype & trigger->tgtype & TRIGGER_TYPE_EVENT_MASK) &&
			t->tgnargs > 0 && strcmp(t->tgargs[0], trigger->tgargs[0]) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("triggers \"%s\" and \"%s\" of table \"%s\" both write the same events into summary table %s",
							trigname, t->tgname, RelationGetRelationName(rel),
							trigger->tgargs[0]),
					 errdetail("Each event would be counted twice."),
					 errhint("Drop one of them: resale_track_attach() names its triggers resale_track_insert, _update, _delete and _truncate.")));
	}
	plan->events_root = plan->recompute_own ?
		zm_relation_name_quoted(track_events_root(RelationGetRelid(rel))) : NULL;

	if (on_shard)
		plan->summary = track_citus_summary(&events, sumrel, trigger->tgargs[0],
											rel, track_arg(trigger, 1, "vin"),
											plan->vintype,
											plan->channel != NULL, trigname);
	else if (OidIsValid(sumrel) && zm_citus_table(sumrel, &sum))
	{
		/*
		 * Citus would plan the merge as a distributed INSERT ... SELECT and
		 * run the SELECT apart from the transition table, which only this
		 * statement's executor has: a failure with SQLSTATE XX000.
		 */
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("summary table %s of trigger \"%s\" is a %s table, but table %s is not distributed",
						plan->summary, trigname, zm_citus_table_kind(&sum),
						zm_relation_name_quoted(RelationGetRelid(rel))),
				 errdetail("resale_track merges into a distributed summary table only from the co-located shards of a distributed events table."),
				 errhint("Distribute the events by their VIN column, co-located with the summary table, or keep both tables local.")));
	}

}

/*
 * The per-vehicle aggregate of the events in from (a relation, aliased t),
 * with an extra condition where if not NULL: SELECT g.v, g.sm.  The NULL
 * test is on the raw column: a cast maps NULL to NULL and nothing else to
 * NULL, and testing the cast would cast every row twice.
 */
char *
track_agg_sql(TrackPlan *plan, const char *from, const char *where)
{
	return psprintf("SELECT g.v, g.sm FROM ("
					"SELECT %s AS v, %s.resale_agg(%s, %s, %s%s%s) AS sm "
					"FROM %s AS t WHERE t.%s IS NOT NULL%s%s GROUP BY 1"
					") AS g WHERE g.sm IS NOT NULL",
					plan->vin_expr, plan->ext, plan->kind_expr, plan->at_expr,
					plan->odo_expr,
					plan->seller_expr ? ", " : "",
					plan->seller_expr ? plan->seller_expr : "",
					from, plan->vin_col,
					where ? " AND " : "", where ? where : "");
}

/*
 * Whether summary (an SQL expression) is zero-mileage under the
 * notification thresholds ($1, $2); false without a channel.
 */
char *
track_zm_expr(TrackPlan *plan, const char *summary)
{
	if (plan->channel == NULL)
		return "false";
	return psprintf("(%s.is_zero_mileage(%s, $1, $2) IS TRUE)",
					plan->ext, summary);
}

/*
 * SET expression merging the new summary into the stored one s, or (see
 * recompute_own) recomputing s from the events when this transaction wrote
 * it.
 */
static char *
track_merge_expr(TrackPlan *plan, const char *newsum)
{
	if (plan->recompute_own)
		return psprintf("CASE WHEN s.summary IS NULL THEN %s "
						"WHEN %s.resale_track_written_here(s.xmin) THEN (SELECT r.sm FROM (%s) AS r) "
						"ELSE %s.resale_summary_merge(s.summary, %s) END",
						newsum, plan->ext,
						track_agg_sql(plan, plan->events_root,
									  psprintf("%s OPERATOR(%s.=) s.vin",
											   plan->vin_expr, plan->ext)),
						plan->ext, newsum);
	return psprintf("CASE WHEN s.summary IS NULL THEN %s "
					"ELSE %s.resale_summary_merge(s.summary, %s) END",
					newsum, plan->ext, newsum);
}

/*
 * Can something on the summary table make a write store nothing without an
 * error?  Only a BEFORE ROW trigger returning NULL can, for an INSERT ...
 * ON CONFLICT (rules are refused with it, policies raise); a partitioned
 * summary table is counted in case one of its partitions has one.
 */
static bool
track_summary_may_discard(Oid sumrel)
{
	Relation	rel = table_open(sumrel, AccessShareLock);
	TriggerDesc *td = rel->trigdesc;
	bool		may;

	may = rel->rd_rel->relkind == RELKIND_PARTITIONED_TABLE ||
		(td != NULL && (td->trig_insert_before_row ||
						td->trig_update_before_row));
	table_close(rel, AccessShareLock);
	return may;
}

static void
track_merge(TrackPlan *plan, const char *agg_sql)
{
	char	   *upsert;
	int			rc;

	upsert = psprintf("INSERT INTO %s AS s (vin, summary) "
					  "SELECT a.v, a.sm FROM (%s) AS a ORDER BY a.v "
					  "ON CONFLICT (vin) DO UPDATE SET summary = %s",
					  plan->summary, agg_sql,
					  track_merge_expr(plan, "EXCLUDED.summary"));
	if (!track_summary_may_discard(plan->sumrel))
	{
		rc = SPI_execute(upsert, false, 0);
		if (rc != SPI_OK_INSERT)
			elog(ERROR, "SPI_execute returned %s", SPI_result_code_string(rc));
	}
	else
	{
		/* count what was meant and what was stored, in one statement */
		char	   *sql;
		bool		isnull;
		int64		meant;
		int64		stored;

		sql = psprintf("WITH a AS MATERIALIZED (%s), "
					   "w AS (INSERT INTO %s AS s (vin, summary) "
					   "SELECT a.v, a.sm FROM a ORDER BY a.v "
					   "ON CONFLICT (vin) DO UPDATE SET summary = %s "
					   "RETURNING 1) "
					   "SELECT (SELECT pg_catalog.count(*) FROM a), "
					   "(SELECT pg_catalog.count(*) FROM w)",
					   agg_sql, plan->summary,
					   track_merge_expr(plan, "EXCLUDED.summary"));
		rc = SPI_execute(sql, false, 0);
		if (rc != SPI_OK_SELECT || SPI_processed != 1)
			elog(ERROR, "SPI_execute returned %s", SPI_result_code_string(rc));
		meant = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0],
											SPI_tuptable->tupdesc, 1, &isnull));
		stored = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0],
											 SPI_tuptable->tupdesc, 2, &isnull));
		if (stored != meant)
			track_discarded(plan, meant - stored);
	}
}

Datum
track_vin_array(Oid vintype, Datum *vins, int n)
{
	return PointerGetDatum(construct_array(vins, n, vintype, sizeof(Vin),
										   false, TYPALIGN_CHAR));
}

/*
 * The channel path: see the file header.  Loops because a summary row can
 * be deleted by another session between the insert that found it and the
 * lock that should have taken it; every VIN of the statement is merged
 * exactly once.
 */
static void
track_merge_notify(TrackPlan *plan, const char *agg_sql)
{
	char	   *zm;
	char	   *count_sql;
	char	   *insert_sql;
	char	   *lock_sql;
	char	   *update_sql;
	Oid			argtypes[4];
	Datum		values[4];
	Oid			vinarray = get_array_type(plan->vintype);
	int64		total;
	int64		done = 0;
	Datum	   *handled;
	int			rc;
	bool		isnull;

	if (!OidIsValid(vinarray))
		elog(ERROR, "type vin has no array type");

	zm = track_zm_expr(plan, "s.summary");
	count_sql = psprintf("SELECT pg_catalog.count(*) FROM (%s) AS a",
						 agg_sql);

	/*
	 * The vin operators are the extension's, named with their schema: the
	 * trigger runs with the inserting user's search_path, which must not be
	 * able to substitute operators of its own (nor, with the extension's
	 * schema absent from it, fall back to comparing text).
	 */
	insert_sql = psprintf("INSERT INTO %s AS s (vin, summary) "
						  "SELECT a.v, a.sm FROM (%s) AS a "
						  "WHERE a.v OPERATOR(%s.<>) ALL ($3) ORDER BY a.v "
						  "ON CONFLICT (vin) DO NOTHING "
						  "RETURNING s.vin, CAST(s.vin AS pg_catalog.text), %s",
						  plan->summary, agg_sql, plan->ext, zm);
	lock_sql = psprintf("SELECT s.vin, %s FROM %s AS s "
						"WHERE s.vin OPERATOR(%s.=) ANY (SELECT a.v FROM (%s) AS a) "
						"AND s.vin OPERATOR(%s.<>) ALL ($3) ORDER BY s.vin FOR UPDATE OF s",
						zm, plan->summary, plan->ext, agg_sql, plan->ext);
	update_sql = psprintf("WITH u AS (UPDATE %s AS s SET summary = %s "
						  "FROM (%s) AS a, "
						  "ROWS FROM (pg_catalog.unnest($3), pg_catalog.unnest($4)) AS b(vin, was) "
						  "WHERE s.vin OPERATOR(%s.=) a.v AND b.vin OPERATOR(%s.=) a.v "
						  "RETURNING s.vin, CAST(s.vin AS pg_catalog.text) AS t, b.was, %s AS zm) "
						  "SELECT u.t, u.was, u.zm FROM u ORDER BY u.vin",
						  plan->summary, track_merge_expr(plan, "a.sm"),
						  agg_sql, plan->ext, plan->ext, zm);

	rc = SPI_execute(count_sql, true, 0);
	if (rc != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "SPI_execute returned %s", SPI_result_code_string(rc));
	total = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0],
										SPI_tuptable->tupdesc, 1, &isnull));
	handled = palloc(sizeof(Datum) * Max(total, 1));

	argtypes[0] = INTERVALOID;
	argtypes[1] = FLOAT8OID;
	argtypes[2] = vinarray;
	argtypes[3] = BOOLARRAYOID;
	values[0] = plan->within;
	values[1] = Float8GetDatum(plan->max_km);

	while (done < total)
	{
		uint64		i;
		uint64		nlocked;
		Datum	   *locked;
		Datum	   *was;
		int64		done_before = done;

		CHECK_FOR_INTERRUPTS();

		/* New VINs: nothing before, so notify if zero-mileage now */
		values[2] = track_vin_array(plan->vintype, handled, done);
		rc = SPI_execute_with_args(insert_sql, 3, argtypes, values, NULL,
								   false, 0);
		if (rc != SPI_OK_INSERT_RETURNING)
			elog(ERROR, "SPI_execute returned %s", SPI_result_code_string(rc));
		for (i = 0; i < SPI_processed; i++)
		{
			HeapTuple	tup = SPI_tuptable->vals[i];
			TupleDesc	desc = SPI_tuptable->tupdesc;

			if (done >= total)
				elog(ERROR, "resale_track merged more VINs than the statement has");
			handled[done++] = datumCopy(SPI_getbinval(tup, desc, 1, &isnull),
										false, sizeof(Vin));
			if (DatumGetBool(SPI_getbinval(tup, desc, 3, &isnull)))
				Async_Notify(plan->channel,
							 TextDatumGetCString(SPI_getbinval(tup, desc, 2, &isnull)));
		}

		/* Existing VINs: lock them and read their state before the merge */
		values[2] = track_vin_array(plan->vintype, handled, done);
		rc = SPI_execute_with_args(lock_sql, 3, argtypes, values, NULL,
								   false, 0);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "SPI_execute returned %s", SPI_result_code_string(rc));
		nlocked = SPI_processed;
		if (nlocked == 0)
		{
			/*
			 * Neither inserted nor found: a BEFORE INSERT trigger on the
			 * summary table returned NULL for the rest (another session's
			 * delete between the two statements is caught up with in the next
			 * round, and always makes progress).
			 */
			if (done == done_before)
				track_discarded(plan, total - done);
			continue;
		}
		locked = palloc(sizeof(Datum) * nlocked);
		was = palloc(sizeof(Datum) * nlocked);
		for (i = 0; i < nlocked; i++)
		{
			HeapTuple	tup = SPI_tuptable->vals[i];
			TupleDesc	desc = SPI_tuptable->tupdesc;

			locked[i] = datumCopy(SPI_getbinval(tup, desc, 1, &isnull),
								  false, sizeof(Vin));
			was[i] = SPI_getbinval(tup, desc, 2, &isnull);
			if (done >= total)
				elog(ERROR, "resale_track merged more VINs than the statement has");
			handled[done++] = locked[i];
		}

		/* Merge into the locked rows; notify those that became zero-mileage */
		values[2] = track_vin_array(plan->vintype, locked, nlocked);
		values[3] = PointerGetDatum(construct_array(was, nlocked, BOOLOID,
													1, true, TYPALIGN_CHAR));
		rc = SPI_execute_with_args(update_sql, 4, argtypes, values, NULL,
								   false, 0);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "SPI_execute returned %s", SPI_result_code_string(rc));
		if (SPI_processed != nlocked)
			track_discarded(plan, (int64) (nlocked - SPI_processed));
		for (i = 0; i < SPI_processed; i++)
		{
			HeapTuple	tup = SPI_tuptable->vals[i];
			TupleDesc	desc = SPI_tuptable->tupdesc;

			if (!DatumGetBool(SPI_getbinval(tup, desc, 2, &isnull)) &&
				DatumGetBool(SPI_getbinval(tup, desc, 3, &isnull)))
				Async_Notify(plan->channel,
							 TextDatumGetCString(SPI_getbinval(tup, desc, 1, &isnull)));
		}
	}
}

Datum
resale_track(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TriggerEvent ev;
	TrackPlan	plan;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("resale_track() was not called by the trigger manager")));
	ev = trigdata->tg_event;

	/*
	 * BEFORE INSERT OR UPDATE FOR EACH ROW on a partitioned events table,
	 * cloned by PostgreSQL to every partition, now and later: the guard that
	 * each partition rows go into is tracked (resale_recompute.c).
	 */
	if (TRIGGER_FIRED_BEFORE(ev) && TRIGGER_FIRED_FOR_ROW(ev) &&
		(TRIGGER_FIRED_BY_INSERT(ev) || TRIGGER_FIRED_BY_UPDATE(ev)))
		return PointerGetDatum(track_partition_guard(fcinfo, trigdata));

	if (!TRIGGER_FIRED_AFTER(ev))
		track_protocol_error(trigdata, "AFTER the statement");
	if (!TRIGGER_FIRED_FOR_STATEMENT(ev))
		track_protocol_error(trigdata, "FOR EACH STATEMENT");
	if (TRIGGER_FIRED_BY_INSERT(ev) && trigdata->tg_newtable == NULL)
		track_protocol_error(trigdata, "with REFERENCING NEW TABLE");
	if (TRIGGER_FIRED_BY_UPDATE(ev) &&
		(trigdata->tg_oldtable == NULL || trigdata->tg_newtable == NULL))
		track_protocol_error(trigdata, "with REFERENCING OLD TABLE ... NEW TABLE");
	if (TRIGGER_FIRED_BY_DELETE(ev) && trigdata->tg_oldtable == NULL)
		track_protocol_error(trigdata, "with REFERENCING OLD TABLE");

	/* once per statement: nothing worth caching across rows */
	track_parse(&plan, trigdata->tg_relation, trigdata->tg_trigger,
				fcinfo->flinfo->fn_oid);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_register_trigger_data(trigdata) != SPI_OK_TD_REGISTER)
		elog(ERROR, "SPI_register_trigger_data failed");
	if (TRIGGER_FIRED_BY_INSERT(ev))
	{
		char	   *agg_sql = track_agg_sql(&plan,
											quote_identifier(trigdata->tg_trigger->tgnewtable),
											NULL);

		if (plan.channel == NULL)
			track_merge(&plan, agg_sql);
		else
			track_merge_notify(&plan, agg_sql);
	}
	else if (TRIGGER_FIRED_BY_UPDATE(ev))
		track_recompute_update(&plan, trigdata);
	else if (TRIGGER_FIRED_BY_DELETE(ev))
		track_recompute_delete(&plan, trigdata);
	else
		track_recompute_truncate(&plan, trigdata);
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");

	return PointerGetDatum(NULL);
}
