/*-------------------------------------------------------------------------
 *
 * trigger_common.h
 *	  Catalogue look-ups shared by the vin_guard and resale_track triggers:
 *	  the extension's own types, relation and column names from trigger
 *	  arguments.  Every name is resolved through the catalogue and every
 *	  name that goes into SQL is quoted from its catalogue spelling.
 *
 *-------------------------------------------------------------------------
 */
#ifndef TRIGGER_COMMON_H
#define TRIGGER_COMMON_H

#include "commands/trigger.h"
#include "utils/relcache.h"

#include "compat.h"				/* pg_noreturn */

/*
 * The OID of the type called typname in the schema of function funcoid (the
 * extension's schema), or an error if it is missing there.
 */
extern Oid	zm_extension_type(Oid funcoid, const char *typname);

/* The extension's schema, quoted, for building SQL */
extern char *zm_extension_schema_quoted(Oid funcoid);

/* Schema-qualified, quoted name of a relation */
extern char *zm_relation_name_quoted(Oid relid);

/*
 * Resolve a schema-qualified (possibly quoted) relation name given as a
 * trigger argument, for the purpose described by role (used in errors:
 * "quarantine table", "summary table").  It must be a table or a
 * partitioned table; an empty or malformed name is refused with 42602, an
 * unqualified one with 22023.  A table that does not exist is an error
 * (42P01), or InvalidOid if missing_ok.
 */
extern Oid	zm_resolve_table(const char *name, const char *role,
							 const char *trigname, bool missing_ok);

/*
 * Attribute number of column colname (exact spelling, as stored in the
 * catalogue) of rel, or 0 if missing and missing_ok.  Errors name the
 * trigger and the role of the column ("VIN column", ...).
 */
extern AttrNumber zm_column(Relation rel, const char *colname,
							const char *role, const char *trigname,
							bool missing_ok);

/*
 * Citus.  zeromile neither links with Citus nor needs it: these read
 * Citus's catalogue (pg_dist_partition, pg_dist_shard) and call its SQL
 * functions (shard_name, column_to_column_name) through SPI, and only when
 * the citus extension is installed in the database.
 *
 * A table distributed by Citus fires its triggers on its shards, the
 * tables named <table>_<shard id> on the worker nodes, in the session
 * running that shard's part of the statement.  A trigger there must name
 * the distributed table in what users see, and may only write to other
 * shards on the same node (a distributed query from a query on a shard is
 * refused by Citus, and would see none of the trigger's transition tables).
 */
typedef struct ZmCitusTable
{
	Oid			relid;			/* the Citus table (of a shard: its table) */
	int64		shardid;		/* the shard, when one was looked up */
	char		method;			/* pg_dist_partition.partmethod: 'h' hash */
	char		repmodel;		/* pg_dist_partition.repmodel: 't' reference */
	int32		colocationid;	/* 0: co-located with no other table */
	char	   *distcol;		/* distribution column, NULL if none */
	TransactionId shard_xmin;	/* of the shard's pg_dist_shard row */
} ZmCitusTable;

/* What zm_citus_shard_of() finds */
typedef enum ZmShardState
{
	ZM_NOT_A_SHARD,
	ZM_SHARD,					/* a shard of a Citus table on this node */

	/*
	 * A shard create_distributed_table() has just made and is copying the
	 * table's rows into: named like a shard, in a session Citus opened to run
	 * part of a statement, but unknown to Citus's catalogue on this node (it
	 * tells the workers about the table afterwards), or known to it since
	 * this very transaction.
	 */
	ZM_NEW_SHARD
} ZmShardState;

/*
 * Is rel a shard of a Citus table on this node?  If so, fill *table with
 * what Citus's catalogue says about the table it belongs to (for a
 * ZM_NEW_SHARD only table->shardid).  ZM_NOT_A_SHARD without a query when
 * the citus extension is not installed or the name does not end in
 * _<digits>.
 */
extern ZmShardState zm_citus_shard_of(Relation rel, ZmCitusTable *table);

/*
 * The error for a trigger that cannot run on a ZM_NEW_SHARD: what would go
 * wrong (why, a sentence) and what to do.
 */
pg_noreturn extern void zm_citus_new_shard_error(Relation rel,
												 Trigger *trigger,
												 int64 shardid,
												 const char *why);

/* Is relid a Citus table (distributed, reference or local)?  As above. */
extern bool zm_citus_table(Oid relid, ZmCitusTable *table);

/*
 * The shard of Citus table relid co-located with shard shardid (the one
 * with the same hash range) if it is on this node, else InvalidOid.  The
 * caller has checked that both tables are in one co-location group.
 */
extern Oid	zm_citus_colocated_shard(int64 shardid, Oid relid);

/* "distributed", "reference", ...: what kind of Citus table it is */
extern const char *zm_citus_table_kind(const ZmCitusTable *table);

/*
 * The name of a trigger as its user created it: Citus names a shard's copy
 * of trigger t t_<shard id>.
 */
extern const char *zm_trigger_user_name(Trigger *trigger, int64 shardid);

#endif							/* TRIGGER_COMMON_H */
