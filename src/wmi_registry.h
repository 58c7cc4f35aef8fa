/*-------------------------------------------------------------------------
 *
 * wmi_registry.h
 *	  The WMI registry as the decoding functions read it: per-backend
 *	  caches of the table wmi_registry, keyed by the registry generation
 *	  the statement's snapshot sees (wmi_registry.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef WMI_REGISTRY_H
#define WMI_REGISTRY_H

#include "fmgr.h"
#include "utils/snapshot.h"

#include "vin_type.h"

typedef struct WmiCache WmiCache;

/*
 * What one call site (one FmgrInfo) of a registry reader keeps: the cache
 * it uses, pinned, and what that cache was chosen for.  While the active
 * snapshot, the current user and the backend's transaction state stay the
 * same the call site uses the same cache, so
 * one statement sees one registry; any change takes the call site back to
 * wmi_registry.c, which checks rights again and reads the generation the
 * snapshot sees.
 */
typedef struct WmiReader
{
	WmiCache   *cache;			/* pinned, or NULL before the first call */

	/*
	 * The snapshot it was chosen for.  Snapshots this backend takes one after
	 * another in one transaction with the same horizons, number of
	 * transactions in progress and command see the same rows.
	 */
	Snapshot	snap;
	TransactionId xmin;
	TransactionId xmax;
	uint32		xcnt;
	CommandId	curcid;
	Oid			userid;			/* whose rights were checked */
	uint64		xact_gen;		/* transaction ends and subtransaction aborts */
	Oid			funcoid;		/* the calling function, to find the registry */

	/*
	 * The column the function reads beside wmi, whose SELECT privilege
	 * suffices without the table's: "manufacturer" (set by
	 * wmi_reader_create), or "vehicle_type".
	 */
	const char *column;
} WmiReader;

/*
 * A reader for the function of flinfo, allocated in its fn_mcxt; its pin
 * is released when that context goes.
 */
extern WmiReader *wmi_reader_create(FmgrInfo *flinfo);

/*
 * The registry the reader's function sees in the current statement: pinned
 * for the statement, built on first use.  Raises the registry's privilege
 * errors.
 */
extern const WmiCache *wmi_reader_cache(WmiReader *reader);

/*
 * The owner of v's WMI in cache, pointing into the cache (copy it before
 * returning it), or NULL when the registry has no such WMI.
 */
extern const text *wmi_cache_manufacturer(const WmiCache *cache, const Vin *v);

/*
 * The vehicle type of v's WMI in cache, pointing into the cache (copy it),
 * or NULL when the registry has no such WMI or no type for it.
 */
extern const text *wmi_cache_vehicle_type(const WmiCache *cache, const Vin *v);

/* A number no other cache of this backend has, for memoizing results */
extern uint64 wmi_cache_serial(const WmiCache *cache);

#endif							/* WMI_REGISTRY_H */
