/*-------------------------------------------------------------------------
 *
 * resale_track.h
 *	  What a firing of resale_track() needs, shared by the insert path
 *	  (resale_track.c: merge the new events) and the paths that recompute
 *	  vehicles from the events (resale_recompute.c: UPDATE, DELETE,
 *	  TRUNCATE, the partition guard, verification and rebuild).
 *
 *-------------------------------------------------------------------------
 */
#ifndef RESALE_TRACK_H
#define RESALE_TRACK_H

#include "commands/trigger.h"

#include "compat.h"				/* pg_noreturn */

#define TRACK_USAGE "resale_track(summary_table [, vin_column [, kind_column [, at_column [, odometer_column [, seller_column [, channel [, within [, max_km]]]]]]]])"

/* The plan of one firing, resolved from the arguments and the catalogue */
typedef struct TrackPlan
{
	Oid			funcoid;		/* resale_track() */
	char	   *ext;			/* extension schema, quoted */
	Oid			vintype;
	Oid			sumrel;			/* InvalidOid: not on this node (Citus) */
	char	   *summary;		/* summary table, qualified and quoted */
	const char *trigname;		/* as the user named it */
	bool		on_shard;		/* the events are a Citus shard */

	/* SQL expressions reading the event columns of a row aliased t */
	char	   *vin_col;		/* the VIN column, quoted: t.<vin_col> */
	char	   *vin_expr;		/* ... as vin */
	char	   *kind_expr;
	char	   *at_expr;
	char	   *odo_expr;
	char	   *seller_expr;	/* NULL: no seller */
	Oid			vin_atttype;	/* the VIN column's own type */
	AttrNumber	vin_attnum;

	/*
	 * The table is also tracked through UPDATE, DELETE or TRUNCATE: a summary
	 * row the current transaction wrote may already hold the new events (a
	 * MERGE fires its INSERT trigger after its UPDATE and DELETE ones), so
	 * the insert path recomputes such a row from events_root instead of
	 * merging into it.
	 */
	bool		recompute_own;
	char	   *events_root;	/* the events table, qualified and quoted */

	char	   *channel;		/* NULL: no notifications */
	Datum		within;			/* interval */
	float8		max_km;
} TrackPlan;

/* resale_track.c */
extern void track_parse(TrackPlan *plan, Relation rel, Trigger *trigger,
						Oid funcoid);
extern char *track_agg_sql(TrackPlan *plan, const char *from,
						   const char *where);
extern char *track_zm_expr(TrackPlan *plan, const char *summary);
extern char *track_args_sql(Trigger *trigger);
pg_noreturn extern void track_discarded(TrackPlan *plan, int64 lost);
extern Datum track_vin_array(Oid vintype, Datum *vins, int n);

/* resale_recompute.c */
extern Oid	track_events_root(Oid relid);
extern void track_recompute_update(TrackPlan *plan, TriggerData *trigdata);
extern void track_recompute_delete(TrackPlan *plan, TriggerData *trigdata);
extern void track_recompute_truncate(TrackPlan *plan, TriggerData *trigdata);
extern HeapTuple track_partition_guard(FunctionCallInfo fcinfo,
									   TriggerData *trigdata);

#endif							/* RESALE_TRACK_H */
