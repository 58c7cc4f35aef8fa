/*-------------------------------------------------------------------------
 *
 * resale_agg.c
 *	  resale_agg (transition, combine = resale_summary_merge, final), the
 *	  rollup aggregate's pieces, and the accessors of resale_summary.
 *
 * Inside an aggregate the state is updated in place (it lives in the
 * aggregate context); it is replaced by a bigger copy, made in the
 * per-call context for nodeAgg to adopt, only when it has to grow.
 * Outside an aggregate the inputs are never modified.  The invariants each
 * step keeps are I1-I5 of resale.h.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "miscadmin.h"
#include "nodes/nodes.h"
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/float.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#include "compat.h"
#include "resale.h"

PG_FUNCTION_INFO_V1(resale_agg_transfn);
PG_FUNCTION_INFO_V1(resale_summary_merge);
PG_FUNCTION_INFO_V1(resale_agg_finalfn);
PG_FUNCTION_INFO_V1(resale_registered_at);
PG_FUNCTION_INFO_V1(resale_registered_by);
PG_FUNCTION_INFO_V1(resale_insured_at);
PG_FUNCTION_INFO_V1(resale_registration_count);
PG_FUNCTION_INFO_V1(resale_first_resale_at);
PG_FUNCTION_INFO_V1(resale_first_resale_kind);
PG_FUNCTION_INFO_V1(resale_first_resale_seller);
PG_FUNCTION_INFO_V1(resale_odometer_km);
PG_FUNCTION_INFO_V1(resale_interval);
PG_FUNCTION_INFO_V1(resale_first_known_odometer_at);
PG_FUNCTION_INFO_V1(resale_first_known_odometer_km);
PG_FUNCTION_INFO_V1(resale_count);
PG_FUNCTION_INFO_V1(resale_events_before_registration);
PG_FUNCTION_INFO_V1(resale_resold_within);
PG_FUNCTION_INFO_V1(resale_is_zero_mileage);
PG_FUNCTION_INFO_V1(resale_resold_within_zone);
PG_FUNCTION_INFO_V1(resale_is_zero_mileage_zone);
PG_FUNCTION_INFO_V1(resale_first_export_at);
PG_FUNCTION_INFO_V1(resale_exports_tracked);
PG_FUNCTION_INFO_V1(resale_exported_within);
PG_FUNCTION_INFO_V1(resale_exported_within_zone);

/*
 * The vehicle_event label OIDs, looked up once per call site.  The labels
 * of one CREATE TYPE get OIDs close together, so a small table indexed by
 * OID - base maps a row's kind with one comparison and one load; OIDs
 * beyond it (labels added later) fall back to a search of label_oid.
 */
#define RS_KIND_SPAN	32

/*
 * A group's usual first state: header and a short seller, or with a
 * registrant its slot, the registrant and room for a short seller
 * (rs_alloc_first)
 */
#define RS_FIRST_ROOM	256

typedef struct RsKindCache
{
	Oid			label_oid[RS_NKINDS];
	Oid			base;			/* least of label_oid */
	uint8		by_off[RS_KIND_SPAN];	/* kind of base + i, or RS_NKINDS */
	/* where the transition function builds a group's first state */
	union
	{
		ResaleSummary s;
		char		bytes[RS_FIRST_ROOM];
	}			first;
} RsKindCache;

/*
 * The OIDs of the vehicle_event labels, in enum order, for a function of
 * the extension: vehicle_event lives in the schema of that function.
 */
void
rs_kind_labels_lookup(Oid fn_oid, Oid label_oid[RS_NKINDS])
{
	Oid			nsp = get_func_namespace(fn_oid);
	Oid			typ;
	int			k;

	typ = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
						  CStringGetDatum("vehicle_event"),
						  ObjectIdGetDatum(nsp));
	if (!OidIsValid(typ))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("type \"vehicle_event\" does not exist in schema \"%s\"",
						get_namespace_name(nsp)),
				 errhint("The zeromile extension is incompletely installed; reinstall it.")));
	for (k = 0; k < RS_NKINDS; k++)
	{
		label_oid[k] = GetSysCacheOid2(ENUMTYPOIDNAME, Anum_pg_enum_oid,
									   ObjectIdGetDatum(typ),
									   CStringGetDatum(rs_kind_labels[k]));
		if (!OidIsValid(label_oid[k]))
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("type \"vehicle_event\" has no label \"%s\"",
							rs_kind_labels[k]),
					 errhint("Its labels registration, insurance, transfer, listing and export must not be renamed.")));
	}
}

/* The catalogue lookups behind rs_kind_cache, once per call site */
static pg_noinline RsKindCache *
rs_kind_cache_load(FunctionCallInfo fcinfo)
{
	RsKindCache *c;
	int			k;

	c = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(RsKindCache));
	rs_kind_labels_lookup(fcinfo->flinfo->fn_oid, c->label_oid);
	c->base = InvalidOid;
	for (k = 0; k < RS_NKINDS; k++)
	{
		if (k == 0 || c->label_oid[k] < c->base)
			c->base = c->label_oid[k];
	}
	memset(c->by_off, RS_NKINDS, sizeof(c->by_off));
	for (k = 0; k < RS_NKINDS; k++)
		if (c->label_oid[k] - c->base < RS_KIND_SPAN)
			c->by_off[c->label_oid[k] - c->base] = (uint8) k;
	fcinfo->flinfo->fn_extra = c;
	return c;
}

static inline RsKindCache *
rs_kind_cache(FunctionCallInfo fcinfo)
{
	RsKindCache *c = (RsKindCache *) fcinfo->flinfo->fn_extra;

	if (likely(c != NULL))
		return c;
	return rs_kind_cache_load(fcinfo);
}

/* The position of label OID kind_oid, RS_NKINDS when not one of ours */
static inline int
rs_kind_of(const RsKindCache *c, Oid kind_oid)
{
	uint32		off = kind_oid - c->base;	/* wraps for OIDs below base */
	int			k;

	if (likely(off < RS_KIND_SPAN))
		return c->by_off[off];
	for (k = 0; k < RS_NKINDS; k++)
		if (c->label_oid[k] == kind_oid)
			break;
	return k;
}

/*
 * A label added to vehicle_event after installation (domain.md lists
 * deregistration, for one).  It is an error rather than a skipped row, so
 * that no event is silently left out of a summary; the hint shows how to
 * leave such rows out on purpose.
 */
pg_noreturn
static pg_noinline void
rs_unknown_kind(Oid kind_oid)
{
	char	   *label = DatumGetCString(DirectFunctionCall1(enum_out,
															ObjectIdGetDatum(kind_oid)));

	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("resale_agg does not support vehicle_event value \"%s\"",
					label),
			 errdetail("Only registration, insurance, transfer, listing and export events are summarised."),
			 errhint("Leave such rows out, e.g. with FILTER (WHERE kind <> %s).",
					 quote_literal_cstr(label))));
}

/* A seller that would not fit in a summary's seller area on its own */
pg_noreturn
static pg_noinline void
rs_seller_too_long(int32 len)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("seller too long for resale_agg"),
			 errdetail("The seller is %d bytes long; a summary can keep at most %u bytes of sellers.",
					   len, RS_MAX_HEAP)));
}

pg_noreturn
static pg_noinline void
rs_bad_odometer(float8 km)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid odometer reading for resale_agg: %s",
					float8out_internal(km)),
			 errdetail("Odometer readings must be finite and not negative."),
			 errhint("Pass NULL for an unknown reading.")));
}

static void
rs_count_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("resale_summary event count out of range"),
			 errdetail("A count would exceed the range of bigint.")));
}

/*
 * Make room for more_before entries and more_heap heap bytes, possibly
 * replacing s (the old value is left for its owner to free).
 */
static inline ResaleSummary *
rs_reserve(ResaleSummary *s, int32 more_before, uint32 more_heap)
{
	if (s->cap_before - s->n_before >= more_before &&
		s->heap_cap - s->heap_used >= more_heap)
		return s;
	return rs_repack(s, more_before, more_heap, true, false);
}

/* Append len bytes to the heap (room reserved); returns the offset */
static inline uint32
rs_heap_add(ResaleSummary *s, const char *p, int32 len)
{
	uint32		off = s->heap_used;

	Assert(s->heap_used + len <= s->heap_cap);
	memcpy(RS_HEAP(s) + off, p, len);
	s->heap_used += len;
	return off;
}

/* Would e (seller bytes at seller) be the first resale of s's after part? */
static inline bool
rs_beats_first(const ResaleSummary *s, const RsEvent *e, const char *seller)
{
	return !(s->flags & RS_HAS_FIRST) ||
		rs_event_cmp(e, seller, &s->first, RS_SELLER(s, &s->first)) < 0;
}

/*
 * Fold count rows at e->at, whose least row is e, into the after part's
 * count and known reading (I4).  The least row carries the least reading
 * at its time, because known readings sort first.
 */
static inline void
rs_fold_after(ResaleSummary *s, const RsEvent *e, int64 count)
{
	int64		total;

	/* I8: after + before_total, the resale events, fits in an int64 */
	if (pg_add_s64_overflow(s->after, count, &s->after) ||
		pg_add_s64_overflow(s->after, s->before_total, &total))
		rs_count_overflow();
	if (e->has_odometer &&
		(!(s->flags & RS_HAS_KNOWN) || e->at < s->known_at ||
		 (e->at == s->known_at && e->odometer < s->known_km)))
	{
		s->known_at = e->at;
		s->known_km = e->odometer;
		s->flags |= RS_HAS_KNOWN;
	}
}

/*
 * Make e, whose seller is already in s's heap, the first resale; first's
 * aux (the first export's low bits) is kept
 */
static inline void
rs_set_first(ResaleSummary *s, const RsEvent *e)
{
	uint8		aux[sizeof(s->first.aux)];

	memcpy(aux, s->first.aux, sizeof(aux));
	s->first = *e;
	memcpy(s->first.aux, aux, sizeof(aux));
	s->flags |= RS_HAS_FIRST;
}

/* An export at t is in the after part (I7); ignored when untracked */
static inline void
rs_note_export(ResaleSummary *s, TimestampTz t)
{
	if ((s->flags & RS_EXPORTS) &&
		(!(s->flags & RS_HAS_EXPORT) || t < rs_export_at(s)))
		rs_put_export(s, t);
}

/*
 * R becomes t (t < R, or no R yet).  The after part keeps its rows (they
 * are >= old R > t); before entries at or after t move into it (I3).
 */
static void
rs_set_registration(ResaleSummary *s, TimestampTz t)
{
	RsBefore   *b = RS_BEFORE(s);
	int32		i,
				kept = 0;

	s->flags |= RS_HAS_REG;
	s->registered_at = t;
	for (i = 0; i < s->n_before; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (b[i].ev.at >= t)
		{
			if (rs_beats_first(s, &b[i].ev, RS_SELLER(s, &b[i].ev)))
				rs_set_first(s, &b[i].ev);
			/* moved, not added: out of the total first (I8) */
			s->before_total -= b[i].count;
			rs_fold_after(s, &b[i].ev, b[i].count);
			if (b[i].ev.aux[RS_AUX_HAS_EXPORT])
				rs_note_export(s, b[i].ev.at);
		}
		else
		{
			if (kept != i)
				b[kept] = b[i];
			kept++;
		}
	}
	s->n_before = kept;
}

/*
 * Make the len bytes at p (outside s; len -1: NULL) the registrant (I6).
 * Returns s or its grown replacement.
 */
static ResaleSummary *
rs_set_regby(ResaleSummary *s, const char *p, int32 len)
{
	if (s->flags & RS_HAS_REGBY)
	{
		RsRegBy		rb = rs_regby(s);

		/* nothing else refers to it: reuse its bytes if they end the heap */
		if (rb.len > 0 && rb.off + (uint32) rb.len == s->heap_used)
			s->heap_used = rb.off;
		if (len >= 0 && s->heap_cap - s->heap_used >= (uint32) len)
		{
			rs_put_regby(s, len > 0 ? rs_heap_add(s, p, len) : 0, len);
			return s;
		}
		/* drop the slot (it ends the value): a NULL registrant has none */
		s->flags &= ~RS_HAS_REGBY;
		SET_VARSIZE(s, VARSIZE(s) - sizeof(RsRegBy));
	}
	if (len < 0)
		return s;
	s = rs_repack(s, 0, len, true, true);
	rs_put_regby(s, len > 0 ? rs_heap_add(s, p, len) : 0, len);
	return s;
}

/*
 * Registration rows (count of them, earliest at t, the least registrant
 * among those at t len bytes at p, len -1 for NULL).  Returns s or its
 * grown replacement.
 */
static ResaleSummary *
rs_add_registrations(ResaleSummary *s, TimestampTz t, int64 count,
					 const char *p, int32 len)
{
	if (pg_add_s64_overflow(s->registrations, count, &s->registrations))
		rs_count_overflow();
	if (!(s->flags & RS_HAS_REG) || t < s->registered_at)
	{
		rs_set_registration(s, t);
		s = rs_set_regby(s, p, len);
	}
	else if (t == s->registered_at && len >= 0)
	{
		RsRegBy		rb = rs_regby(s);

		if (rs_regby_cmp(p, len, RS_HEAP(s) + rb.off, rb.len) < 0)
			s = rs_set_regby(s, p, len);
	}
	return s;
}

static void
rs_add_insurance(ResaleSummary *s, TimestampTz t)
{
	if (!(s->flags & RS_HAS_INS) || t < s->insured_at)
	{
		s->insured_at = t;
		s->flags |= RS_HAS_INS;
	}
}

/*
 * Add count resale rows whose least row is e, seller bytes at seller
 * (outside s).  Returns s or its grown replacement.
 */
static ResaleSummary *
rs_add_resale(ResaleSummary *s, const RsEvent *e, const char *seller,
			  int64 count)
{
	int32		len = Max(e->seller_len, 0);
	int64		total;

	if ((s->flags & RS_HAS_REG) && e->at >= s->registered_at)
	{
		/* the seller is copied in only when the row becomes first */
		if (rs_beats_first(s, e, seller))
		{
			RsEvent		f = *e;

			f.seller_off = 0;
			if (len > 0)
			{
				/*
				 * The replaced first seller is referenced by nothing else:
				 * when it ends the heap, its bytes are reused, so replacing
				 * the first resale does not grow the summary.
				 */
				if ((s->flags & RS_HAS_FIRST) && s->first.seller_len > 0 &&
					s->first.seller_off + s->first.seller_len == s->heap_used)
					s->heap_used = s->first.seller_off;
				s = rs_reserve(s, 0, len);
				f.seller_off = rs_heap_add(s, seller, len);
			}
			rs_set_first(s, &f);
		}
		rs_fold_after(s, e, count);
		if (e->aux[RS_AUX_HAS_EXPORT])
			rs_note_export(s, e->at);
	}
	else
	{
		RsBefore   *d;

		s = rs_reserve(s, 1, len);
		d = &RS_BEFORE(s)[s->n_before++];
		d->ev = *e;
		d->count = count;
		d->ev.seller_off = (len > 0) ? rs_heap_add(s, seller, len) : 0;
		/* I7: no has_export in a summary that does not know its exports */
		if (!(s->flags & RS_EXPORTS))
			d->ev.aux[RS_AUX_HAS_EXPORT] = 0;
		if (pg_add_s64_overflow(s->before_total, count, &s->before_total) ||
			pg_add_s64_overflow(s->before_total, s->after, &total))
			rs_count_overflow();
	}
	return s;
}

/*
 * The state for a group's first usable row.  nodeAgg copies it into the
 * aggregate context, where palloc rounds small chunks up to a power of
 * two: the room up to that size costs nothing, so it goes to the seller
 * heap (with sellers) or the before list, and the state rarely has to be
 * replaced by a bigger copy.  Without a registration yet, a resale row
 * needs the before list; with sellers, room for the first resale's seller;
 * with regby (a registration row with a seller), a registrant slot.
 */
static ResaleSummary *
rs_alloc_first(bool resale, bool sellers, int32 seller_len, bool regby,
			   RsKindCache *kc)
{
	int32		cap_before = resale ? 2 : 0;
	uint64		used = RS_HEADER_SIZE + cap_before * sizeof(RsBefore) +
		(sellers ? (uint64) seller_len : 0) + (regby ? sizeof(RsRegBy) : 0);
	uint64		chunk = 64;
	uint32		heap_cap;
	uint64		size;
	ResaleSummary *s;

	/* the caller has checked seller_len <= RS_MAX_HEAP: no overflow below */
	Assert(seller_len >= 0 && (uint32) seller_len <= RS_MAX_HEAP);

	/* only small chunks are rounded up; a long seller gets exact room */
	while (chunk < used && chunk < 1024)
		chunk <<= 1;
	chunk = Max(chunk, used);
	if (sellers)
		heap_cap = (uint32) (chunk - used) + seller_len;
	else
	{
		if (resale)
			cap_before += (int32) ((chunk - used) / sizeof(RsBefore));
		heap_cap = 0;
	}
	size = RS_HEADER_SIZE + (uint64) cap_before * sizeof(RsBefore) + heap_cap +
		(regby ? sizeof(RsRegBy) : 0);
	if (kc == NULL || size > RS_FIRST_ROOM)
	{
		s = rs_alloc(cap_before, heap_cap, regby);
		s->flags |= RS_EXPORTS;
		return s;
	}

	/*
	 * Inside an aggregate nodeAgg (and nodeWindowAgg) copies a new state into
	 * the aggregate context as soon as the call returns (the functions that
	 * do it, version by version, are named at rs_agg_state), so the usual
	 * first state is built in room kept per call site rather than in a
	 * palloc'd chunk that would be copied and thrown away: once per group,
	 * that is a good part of the transition's cost.  Only the header needs
	 * setting; the room after it is unused until the header says so. An
	 * executor that adopted a returned value instead of copying it would
	 * break this: check those functions in each new major.
	 */
	s = &kc->first.s;
	memset(s, 0, RS_HEADER_SIZE);
	SET_VARSIZE(s, size);
	s->flags = RS_EXPORTS;
	s->cap_before = cap_before;
	s->heap_cap = heap_cap;
	if (regby)
	{
		s->flags |= RS_HAS_REGBY;
		rs_put_regby(s, 0, 0);
	}
	return s;
}

/*
 * The state argument argno of a call inside an aggregate, ours to update
 * in place.  nodeAgg and nodeWindowAgg keep the state in the aggregate
 * context, copying there at once whatever a transition function returned
 * (execExprInterp.c: ExecAggTransReparent in PG15, ExecAggCopyTransValue
 * from PG16, checked in 15.20 and 18.6; nodeWindowAgg.c:
 * advance_windowaggregate and advance_windowaggregate_base, the same in
 * both), so for resale_agg and rollup it is the plain value our own
 * functions built.  A user-defined aggregate may pair our functions with
 * its own, though - a moving aggregate's inverse, a transition function
 * before our final function - and the value such a function returns, a
 * stored summary say, is copied as it is: a TOAST pointer or a short
 * header.  Such a state is detoasted into a copy of our own; either way its
 * sizes are checked before use.
 */
static inline ResaleSummary *
rs_agg_state(FunctionCallInfo fcinfo, int argno)
{
	struct varlena *v = (struct varlena *) PG_GETARG_POINTER(argno);

	if (unlikely(VARATT_IS_EXTENDED(v)))
		v = pg_detoast_datum_copy(v);
	return rs_check_layout((ResaleSummary *) v);
}

/* AggCheckCallContext(fcinfo, NULL) != 0, inline: it runs for every row */
static inline bool
rs_in_agg(FunctionCallInfo fcinfo)
{
	Node	   *ctx = fcinfo->context;

	return ctx != NULL && (IsA(ctx, AggState) || IsA(ctx, WindowAggState));
}

/*
 * resale_agg_transfn(state, kind, at, odometer_km [, seller])
 *
 * Not strict: rows with a NULL kind or at are skipped, and the first
 * usable row creates the state.
 */
Datum
resale_agg_transfn(PG_FUNCTION_ARGS)
{
	ResaleSummary *s = NULL;
	bool		in_agg = rs_in_agg(fcinfo);
	RsKindCache *kc;
	Oid			kind_oid;
	int			kind;
	TimestampTz at;
	RsEvent		e;
	text	   *seller = NULL;

	if (!PG_ARGISNULL(0))
		s = in_agg ? rs_agg_state(fcinfo, 0) : PG_GETARG_RESALE_SUMMARY_P(0);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (s == NULL)
			PG_RETURN_NULL();
		if (!in_agg && !rs_is_canonical(s))
			s = rs_normalize(s);
		PG_RETURN_RESALE_SUMMARY_P(s);
	}

	kc = rs_kind_cache(fcinfo);
	kind_oid = PG_GETARG_OID(1);
	kind = rs_kind_of(kc, kind_oid);
	if (unlikely(kind == RS_NKINDS))
		rs_unknown_kind(kind_oid);
	at = PG_GETARG_TIMESTAMPTZ(2);

	memset(&e, 0, sizeof(e));
	e.at = at;
	e.kind = (uint8) kind;
	e.aux[RS_AUX_HAS_EXPORT] = (kind == RS_EXPORT);
	e.seller_len = -1;
	if (!PG_ARGISNULL(3))
	{
		float8		km = PG_GETARG_FLOAT8(3);

		if (unlikely(!(isfinite(km) && km >= 0)))
			rs_bad_odometer(km);
		e.has_odometer = 1;
		e.odometer = (km == 0) ? 0 : km;	/* one zero: no -0 */
	}
	/* the seller of a resale; of a registration, the registrant */
	if (PG_NARGS() > 4 && !PG_ARGISNULL(4) && kind != RS_INSURANCE)
	{
		/* PG_GETARG_TEXT_PP, without a call for the usual plain value */
		seller = (text *) PG_GETARG_POINTER(4);
		if (unlikely(VARATT_IS_EXTERNAL(seller) || VARATT_IS_COMPRESSED(seller)))
			seller = PG_GETARG_TEXT_PP(4);
		e.seller_len = VARSIZE_ANY_EXHDR(seller);
		if (unlikely((uint32) e.seller_len > RS_MAX_HEAP))
			rs_seller_too_long(e.seller_len);
	}

	if (s == NULL)
		s = rs_alloc_first(RS_IS_RESALE(kind), PG_NARGS() > 4,
						   Max(e.seller_len, 0),
						   kind == RS_REGISTRATION && seller != NULL,
						   in_agg ? kc : NULL);
	else if (!in_agg)
		s = rs_repack(s, 0, 0, false, false);	/* never modify a caller's
												 * value */

	switch (kind)
	{
		case RS_REGISTRATION:
			s = rs_add_registrations(s, at, 1,
									 seller ? VARDATA_ANY(seller) : NULL,
									 e.seller_len);
			break;
		case RS_INSURANCE:
			rs_add_insurance(s, at);
			break;
		default:
			s = rs_add_resale(s, &e, seller ? VARDATA_ANY(seller) : NULL, 1);
			break;
	}

	/*
	 * Outside an aggregate nothing compacts the result later (it may be
	 * stored as it is): return the canonical form, not a state with room.
	 */
	if (!in_agg && !rs_is_canonical(s))
		s = rs_normalize(s);
	PG_RETURN_RESALE_SUMMARY_P(s);
}

/*
 * a := a + b (a modified in place, or replaced when it must grow).  Exact
 * for any split: every row of b lands where I3 puts it relative to the
 * merged R = min(R_a, R_b), and the after part of b (rows >= R_b >= R)
 * folds into a's after part as a whole.
 */
static ResaleSummary *
rs_merge_into(ResaleSummary *a, const ResaleSummary *b)
{
	int32		i;

	/* b's live sellers fit in b->heap_used: usually one growth at most */
	a = rs_reserve(a, b->n_before, b->heap_used);
	/* what b does not know, the merge does not know (I7) */
	if (!(b->flags & RS_EXPORTS))
		rs_untrack_exports(a);
	if (b->flags & RS_HAS_REG)
	{
		RsRegBy		rb = rs_regby(b);

		a = rs_add_registrations(a, b->registered_at, b->registrations,
								 RS_HEAP(b) + rb.off, rb.len);
	}
	if (b->flags & RS_HAS_INS)
		rs_add_insurance(a, b->insured_at);
	if (b->flags & RS_HAS_FIRST)
	{
		/* b's after part as a whole: its least row, count and reading */
		RsEvent		bf = b->first;

		/* first's aux is its export bits, not a has_export */
		memset(bf.aux, 0, sizeof(bf.aux));
		a = rs_add_resale(a, &bf, RS_SELLER(b, &b->first), b->after);
		if (b->flags & RS_HAS_EXPORT)
			rs_note_export(a, rs_export_at(b));
		if ((b->flags & RS_HAS_KNOWN) &&
			(!(a->flags & RS_HAS_KNOWN) || b->known_at < a->known_at ||
			 (b->known_at == a->known_at && b->known_km < a->known_km)))
		{
			a->known_at = b->known_at;
			a->known_km = b->known_km;
			a->flags |= RS_HAS_KNOWN;
		}
	}
	for (i = 0; i < b->n_before; i++)
	{
		const RsBefore *e = &RS_BEFORE(b)[i];

		CHECK_FOR_INTERRUPTS();
		a = rs_add_resale(a, &e->ev, RS_SELLER(b, &e->ev), e->count);
	}
	return a;
}

/*
 * resale_summary_merge(a, b): the combine function of resale_agg and the
 * transition and combine function of rollup.  Not strict: NULL is the
 * summary of no rows, so merge(NULL, b) = b and merge(a, NULL) = a.
 */
Datum
resale_summary_merge(PG_FUNCTION_ARGS)
{
	bool		in_agg = AggCheckCallContext(fcinfo, NULL) != 0;
	ResaleSummary *a;
	ResaleSummary *b;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		a = PG_GETARG_RESALE_SUMMARY_P(0);
		if (!in_agg && !rs_is_canonical(a))
			a = rs_normalize(a);
		PG_RETURN_RESALE_SUMMARY_P(a);
	}
	b = PG_GETARG_RESALE_SUMMARY_P(1);
	if (PG_ARGISNULL(0))
		PG_RETURN_RESALE_SUMMARY_P(rs_normalize(b));
	a = PG_GETARG_RESALE_SUMMARY_P(0);
	if (in_agg)
		PG_RETURN_RESALE_SUMMARY_P(rs_merge_into(a, b));

	/*
	 * Outside an aggregate (ON CONFLICT ... DO UPDATE, resale_track) the
	 * result is stored as it is: never modify a caller's value, reserve
	 * exactly what b can add rather than growing with slack, and return the
	 * canonical form (entries that moved or folded leave room behind).
	 */
	a = rs_merge_into(rs_repack(a, b->n_before, b->heap_used, false, false),
					  b);
	if (!rs_is_canonical(a))
		a = rs_normalize(a);
	PG_RETURN_RESALE_SUMMARY_P(a);
}

/*
 * Final function of both aggregates: the canonical, exact-size form.
 *
 * Inside an aggregate, a state without a before list (the usual case) is
 * copied as header plus its first resale's seller straight into the
 * current (output) context, where nodeAgg keeps it without copying it
 * again.  The state itself is left as it is, as nodeWindowAgg goes on
 * with it.
 */
Datum
resale_agg_finalfn(PG_FUNCTION_ARGS)
{
	ResaleSummary *s;

	if (AggCheckCallContext(fcinfo, NULL))
	{
		s = rs_agg_state(fcinfo, 0);
		if (s->n_before == 0)
		{
			int32		len = 0;
			RsRegBy		rb = rs_regby(s);
			int32		rlen = Max(rb.len, 0);
			Size		size;
			ResaleSummary *r;

			if ((s->flags & RS_HAS_FIRST) && s->first.seller_len > 0)
				len = s->first.seller_len;
			size = RS_HEADER_SIZE + rlen + len + RS_REGBY_SIZE(s->flags);
			r = (ResaleSummary *) palloc(size);
			memcpy(r, s, RS_HEADER_SIZE);
			/* with cap_before 0 the heap starts right after the header */
			memcpy(RS_BEFORE(r), RS_HEAP(s) + rb.off, rlen);
			memcpy((char *) RS_BEFORE(r) + rlen, RS_SELLER(s, &s->first), len);
			SET_VARSIZE(r, size);
			r->first.seller_off = (s->flags & RS_HAS_FIRST) &&
				s->first.seller_len >= 0 ? rlen : 0;
			r->cap_before = 0;
			r->heap_used = r->heap_cap = rlen + len;
			if (r->flags & RS_HAS_REGBY)
				rs_put_regby(r, 0, rlen);
			Assert(rs_is_canonical(r));
			PG_RETURN_RESALE_SUMMARY_P(r);
		}
	}
	else
		s = PG_GETARG_RESALE_SUMMARY_P(0);
	if (rs_is_canonical(s))
		PG_RETURN_RESALE_SUMMARY_P(s);
	PG_RETURN_RESALE_SUMMARY_P(rs_normalize(s));
}

/* ---------- accessors ---------- */

/*
 * The first resale: the after part's least row when there is an R,
 * otherwise the least row of all (all are in the before list).
 */
const RsEvent *
rs_first(const ResaleSummary *s)
{
	const RsEvent *best = NULL;
	int32		i;

	if (s->flags & RS_HAS_REG)
		return (s->flags & RS_HAS_FIRST) ? &s->first : NULL;
	for (i = 0; i < s->n_before; i++)
	{
		const RsEvent *e = &RS_BEFORE(s)[i].ev;

		CHECK_FOR_INTERRUPTS();
		if (best == NULL ||
			rs_event_cmp(e, RS_SELLER(s, e), best, RS_SELLER(s, best)) < 0)
			best = e;
	}
	return best;
}

/* The earliest (then smallest) known reading among the resale rows >= R */
bool
rs_known(const ResaleSummary *s, TimestampTz *at, float8 *km)
{
	bool		found = false;
	int32		i;

	if (s->flags & RS_HAS_REG)
	{
		*at = s->known_at;
		*km = s->known_km;
		return (s->flags & RS_HAS_KNOWN) != 0;
	}
	for (i = 0; i < s->n_before; i++)
	{
		const RsEvent *e = &RS_BEFORE(s)[i].ev;

		CHECK_FOR_INTERRUPTS();
		if (e->has_odometer &&
			(!found || e->at < *at || (e->at == *at && e->odometer < *km)))
		{
			*at = e->at;
			*km = e->odometer;
			found = true;
		}
	}
	return found;
}

Datum
resale_registered_at(PG_FUNCTION_ARGS)
{
	ResaleSummary *s = PG_GETARG_RESALE_SUMMARY_P(0);

	if (!(s->flags & RS_HAS_REG))
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(s->registered_at);
}

/* The registrant of the earliest registration (I6); NULL if none */
Datum
resale_registered_by(PG_FUNCTION_ARGS)
{
	ResaleSummary *s = PG_GETARG_RESALE_SUMMARY_P(0);
	RsRegBy		rb = rs_regby(s);

	if (rb.len < 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(RS_HEAP(s) + rb.off, rb.len));
}

Datum
resale_insured_at(PG_FUNCTION_ARGS)
{
	ResaleSummary *s = PG_GETARG_RESALE_SUMMARY_P(0);

	if (!(s->flags & RS_HAS_INS))
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(s->insured_at);
}

Datum
resale_registration_count(PG_FUNCTION_ARGS)
{
	ResaleSummary *s = PG_GETARG_RESALE_SUMMARY_P(0);

	PG_RETURN_INT64(s->registrations);
}

Datum
resale_first_resale_at(PG_FUNCTION_ARGS)
{
	ResaleSummary *s = PG_GETARG_RESALE_SUMMARY_P(0);
	const RsEvent *e = rs_first(s);

	if (e == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(e->at);
}

Datum
resale_first_resale_kind(PG_FUNCTION_ARGS)
{
	ResaleSummary *s = PG_GETARG_RESALE_SUMMARY_P(0);
	const RsEvent *e = rs_first(s);

	if (e == NULL)
		PG_RETURN_NULL();
	PG_RETURN_OID(rs_kind_cache(fcinfo)->label_oid[e->kind]);
}

Datum
resale_first_resale_seller(PG_FUNCTION_ARGS)
{
	ResaleSummary *s = PG_GETARG_RESALE_SUMMARY_P(0);
	const RsEvent *e = rs_first(s);

	if (e == NULL || e->seller_len < 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(RS_SELLER(s, e), e->seller_len));
}

Datum
resale_odometer_km(PG_FUNCTION_ARGS)
{
	ResaleSummary *s = PG_GETARG_RESALE_SUMMARY_P(0);
	const RsEvent *e = rs_first(s);

	if (e == NULL || !e->has_odometer)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(e->odometer);
}

/*
 * resale_interval of s; *isnull without R or without a resale.
 *
 * timestamptz - timestamptz is timestamp_mi: the difference in time, then
 * interval_justify_hours.  With no month or day to start from, that is
 * whole days (truncated) and the rest, both of the difference's sign.
 * Infinities (an error before 17, an infinite interval from 17) go to
 * timestamp_mi itself, so that result or error is the server's own
 * (sql/resale_infinite.sql).  A difference beyond int64 (a resale some
 * 292,000 years after R) is 22008 "interval out of range", as from 17:
 * before 17 timestamp_mi wraps it into a negative interval.
 */
Interval *
rs_interval(const ResaleSummary *s, bool *isnull)
{
	TimestampTz diff;
	Interval   *result;

	*isnull = !(s->flags & RS_HAS_FIRST);	/* also covers "no R" (I4) */
	if (*isnull)
		return NULL;
	if (TIMESTAMP_NOT_FINITE(s->first.at) ||
		TIMESTAMP_NOT_FINITE(s->registered_at))
		return DatumGetIntervalP(DirectFunctionCall2(timestamp_mi,
													 TimestampTzGetDatum(s->first.at),
													 TimestampTzGetDatum(s->registered_at)));
	if (pg_sub_s64_overflow(s->first.at, s->registered_at, &diff))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("interval out of range")));
	result = (Interval *) palloc(sizeof(Interval));
	result->month = 0;
	result->day = (int32) (diff / USECS_PER_DAY);
	result->time = diff % USECS_PER_DAY;
	return result;
}

Datum
resale_interval(PG_FUNCTION_ARGS)
{
	ResaleSummary *s = PG_GETARG_RESALE_SUMMARY_P(0);
	bool		isnull;
	Interval   *result = rs_interval(s, &isnull);

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_INTERVAL_P(result);
}

Datum
resale_first_known_odometer_at(PG_FUNCTION_ARGS)
{
	ResaleSummary *s = PG_GETARG_RESALE_SUMMARY_P(0);
	TimestampTz at;
	float8		km;

	if (!rs_known(s, &at, &km))
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(at);
}

Datum
resale_first_known_odometer_km(PG_FUNCTION_ARGS)
{
	ResaleSummary *s = PG_GETARG_RESALE_SUMMARY_P(0);
	TimestampTz at;
	float8		km;

	if (!rs_known(s, &at, &km))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(km);
}

Datum
resale_count(PG_FUNCTION_ARGS)
{
	ResaleSummary *s = PG_GETARG_RESALE_SUMMARY_P(0);

	PG_RETURN_INT64((s->flags & RS_HAS_REG) ? s->after : s->before_total);
}

Datum
resale_events_before_registration(PG_FUNCTION_ARGS)
{
	ResaleSummary *s = PG_GETARG_RESALE_SUMMARY_P(0);

	if (!(s->flags & RS_HAS_REG))
		PG_RETURN_NULL();
	PG_RETURN_INT64(s->before_total);
}

/*
 * Whether zone has a single UTC offset, and which.  Kept per call site:
 * pg_tzset never frees a zone, so the pointer identifies it.
 */
static bool
rs_zone_offset(RsZoneCache *c, pg_tz *zone, long *gmtoff)
{
	if (unlikely(c->zone != zone))
	{
		c->fixed = pg_get_timezone_offset(zone, &c->gmtoff);
		c->zone = zone;
	}
	*gmtoff = c->gmtoff;
	return c->fixed;
}

/* The zone cache of a call site whose fn_extra holds nothing else */
static RsZoneCache *
rs_zone_cache(FunctionCallInfo fcinfo)
{
	RsZoneCache *c = (RsZoneCache *) fcinfo->flinfo->fn_extra;

	if (unlikely(c == NULL))
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(RsZoneCache));
		fcinfo->flinfo->fn_extra = c;
	}
	return c;
}

/*
 * timestamptz_pl_interval computed in zone rather than the session's
 * TimeZone: the server's own arithmetic, with session_timezone pointing at
 * zone for the duration of the call (and restored on error).  Nothing in
 * that call reads the setting any other way or runs other code.
 */
static TimestampTz
rs_pl_interval_in(pg_tz *zone, TimestampTz t, Datum within)
{
	pg_tz	   *saved = session_timezone;
	TimestampTz r;

	if (zone == saved)
		return DatumGetTimestampTz(DirectFunctionCall2(timestamptz_pl_interval,
													   TimestampTzGetDatum(t),
													   within));
	session_timezone = zone;
	PG_TRY();
	{
		r = DatumGetTimestampTz(DirectFunctionCall2(timestamptz_pl_interval,
													TimestampTzGetDatum(t),
													within));
	}
	PG_FINALLY();
	{
		session_timezone = saved;
	}
	PG_END_TRY();
	return r;
}

/*
 * t + span, as timestamptz_pl_interval computes it (calendar arithmetic in
 * zone: the session TimeZone when NULL), but without its conversions to
 * and from broken-down local time where they amount to a plain shift: no
 * months, and either no days or a zone with a single UTC offset (UTC,
 * fixed offsets), far enough from the ends of the timestamptz range that
 * none of its conversions or range checks can fail.  Everything else,
 * including every case where it raises an error, is left to
 * timestamptz_pl_interval.
 */
static TimestampTz
rs_pl_interval(RsZoneCache *zc, pg_tz *zone, TimestampTz t, Datum within)
{
	Interval   *span = DatumGetIntervalP(within);
	TimestampTz r = t;

	if (zone == NULL)
		zone = session_timezone;
	if (span->month == 0 && !TIMESTAMP_NOT_FINITE(t))
	{
		bool		shift = true;

		if (span->day != 0)
		{
			long		gmtoff;
			int64		margin;

			shift = rs_zone_offset(zc, zone, &gmtoff) &&
				gmtoff >= -7 * SECS_PER_DAY && gmtoff <= 7 * SECS_PER_DAY;
			if (shift)
			{
				/* local times of t and of the result stay well in range */
				margin = (labs(gmtoff) + 2 * SECS_PER_DAY) * USECS_PER_SEC;
				shift = !pg_mul_s64_overflow(span->day, USECS_PER_DAY, &r) &&
					!pg_add_s64_overflow(r, t, &r) &&
					t >= MIN_TIMESTAMP + margin && t < END_TIMESTAMP - margin &&
					r >= MIN_TIMESTAMP + margin && r < END_TIMESTAMP - margin;
			}
		}
		if (shift && !pg_add_s64_overflow(r, span->time, &r) &&
			IS_VALID_TIMESTAMP(r))
			return r;
	}
	return rs_pl_interval_in(zone, t, within);
}

/*
 * The window rule: at least an hour, as interval comparison orders
 * intervals (a month as 30 days, a day as 24 hours).  PostgreSQL reads a
 * number without a unit as seconds, so '30' meant as days is 30 seconds,
 * and every unit-less number of days below 3600 is refused rather than
 * answered; no registration-to-resale window is meaningfully that short.
 */
bool
rs_window_ok(Datum within)
{
	static const Interval one_hour = {.time = USECS_PER_HOUR};
	Interval   *span = DatumGetIntervalP(within);

	/* the usual windows, without a comparison */
	if (likely(span->month >= 0 && span->day >= 0 && span->time >= 0 &&
			   (span->month > 0 || span->day > 0 ||
				span->time >= USECS_PER_HOUR)))
		return true;
	return !DatumGetBool(DirectFunctionCall2(interval_lt, within,
											 IntervalPGetDatum(&one_hour)));
}

void
rs_window_refused(Datum within)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("window \"%s\" is shorter than an hour",
					DatumGetCString(DirectFunctionCall1(interval_out, within))),
			 errdetail("The window is the longest time from the registration to the first resale that counts; zeromile refuses windows under an hour."),
			 errhint("A number without a unit is read as seconds: write '30 days', not '30'.")));
}

void
rs_max_km_refused(float8 max_km)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("max_km must be a non-negative number of kilometres, not %s",
					float8out_internal(max_km)),
			 errhint("max_km is inclusive; Infinity means no limit.")));
}

/*
 * NULL without R; otherwise whether the first resale is at or before
 * R + within (timestamptz + interval: calendar arithmetic in zone, the
 * session TimeZone when NULL).
 */
bool
rs_resold_within(RsZoneCache *zc, pg_tz *zone, const ResaleSummary *s,
				 Datum within, bool *isnull)
{
	if (unlikely(!rs_window_ok(within)))
		rs_window_refused(within);
	*isnull = !(s->flags & RS_HAS_REG);
	if (*isnull || !(s->flags & RS_HAS_FIRST))
		return false;
	return s->first.at <= rs_pl_interval(zc, zone, s->registered_at, within);
}

/*
 * The first export, as the first resale (I7): the earliest export at or
 * after R when there is an R, otherwise the earliest of all.  False when
 * there is none, or when s does not know its exports (RS_EXPORTS).
 */
bool
rs_first_export(const ResaleSummary *s, TimestampTz *at)
{
	bool		found = false;
	int32		i;

	if (!(s->flags & RS_EXPORTS))
		return false;
	if (s->flags & RS_HAS_REG)
	{
		if (!(s->flags & RS_HAS_EXPORT))
			return false;
		*at = rs_export_at(s);
		return true;
	}
	for (i = 0; i < s->n_before; i++)
	{
		const RsEvent *e = &RS_BEFORE(s)[i].ev;

		CHECK_FOR_INTERRUPTS();
		if (e->aux[RS_AUX_HAS_EXPORT] && (!found || e->at < *at))
		{
			*at = e->at;
			found = true;
		}
	}
	return found;
}

/*
 * As rs_resold_within, for the first export: NULL without R or when s does
 * not know its exports; FALSE without an export at or after R.  The window
 * is checked first, whatever s.
 */
bool
rs_exported_within(RsZoneCache *zc, pg_tz *zone, const ResaleSummary *s,
				   Datum within, bool *isnull)
{
	if (unlikely(!rs_window_ok(within)))
		rs_window_refused(within);
	*isnull = !(s->flags & RS_HAS_REG) || !(s->flags & RS_EXPORTS);
	if (*isnull || !(s->flags & RS_HAS_EXPORT))
		return false;
	return rs_export_at(s) <= rs_pl_interval(zc, zone, s->registered_at,
											 within);
}

const char *const rs_reason_labels[RS_NREASONS] = {
	"zero_mileage",
	"driven_over_limit",
	"resold_after_window",
	"resold_only_before_registration",
	"no_resale",
	"later_reading_over_limit",
	"no_odometer_reading",
	"no_registration",
};

/*
 * Why is_zero_mileage is what it is, one reason per path of the decision.
 * Without R: no_registration (NULL).  With R, FALSE when not resold
 * within: no resale at all, only resales dated before R, or the first one
 * after the window.  Resold within, odometers only going up: TRUE when the
 * first known reading at or after R is <= max_km; FALSE when it is above
 * and was taken at the first resale itself; NULL (unknown) when it is
 * above but taken later (the car may have been under the limit when
 * resold), or when there is no reading.  Readings compare as float8 does
 * in SQL.
 */
RsReason
rs_zero_mileage_reason(RsZoneCache *zc, pg_tz *zone, const ResaleSummary *s,
					   Datum within, float8 max_km)
{
	bool		isnull;

	if (unlikely(!RS_MAX_KM_OK(max_km)))
		rs_max_km_refused(max_km);
	if (!rs_resold_within(zc, zone, s, within, &isnull))
	{
		if (isnull)
			return RS_WHY_NO_REGISTRATION;
		if (s->flags & RS_HAS_FIRST)
			return RS_WHY_RESOLD_AFTER_WINDOW;
		return s->before_total > 0 ? RS_WHY_RESOLD_ONLY_BEFORE_REGISTRATION :
			RS_WHY_NO_RESALE;
	}
	if (!(s->flags & RS_HAS_KNOWN))
		return RS_WHY_NO_ODOMETER_READING;
	if (float8_le(s->known_km, max_km))
		return RS_WHY_ZERO_MILEAGE;
	if (s->known_at == s->first.at)
		return RS_WHY_DRIVEN_OVER_LIMIT;
	return RS_WHY_LATER_READING_OVER_LIMIT;
}

/* TRUE, FALSE or NULL (*isnull), as its reason says */
bool
rs_is_zero_mileage(RsZoneCache *zc, pg_tz *zone, const ResaleSummary *s,
				   Datum within, float8 max_km, bool *isnull)
{
	RsReason	why = rs_zero_mileage_reason(zc, zone, s, within, max_km);

	*isnull = why >= RS_WHY_FIRST_NULL;
	return why == RS_WHY_ZERO_MILEAGE;
}

/* rs_resold_within or rs_exported_within */
typedef bool (*RsWithinFn) (RsZoneCache *zc, pg_tz *zone,
							const ResaleSummary *s, Datum within,
							bool *isnull);

/*
 * resold_within, exported_within and is_zero_mileage, with R + within
 * computed in zone (the session TimeZone when NULL)
 */
static Datum
rs_within_datum(FunctionCallInfo fcinfo, pg_tz *zone, RsWithinFn fn)
{
	ResaleSummary *s = PG_GETARG_RESALE_SUMMARY_P(0);
	bool		isnull;
	bool		r = fn(rs_zone_cache(fcinfo), zone, s, PG_GETARG_DATUM(1),
					   &isnull);

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_BOOL(r);
}

static Datum
rs_is_zero_mileage_datum(FunctionCallInfo fcinfo, pg_tz *zone)
{
	ResaleSummary *s = PG_GETARG_RESALE_SUMMARY_P(0);
	bool		isnull;
	bool		r = rs_is_zero_mileage(rs_zone_cache(fcinfo), zone, s,
									   PG_GETARG_DATUM(1), PG_GETARG_FLOAT8(2),
									   &isnull);

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_BOOL(r);
}

Datum
resale_resold_within(PG_FUNCTION_ARGS)
{
	return rs_within_datum(fcinfo, NULL, rs_resold_within);
}

Datum
resale_is_zero_mileage(PG_FUNCTION_ARGS)
{
	return rs_is_zero_mileage_datum(fcinfo, NULL);
}

/*
 * The zone named by a time_zone argument: a name PostgreSQL's time zone
 * database knows, as SET TimeZone takes it ('Asia/Shanghai', 'UTC',
 * 'Europe/Berlin').  Abbreviations ('CST') are refused: their meaning
 * depends on the timezone_abbreviations setting, and the functions taking
 * a zone are IMMUTABLE.  pg_tzset caches zones, so a look-up per call is a
 * hash probe.
 */
pg_tz *
rs_named_zone(const text *zone)
{
	char		name[TZ_STRLEN_MAX + 1];
	pg_tz	   *tz;

	if (VARSIZE_ANY_EXHDR(zone) > TZ_STRLEN_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time zone name is too long"),
				 errdetail("A time zone name has at most %d bytes.",
						   TZ_STRLEN_MAX)));
	text_to_cstring_buffer(zone, name, sizeof(name));
	tz = name[0] != '\0' ? pg_tzset(name) : NULL;
	if (tz == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time zone \"%s\" not recognized", name),
				 errhint("Give a name from pg_timezone_names, such as Asia/Shanghai or UTC; abbreviations are not accepted.")));
	return tz;
}

/* resold_within and is_zero_mileage with a time_zone argument */
Datum
resale_resold_within_zone(PG_FUNCTION_ARGS)
{
	return rs_within_datum(fcinfo, rs_named_zone(PG_GETARG_TEXT_PP(2)),
						   rs_resold_within);
}

Datum
resale_is_zero_mileage_zone(PG_FUNCTION_ARGS)
{
	return rs_is_zero_mileage_datum(fcinfo,
									rs_named_zone(PG_GETARG_TEXT_PP(3)));
}

/* ---------- exports (issue 20) ---------- */

Datum
resale_first_export_at(PG_FUNCTION_ARGS)
{
	ResaleSummary *s = PG_GETARG_RESALE_SUMMARY_P(0);
	TimestampTz at;

	if (!rs_first_export(s, &at))
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(at);
}

Datum
resale_exports_tracked(PG_FUNCTION_ARGS)
{
	ResaleSummary *s = PG_GETARG_RESALE_SUMMARY_P(0);

	PG_RETURN_BOOL((s->flags & RS_EXPORTS) != 0);
}

Datum
resale_exported_within(PG_FUNCTION_ARGS)
{
	return rs_within_datum(fcinfo, NULL, rs_exported_within);
}

Datum
resale_exported_within_zone(PG_FUNCTION_ARGS)
{
	return rs_within_datum(fcinfo, rs_named_zone(PG_GETARG_TEXT_PP(2)),
						   rs_exported_within);
}
