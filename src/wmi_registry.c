/*-------------------------------------------------------------------------
 *
 * wmi_registry.c
 *	  The WMI registry as vin_manufacturer, vin_vehicle_type and vin_decode
 *	  read it: per-backend caches of the table wmi_registry (each WMI's
 *	  owner and vehicle type), and the table's triggers: the guard of the
 *	  shipped rows and the trigger that counts every change.
 *
 * Looking the owner of a WMI up with a query costs an executor start-up
 * and an index probe per row, thirty times the scan that feeds it.  A
 * cache answers from an array indexed by the three WMI characters (and a
 * sorted list of small manufacturers' six), built from the table.
 *
 * The promise (doc/decoding.md): the answers are those of the query
 *	 (SELECT manufacturer FROM wmi_registry WHERE wmi = vin_wmi(v))
 * under the statement's snapshot, with the calling user's rights.
 *
 * How it is kept, without depending on when invalidation messages arrive
 * or on comparing snapshots (1.1.0 did both, and was wrong for cursors,
 * for a statement starting while a change commits, and rebuilt private
 * copies whenever it could not compare):
 *
 * - The generation.  The one-row table wmi_registry_generation holds a
 *	 number that every transaction changing the registry increments, in
 *	 that transaction: the BEFORE ROW trigger wmi_registry_changed (and
 *	 wmi_registry_changed_truncate, BEFORE TRUNCATE) does it before the
 *	 row is written, once per transaction (it skips the update when the
 *	 row version it sees is already its own transaction's).  Both triggers
 *	 are enabled ALWAYS, so the logical replication apply worker, which
 *	 fires row and TRUNCATE triggers but no other statement triggers, and
 *	 session_replication_role = replica count changes too.  The update is
 *	 made as the table's owner (as the RI triggers do), so a writer of the
 *	 registry needs no right on it; concurrent writers of the registry
 *	 wait for each other on that row (in REPEATABLE READ the second fails
 *	 with 40001), which the rarely changed registry can afford.
 * - A reader reads the generation row under the statement's own snapshot
 *	 (through its primary key, no SPI), once per call site and snapshot.  A
 *	 committed change and its increment become visible to a snapshot
 *	 together, so every snapshot that sees row version (generation, xmin)
 *	 sees the same registry: a cache built under any of them serves all of
 *	 them.  The version's xmin is part of the key because the number alone
 *	 could repeat: a replicated wmi_registry_generation carries the
 *	 publisher's numbers.  A backend keeps the caches of its last four
 *	 generations, shared by all call sites, statements, isolation levels
 *	 and snapshot kinds (suboverflowed ones too), so a REPEATABLE READ
 *	 transaction after a change and a cursor opened before one read the
 *	 registry once and K call sites hold one copy.
 * - A snapshot whose generation row is its own transaction's (it changed
 *	 the registry and has not committed) may see changes of its own that
 *	 came after the increment: such a statement builds a cache for its
 *	 snapshot alone (shared by its call sites, dropped at the end of the
 *	 transaction or a subtransaction's abort).  So does a database whose
 *	 generation table is missing or holds other than one row, e.g. a 1.1.0
 *	 schema not yet updated: exact, at the cost of a registry scan per
 *	 statement.
 * - A call site keeps its cache while its snapshot and its user stay the
 *	 same, so one statement sees one registry.
 * - Why BEFORE ROW: the increment's command comes before the row's, so a
 *	 snapshot that sees the row (even one taken by a volatile function in
 *	 the middle of the changing statement) sees the increment.  An AFTER
 *	 ROW or statement trigger would leave a window in between.
 * - Restores and upgrades.  wmi_registry_generation is a member that
 *	 pg_dump does not dump: CREATE EXTENSION makes its row, every restored
 *	 registry row is counted by the trigger, and the databases' relids
 *	 differ.  ALTER EXTENSION UPDATE from 1.0.0 or 1.1.0 creates it; until
 *	 then the statement trigger of 1.1.0 keeps calling
 *	 vin_wmi_registry_changed, which then sends 1.1.0's invalidation.
 * - Citus (doc/citus.md): a reference-table registry is read from its
 *	 local placement, as before; the trigger runs on the placement and
 *	 counts in the node's own, local generation table in the same
 *	 transaction.  Not run here (no Citus in this suite): unchanged in
 *	 principle, to be confirmed by test/citus.
 * - Changes made with the counting trigger disabled (ALTER TABLE ...
 *	 DISABLE TRIGGER, which only the table's owner can, as pg_restore
 *	 --disable-triggers does) are not counted.  While the catalogue says
 *	 it is disabled, every statement builds a cache for its snapshot alone
 *	 (exact).  The relcache invalidation of that DDL, of DROP EXTENSION and
 *	 of any DDL on the registry drops every cache of the backend when it
 *	 arrives.  The edge that remains: a REPEATABLE READ snapshot (or cursor)
 *	 older than a change made while the trigger was disabled, which first
 *	 reads the registry after the trigger is enabled again, builds the
 *	 cache of the unchanged generation with the older rows and can hand it
 *	 to later statements of its backend until the next counted change.
 *
 * Rights are checked as a query would check them, whenever the call
 * site's snapshot or the current user changes (so a SECURITY DEFINER
 * function, SET ROLE or set_config('role') between two statements of a
 * REPEATABLE READ transaction cannot lend a role another's check): the
 * caller needs SELECT on the table or on its wmi and manufacturer columns
 * (wmi and vehicle_type for vin_vehicle_type).  Row-level security cannot
 * be applied to a shared cache, so a registry with row-level security in
 * force for the caller is refused.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/transam.h"
#include "access/xact.h"
#include "catalog/dependency.h"
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "catalog/pg_am.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_trigger.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/rls.h"
#include "utils/snapmgr.h"

#include "compat.h"
#include "wmi_registry.h"

PG_FUNCTION_INFO_V1(vin_wmi_registry_guard);
PG_FUNCTION_INFO_V1(vin_wmi_registry_changed);

#define WMI_THREE_SLOTS (VIN_ALPHABET * VIN_ALPHABET * VIN_ALPHABET)

/* A small manufacturer's six characters, as a base-33 number */
typedef struct WmiSmall
{
	uint32		key;
	int32		name;			/* index into names */
} WmiSmall;

struct WmiCache
{
	MemoryContext mcxt;			/* holds the cache and all it points to */
	int			refcount;		/* call sites' pins, and one while current */
	uint64		serial;
	Oid			relid;			/* the registry, whose rights apply */
	int32		three[WMI_THREE_SLOTS]; /* index into names, or -1 */
	WmiSmall   *small;			/* sorted by key */
	int			nsmall;
	text	  **names;
	text	  **types;			/* vehicle type of each name's row, or NULL */
	int			nnames;
};

/*
 * The registry relation of the current database as last resolved, the
 * relation its rows are read from (the same, or its Citus shard placement
 * on this node) and its generation table (InvalidOid when there is none),
 * valid until an invalidation of one of them.
 */
static bool registry_resolved = false;
static Oid	registry_relid = InvalidOid;
static Oid	registry_source = InvalidOid;
static Oid	registry_generation = InvalidOid;
static AttrNumber generation_attnum = InvalidAttrNumber;	/* or none usable */
static Oid	generation_index = InvalidOid;	/* its primary key, if any */
static bool registry_counting = false;	/* its counting trigger enabled */

/*
 * The caches of the last generations this backend read, each pinned once
 * by the pool, keyed by the generation row version that every snapshot
 * seeing it sees with the same registry.
 */
#define WMI_POOL_SIZE 4

typedef struct WmiPoolEntry
{
	WmiCache   *cache;
	Oid			relid;
	Oid			source;
	int64		generation;
	TransactionId xmin;			/* of the generation row version */
	uint64		used;			/* pool_clock at the last use */
} WmiPoolEntry;

static WmiPoolEntry pool[WMI_POOL_SIZE];
static int	pool_size = 0;
static uint64 pool_clock = 0;

/*
 * The cache built for one snapshot alone (generation row of the reader's
 * own transaction, or no usable generation), shared by the call sites of
 * that snapshot and dropped when its transaction or a subtransaction ends
 * badly, or the transaction ends.
 */
static WmiCache *private_cache = NULL;
static Snapshot private_snap;
static TransactionId private_xmin;
static TransactionId private_xmax;
static uint32 private_xcnt;
static CommandId private_curcid;
static uint64 private_xact_gen;

/* Bumped by every invalidation of the registry, to detect one mid-build */
static uint64 invalidations = 0;

/*
 * Bumped at the end of every transaction and the abort of every
 * subtransaction: what a snapshot of this backend sees of its own changes
 * is the same only while this stays the same.
 */
static uint64 xact_gen = 1;

static uint64 last_serial = 0;
static bool callbacks_registered = false;

static void
cache_unpin(WmiCache *cache)
{
	Assert(cache->refcount > 0);
	if (--cache->refcount == 0)
		MemoryContextDelete(cache->mcxt);
}

static void
pool_clear(void)
{
	for (int i = 0; i < pool_size; i++)
		cache_unpin(pool[i].cache);
	pool_size = 0;
}

static void
private_clear(void)
{
	if (private_cache != NULL)
	{
		cache_unpin(private_cache);
		private_cache = NULL;
	}
}

static void
registry_invalidated(Datum arg, Oid relid)
{
	/* InvalidOid: every relation (the backend missed messages) */
	if (!registry_resolved ||
		(OidIsValid(relid) && relid != registry_relid &&
		 relid != registry_source && relid != registry_generation))
		return;
	invalidations++;
	registry_resolved = false;
	pool_clear();
}

static void
registry_xact_end(XactEvent event, void *arg)
{
	xact_gen++;
	private_clear();
}

static void
registry_subxact_end(SubXactEvent event, SubTransactionId subid,
					 SubTransactionId parentsubid, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB)
	{
		xact_gen++;
		private_clear();
	}
}

/*
 * The registry of the extension that owns function funcoid: the table
 * wmi_registry of the schema the function is in, which is the extension's.
 */
static Oid
registry_lookup(Oid funcoid)
{
	Oid			nspoid = get_func_namespace(funcoid);
	Oid			relid = get_relname_relid("wmi_registry", nspoid);

	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation \"%s.wmi_registry\" does not exist",
						get_namespace_name(nspoid)),
				 errdetail("vin_manufacturer and vin_decode read the WMI registry in the schema of the extension zeromile."),
				 errhint("The zeromile extension is incompletely installed; reinstall it.")));
	return relid;
}

/*
 * Citus.  A registry made a reference table (create_reference_table, see
 * doc/citus.md) keeps its rows in a shard placement on every node, a table
 * named wmi_registry_<shardid> beside it, while the table itself keeps what
 * the extension put there.  The rows are read from the local placement
 * then.  Citus is not linked: its catalogue pg_dist_shard is read when it
 * exists.  InvalidOid when the registry has no shard; an error when it has
 * one but this node no placement of it.
 */
static Oid
registry_placement(Oid relid)
{
	Oid			dist_shard = get_relname_relid("pg_dist_shard",
											   PG_CATALOG_NAMESPACE);
	AttrNumber	rel_att;
	AttrNumber	shard_att;
	Relation	rel;
	SysScanDesc scan;
	HeapTuple	tuple;
	int64		shardid = 0;
	bool		found = false;
	char	   *name;
	Oid			placement;

	if (!OidIsValid(dist_shard))
		return InvalidOid;
	rel_att = get_attnum(dist_shard, "logicalrelid");
	shard_att = get_attnum(dist_shard, "shardid");
	if (rel_att == InvalidAttrNumber || shard_att == InvalidAttrNumber ||
		get_atttype(dist_shard, rel_att) != REGCLASSOID ||
		get_atttype(dist_shard, shard_att) != INT8OID)
		return InvalidOid;		/* not Citus's catalogue */

	rel = table_open(dist_shard, AccessShareLock);
	scan = systable_beginscan(rel, InvalidOid, false, NULL, 0, NULL);
	while (!found && HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		bool		isnull;
		Datum		d = heap_getattr(tuple, rel_att, RelationGetDescr(rel),
									 &isnull);

		if (!isnull && DatumGetObjectId(d) == relid)
		{
			d = heap_getattr(tuple, shard_att, RelationGetDescr(rel), &isnull);
			if (!isnull)
			{
				shardid = DatumGetInt64(d);
				found = true;
			}
		}
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	if (!found)
		return InvalidOid;

	name = psprintf("%s_" INT64_FORMAT, get_rel_name(relid), shardid);
	placement = get_relname_relid(name, get_rel_namespace(relid));
	if (!OidIsValid(placement))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the WMI registry is distributed but has no placement on this node"),
				 errdetail("vin_manufacturer and vin_decode read the local placement \"%s\" of the Citus table \"%s\".",
						   name, get_rel_name(relid)),
				 errhint("Make the registry a reference table, which has a placement on every node, and add the coordinator to the cluster's metadata (citus_set_coordinator_host).")));
	return placement;
}

/* A text column of the registry, or an error naming what is wrong */
static AttrNumber
registry_column(Oid relid, const char *name)
{
	AttrNumber	attnum = get_attnum(relid, name);

	if (attnum == InvalidAttrNumber)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" of relation \"%s\" does not exist",
						name, get_rel_name(relid)),
				 errdetail("vin_manufacturer, vin_vehicle_type and vin_decode read the columns wmi, manufacturer and vehicle_type of the WMI registry.")));
	if (get_atttype(relid, attnum) != TEXTOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column \"%s\" of relation \"%s\" is not of type text",
						name, get_rel_name(relid))));
	return attnum;
}

/*
 * The caller's right to read the registry, as the query the cache replaces
 * would check it: SELECT on the table, or on both columns it reads, wmi and
 * column (manufacturer, or vehicle_type for vin_vehicle_type).
 */
static void
check_rights(Oid relid, const char *column)
{
	Oid			userid = GetUserId();

	if (pg_class_aclcheck(relid, userid, ACL_SELECT) != ACLCHECK_OK &&
		(pg_attribute_aclcheck(relid, registry_column(relid, "wmi"), userid,
							   ACL_SELECT) != ACLCHECK_OK ||
		 pg_attribute_aclcheck(relid, registry_column(relid, column),
							   userid, ACL_SELECT) != ACLCHECK_OK))
		aclcheck_error(ACLCHECK_NO_PRIV, OBJECT_TABLE, get_rel_name(relid));

	/* policies would have to filter per role: a shared cache cannot */
	if (check_enable_rls(relid, InvalidOid, false) == RLS_ENABLED)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("row-level security on relation \"%s\" is not supported",
						get_rel_name(relid)),
				 errdetail("vin_manufacturer, vin_vehicle_type and vin_decode answer from a cache of the WMI registry shared by every role of the session."),
				 errhint("Disable row-level security on the WMI registry.")));
}

/*
 * The cache key of a registry WMI: 3 characters of the VIN alphabet whose
 * third is not 9, or 6 whose third is 9 (small manufacturers), upper case,
 * as vin_wmi returns them.  -1 for any other text, which no VIN's WMI can
 * equal.
 */
static int64
wmi_key(const char *s, int len)
{
	int64		key = 0;
	int			i;

	if (len != 3 && len != 6)
		return -1;
	for (i = 0; i < len; i++)
	{
		int			rank = vin_rank((unsigned char) s[i]);

		if (rank < 0 || vin_char[rank] != s[i])
			return -1;
		key = key * VIN_ALPHABET + rank;
	}
	if ((len == 6) != (s[2] == '9'))
		return -1;
	return key;
}

static int
small_cmp(const void *a, const void *b)
{
	uint32		ka = ((const WmiSmall *) a)->key;
	uint32		kb = ((const WmiSmall *) b)->key;

	return (ka > kb) - (ka < kb);
}

static void
duplicate_wmi(const char *wmi)
{
	/* the primary key prevents this, unless its owner dropped it */
	ereport(ERROR,
			(errcode(ERRCODE_CARDINALITY_VIOLATION),
			 errmsg("WMI \"%s\" appears more than once in the WMI registry",
					wmi),
			 errhint("Restore the registry's primary key.")));
}

/*
 * Read registry relid's rows, from relation source (the registry or its
 * placement), with snapshot snap into a new cache, in a context of its own
 * that outlives the statement (the caller pins it).
 */
static WmiCache *
cache_build(Oid relid, Oid source, Snapshot snap)
{
	MemoryContext mcxt;
	MemoryContext oldcxt;
	WmiCache   *cache;
	Relation	rel;
	AttrNumber	wmi_att;
	AttrNumber	name_att;
	AttrNumber	type_att;
	TupleTableSlot *slot;
	TableScanDesc scan;
	int			maxnames = 64;
	int			maxsmall = 8;

	/* under the caller's context until complete, so an error frees it */
	mcxt = AllocSetContextCreate(CurrentMemoryContext,
								 "zeromile WMI registry",
								 ALLOCSET_SMALL_SIZES);
	cache = MemoryContextAlloc(mcxt, sizeof(WmiCache));
	cache->mcxt = mcxt;
	cache->refcount = 0;
	cache->serial = ++last_serial;
	cache->relid = relid;
	memset(cache->three, -1, sizeof(cache->three));
	cache->small = MemoryContextAlloc(mcxt, maxsmall * sizeof(WmiSmall));
	cache->nsmall = 0;
	cache->names = MemoryContextAlloc(mcxt, maxnames * sizeof(text *));
	cache->types = MemoryContextAlloc(mcxt, maxnames * sizeof(text *));
	cache->nnames = 0;

	rel = table_open(source, AccessShareLock);
	wmi_att = registry_column(source, "wmi");
	name_att = registry_column(source, "manufacturer");
	type_att = registry_column(source, "vehicle_type");
	slot = table_slot_create(rel, NULL);
	scan = table_beginscan(rel, snap, 0, NULL, SO_NONE);
	while (table_scan_getnextslot(scan, ForwardScanDirection, slot))
	{
		Datum		wmi_datum;
		Datum		name_datum;
		Datum		type_datum;
		bool		wmi_null;
		bool		name_null;
		bool		type_null;
		text	   *wmi;
		int64		key;

		CHECK_FOR_INTERRUPTS();
		wmi_datum = slot_getattr(slot, wmi_att, &wmi_null);
		name_datum = slot_getattr(slot, name_att, &name_null);
		/* a NULL owner reads as no row, as it did to a query */
		if (wmi_null || name_null)
			continue;
		wmi = DatumGetTextPP(wmi_datum);
		key = wmi_key(VARDATA_ANY(wmi), VARSIZE_ANY_EXHDR(wmi));
		if (key < 0)
			continue;

		if (cache->nnames == maxnames)
		{
			maxnames *= 2;
			cache->names = repalloc(cache->names, maxnames * sizeof(text *));
			cache->types = repalloc(cache->types, maxnames * sizeof(text *));
		}
		if (VARSIZE_ANY_EXHDR(wmi) == 3)
		{
			if (cache->three[key] >= 0)
				duplicate_wmi(text_to_cstring(wmi));
			cache->three[key] = cache->nnames;
		}
		else
		{
			if (cache->nsmall == maxsmall)
			{
				maxsmall *= 2;
				cache->small = repalloc(cache->small,
										maxsmall * sizeof(WmiSmall));
			}
			cache->small[cache->nsmall].key = (uint32) key;
			cache->small[cache->nsmall].name = cache->nnames;
			cache->nsmall++;
		}
		type_datum = slot_getattr(slot, type_att, &type_null);
		oldcxt = MemoryContextSwitchTo(mcxt);
		cache->names[cache->nnames] = DatumGetTextPCopy(name_datum);
		cache->types[cache->nnames] =
			type_null ? NULL : DatumGetTextPCopy(type_datum);
		cache->nnames++;
		MemoryContextSwitchTo(oldcxt);
	}
	table_endscan(scan);
	ExecDropSingleTupleTableSlot(slot);
	/* keep the lock, as a query would, until the transaction ends */
	table_close(rel, NoLock);

	qsort(cache->small, cache->nsmall, sizeof(WmiSmall), small_cmp);
	for (int i = 1; i < cache->nsmall; i++)
	{
		if (cache->small[i].key == cache->small[i - 1].key)
		{
			char		buf[7];
			uint32		key = cache->small[i].key;

			for (int j = 5; j >= 0; j--)
			{
				buf[j] = vin_char[key % VIN_ALPHABET];
				key /= VIN_ALPHABET;
			}
			buf[6] = '\0';
			duplicate_wmi(buf);
		}
	}

	MemoryContextSetParent(mcxt, TopMemoryContext);
	return cache;
}

static void
reader_release(void *arg)
{
	WmiReader  *reader = (WmiReader *) arg;

	if (reader->cache != NULL)
	{
		cache_unpin(reader->cache);
		reader->cache = NULL;
	}
}

WmiReader *
wmi_reader_create(FmgrInfo *flinfo)
{
	WmiReader  *reader;
	MemoryContextCallback *release;

	if (!callbacks_registered)
	{
		CacheRegisterRelcacheCallback(registry_invalidated, (Datum) 0);
		RegisterXactCallback(registry_xact_end, NULL);
		RegisterSubXactCallback(registry_subxact_end, NULL);
		callbacks_registered = true;
	}
	reader = MemoryContextAllocZero(flinfo->fn_mcxt, sizeof(WmiReader));
	reader->funcoid = flinfo->fn_oid;
	reader->column = "manufacturer";
	release = MemoryContextAlloc(flinfo->fn_mcxt,
								 sizeof(MemoryContextCallback));
	release->func = reader_release;
	release->arg = reader;
	MemoryContextRegisterResetCallback(flinfo->fn_mcxt, release);
	return reader;
}

/*
 * Whether the row trigger that counts changes (vin_wmi_registry_changed)
 * is enabled ALWAYS on relation source, as the catalogue says now: else
 * some changes are not counted, and no cache is shared.  Its
 * disabling and enabling invalidate the relation, which resolves again.
 */
static bool
counting_trigger_enabled(Oid source)
{
	Relation	rel = table_open(source, AccessShareLock);
	TriggerDesc *trigdesc = rel->trigdesc;
	int			found = 0;
	bool		enabled = false;

	for (int i = 0; trigdesc != NULL && i < trigdesc->numtriggers; i++)
	{
		Trigger    *t = &trigdesc->triggers[i];
		char	   *name;

		if (!TRIGGER_FOR_ROW(t->tgtype) ||
			get_func_namespace(t->tgfoid) != get_rel_namespace(source))
			continue;
		name = get_func_name(t->tgfoid);
		if (name == NULL || strcmp(name, "vin_wmi_registry_changed") != 0)
			continue;
		found++;
		/* ORIGIN or REPLICA would miss changes in one of the two roles */
		enabled = (t->tgenabled == TRIGGER_FIRES_ALWAYS);
	}
	/* keep the lock, as a query would, until the transaction ends */
	table_close(rel, NoLock);
	return found == 1 && enabled;
}

/* The registry of the reader's extension, its source and generation table */
static void
registry_resolve(Oid funcoid)
{
	Oid			relid = registry_lookup(funcoid);
	Oid			source = registry_placement(relid);
	Oid			generation;

	generation = get_relname_relid("wmi_registry_generation",
								   get_rel_namespace(relid));
	generation_attnum = InvalidAttrNumber;
	generation_index = get_relname_relid("wmi_registry_generation_pkey",
										 get_rel_namespace(relid));
	if (OidIsValid(generation_index) &&
		(get_rel_relkind(generation_index) != RELKIND_INDEX ||
		 IndexGetRelation(generation_index, false) != generation))
		generation_index = InvalidOid;
	if (OidIsValid(generation) &&
		get_rel_relkind(generation) == RELKIND_RELATION)
	{
		AttrNumber	attnum = get_attnum(generation, "generation");

		if (attnum != InvalidAttrNumber &&
			get_atttype(generation, attnum) == INT8OID)
			generation_attnum = attnum;
	}
	registry_relid = relid;
	registry_source = OidIsValid(source) ? source : relid;
	registry_generation = generation;
	registry_counting = counting_trigger_enabled(registry_source);
	registry_resolved = true;
}

/*
 * The generation row version that snapshot snap sees: true and its number
 * and xmin when caches may be shared by it; false when snap must have a
 * cache of its own: the version is its own transaction's (uncommitted, so
 * not every change it stands for is ordered before it), or the table does
 * not hold exactly one row of the expected shape.
 */
static bool
generation_read(Oid genrel, Snapshot snap, int64 *generation,
				TransactionId *xmin)
{
	Relation	rel = table_open(genrel, AccessShareLock);
	TupleDesc	desc = RelationGetDescr(rel);
	AttrNumber	attnum = generation_attnum;
	SysScanDesc scan;
	HeapTuple	tuple;
	int			rows = 0;
	bool		shared = true;

	if (rel->rd_rel->relam != HEAP_TABLE_AM_OID || attnum == InvalidAttrNumber)
	{
		table_close(rel, AccessShareLock);
		return false;
	}

	/*
	 * Through the primary key when it is there: a sequential scan would ask
	 * the kernel for the table's size at every statement.
	 */
	scan = systable_beginscan(rel, generation_index,
							  OidIsValid(generation_index), snap, 0, NULL);
	while ((tuple = systable_getnext(scan)) != NULL)
	{
		bool		isnull;
		Datum		d = heap_getattr(tuple, attnum, desc, &isnull);

		rows++;
		*xmin = HeapTupleHeaderGetRawXmin(tuple->t_data);
		if (isnull ||
			(!HeapTupleHeaderXminFrozen(tuple->t_data) &&
			 TransactionIdIsCurrentTransactionId(*xmin)))
			shared = false;
		else
			*generation = DatumGetInt64(d);
	}
	systable_endscan(scan);
	/* keep the lock, as a query would, until the transaction ends */
	table_close(rel, NoLock);
	return shared && rows == 1;
}

/* The cache snapshot snap sees the registry with, built if need be */
static WmiCache *
cache_for_snapshot(Snapshot snap)
{
	uint64		invalidations_before = invalidations;
	int64		generation = 0;
	TransactionId xmin = InvalidTransactionId;
	WmiCache   *cache;

	if (OidIsValid(registry_generation) && registry_counting &&
		generation_read(registry_generation, snap, &generation, &xmin))
	{
		int			victim = 0;

		for (int i = 0; i < pool_size; i++)
		{
			WmiPoolEntry *e = &pool[i];

			if (e->generation == generation && e->xmin == xmin &&
				e->relid == registry_relid && e->source == registry_source)
			{
				e->used = ++pool_clock;
				return e->cache;
			}
		}

		/* as 1.1.0 at every build: a Citus placement may have appeared */
		registry_source = registry_placement(registry_relid);
		if (!OidIsValid(registry_source))
			registry_source = registry_relid;
		cache = cache_build(registry_relid, registry_source, snap);
		if (invalidations != invalidations_before || !registry_resolved)
			return cache;		/* the statement's alone */

		if (pool_size < WMI_POOL_SIZE)
			victim = pool_size++;
		else
		{
			for (int i = 1; i < pool_size; i++)
				if (pool[i].used < pool[victim].used)
					victim = i;
			cache_unpin(pool[victim].cache);
		}
		cache->refcount++;
		pool[victim].cache = cache;
		pool[victim].relid = registry_relid;
		pool[victim].source = registry_source;
		pool[victim].generation = generation;
		pool[victim].xmin = xmin;
		pool[victim].used = ++pool_clock;
		return cache;
	}

	/* a cache for this snapshot alone, shared by its call sites */
	if (private_cache != NULL && private_xact_gen == xact_gen &&
		private_snap == snap && private_xmin == snap->xmin &&
		private_xmax == snap->xmax && private_xcnt == snap->xcnt &&
		private_curcid == snap->curcid &&
		private_cache->relid == registry_relid)
		return private_cache;
	cache = cache_build(registry_relid, registry_source, snap);
	private_clear();
	cache->refcount++;
	private_cache = cache;
	private_snap = snap;
	private_xmin = snap->xmin;
	private_xmax = snap->xmax;
	private_xcnt = snap->xcnt;
	private_curcid = snap->curcid;
	private_xact_gen = xact_gen;
	return cache;
}

/*
 * A new snapshot, user or statement (or the first call): take in pending
 * invalidations, check rights, and pin the cache for the active snapshot
 * snap (NULL when there is none, outside any statement: then a snapshot
 * taken now, and no call is like the next).
 */
static const WmiCache *
reader_refresh(WmiReader *reader, Snapshot snap)
{
	WmiCache   *cache;
	Snapshot	use = snap;

	AcceptInvalidationMessages();
	if (!registry_resolved)
		registry_resolve(reader->funcoid);
	check_rights(registry_relid, reader->column);

	if (use == NULL)
		use = RegisterSnapshot(GetLatestSnapshot());
	cache = cache_for_snapshot(use);
	if (snap == NULL)
		UnregisterSnapshot(use);

	if (reader->cache != cache)
	{
		cache->refcount++;
		if (reader->cache != NULL)
			cache_unpin(reader->cache);
		reader->cache = cache;
	}
	reader->snap = snap;
	if (snap != NULL)
	{
		reader->xmin = snap->xmin;
		reader->xmax = snap->xmax;
		reader->xcnt = snap->xcnt;
		reader->curcid = snap->curcid;
	}
	reader->userid = GetUserId();
	reader->xact_gen = xact_gen;
	return cache;
}

const WmiCache *
wmi_reader_cache(WmiReader *reader)
{
	Snapshot	snap = ActiveSnapshotSet() ? GetActiveSnapshot() : NULL;

	if (likely(reader->cache != NULL && snap != NULL &&
			   snap == reader->snap &&
			   snap->xmin == reader->xmin &&
			   snap->xmax == reader->xmax &&
			   snap->xcnt == reader->xcnt &&
			   snap->curcid == reader->curcid &&
			   reader->xact_gen == xact_gen &&
			   reader->userid == GetUserId()))
		return reader->cache;
	return reader_refresh(reader, snap);
}

/* The index into names (and types) of v's WMI, or -1 */
static inline int32
cache_lookup(const WmiCache *cache, const Vin *v)
{
	uint32		three;
	uint32		tail;
	WmiSmall	probe;
	WmiSmall   *hit;

	if (!vin_packed_wmi_parts(v->data, &three, &tail))
		return cache->three[three];
	/* small manufacturer: the six characters, keyed as wmi_key() keys them */
	probe.key = three * WMI_THREE_SLOTS + tail;
	hit = bsearch(&probe, cache->small, cache->nsmall, sizeof(WmiSmall),
				  small_cmp);
	return hit ? hit->name : -1;
}

const text *
wmi_cache_manufacturer(const WmiCache *cache, const Vin *v)
{
	int32		name = cache_lookup(cache, v);

	return name < 0 ? NULL : cache->names[name];
}

const text *
wmi_cache_vehicle_type(const WmiCache *cache, const Vin *v)
{
	int32		name = cache_lookup(cache, v);

	return name < 0 ? NULL : cache->types[name];
}

uint64
wmi_cache_serial(const WmiCache *cache)
{
	return cache->serial;
}

/*
 * Count a change to the registry: increment the generation (of the
 * extension of trigger function funcoid) unless the row version this
 * transaction sees is already its own.  Made as the table's owner, with a
 * statement naming everything by schema, as the RI triggers write: the
 * registry's writers need no right on the generation table.
 */
static void
generation_bump(Oid funcoid)
{
	Oid			nspoid = get_func_namespace(funcoid);
	Oid			genrel = get_relname_relid("wmi_registry_generation", nspoid);
	Relation	rel;
	TableScanDesc scan;
	HeapTuple	tuple;
	bool		own = false;
	Oid			owner;
	Oid			save_userid;
	int			save_sec_context;
	int			ret;
	char	   *sql;

	if (!OidIsValid(genrel))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation \"%s.wmi_registry_generation\" does not exist",
						get_namespace_name(nspoid)),
				 errdetail("Every change to the WMI registry increments its generation, which the caches of vin_manufacturer and vin_decode are keyed by."),
				 errhint("Update the extension with ALTER EXTENSION zeromile UPDATE.")));

	rel = table_open(genrel, RowExclusiveLock);
	if (rel->rd_rel->relam != HEAP_TABLE_AM_OID)
		elog(ERROR, "relation \"%s\" is not a heap table",
			 RelationGetRelationName(rel));
	/* the latest version: this transaction's, committed or in progress */
	scan = table_beginscan(rel, SnapshotSelf, 0, NULL, SO_NONE);
	while ((tuple = heap_getnext(scan, ForwardScanDirection)) != NULL)
		if (!HeapTupleHeaderXminFrozen(tuple->t_data) &&
			TransactionIdIsCurrentTransactionId(HeapTupleHeaderGetRawXmin(tuple->t_data)))
			own = true;
	table_endscan(scan);
	owner = rel->rd_rel->relowner;
	table_close(rel, NoLock);
	if (own)
		return;

	sql = psprintf("UPDATE %s.wmi_registry_generation SET generation = generation OPERATOR(pg_catalog.+) 1",
				   quote_identifier(get_namespace_name(nspoid)));
	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(owner, save_sec_context |
						   SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	ret = SPI_execute(sql, false, 0);
	if (ret != SPI_OK_UPDATE || SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("relation \"%s.wmi_registry_generation\" must hold exactly one row",
						get_namespace_name(nspoid)),
				 errhint("The zeromile extension is incompletely installed; reinstall it.")));
	SPI_finish();
	SetUserIdAndSecContext(save_userid, save_sec_context);
	pfree(sql);
}

/*
 * Trigger of wmi_registry, BEFORE each row changed and BEFORE TRUNCATE:
 * count the change in the registry's generation, in the changing
 * transaction, before the row is written (so that no snapshot can see the
 * row and not the count).  Under 1.1.0's definition (AFTER each
 * statement, until ALTER EXTENSION UPDATE) it announces the change with a
 * relcache invalidation, as 1.1.0 did.
 */
Datum
vin_wmi_registry_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("vin_wmi_registry_changed() was not called by the trigger manager")));
	if (TRIGGER_FIRED_AFTER(trigdata->tg_event) &&
		TRIGGER_FIRED_FOR_STATEMENT(trigdata->tg_event))
	{
		CacheInvalidateRelcache(trigdata->tg_relation);
		return PointerGetDatum(NULL);
	}
	if (!TRIGGER_FIRED_BEFORE(trigdata->tg_event) ||
		(TRIGGER_FIRED_FOR_STATEMENT(trigdata->tg_event) &&
		 !TRIGGER_FIRED_BY_TRUNCATE(trigdata->tg_event)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("vin_wmi_registry_changed() must be fired BEFORE INSERT, UPDATE or DELETE ... FOR EACH ROW, or BEFORE TRUNCATE")));

	/* on another table it would only make every session rebuild its cache */
	if (RelationGetRelid(trigdata->tg_relation) !=
		registry_lookup(fcinfo->flinfo->fn_oid) &&
		RelationGetRelid(trigdata->tg_relation) !=
		registry_placement(registry_lookup(fcinfo->flinfo->fn_oid)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("vin_wmi_registry_changed() must be fired by the WMI registry, not by \"%s\"",
						RelationGetRelationName(trigdata->tg_relation))));

	generation_bump(fcinfo->flinfo->fn_oid);

	if (TRIGGER_FIRED_FOR_STATEMENT(trigdata->tg_event))
		return PointerGetDatum(NULL);
	if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
		return PointerGetDatum(trigdata->tg_newtuple);
	return PointerGetDatum(trigdata->tg_trigtuple);
}

/*
 * Guard of the WMI registry.  pg_dump saves only the rows users add (the
 * table is registered with the filter "WHERE NOT shipped"), while CREATE
 * EXTENSION re-creates the shipped ones.  So a change to a shipped row
 * would silently vanish on restore, and a user row marked shipped would not
 * be dumped at all: refuse both outside the extension's own scripts.
 */
static bool
own_script_running(FunctionCallInfo fcinfo)
{
	/* another extension's script gets no more rights than a user */
	return creating_extension &&
		CurrentExtensionObject ==
		getExtensionOfObject(ProcedureRelationId, fcinfo->flinfo->fn_oid);
}

/*
 * Whether tuple, inserted into rel, is a copy of a shipped row of the
 * registry: rel is not the registry itself (a Citus shard placement of it,
 * filled by Citus when the registry is made a reference table or a node is
 * added) and the registry has a shipped row equal in every column.  Such a
 * row takes nothing from the guard: it is already shipped on this node.
 */
static bool
shipped_copy(FunctionCallInfo fcinfo, Relation rel, HeapTuple tuple)
{
	Oid			relid = registry_lookup(fcinfo->flinfo->fn_oid);
	TupleDesc	tupdesc = RelationGetDescr(rel);
	Relation	registry;
	TupleDesc	regdesc;
	SysScanDesc scan;
	HeapTuple	shipped;
	AttrNumber	wmi_att = SPI_fnumber(tupdesc, "wmi");
	char	   *wmi;
	bool		equal = false;

	if (RelationGetRelid(rel) == relid || wmi_att <= 0)
		return false;
	wmi = SPI_getvalue(tuple, tupdesc, wmi_att);
	if (wmi == NULL)
		return false;

	registry = table_open(relid, AccessShareLock);
	regdesc = RelationGetDescr(registry);
	if (regdesc->natts != tupdesc->natts)
	{
		table_close(registry, AccessShareLock);
		return false;
	}
	scan = systable_beginscan(registry, InvalidOid, false, NULL, 0, NULL);
	while (!equal && HeapTupleIsValid(shipped = systable_getnext(scan)))
	{
		char	   *other = SPI_getvalue(shipped, regdesc,
										 SPI_fnumber(regdesc, "wmi"));

		if (other == NULL || strcmp(other, wmi) != 0)
			continue;
		/* same WMI: every column, by name, must read the same */
		equal = true;
		for (int i = 1; equal && i <= regdesc->natts; i++)
		{
			Form_pg_attribute att = TupleDescAttr(regdesc, i - 1);
			AttrNumber	theirs;
			char	   *a;
			char	   *b;

			if (att->attisdropped)
				continue;
			theirs = SPI_fnumber(tupdesc, NameStr(att->attname));
			if (theirs <= 0)
			{
				equal = false;
				break;
			}
			a = SPI_getvalue(shipped, regdesc, i);
			b = SPI_getvalue(tuple, tupdesc, theirs);
			equal = (a == NULL) == (b == NULL) && (a == NULL || strcmp(a, b) == 0);
		}
		if (equal)
		{
			bool		isnull;
			Datum		flag = heap_getattr(shipped,
											SPI_fnumber(regdesc, "shipped"),
											regdesc, &isnull);

			equal = !isnull && DatumGetBool(flag);
		}
	}
	systable_endscan(scan);
	table_close(registry, AccessShareLock);
	return equal;
}

/*
 * A user row's WMI in upper case, as vin_wmi returns it (so that "lgx" is
 * found), or an error saying what a WMI is, rather than the bare failure of
 * the CHECK constraint.  Only a-z change: a WMI is ASCII, and upper() would
 * depend on the collation.
 */
static HeapTuple
normalize_wmi(Relation rel, HeapTuple tuple)
{
	TupleDesc	tupdesc = RelationGetDescr(rel);
	int			wmi_att = SPI_fnumber(tupdesc, "wmi");
	bool		isnull;
	Datum		d;
	text	   *wmi;
	char	   *s;
	int			len;
	bool		changed = false;

	if (wmi_att <= 0)
		elog(ERROR, "WMI registry has no \"wmi\" column");
	d = heap_getattr(tuple, wmi_att, tupdesc, &isnull);
	if (isnull)
		return tuple;			/* the primary key refuses it */

	wmi = DatumGetTextPP(d);
	len = VARSIZE_ANY_EXHDR(wmi);
	s = palloc(len + 1);
	memcpy(s, VARDATA_ANY(wmi), len);
	s[len] = '\0';
	for (int i = 0; i < len; i++)
	{
		if (s[i] >= 'a' && s[i] <= 'z')
		{
			s[i] = s[i] - 'a' + 'A';
			changed = true;
		}
	}

	if (wmi_key(s, len) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("invalid WMI \"%s\"", text_to_cstring(wmi)),
				 errdetail("A WMI is 3 characters of the VIN alphabet (digits and letters but I, O and Q) whose third is not 9, or 6 whose third is 9 (small manufacturer: VIN positions 1-3 and 12-14)."),
				 errhint("Give the WMI as vin_wmi() returns it; lower-case letters are made upper case.")));

	if (changed)
	{
		Datum		value = CStringGetTextDatum(s);
		bool		null = false;

		tuple = heap_modify_tuple_by_cols(tuple, tupdesc, 1, &wmi_att,
										  &value, &null);
	}
	return tuple;
}

Datum
vin_wmi_registry_guard(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TupleDesc	tupdesc;
	int			attnum;
	HeapTuple	rettuple;
	bool		isnull;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("vin_wmi_registry_guard() was not called by the trigger manager")));
	if (!TRIGGER_FIRED_BEFORE(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("vin_wmi_registry_guard() must be fired BEFORE")));

	if (TRIGGER_FIRED_FOR_STATEMENT(trigdata->tg_event))
	{
		/* TRUNCATE would drop the shipped rows until the next restore */
		if (!own_script_running(fcinfo))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("cannot truncate the WMI registry"),
					 errdetail("The rows shipped with zeromile cannot be removed."),
					 errhint("Delete the rows you added with DELETE ... WHERE NOT shipped.")));
		return PointerGetDatum(NULL);
	}

	tupdesc = trigdata->tg_relation->rd_att;
	attnum = SPI_fnumber(tupdesc, "shipped");
	if (attnum <= 0)
		elog(ERROR, "WMI registry has no \"shipped\" column");

	if (TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
		rettuple = trigdata->tg_trigtuple;
	else
		rettuple = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ?
			trigdata->tg_newtuple : trigdata->tg_trigtuple;

	if (own_script_running(fcinfo))
		return PointerGetDatum(rettuple);

	if (!TRIGGER_FIRED_BY_INSERT(trigdata->tg_event) &&
		DatumGetBool(heap_getattr(trigdata->tg_trigtuple, attnum, tupdesc,
								  &isnull)))
	{
		char	   *wmi = SPI_getvalue(trigdata->tg_trigtuple, tupdesc,
									   SPI_fnumber(tupdesc, "wmi"));

		if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("cannot update WMI \"%s\": it is shipped with zeromile",
							wmi),
					 errdetail("Shipped rows are re-created by CREATE EXTENSION and not dumped, so the change would be lost on restore.")));
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot delete WMI \"%s\": it is shipped with zeromile",
						wmi),
				 errdetail("Shipped rows are re-created by CREATE EXTENSION and not dumped, so the change would be lost on restore.")));
	}

	if (!TRIGGER_FIRED_BY_DELETE(trigdata->tg_event))
		rettuple = normalize_wmi(trigdata->tg_relation, rettuple);

	if (!TRIGGER_FIRED_BY_DELETE(trigdata->tg_event) &&
		DatumGetBool(heap_getattr(rettuple, attnum, tupdesc, &isnull)) &&
		!(TRIGGER_FIRED_BY_INSERT(trigdata->tg_event) &&
		  shipped_copy(fcinfo, trigdata->tg_relation, rettuple)))
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("only zeromile itself can add shipped WMIs"),
				 errdetail("Rows marked shipped are not dumped, so this one would be lost on restore."),
				 errhint("Leave the column \"shipped\" at its default, false.")));

	return PointerGetDatum(rettuple);
}
