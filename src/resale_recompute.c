/*-------------------------------------------------------------------------
 *
 * resale_recompute.c
 *	  The paths of resale_track() that take events away: UPDATE, DELETE and
 *	  TRUNCATE of the events table (MERGE fires them too), and what keeps
 *	  them exact: the partition guard, the checks of a set-up
 *	  (resale_track_check) and the rebuild of a summary table
 *	  (resale_track_rebuild).
 *
 * A summary cannot be subtracted from, so the vehicles a statement touches
 * are recomputed from the events table (as pg_ivm does for min and max):
 *
 * 1. The affected VINs: those whose events, as the summary sees them
 *	  (VIN, kind, time, odometer, seller), differ between the old and the
 *	  new transition table (an UPDATE of another column touches none), or
 *	  every VIN of the old one for a DELETE.
 * 2. Their summary rows are locked, in VIN order.
 * 3. In a new statement (so that, under READ COMMITTED, a session that held
 *	  a lock we waited for is seen with its events), the affected vehicles
 *	  are aggregated from the events table through its VIN index and, in
 *	  one statement, their locked rows updated (or deleted when no event is
 *	  left) and rows inserted for vehicles that had none.  An insert that
 *	  meets a row another session made meanwhile is not overwritten: that
 *	  VIN goes round again, locked this time.
 *
 * Every write that could block waits only after the rows it holds were
 * taken in VIN order, as the insert path's upsert takes them; a deadlock
 * is possible only where an UPDATE moves events to a VIN that had no
 * summary while another session inserts for it and for a VIN it holds
 * (doc/triggers.md: PostgreSQL detects it and the statement can be
 * retried).  Under REPEATABLE READ and SERIALIZABLE a summary row changed
 * since the transaction's snapshot is a serialization failure at step 2
 * or 3, never a summary computed from too old a picture.
 *
 * The events table is the root of the partition tree the firing table is
 * in, and it must feed the summary table alone: recomputing a vehicle
 * from one table's events would drop those another table contributed.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/xact.h"
#include "access/table.h"
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "catalog/partition.h"
#include "catalog/pg_am.h"
#include "catalog/pg_cast.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_class.h"
#include "catalog/pg_trigger.h"
#include "catalog/pg_type.h"
#include "commands/async.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/primnodes.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/rls.h"
#include "utils/syscache.h"
#include "utils/varlena.h"

#include "resale_track.h"
#include "trigger_common.h"
#include "vin_type.h"

PG_FUNCTION_INFO_V1(resale_track_insert_only);
PG_FUNCTION_INFO_V1(resale_track_check);
PG_FUNCTION_INFO_V1(resale_track_rebuild);
PG_FUNCTION_INFO_V1(resale_track_written_here);

/*
 * resale_track_written_here(xid): was a row with this xmin written by the
 * current transaction (or one of its subtransactions)?  The insert path's
 * test for a summary row that may already hold its events.
 */
Datum
resale_track_written_here(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(TransactionIdIsCurrentTransactionId(PG_GETARG_TRANSACTIONID(0)));
}

/* VINs recomputed per round by resale_track_rebuild */
#define REBUILD_BATCH 10000

/* The root of the partition tree rel is in (rel itself if none) */
Oid
track_events_root(Oid relid)
{
	if (get_rel_relispartition(relid))
		return llast_oid(get_partition_ancestors(relid));
	return relid;
}

static void
track_refuse_shard(TrackPlan *plan, const char *what)
{
	if (plan->on_shard)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("resale_track cannot keep summaries exact through %s on a distributed table",
						what),
				 errdetail("Trigger \"%s\" fires on a shard of the events, and zeromile does not recompute summaries there: on Citus, resale_track keeps them current through INSERT and COPY only.",
						   plan->trigname),
				 errhint("Drop the trigger; after changing events in place, recompute the vehicles touched with INSERT INTO summary_table SELECT vin, resale_agg(...) FROM events WHERE vin IN (...) GROUP BY vin ON CONFLICT (vin) DO UPDATE SET summary = EXCLUDED.summary (doc/citus.md).")));
}

/*
 * Does the summary table receive events from anything else than the
 * partition tree of root?  Every resale_track trigger of the database is
 * looked at: a trigger's first argument is its summary table.
 */
static void
track_check_single_feed(TrackPlan *plan, Oid root)
{
	Relation	tgrel = table_open(TriggerRelationId, AccessShareLock);
	SysScanDesc scan = systable_beginscan(tgrel, InvalidOid, false, NULL, 0, NULL);
	HeapTuple	tup;

	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_trigger t = (Form_pg_trigger) GETSTRUCT(tup);
		bytea	   *args;
		bool		isnull;
		char	   *name;
		List	   *names;
		List	   *qualified = NIL;
		ListCell   *lc;
		Oid			relid;
		Datum		d;

		if (t->tgfoid != plan->funcoid || t->tgnargs < 1)
			continue;
		if (t->tgrelid == root ||
			list_member_oid(get_partition_ancestors(t->tgrelid), root))
			continue;
		d = heap_getattr(tup, Anum_pg_trigger_tgargs,
						 RelationGetDescr(tgrel), &isnull);
		if (isnull)
			continue;
		args = DatumGetByteaPP(d);
		/* the first argument, up to its NUL */
		name = pnstrdup(VARDATA_ANY(args), VARSIZE_ANY_EXHDR(args));

		/* another trigger's malformed name is its own error, not ours */
		if (!SplitIdentifierString(name, '.', &names) ||
			list_length(names) < 2 || list_length(names) > 3)
			continue;
		foreach(lc, names)
			qualified = lappend(qualified, makeString(lfirst(lc)));
		relid = RangeVarGetRelid(makeRangeVarFromNameList(qualified), NoLock, true);
		if (relid != plan->sumrel)
			continue;
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("summary table %s is fed by table %s as well as by %s",
						plan->summary, zm_relation_name_quoted(t->tgrelid),
						zm_relation_name_quoted(root)),
				 errdetail("Trigger \"%s\" recomputes the vehicles a change touches from the events of %s, which would drop the events trigger \"%s\" brought from the other table.",
						   plan->trigname, zm_relation_name_quoted(root),
						   NameStr(t->tgname)),
				 errhint("Give each events table a summary table of its own, or make the events tables partitions of one table and track that.")));
	}
	systable_endscan(scan);
	table_close(tgrel, AccessShareLock);
}

/*
 * The recompute reads the events a VIN has through an index on the VIN
 * column: the column itself if it has type vin, else its cast to vin (how
 * the summaries group text VINs, 'lsj...' and 'LSJ...' alike).
 */
static void
track_check_vin_index(TrackPlan *plan, Oid root)
{
	Relation	rel = table_open(root, AccessShareLock);
	List	   *indexes = RelationGetIndexList(rel);
	ListCell   *lc;
	Oid			castfunc = InvalidOid;
	bool		found = false;
	char	   *rootname = zm_relation_name_quoted(root);

	if (plan->vin_atttype != plan->vintype)
	{
		HeapTuple	cast = SearchSysCache2(CASTSOURCETARGET,
										   ObjectIdGetDatum(plan->vin_atttype),
										   ObjectIdGetDatum(plan->vintype));

		if (HeapTupleIsValid(cast))
		{
			castfunc = ((Form_pg_cast) GETSTRUCT(cast))->castfunc;
			ReleaseSysCache(cast);
		}
	}

	foreach(lc, indexes)
	{
		Relation	irel = index_open(lfirst_oid(lc), AccessShareLock);
		Form_pg_index idx = irel->rd_index;

		if (idx->indisvalid &&
			(irel->rd_rel->relam == BTREE_AM_OID ||
			 irel->rd_rel->relam == HASH_AM_OID) &&
			RelationGetIndexPredicate(irel) == NIL)
		{
			if (plan->vin_atttype == plan->vintype)
				found = idx->indkey.values[0] == plan->vin_attnum;
			else if (idx->indkey.values[0] == 0 && OidIsValid(castfunc))
			{
				Node	   *expr = linitial(RelationGetIndexExpressions(irel));

				if (IsA(expr, FuncExpr) &&
					((FuncExpr *) expr)->funcid == castfunc &&
					list_length(((FuncExpr *) expr)->args) == 1)
				{
					Node	   *arg = linitial(((FuncExpr *) expr)->args);

					while (IsA(arg, RelabelType))
						arg = (Node *) ((RelabelType *) arg)->arg;
					found = IsA(arg, Var) &&
						((Var *) arg)->varattno == plan->vin_attnum;
				}
			}
		}
		index_close(irel, AccessShareLock);
		if (found)
			break;
	}
	table_close(rel, AccessShareLock);

	if (!found)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("events table %s has no index on its VIN column %s",
						rootname, plan->vin_col),
				 errdetail("Trigger \"%s\" recomputes the vehicles an UPDATE or DELETE touches from their events; without a btree or hash index on %s (whole, valid, not partial) each statement would read the whole table.",
						   plan->trigname,
						   plan->vin_atttype == plan->vintype ? "the column" :
						   "the column cast to vin"),
				 plan->vin_atttype == plan->vintype ?
				 errhint("CREATE INDEX ON %s (%s);", rootname, plan->vin_col) :
				 errhint("CREATE INDEX ON %s ((CAST(%s AS %s.vin)));",
						 rootname, plan->vin_col, plan->ext)));
}

/* Row-level security would hide events from the recompute: refuse it */
static void
track_check_rls(TrackPlan *plan, Oid root)
{
	Oid			rels[2];
	int			i;

	rels[0] = root;
	rels[1] = plan->sumrel;
	for (i = 0; i < 2; i++)
		if (check_enable_rls(rels[i], InvalidOid, false) == RLS_ENABLED)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("resale_track cannot recompute summaries with row-level security in force on %s",
							zm_relation_name_quoted(rels[i])),
					 errdetail("Trigger \"%s\" would see only the rows role \"%s\" may see and store summaries of part of the events.",
							   plan->trigname, GetUserNameFromId(GetUserId(), false)),
					 errhint("Let the roles that change events bypass the policies (BYPASSRLS, or a policy showing them every row), or track the table insert-only.")));
}

/* Everything the recompute paths need; returns the events table (root) */
static Oid
track_recompute_checks(TrackPlan *plan, Oid relid, bool need_index)
{
	Oid			root = track_events_root(relid);

	track_check_rls(plan, root);
	track_check_single_feed(plan, root);
	if (need_index)
		track_check_vin_index(plan, root);
	return root;
}

/* Run a query returning one vin[] (or NULL); copy it out */
static ArrayType *
track_vin_set(const char *sql, int nargs, Oid *argtypes, Datum *values)
{
	int			rc;
	bool		isnull;
	Datum		d;

	rc = SPI_execute_with_args(sql, nargs, argtypes, values, NULL, false, 0);
	if (rc != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "SPI_execute returned %s", SPI_result_code_string(rc));
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (isnull)
		return NULL;
	return DatumGetArrayTypePCopy(d);
}

static void
track_notify(TrackPlan *plan, bool was, bool now, Datum vintext)
{
	if (plan->channel == NULL || was == now)
		return;
	if (now)
		Async_Notify(plan->channel, TextDatumGetCString(vintext));
	else
		Async_Notify(plan->channel,
					 psprintf("-%s", TextDatumGetCString(vintext)));
}

/*
 * Recompute the summaries of the VINs in affected (a sorted vin[]) from
 * the events table root: steps 2 and 3 of the file header, round after
 * round until no VIN is left over.
 */
static void
track_recompute(TrackPlan *plan, Oid root, ArrayType *pending)
{
	char	   *events = zm_relation_name_quoted(root);
	char	   *ext = plan->ext;
	char	   *zm = track_zm_expr(plan, "s.summary");
	char	   *fresh;
	char	   *lock_sql;
	char	   *write_sql;
	Oid			argtypes[5];
	Datum		values[5];
	Oid			vinarray = get_array_type(plan->vintype);

	if (!OidIsValid(vinarray))
		elog(ERROR, "type vin has no array type");

	fresh = track_agg_sql(plan, events,
						  psprintf("%s OPERATOR(%s.=) ANY ($3)",
								   plan->vin_expr, ext));
	lock_sql = psprintf("SELECT s.vin, %s FROM %s AS s "
						"WHERE s.vin OPERATOR(%s.=) ANY ($3) "
						"ORDER BY s.vin FOR UPDATE OF s",
						zm, plan->summary, ext);
	write_sql = psprintf("WITH f AS MATERIALIZED (%s), "
						 "b AS (SELECT b.vin, b.was FROM ROWS FROM (pg_catalog.unnest($4), pg_catalog.unnest($5)) AS b(vin, was)), "
						 "u AS (UPDATE %s AS s SET summary = f.sm FROM f, b "
						 "WHERE s.vin OPERATOR(%s.=) f.v AND b.vin OPERATOR(%s.=) f.v "
						 "RETURNING s.vin, b.was, %s AS zm), "
						 "d AS (DELETE FROM %s AS s USING b "
						 "WHERE s.vin OPERATOR(%s.=) b.vin "
						 "AND NOT EXISTS (SELECT FROM f WHERE f.v OPERATOR(%s.=) s.vin) "
						 "RETURNING s.vin, b.was), "
						 "i AS (INSERT INTO %s AS s (vin, summary) "
						 "SELECT f.v, f.sm FROM f WHERE f.v OPERATOR(%s.<>) ALL ($4) ORDER BY f.v "
						 "ON CONFLICT (vin) DO NOTHING RETURNING s.vin, %s AS zm) "
						 "SELECT r.* FROM ("
						 "SELECT 'u', u.vin, CAST(u.vin AS pg_catalog.text), u.was, u.zm FROM u "
						 "UNION ALL SELECT 'd', d.vin, CAST(d.vin AS pg_catalog.text), d.was, false FROM d "
						 "UNION ALL SELECT 'i', i.vin, CAST(i.vin AS pg_catalog.text), false, i.zm FROM i "
						 "UNION ALL SELECT 'c', f.v, NULL, false, false FROM f "
						 "WHERE f.v OPERATOR(%s.<>) ALL ($4) "
						 "AND NOT EXISTS (SELECT FROM i WHERE i.vin OPERATOR(%s.=) f.v)"
						 ") AS r(kind, vin, vintext, was, zm) ORDER BY r.vin",
						 fresh,
						 plan->summary, ext, ext, zm,
						 plan->summary, ext, ext,
						 plan->summary, ext, zm,
						 ext, ext);

	argtypes[0] = INTERVALOID;
	argtypes[1] = FLOAT8OID;
	argtypes[2] = vinarray;
	argtypes[3] = vinarray;
	argtypes[4] = BOOLARRAYOID;
	values[0] = plan->within;
	values[1] = Float8GetDatum(plan->max_km);

	while (pending != NULL)
	{
		uint64		nlocked;
		uint64		i;
		Datum	   *locked;
		Datum	   *was;
		Datum	   *again;
		int			nagain = 0;
		uint64		written = 0;
		uint64		inserted = 0;
		int			rc;
		bool		isnull;

		CHECK_FOR_INTERRUPTS();

		/* 2. lock, in VIN order, the rows there are */
		values[2] = PointerGetDatum(pending);
		rc = SPI_execute_with_args(lock_sql, 3, argtypes, values, NULL, false, 0);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "SPI_execute returned %s", SPI_result_code_string(rc));
		nlocked = SPI_processed;
		locked = palloc(sizeof(Datum) * Max(nlocked, 1));
		was = palloc(sizeof(Datum) * Max(nlocked, 1));
		for (i = 0; i < nlocked; i++)
		{
			HeapTuple	tup = SPI_tuptable->vals[i];
			TupleDesc	desc = SPI_tuptable->tupdesc;

			locked[i] = datumCopy(SPI_getbinval(tup, desc, 1, &isnull),
								  false, sizeof(Vin));
			was[i] = SPI_getbinval(tup, desc, 2, &isnull);
		}

		/* 3. recompute and write, in a statement of its own */
		values[3] = track_vin_array(plan->vintype, locked, (int) nlocked);
		values[4] = PointerGetDatum(construct_array(was, (int) nlocked, BOOLOID,
													1, true, TYPALIGN_CHAR));
		rc = SPI_execute_with_args(write_sql, 5, argtypes, values, NULL, false, 0);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "SPI_execute returned %s", SPI_result_code_string(rc));
		again = palloc(sizeof(Datum) * Max(SPI_processed, 1));
		for (i = 0; i < SPI_processed; i++)
		{
			HeapTuple	tup = SPI_tuptable->vals[i];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			char	   *kind = TextDatumGetCString(SPI_getbinval(tup, desc, 1, &isnull));

			if (kind[0] == 'c')
			{
				again[nagain++] = datumCopy(SPI_getbinval(tup, desc, 2, &isnull),
											false, sizeof(Vin));
				continue;
			}
			if (kind[0] == 'i')
				inserted++;
			else
				written++;
			track_notify(plan,
						 DatumGetBool(SPI_getbinval(tup, desc, 4, &isnull)),
						 DatumGetBool(SPI_getbinval(tup, desc, 5, &isnull)),
						 SPI_getbinval(tup, desc, 3, &isnull));
		}

		/* every locked row is updated or deleted, or something discarded it */
		if (written != nlocked)
			track_discarded(plan, (int64) (nlocked - written));
		/* a round that stored nothing and locked nothing cannot progress */
		if (nagain > 0 && nlocked == 0 && inserted == 0)
			track_discarded(plan, nagain);

		pending = nagain > 0 ?
			DatumGetArrayTypeP(track_vin_array(plan->vintype, again, nagain)) :
			NULL;
	}
}

/* One tuple of the event columns of transition table tab, for EXCEPT ALL */
static char *
track_event_columns(TrackPlan *plan, const char *tab)
{
	return psprintf("SELECT %s AS v, %s, %s, %s%s%s FROM %s AS t WHERE t.%s IS NOT NULL",
					plan->vin_expr, plan->kind_expr, plan->at_expr,
					plan->odo_expr,
					plan->seller_expr ? ", " : "",
					plan->seller_expr ? plan->seller_expr : "",
					quote_identifier(tab), plan->vin_col);
}

void
track_recompute_update(TrackPlan *plan, TriggerData *trigdata)
{
	Oid			root;
	char	   *oldrows;
	char	   *newrows;
	ArrayType  *affected;

	track_refuse_shard(plan, "UPDATE");
	root = track_recompute_checks(plan, RelationGetRelid(trigdata->tg_relation), true);

	/* the multiset of event tuples changed for these VINs only */
	oldrows = track_event_columns(plan, trigdata->tg_trigger->tgoldtable);
	newrows = track_event_columns(plan, trigdata->tg_trigger->tgnewtable);
	affected = track_vin_set(psprintf("SELECT pg_catalog.array_agg(DISTINCT d.v ORDER BY d.v) "
									  "FROM ((%s EXCEPT ALL %s) UNION ALL (%s EXCEPT ALL %s)) AS d",
									  oldrows, newrows, newrows, oldrows),
							 0, NULL, NULL);
	if (affected != NULL)
		track_recompute(plan, root, affected);
}

void
track_recompute_delete(TrackPlan *plan, TriggerData *trigdata)
{
	Oid			root;
	ArrayType  *affected;

	track_refuse_shard(plan, "DELETE");
	root = track_recompute_checks(plan, RelationGetRelid(trigdata->tg_relation), true);
	affected = track_vin_set(psprintf("SELECT pg_catalog.array_agg(DISTINCT t.v ORDER BY t.v) "
									  "FROM (SELECT %s AS v FROM %s AS t WHERE t.%s IS NOT NULL) AS t",
									  plan->vin_expr,
									  quote_identifier(trigdata->tg_trigger->tgoldtable),
									  plan->vin_col),
							 0, NULL, NULL);
	if (affected != NULL)
		track_recompute(plan, root, affected);
}

/*
 * TRUNCATE of the events table (of the root of its tree) leaves no event:
 * every summary goes.  TRUNCATE of one partition leaves the others', and
 * there is no telling which VINs it held: every summary is recomputed.
 */
void
track_recompute_truncate(TrackPlan *plan, TriggerData *trigdata)
{
	Oid			relid = RelationGetRelid(trigdata->tg_relation);
	Oid			root;

	track_refuse_shard(plan, "TRUNCATE");
	root = track_recompute_checks(plan, relid, false);
	if (root == relid)
	{
		char	   *zm = track_zm_expr(plan, "s.summary");
		Oid			argtypes[2] = {INTERVALOID, FLOAT8OID};
		Datum		values[2];
		int			rc;
		uint64		i;
		int64		left;
		bool		isnull;

		values[0] = plan->within;
		values[1] = Float8GetDatum(plan->max_km);
		rc = SPI_execute_with_args(psprintf("WITH d AS (DELETE FROM %s AS s "
											"RETURNING s.vin, CAST(s.vin AS pg_catalog.text) AS t, %s AS zm) "
											"SELECT d.t, d.zm FROM d ORDER BY d.vin",
											plan->summary, zm),
								   2, argtypes, values, NULL, false, 0);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "SPI_execute returned %s", SPI_result_code_string(rc));
		for (i = 0; i < SPI_processed; i++)
			track_notify(plan,
						 DatumGetBool(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, &isnull)),
						 false,
						 SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull));
		rc = SPI_execute(psprintf("SELECT pg_catalog.count(*) FROM %s", plan->summary),
						 false, 0);
		if (rc != SPI_OK_SELECT || SPI_processed != 1)
			elog(ERROR, "SPI_execute returned %s", SPI_result_code_string(rc));
		left = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
		if (left != 0)
			track_discarded(plan, left);
	}
	else
	{
		ArrayType  *affected;

		affected = track_vin_set(psprintf("SELECT pg_catalog.array_agg(DISTINCT d.v ORDER BY d.v) "
										  "FROM (SELECT s.vin AS v FROM %s AS s UNION ALL "
										  "SELECT %s FROM %s AS t WHERE t.%s IS NOT NULL) AS d",
										  plan->summary, plan->vin_expr,
										  zm_relation_name_quoted(root),
										  plan->vin_col),
								 0, NULL, NULL);
		if (affected != NULL)
			track_recompute(plan, root, affected);
	}
}

/* Do two triggers take the same arguments? */
static bool
track_same_args(Trigger *a, Trigger *b)
{
	int			i;

	if (a->tgnargs != b->tgnargs)
		return false;
	for (i = 0; i < a->tgnargs; i++)
		if (strcmp(a->tgargs[i], b->tgargs[i]) != 0)
			return false;
	return true;
}

/* Is function funcoid the extension's (schema nsp) function called name? */
static bool
track_is_ours(Oid funcoid, Oid nsp, const char *name)
{
	char	   *fname;

	if (get_func_namespace(funcoid) != nsp)
		return false;
	fname = get_func_name(funcoid);
	return fname != NULL && strcmp(fname, name) == 0;
}

/*
 * Does rel have the statement triggers that track it with the arguments of
 * trigger like: resale_track AFTER INSERT with a new table, and for UPDATE,
 * DELETE and TRUNCATE either resale_track or resale_track_insert_only?
 * The name of the first missing one goes into *missing.
 */
static bool
track_rel_is_tracked(Relation rel, Trigger *like, Oid funcoid,
					 const char **missing)
{
	TriggerDesc *td = rel->trigdesc;
	static const int16 events[] = {TRIGGER_TYPE_INSERT, TRIGGER_TYPE_UPDATE,
	TRIGGER_TYPE_DELETE, TRIGGER_TYPE_TRUNCATE};
	static const char *const names[] = {"AFTER INSERT", "AFTER UPDATE",
	"AFTER DELETE", "AFTER TRUNCATE"};
	Oid			nsp = get_func_namespace(funcoid);
	int			e;

	for (e = 0; e < 4; e++)
	{
		bool		found = false;
		int			i;

		for (i = 0; td != NULL && i < td->numtriggers && !found; i++)
		{
			Trigger    *t = &td->triggers[i];

			if (TRIGGER_FOR_ROW(t->tgtype) || !(t->tgtype & events[e]) ||
				t->tgenabled == TRIGGER_DISABLED || !track_same_args(t, like))
				continue;
			if (t->tgfoid == funcoid)
				found = TRIGGER_FOR_AFTER(t->tgtype) &&
					(e != 0 || t->tgnewtable != NULL);
			else if (e > 0)
				found = track_is_ours(t->tgfoid, nsp, "resale_track_insert_only");
		}
		if (!found)
		{
			*missing = names[e];
			return false;
		}
	}
	return true;
}

/*
 * The partition guard: BEFORE INSERT OR UPDATE FOR EACH ROW, which
 * PostgreSQL clones to every partition of a partitioned events table,
 * those made later included.  A statement trigger on the partitioned table
 * does not fire for rows written to a partition directly, and is not
 * cloned: the guard refuses the first row that goes into a partition that
 * lacks the tracking triggers, instead of letting it update no summary.
 * Checked once per statement and partition.
 */
HeapTuple
track_partition_guard(FunctionCallInfo fcinfo, TriggerData *trigdata)
{
	HeapTuple	ret = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ?
		trigdata->tg_newtuple : trigdata->tg_trigtuple;
	Relation	rel = trigdata->tg_relation;
	const char *missing;

	if (fcinfo->flinfo->fn_extra != NULL)
		return ret;
	if (!track_rel_is_tracked(rel, trigdata->tg_trigger,
							  fcinfo->flinfo->fn_oid, &missing))
	{
		Oid			relid = RelationGetRelid(rel);
		Oid			root = track_events_root(relid);

		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("table %s is not tracked: it has no %s statement trigger of resale_track",
						zm_relation_name_quoted(relid), missing),
				 root != relid ?
				 errdetail("Trigger \"%s\" checks that every partition of %s that rows go into has the statement triggers of resale_track; rows written into this one directly would update no summary.",
						   trigdata->tg_trigger->tgname,
						   zm_relation_name_quoted(root)) :
				 errdetail("Trigger \"%s\" checks that the table has the statement triggers of resale_track.",
						   trigdata->tg_trigger->tgname),
				 errhint("Run resale_track_attach() on %s again: it attaches the triggers to the partitions made since.",
						 zm_relation_name_quoted(root))));
	}
	fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, 1);
	return ret;
}

/*
 * resale_track_insert_only(): BEFORE UPDATE, DELETE or TRUNCATE FOR EACH
 * STATEMENT on an events table tracked insert-only, refusing the change.
 */
Datum
resale_track_insert_only(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TriggerEvent ev;
	const char *what;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("resale_track_insert_only() was not called by the trigger manager")));
	ev = trigdata->tg_event;
	if (TRIGGER_FIRED_BY_UPDATE(ev))
		what = "UPDATE";
	else if (TRIGGER_FIRED_BY_DELETE(ev))
		what = "DELETE";
	else if (TRIGGER_FIRED_BY_TRUNCATE(ev))
		what = "TRUNCATE";
	else
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("resale_track_insert_only() must be fired for UPDATE, DELETE or TRUNCATE"),
				 errdetail("Trigger \"%s\" on table \"%s\" is not.",
						   trigdata->tg_trigger->tgname,
						   RelationGetRelationName(trigdata->tg_relation))));
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("cannot %s table %s: its events are tracked insert-only",
					what,
					zm_relation_name_quoted(RelationGetRelid(trigdata->tg_relation))),
			 errdetail("Trigger \"%s\" keeps the table's summaries by merging new events only, and the summaries would not follow the %s.",
					   trigdata->tg_trigger->tgname, what),
			 errhint("Track the table with resale_track_attach(..., insert_only => false) to change events in place.")));
	PG_RETURN_NULL();
}

/*
 * resale_track_attach, _check and _rebuild work on the coordinator's view
 * of a table; on Citus the triggers fire on the shards, which only the
 * insert path can serve (track_refuse_shard).
 */
static void
track_refuse_citus(Oid events, const char *what)
{
	ZmCitusTable ct;

	if (zm_citus_table(events, &ct))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s does not work on %s table %s", what,
						zm_citus_table_kind(&ct), zm_relation_name_quoted(events)),
				 errdetail("On Citus, resale_track keeps summaries current through INSERT and COPY only: a trigger on one shard cannot recompute vehicles after an UPDATE, DELETE or TRUNCATE."),
				 errhint("Create the INSERT trigger by hand; after changing events in place, recompute the vehicles touched with INSERT ... SELECT vin, resale_agg(...) ... GROUP BY vin ON CONFLICT (vin) DO UPDATE (doc/citus.md).")));
}

/* The resale_track AFTER INSERT statement trigger of rel, or NULL */
static Trigger *
track_insert_trigger(Relation rel, Oid nsp)
{
	TriggerDesc *td = rel->trigdesc;
	int			i;

	for (i = 0; td != NULL && i < td->numtriggers; i++)
	{
		Trigger    *t = &td->triggers[i];

		if (!TRIGGER_FOR_ROW(t->tgtype) && TRIGGER_FOR_AFTER(t->tgtype) &&
			(t->tgtype & TRIGGER_TYPE_INSERT) && t->tgnewtable != NULL &&
			track_is_ours(t->tgfoid, nsp, "resale_track"))
			return t;
	}
	return NULL;
}

/*
 * resale_track_check(events regclass): check the resale_track triggers of
 * a table and of every partition as their first firing would (arguments,
 * columns, summary table, and for the recompute paths the VIN index, the
 * single feed and row-level security), and that every table of a
 * partition tree is tracked like its root.  Returns the number of
 * resale_track triggers checked.  resale_track_attach calls it before
 * anything is loaded.
 */
Datum
resale_track_check(PG_FUNCTION_ARGS)
{
	Oid			events = PG_GETARG_OID(0);
	Oid			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	Relation	root;
	Trigger    *like;
	List	   *tree;
	ListCell   *lc;
	int			ntriggers = 0;

	track_refuse_citus(events, "resale_track_attach (resale_track_check)");
	root = table_open(events, AccessShareLock);
	like = track_insert_trigger(root, nsp);
	tree = find_all_inheritors(events, AccessShareLock, NULL);
	foreach(lc, tree)
	{
		Relation	rel = table_open(lfirst_oid(lc), AccessShareLock);
		TriggerDesc *td = rel->trigdesc;
		const char *missing;
		int			i;

		for (i = 0; td != NULL && i < td->numtriggers; i++)
		{
			Trigger    *t = &td->triggers[i];
			TrackPlan	plan;

			if (!track_is_ours(t->tgfoid, nsp, "resale_track"))
				continue;
			ntriggers++;
			track_parse(&plan, rel, t, t->tgfoid);
			if (TRIGGER_FOR_ROW(t->tgtype))
				continue;
			if (t->tgtype & (TRIGGER_TYPE_UPDATE | TRIGGER_TYPE_DELETE))
				track_recompute_checks(&plan, RelationGetRelid(rel), true);
			else if (t->tgtype & TRIGGER_TYPE_TRUNCATE)
				track_recompute_checks(&plan, RelationGetRelid(rel), false);
		}
		if (like != NULL && rel->rd_rel->relispartition &&
			!track_rel_is_tracked(rel, like, like->tgfoid, &missing))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("partition %s of %s is not tracked: it has no %s statement trigger of resale_track",
							zm_relation_name_quoted(RelationGetRelid(rel)),
							zm_relation_name_quoted(events), missing),
					 errdetail("A statement trigger on a partitioned table does not fire for rows written into a partition directly."),
					 errhint("Let resale_track_attach() create the triggers.")));
		table_close(rel, AccessShareLock);
	}
	table_close(root, AccessShareLock);
	PG_RETURN_INT32(ntriggers);
}

/*
 * resale_track_rebuild(events regclass, dry_run boolean): the VINs whose
 * stored summary differs from resale_agg over the events ('missing',
 * 'stale', 'extra'), and unless dry_run their summaries recomputed, in
 * rounds of REBUILD_BATCH VINs, each locked and recomputed as the
 * triggers do, so that sessions inserting meanwhile lose nothing.
 */
Datum
resale_track_rebuild(PG_FUNCTION_ARGS)
{
	Oid			events = PG_GETARG_OID(0);
	bool		dry_run = PG_GETARG_BOOL(1);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Relation	rel;
	Trigger    *like;
	TrackPlan	plan;
	char	   *sql;
	Datum	   *vins;
	uint64		n;
	uint64		i;
	int			rc;

	if (get_rel_relispartition(events))
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("table %s is a partition", zm_relation_name_quoted(events)),
				 errhint("Rebuild from the partitioned table: resale_track_rebuild('%s').",
						 zm_relation_name_quoted(track_events_root(events)))));
	track_refuse_citus(events, "resale_track_rebuild");
	rel = table_open(events, AccessShareLock);
	like = track_insert_trigger(rel, get_func_namespace(fcinfo->flinfo->fn_oid));
	if (like == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("table %s has no AFTER INSERT statement trigger of resale_track",
						zm_relation_name_quoted(events)),
				 errdetail("resale_track_rebuild() takes the summary table and the columns from the trigger's arguments."),
				 errhint("Set tracking up with resale_track_attach().")));
	track_parse(&plan, rel, like, like->tgfoid);
	table_close(rel, AccessShareLock);
	track_refuse_shard(&plan, "a rebuild");

	InitMaterializedSRF(fcinfo, 0);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	track_check_rls(&plan, events);
	track_check_single_feed(&plan, events);

	sql = psprintf("SELECT COALESCE(s.vin, a.v), "
				   "CASE WHEN s.vin IS NULL THEN 'missing' WHEN a.v IS NULL THEN 'extra' ELSE 'stale' END "
				   "FROM %s AS s FULL JOIN (%s) AS a ON s.vin OPERATOR(%s.=) a.v "
				   "WHERE s.vin IS NULL OR a.v IS NULL "
				   "OR CAST(s.summary AS pg_catalog.text) IS DISTINCT FROM CAST(a.sm AS pg_catalog.text) "
				   "ORDER BY 1",
				   plan.summary, track_agg_sql(&plan, zm_relation_name_quoted(events), NULL),
				   plan.ext);
	rc = SPI_execute(sql, true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute returned %s", SPI_result_code_string(rc));
	n = SPI_processed;
	vins = palloc(sizeof(Datum) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		Datum		values[2];
		bool		nulls[2] = {false, false};
		bool		isnull;

		values[0] = SPI_getbinval(tup, SPI_tuptable->tupdesc, 1, &isnull);
		values[1] = SPI_getbinval(tup, SPI_tuptable->tupdesc, 2, &isnull);
		vins[i] = datumCopy(values[0], false, sizeof(Vin));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}

	if (!dry_run)
		for (i = 0; i < n; i += REBUILD_BATCH)
		{
			int			m = (int) Min(n - i, REBUILD_BATCH);

			track_recompute(&plan, events,
							DatumGetArrayTypeP(track_vin_array(plan.vintype, vins + i, m)));
		}
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	return (Datum) 0;
}
