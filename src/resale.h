/*-------------------------------------------------------------------------
 *
 * resale.h
 *	  The resale_summary type: the state and the result of resale_agg.
 *
 * A summary stands for a multiset of vehicle events.  Its invariants, which
 * make every merge exact whatever the split of the rows:
 *
 *	I1	registrations counts the registration rows; has_reg iff it is > 0,
 *		and then registered_at (R) is the earliest of them.
 *	I2	insured_at is the earliest insurance row (RS_HAS_INS iff any).
 *	I3	Every resale row (transfer, listing, export) is represented exactly
 *		once: in the "after" part when has_reg and at >= R, otherwise in
 *		the "before" list (so without R every resale row is in the list).
 *	I4	The after part is summarised: after = how many rows it holds,
 *		first = the least of them in resale order (at, known odometer
 *		first, smaller odometer, kind, seller with NULL last; RS_HAS_FIRST
 *		iff after > 0), known = the least (at, odometer) among those with
 *		an odometer (RS_HAS_KNOWN iff any).
 *	I5	The before list holds one entry per row or, once normalised, one
 *		per distinct timestamp: count rows at that time, and the least of
 *		them in resale order.  before_total = sum of the counts.
 *
 * Only R can move, and only backwards (a smaller R merged in).  Rows in the
 * after part stay after it; entries of the before list with at >= the new R
 * move into the after part, which needs exactly their count and their least
 * row, both of which the list keeps (the least row also gives the least
 * known odometer at that time, because known odometers sort first).  The
 * list cannot be summarised further: the count of rows at or after some
 * future R' is needed for every R', i.e. every distinct timestamp.
 *
 *	I6	With RS_HAS_REGBY, the registrant: the least seller (byte order)
 *		of the registration rows at R; without it, no registration or a
 *		NULL registrant (the least, NULL last, is NULL only when every
 *		registration row at R has a NULL seller).
 *	I7	With RS_EXPORTS (1.2.0) the summary knows its export rows: a
 *		before entry has has_export iff one of its rows is an export, and
 *		RS_HAS_EXPORT iff an export row is in the after part, its slot
 *		then holding the earliest such time.  Without RS_EXPORTS (values
 *		made by 1.0.0 or 1.1.0, or merged with one) nothing is known about
 *		exports and every has_export is 0.  Like the count and the least
 *		row, has_export is all a before entry needs to move into the after
 *		part exactly when R moves back.
 *	I8	after + before_total (every resale row) fits in an int64.  Counts
 *		only add up under merging, so a summary's total bounds that of
 *		every intermediate merge: with the total checked, a merge of three
 *		summaries overflows in either grouping or in neither, where a check
 *		of each field alone would let before_total overflow in one
 *		grouping (before R is known) and not in the other.
 *
 * The varlena is a fixed header, then cap_before RsBefore slots, then a
 * heap of heap_cap bytes holding seller strings (referenced by offset),
 * then, only with RS_HAS_REGBY, an RsRegBy slot (unaligned: read and
 * written with memcpy) locating the registrant in the heap.  Summaries
 * without a registrant are laid out exactly as in 1.0.0, so values stored
 * by 1.0.0 read as summaries with a NULL registrant.  The first export
 * (I7) takes no byte of its own: it lives in bytes 1.0.0 left unused and
 * zero, the low 48 bits in first's aux, the high 16 in the upper half of
 * flags, so that a summary is exactly as large as before (a state that
 * grew by 8 bytes crossed a power-of-two allocation size and slowed
 * resale_agg down by a third).  Inside an aggregate
 * the slots and heap may have spare room and garbage; rs_normalize()
 * produces the canonical, exact-size form.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RESALE_H
#define RESALE_H

#include <math.h>

#include "fmgr.h"
#include "datatype/timestamp.h"
#include "pgtime.h"
#include "utils/memutils.h"

#include "compat.h"

/* Positions of the vehicle_event labels, in enum order */
#define RS_REGISTRATION	0
#define RS_INSURANCE	1
#define RS_TRANSFER		2
#define RS_LISTING		3
#define RS_EXPORT		4
#define RS_NKINDS		5

#define RS_IS_RESALE(k) ((k) >= RS_TRANSFER && (k) <= RS_EXPORT)

extern const char *const rs_kind_labels[RS_NKINDS];

/* One resale row (or the least row of several) */
typedef struct RsEvent
{
	TimestampTz at;
	float8		odometer;		/* 0 unless has_odometer */
	uint32		seller_off;		/* into the heap, when seller_len >= 0 */
	int32		seller_len;		/* -1 for a NULL seller */
	uint8		kind;			/* RS_TRANSFER .. RS_EXPORT */
	uint8		has_odometer;

	/*
	 * Zero in 1.0.0 and 1.1.0.  A before entry's aux[RS_AUX_HAS_EXPORT] is
	 * its has_export (I7); first's aux holds the low 48 bits of the first
	 * export (rs_export_at).
	 */
	uint8		aux[6];
} RsEvent;

#define RS_AUX_HAS_EXPORT	0

/* An entry of the before list: count rows at ev.at, ev the least of them */
typedef struct RsBefore
{
	RsEvent		ev;
	int64		count;
} RsBefore;

#define RS_HAS_REG		0x01
#define RS_HAS_INS		0x02
#define RS_HAS_FIRST	0x04
#define RS_HAS_KNOWN	0x08
#define RS_HAS_REGBY	0x10	/* a non-NULL registrant (1.1.0) */
#define RS_ALL_FLAGS_1	0x1F	/* binary format version 1 */
#define RS_EXPORTS		0x20	/* exports are known (1.2.0, I7) */
#define RS_HAS_EXPORT	0x40	/* an export at or after R: its slot */
#define RS_ALL_FLAGS	0x7F
#define RS_EXPORT_HIGH_MASK 0xFFFF0000	/* the first export's high bits */

/* Where the registrant is in the heap (after the heap, with RS_HAS_REGBY) */
typedef struct RsRegBy
{
	uint32		off;
	int32		len;			/* >= 0 */
} RsRegBy;

typedef struct ResaleSummary
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint32		flags;
	int64		registrations;
	TimestampTz registered_at;	/* R */
	TimestampTz insured_at;
	int64		after;			/* resale rows at or after R */
	int64		before_total;	/* sum of before[].count */
	RsEvent		first;
	TimestampTz known_at;
	float8		known_km;
	int32		n_before;
	int32		cap_before;
	uint32		heap_used;
	uint32		heap_cap;
	/* RsBefore before[cap_before]; char heap[heap_cap]; */
} ResaleSummary;

#define RS_HEADER_SIZE	sizeof(ResaleSummary)
#define RS_BEFORE(s)	((RsBefore *) ((char *) (s) + RS_HEADER_SIZE))
#define RS_HEAP(s)		((char *) RS_BEFORE(s) + (Size) (s)->cap_before * sizeof(RsBefore))
#define RS_SELLER(s, e)	(RS_HEAP(s) + (e)->seller_off)
#define RS_REGBY_SIZE(flags) (((flags) & RS_HAS_REGBY) ? sizeof(RsRegBy) : 0)
#define RS_REGBY_SLOT(s)	((char *) (s) + VARSIZE(s) - sizeof(RsRegBy))

/* The after part's first export (only with RS_HAS_EXPORT) */
static inline TimestampTz
rs_export_at(const ResaleSummary *s)
{
	uint64		v = (uint64) (s->flags >> 16) << 48;
	int			i;

	for (i = 0; i < 6; i++)
		v |= (uint64) s->first.aux[i] << (8 * i);
	return (TimestampTz) v;
}

/* Set it (and RS_HAS_EXPORT); first's other fields are left alone */
static inline void
rs_put_export(ResaleSummary *s, TimestampTz t)
{
	uint64		v = (uint64) t;
	int			i;

	for (i = 0; i < 6; i++)
		s->first.aux[i] = (uint8) (v >> (8 * i));
	s->flags = (s->flags & ~RS_EXPORT_HIGH_MASK) | RS_HAS_EXPORT |
		((uint32) (v >> 48) << 16);
}

/* The registrant's place; len -1 when it is NULL */
static inline RsRegBy
rs_regby(const ResaleSummary *s)
{
	RsRegBy		r = {0, -1};

	if (s->flags & RS_HAS_REGBY)
		memcpy(&r, RS_REGBY_SLOT(s), sizeof(RsRegBy));
	return r;
}

static inline void
rs_put_regby(ResaleSummary *s, uint32 off, int32 len)
{
	RsRegBy		r = {off, len};

	Assert(s->flags & RS_HAS_REGBY);
	memcpy(RS_REGBY_SLOT(s), &r, sizeof(RsRegBy));
}

pg_noreturn extern void rs_corrupted(const ResaleSummary *s);

/*
 * Check the sizes a summary states against the length of the datum that
 * holds it, before anything is read or written through them: a value that
 * reached us other than through our own functions (a user-defined
 * aggregate's state, say) must not make us read or write out of bounds.
 * O(1); the before list's contents are checked on input (rs_validate).
 */
static inline ResaleSummary *
rs_check_layout(ResaleSummary *s)
{
	Size		size = VARSIZE(s);

	if (unlikely(size < RS_HEADER_SIZE ||
				 s->n_before < 0 || s->n_before > s->cap_before ||
				 s->heap_used > s->heap_cap ||
				 size != RS_HEADER_SIZE +
				 (uint64) s->cap_before * sizeof(RsBefore) + s->heap_cap +
				 RS_REGBY_SIZE(s->flags) ||
				 ((s->flags & RS_HAS_FIRST) && s->first.seller_len > 0 &&
				  (uint64) s->first.seller_off + (uint32) s->first.seller_len >
				  s->heap_used)))
		rs_corrupted(s);
	if (s->flags & RS_HAS_REGBY)
	{
		RsRegBy		r = rs_regby(s);

		if (unlikely(r.len < 0 ||
					 (r.len > 0 && (uint64) r.off + (uint32) r.len > s->heap_used)))
			rs_corrupted(s);
	}
	return s;
}

/* Detoasted (a copy only when it was toasted or short) and checked */
#define DatumGetResaleSummaryP(X)	rs_check_layout((ResaleSummary *) PG_DETOAST_DATUM(X))
#define PG_GETARG_RESALE_SUMMARY_P(n) DatumGetResaleSummaryP(PG_GETARG_DATUM(n))
#define PG_RETURN_RESALE_SUMMARY_P(x) PG_RETURN_POINTER(x)

/* Largest before list and seller heap (keep every size within 1 GB) */
#define RS_MAX_BEFORE	((int32) ((MaxAllocSize / 2) / sizeof(RsBefore)))
#define RS_MAX_HEAP		((uint32) (MaxAllocSize / 2))

/*
 * Resale order: at, known odometer before unknown, smaller odometer, kind
 * in enum order, seller in byte order with NULL last.  Inline: the
 * transition function compares every resale row with the first resale.
 */
static inline int
rs_event_cmp(const RsEvent *ea, const char *sa,
			 const RsEvent *eb, const char *sb)
{
	int			c;

	if (ea->at != eb->at)
		return ea->at < eb->at ? -1 : 1;
	if (ea->has_odometer != eb->has_odometer)
		return ea->has_odometer ? -1 : 1;
	if (ea->has_odometer && ea->odometer != eb->odometer)
		return ea->odometer < eb->odometer ? -1 : 1;
	if (ea->kind != eb->kind)
		return ea->kind < eb->kind ? -1 : 1;
	if (ea->seller_len < 0 || eb->seller_len < 0)
		return (ea->seller_len < 0) - (eb->seller_len < 0);
	c = memcmp(sa, sb, Min(ea->seller_len, eb->seller_len));
	if (c != 0)
		return c;
	return (ea->seller_len > eb->seller_len) - (ea->seller_len < eb->seller_len);
}

/* Per call site: whether a time zone has a single UTC offset (resale_agg.c) */
typedef struct RsZoneCache
{
	pg_tz	   *zone;			/* the zone when looked up */
	bool		fixed;			/* it has a single UTC offset ... */
	long		gmtoff;			/* ... this one */
} RsZoneCache;

/*
 * Registrant order: byte order, NULL (len -1) last.  Inline: the
 * transition function compares registration rows at R.
 */
static inline int
rs_regby_cmp(const char *a, int32 alen, const char *b, int32 blen)
{
	int			c;

	if (alen < 0 || blen < 0)
		return (alen < 0) - (blen < 0);
	c = memcmp(a, b, Min(alen, blen));
	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

/* resale_agg.c: the accessors' logic, shared with resale_facts.c */
extern void rs_kind_labels_lookup(Oid fn_oid, Oid label_oid[RS_NKINDS]);
extern const RsEvent *rs_first(const ResaleSummary *s);
extern bool rs_known(const ResaleSummary *s, TimestampTz *at, float8 *km);
extern Interval *rs_interval(const ResaleSummary *s, bool *isnull);
extern bool rs_resold_within(RsZoneCache *zc, pg_tz *zone,
							 const ResaleSummary *s, Datum within,
							 bool *isnull);
extern bool rs_first_export(const ResaleSummary *s, TimestampTz *at);
extern bool rs_exported_within(RsZoneCache *zc, pg_tz *zone,
							   const ResaleSummary *s, Datum within,
							   bool *isnull);
extern bool rs_is_zero_mileage(RsZoneCache *zc, pg_tz *zone,
							   const ResaleSummary *s, Datum within,
							   float8 max_km, bool *isnull);

/*
 * Why is_zero_mileage is what it is: the labels of the enum type
 * zero_mileage_reason, in its order (TRUE, then the FALSE reasons, then the
 * NULL ones).  rs_is_zero_mileage is derived from rs_zero_mileage_reason,
 * so the two cannot disagree.
 */
typedef enum RsReason
{
	RS_WHY_ZERO_MILEAGE,		/* TRUE */
	RS_WHY_DRIVEN_OVER_LIMIT,	/* FALSE from here */
	RS_WHY_RESOLD_AFTER_WINDOW,
	RS_WHY_RESOLD_ONLY_BEFORE_REGISTRATION,
	RS_WHY_NO_RESALE,
	RS_WHY_LATER_READING_OVER_LIMIT,	/* NULL from here */
	RS_WHY_NO_ODOMETER_READING,
	RS_WHY_NO_REGISTRATION,
	RS_NREASONS
} RsReason;

#define RS_WHY_FIRST_NULL	RS_WHY_LATER_READING_OVER_LIMIT

extern const char *const rs_reason_labels[RS_NREASONS];
extern RsReason rs_zero_mileage_reason(RsZoneCache *zc, pg_tz *zone,
									   const ResaleSummary *s, Datum within,
									   float8 max_km);

/* The thresholds' rules (doc/resale.md): a window of at least an hour ... */
extern bool rs_window_ok(Datum within);
pg_noreturn extern void rs_window_refused(Datum within);

/* ... and a max_km that is a number >= 0 (+Infinity: no limit) */
#define RS_MAX_KM_OK(km)	(!isnan(km) && (km) >= 0)
pg_noreturn extern void rs_max_km_refused(float8 max_km);

/* The zone of a time_zone argument: a name pg_tzset knows, or an error */
extern pg_tz *rs_named_zone(const text *zone);

/* resale_summary.c */
extern ResaleSummary *rs_alloc(int32 cap_before, uint32 heap_cap, bool regby);
extern ResaleSummary *rs_repack(const ResaleSummary *s, int32 extra_before,
								uint32 extra_heap, bool grow, bool regby);
extern void rs_untrack_exports(ResaleSummary *s);
extern ResaleSummary *rs_normalize(const ResaleSummary *s);
extern bool rs_is_canonical(const ResaleSummary *s);
extern void rs_validate(ResaleSummary *s, bool binary);

#endif							/* RESALE_H */
