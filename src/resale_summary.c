/*-------------------------------------------------------------------------
 *
 * resale_summary.c
 *	  The resale_summary type: layout helpers, canonical form, validation
 *	  and text/binary I/O.  Invariants are in resale.h.
 *
 * Text form (canonical: equal summaries print identically):
 *
 *	registrations=N;registered_at=T;insured_at=T;after=N;first=EV;
 *	known=T/KM;before=[EV*N,EV*N,...]
 *
 * with ;registered_by="..." after registered_at when there is a registrant
 * (1.1.0), and when exports are known (1.2.0) ;first_export=T after known
 * and /export after the count of a before entry holding an export its
 * least event is not.
 * (one line, no spaces) where T is microseconds since 1970-01-01 00:00 UTC
 * (beyond int64 for times after 294247-01-10: up to 9224318015999999999)
 * or -infinity / infinity, KM a float8 in shortest exact form, EV is
 * T/KM/kind/"seller" with null for an unknown KM or seller, and
 * registered_at, insured_at, first and known are null when absent.
 *
 * Input reads numbers only in the grammar the output uses: integers
 * 0|-?[1-9][0-9]* (no minus sign on counts), readings
 * (0|[1-9][0-9]*)(.[0-9]+)?(e[+-]?[0-9]+)?.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "common/int.h"
#include "common/shortest_dec.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "compat.h"
#include "resale.h"
#include "zeromile.h"

const char *const rs_kind_labels[RS_NKINDS] = {
	"registration", "insurance", "transfer", "listing", "export"
};

StaticAssertDecl(sizeof(RsEvent) == 32, "RsEvent must stay padding-free");
StaticAssertDecl(sizeof(RsBefore) == 40, "RsBefore must stay padding-free");
StaticAssertDecl(sizeof(ResaleSummary) % MAXIMUM_ALIGNOF == 0,
				 "the before list must start aligned");

/* Difference between the Unix and PostgreSQL epochs, in microseconds */
#define RS_UNIX_OFFSET \
	((int64) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * USECS_PER_DAY)

PG_FUNCTION_INFO_V1(resale_summary_in);
PG_FUNCTION_INFO_V1(resale_summary_out);
PG_FUNCTION_INFO_V1(resale_summary_recv);
PG_FUNCTION_INFO_V1(resale_summary_send);

static int
rs_before_qsort_cmp(const void *a, const void *b, void *arg)
{
	const ResaleSummary *s = (const ResaleSummary *) arg;
	const RsEvent *ea = &((const RsBefore *) a)->ev;
	const RsEvent *eb = &((const RsBefore *) b)->ev;

	/* a before list of millions takes a while to sort */
	CHECK_FOR_INTERRUPTS();

	return rs_event_cmp(ea, RS_SELLER(s, ea), eb, RS_SELLER(s, eb));
}

/* rs_check_layout's report, out of line */
void
rs_corrupted(const ResaleSummary *s)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("corrupted resale_summary value"),
			 errdetail("Its length of %u bytes does not match the sizes it states.",
					   (unsigned int) VARSIZE(s))));
}

/*
 * A zeroed summary with room for cap_before entries and heap_cap bytes, and
 * with regby a registrant slot (the empty string at offset 0, for the
 * caller to set).
 */
ResaleSummary *
rs_alloc(int32 cap_before, uint32 heap_cap, bool regby)
{
	uint64		size;
	ResaleSummary *s;

	if (cap_before > RS_MAX_BEFORE)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("resale_summary would exceed the maximum size"),
				 errdetail("A summary may hold at most %d resale events dated before its registration.",
						   RS_MAX_BEFORE)));
	if (heap_cap > RS_MAX_HEAP)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("resale_summary would exceed the maximum size"),
				 errdetail("The sellers kept in a summary may take at most %u bytes.",
						   RS_MAX_HEAP)));
	size = RS_HEADER_SIZE + (uint64) cap_before * sizeof(RsBefore) + heap_cap +
		(regby ? sizeof(RsRegBy) : 0);
	/* both parts at their maximum would just overshoot a varlena's 1 GB */
	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("resale_summary would exceed the maximum size"),
				 errdetail("A summary may take at most %zu bytes.",
						   (size_t) MaxAllocSize)));
	s = (ResaleSummary *) palloc0(size);
	SET_VARSIZE(s, size);
	s->cap_before = cap_before;
	s->heap_cap = heap_cap;
	if (regby)
	{
		s->flags = RS_HAS_REGBY;
		rs_put_regby(s, 0, 0);
	}
	return s;
}

/*
 * s no longer knows its exports (I7: merged with a summary that does not),
 * in place
 */
void
rs_untrack_exports(ResaleSummary *s)
{
	int32		i;

	if (!(s->flags & RS_EXPORTS))
		return;
	s->flags &= ~(RS_EXPORTS | RS_HAS_EXPORT | RS_EXPORT_HIGH_MASK);
	memset(s->first.aux, 0, sizeof(s->first.aux));
	for (i = 0; i < s->n_before; i++)
		RS_BEFORE(s)[i].ev.aux[RS_AUX_HAS_EXPORT] = 0;
}

/* Copy one event's seller into dst's heap (space reserved by the caller) */
static void
rs_copy_seller(ResaleSummary *dst, RsEvent *de,
			   const ResaleSummary *src, const RsEvent *se)
{
	if (se->seller_len < 0)
	{
		de->seller_off = 0;
		return;
	}
	Assert(dst->heap_used + se->seller_len <= dst->heap_cap);
	memcpy(RS_HEAP(dst) + dst->heap_used, RS_SELLER(src, se), se->seller_len);
	de->seller_off = dst->heap_used;
	dst->heap_used += se->seller_len;
}

/*
 * A new copy of s, garbage-free, its before list sorted and merged to one
 * entry per timestamp (I5), with room for extra_before more entries and
 * extra_heap more heap bytes: the canonical form when both are 0.  With
 * grow, the room asked for is raised to the live size of that part, so
 * that repeated growth costs amortised O(1) per byte and the size stays
 * within twice the live data (garbage is never carried over).  The
 * registrant, if any, comes first in the heap; with regby the copy has a
 * registrant slot even when s has none (the empty string, for the caller to
 * set).
 */
ResaleSummary *
rs_repack(const ResaleSummary *s, int32 extra_before, uint32 extra_heap,
		  bool grow, bool regby)
{
	RsBefore   *work = NULL;
	const RsBefore *src = RS_BEFORE(s);
	int32		n = s->n_before;
	uint64		live = 0;
	RsRegBy		rb = rs_regby(s);
	ResaleSummary *d;
	int32		i;

	if (n > 1)
	{
		int32		out = 0;

		work = palloc(sizeof(RsBefore) * n);
		memcpy(work, src, sizeof(RsBefore) * n);
		qsort_arg(work, n, sizeof(RsBefore), rs_before_qsort_cmp, (void *) s);
		/* the first of each run of equal timestamps is its least row */
		for (i = 1; i < n; i++)
		{
			CHECK_FOR_INTERRUPTS();
			if (work[i].ev.at == work[out].ev.at)
			{
				work[out].count += work[i].count;	/* <= before_total */
				work[out].ev.aux[RS_AUX_HAS_EXPORT] |= work[i].ev.aux[RS_AUX_HAS_EXPORT];
			}
			else
				work[++out] = work[i];
		}
		n = out + 1;
		src = work;
	}

	if (rb.len > 0)
		live += rb.len;
	if ((s->flags & RS_HAS_FIRST) && s->first.seller_len > 0)
		live += s->first.seller_len;
	for (i = 0; i < n; i++)
		if (src[i].ev.seller_len > 0)
			live += src[i].ev.seller_len;

	if (grow && extra_before > 0)
		extra_before = Max(extra_before, Min(n, RS_MAX_BEFORE - n));
	if (grow && extra_heap > 0 && live < MaxAllocSize / 4)
		extra_heap = Max(extra_heap, (uint32) live);
	/* rs_alloc reports the limit reached */
	if ((uint64) n + extra_before > (uint64) RS_MAX_BEFORE)
		(void) rs_alloc(RS_MAX_BEFORE + 1, 0, false);
	if (live + extra_heap > (uint64) RS_MAX_HEAP)
		(void) rs_alloc(0, RS_MAX_HEAP + 1, false);

	regby = regby || rb.len >= 0;
	d = rs_alloc(n + extra_before, (uint32) (live + extra_heap), regby);
	/* with the first export's high bits (the low ones are in first) */
	d->flags = (s->flags & ~RS_HAS_REGBY) | (regby ? RS_HAS_REGBY : 0);
	if (rb.len > 0)
	{
		memcpy(RS_HEAP(d), RS_HEAP(s) + rb.off, rb.len);
		d->heap_used = rb.len;
	}
	if (rb.len >= 0)
		rs_put_regby(d, 0, rb.len);
	d->registrations = s->registrations;
	d->registered_at = s->registered_at;
	d->insured_at = s->insured_at;
	d->after = s->after;
	d->before_total = s->before_total;
	d->known_at = s->known_at;
	d->known_km = s->known_km;
	if (s->flags & RS_HAS_FIRST)
	{
		d->first = s->first;
		rs_copy_seller(d, &d->first, s, &s->first);
	}
	d->n_before = n;
	for (i = 0; i < n; i++)
	{
		RsBefore   *de = &RS_BEFORE(d)[i];

		CHECK_FOR_INTERRUPTS();
		*de = src[i];
		rs_copy_seller(d, &de->ev, s, &src[i].ev);
	}
	if (work)
		pfree(work);
	return d;
}

ResaleSummary *
rs_normalize(const ResaleSummary *s)
{
	return rs_repack(s, 0, 0, false, false);
}

/* Is s already exact-size, garbage-free, sorted and merged? */
bool
rs_is_canonical(const ResaleSummary *s)
{
	uint32		off = 0;
	int32		i;

	if (s->cap_before != s->n_before || s->heap_used != s->heap_cap)
		return false;
	if (s->flags & RS_HAS_REGBY)
	{
		RsRegBy		rb = rs_regby(s);

		if (rb.off != 0)
			return false;
		off = rb.len;
	}
	if ((s->flags & RS_HAS_FIRST) && s->first.seller_len >= 0)
	{
		if (s->first.seller_off != off)
			return false;
		off += s->first.seller_len;
	}
	for (i = 0; i < s->n_before; i++)
	{
		const RsEvent *e = &RS_BEFORE(s)[i].ev;

		CHECK_FOR_INTERRUPTS();
		if (i > 0 && RS_BEFORE(s)[i - 1].ev.at >= e->at)
			return false;
		if (e->seller_len >= 0)
		{
			if (e->seller_off != off)
				return false;
			off += e->seller_len;
		}
	}
	return off == s->heap_used;
}

/* ---------- validation ---------- */

/*
 * Bad input, however well-formed, is reported as invalid text or binary
 * representation (not as a constraint violation: nothing was stored yet).
 */
#define rs_inconsistent(detail) \
	ereport(ERROR, \
			(errcode(binary ? ERRCODE_INVALID_BINARY_REPRESENTATION : \
					 ERRCODE_INVALID_TEXT_REPRESENTATION), \
			 errmsg("inconsistent resale_summary"), \
			 errdetail(detail)))

/*
 * Check the invariants of resale.h that the input functions' syntax does
 * not already guarantee (kinds, finite readings, offsets in range, flag
 * bits) on a freshly parsed canonical summary, and set before_total.
 * binary: s came from the binary (not the text) input function.
 */
void
rs_validate(ResaleSummary *s, bool binary)
{
	int64		total = 0;
	int32		i;

	if (s->registrations < 0 || s->after < 0)
		rs_inconsistent("A count is negative.");
	if ((s->registrations > 0) != ((s->flags & RS_HAS_REG) != 0))
		rs_inconsistent("Field registered_at must be present exactly when registrations is positive.");
	if ((s->after > 0) != ((s->flags & RS_HAS_FIRST) != 0))
		rs_inconsistent("Field first must be present exactly when after is positive.");
	if (!(s->flags & RS_HAS_REG) && s->after != 0)
		rs_inconsistent("Without a registration every resale event belongs to the before list, so after must be 0.");
	if ((s->flags & RS_HAS_KNOWN) && !(s->flags & RS_HAS_FIRST))
		rs_inconsistent("Field known is present but first is not.");
	if ((s->flags & RS_HAS_REGBY) && !(s->flags & RS_HAS_REG))
		rs_inconsistent("Field registered_by is present but registered_at is not.");
	if (s->flags & RS_HAS_EXPORT)
	{
		TimestampTz x = rs_export_at(s);

		if (!(s->flags & RS_HAS_FIRST))
			rs_inconsistent("Field first_export is present but first is not.");
		if (x < s->first.at)
			rs_inconsistent("Field first_export is dated before first.");
		if (s->after == 1 && s->first.kind != RS_EXPORT)
			rs_inconsistent("Field first_export is present, but the only event of the after part is not an export.");
		if (s->first.kind == RS_EXPORT && x != s->first.at)
			rs_inconsistent("Field first is an export, so first_export must equal its time.");
	}
	else if ((s->flags & RS_EXPORTS) && (s->flags & RS_HAS_FIRST) &&
			 s->first.kind == RS_EXPORT)
		rs_inconsistent("Field first is an export, so first_export must not be null.");

	if (s->flags & RS_HAS_FIRST)
	{
		if (s->first.at < s->registered_at)
			rs_inconsistent("Field first is dated before registered_at.");
		if (s->first.has_odometer)
		{
			if (!(s->flags & RS_HAS_KNOWN) ||
				s->known_at != s->first.at || s->known_km != s->first.odometer)
				rs_inconsistent("Field first has an odometer reading, so known must equal its time and reading.");
		}
		else if (s->flags & RS_HAS_KNOWN)
		{
			if (s->known_at <= s->first.at)
				rs_inconsistent("Field first has no odometer reading, so known must be dated after it.");
			if (s->after < 2)
				rs_inconsistent("Fields known and first are different events, so after must be at least 2.");
		}
	}

	for (i = 0; i < s->n_before; i++)
	{
		const RsBefore *e = &RS_BEFORE(s)[i];

		CHECK_FOR_INTERRUPTS();
		if (e->count < 1)
			rs_inconsistent("A before entry has a count below 1.");
		if (e->ev.kind == RS_EXPORT && e->ev.aux[RS_AUX_HAS_EXPORT] != ((s->flags & RS_EXPORTS) != 0))
			rs_inconsistent("A before entry whose least event is an export must be marked as one.");
		if (e->ev.aux[RS_AUX_HAS_EXPORT] && !(s->flags & RS_EXPORTS))
			rs_inconsistent("A before entry is marked /export, but the summary has no first_export field.");
		if (e->ev.aux[RS_AUX_HAS_EXPORT] && e->count < 2 && e->ev.kind != RS_EXPORT)
			rs_inconsistent("A before entry is marked /export, but its only event is not an export.");
		if (i > 0 && RS_BEFORE(s)[i - 1].ev.at >= e->ev.at)
			rs_inconsistent("The before list must be in strictly increasing time order.");
		if ((s->flags & RS_HAS_REG) && e->ev.at >= s->registered_at)
			rs_inconsistent("A before entry is not dated before registered_at.");
		if (pg_add_s64_overflow(total, e->count, &total))
			rs_inconsistent("The before counts overflow.");
	}
	s->before_total = total;
	/* I8: every merge's intermediate counts stay within the final's */
	if (pg_add_s64_overflow(total, s->after, &total))
		rs_inconsistent("The resale events (after and the before counts) exceed the range of bigint.");
	if (s->registrations == 0 && !(s->flags & RS_HAS_INS) && s->n_before == 0)
		rs_inconsistent("The summary is empty; an aggregate over no usable rows yields NULL instead.");
}

/* ---------- text I/O ---------- */

static void
rs_append_ts(StringInfo buf, TimestampTz t)
{
	if (TIMESTAMP_IS_NOBEGIN(t))
		appendStringInfoString(buf, "-infinity");
	else if (TIMESTAMP_IS_NOEND(t))
		appendStringInfoString(buf, "infinity");
	else if (t > PG_INT64_MAX - RS_UNIX_OFFSET)
	{
		/* late in timestamptz's range: beyond int64 as Unix microseconds */
		appendStringInfo(buf, UINT64_FORMAT, (uint64) t + RS_UNIX_OFFSET);
	}
	else
		appendStringInfo(buf, INT64_FORMAT, t + RS_UNIX_OFFSET);
}

static void
rs_append_km(StringInfo buf, float8 km)
{
	char		tmp[DOUBLE_SHORTEST_DECIMAL_LEN];

	double_to_shortest_decimal_buf(km, tmp);
	appendStringInfoString(buf, tmp);
}

/* A seller or registrant: quoted, with " and \ escaped by \ */
static void
rs_append_quoted(StringInfo buf, const char *p, int32 len)
{
	int32		i;

	appendStringInfoChar(buf, '"');
	for (i = 0; i < len; i++)
	{
		if (p[i] == '"' || p[i] == '\\')
			appendStringInfoChar(buf, '\\');
		appendStringInfoChar(buf, p[i]);
	}
	appendStringInfoChar(buf, '"');
}

static void
rs_append_event(StringInfo buf, const ResaleSummary *s, const RsEvent *e)
{
	rs_append_ts(buf, e->at);
	appendStringInfoChar(buf, '/');
	if (e->has_odometer)
		rs_append_km(buf, e->odometer);
	else
		appendStringInfoString(buf, "null");
	appendStringInfo(buf, "/%s/", rs_kind_labels[e->kind]);
	if (e->seller_len < 0)
		appendStringInfoString(buf, "null");
	else
		rs_append_quoted(buf, RS_SELLER(s, e), e->seller_len);
}

Datum
resale_summary_out(PG_FUNCTION_ARGS)
{
	ResaleSummary *s = PG_GETARG_RESALE_SUMMARY_P(0);
	StringInfoData buf;
	int32		i;

	if (!rs_is_canonical(s))
		s = rs_normalize(s);
	initStringInfo(&buf);
	appendStringInfo(&buf, "registrations=" INT64_FORMAT ";registered_at=",
					 s->registrations);
	if (s->flags & RS_HAS_REG)
		rs_append_ts(&buf, s->registered_at);
	else
		appendStringInfoString(&buf, "null");
	/* optional (1.1.0): absent when NULL, so 1.0.0's text is unchanged */
	if (s->flags & RS_HAS_REGBY)
	{
		RsRegBy		rb = rs_regby(s);

		appendStringInfoString(&buf, ";registered_by=");
		rs_append_quoted(&buf, RS_HEAP(s) + rb.off, rb.len);
	}
	appendStringInfoString(&buf, ";insured_at=");
	if (s->flags & RS_HAS_INS)
		rs_append_ts(&buf, s->insured_at);
	else
		appendStringInfoString(&buf, "null");
	appendStringInfo(&buf, ";after=" INT64_FORMAT ";first=", s->after);
	if (s->flags & RS_HAS_FIRST)
		rs_append_event(&buf, s, &s->first);
	else
		appendStringInfoString(&buf, "null");
	appendStringInfoString(&buf, ";known=");
	if (s->flags & RS_HAS_KNOWN)
	{
		rs_append_ts(&buf, s->known_at);
		appendStringInfoChar(&buf, '/');
		rs_append_km(&buf, s->known_km);
	}
	else
		appendStringInfoString(&buf, "null");
	/* optional (1.2.0): absent when exports are unknown (I7) */
	if (s->flags & RS_EXPORTS)
	{
		appendStringInfoString(&buf, ";first_export=");
		if (s->flags & RS_HAS_EXPORT)
			rs_append_ts(&buf, rs_export_at(s));
		else
			appendStringInfoString(&buf, "null");
	}
	appendStringInfoString(&buf, ";before=[");
	for (i = 0; i < s->n_before; i++)
	{
		const RsBefore *e = &RS_BEFORE(s)[i];

		CHECK_FOR_INTERRUPTS();
		if (i > 0)
			appendStringInfoChar(&buf, ',');
		rs_append_event(&buf, s, &e->ev);
		appendStringInfo(&buf, "*" INT64_FORMAT, e->count);
		/* an export entry is one already */
		if (e->ev.aux[RS_AUX_HAS_EXPORT] && e->ev.kind != RS_EXPORT)
			appendStringInfoString(&buf, "/export");
	}
	appendStringInfoChar(&buf, ']');
	PG_RETURN_CSTRING(buf.data);
}

/* Text parser state; errors name the input and the 1-based position */
typedef struct RsParser
{
	const char *input;
	const char *p;
} RsParser;

pg_noreturn
static void
rs_syntax(RsParser *ps, const char *expected)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type resale_summary: \"%s\"",
					zm_quote_clipped(ps->input, strlen(ps->input), ZM_MAX_QUOTED)),
			 errdetail("Expected %s at position %d.", expected,
					   (int) (ps->p - ps->input) + 1)));
}

static bool
rs_accept(RsParser *ps, const char *lit)
{
	size_t		len = strlen(lit);

	if (strncmp(ps->p, lit, len) == 0)
	{
		ps->p += len;
		return true;
	}
	return false;
}

static void
rs_expect(RsParser *ps, const char *lit)
{
	if (!rs_accept(ps, lit))
		rs_syntax(ps, psprintf("\"%s\"", lit));
}

/*
 * Numbers.  Only the grammar the output produces is read (see the header
 * comment and doc/resale.md): a number is a run of the characters below,
 * which never occur right after one in valid input, and a run that starts
 * like a number but is not in that grammar (leading zeros, hexadecimal,
 * "-0", trailing letters ...) is rejected as a whole.
 */
#define RS_DIGIT(c)		((c) >= '0' && (c) <= '9')
#define RS_NUMBER_CHAR(c) \
	(RS_DIGIT(c) || ((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') || \
	 (c) == '.' || (c) == '+' || (c) == '-' || (c) == '_')

static int
rs_digits(const char *p)
{
	int			n = 0;

	while (RS_DIGIT(p[n]))
		n++;
	return n;
}

/* The number at ps->p (len bytes) is not written as rule says */
pg_noreturn
static void
rs_noncanonical(RsParser *ps, int len, const char *rule)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type resale_summary: \"%s\"",
					zm_quote_clipped(ps->input, strlen(ps->input), ZM_MAX_QUOTED)),
			 errdetail("Expected %s at position %d, found \"%s\".", rule,
					   (int) (ps->p - ps->input) + 1,
					   zm_quote_clipped(ps->p, len, ZM_MAX_QUOTED))));
}

/* A number at start (len bytes) beyond what its field can hold */
pg_noreturn
static void
rs_out_of_range(RsParser *ps, const char *start, int len)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("value \"%s\" is out of range in resale_summary",
					zm_quote_clipped(start, len, ZM_MAX_QUOTED)),
			 errdetail("The value at position %d does not fit in 64 bits.",
					   (int) (start - ps->input) + 1)));
}

/*
 * Decimal integer: 0|[1-9][0-9]*, with an optional minus sign (not on 0)
 * when allow_negative; what names it in errors.  Returned as its sign and
 * magnitude: the magnitude may exceed int64 (a timestamp late in
 * timestamptz's range is more than 2^63 microseconds after 1970); the
 * callers check its range.
 */
static uint64
rs_parse_magnitude(RsParser *ps, bool allow_negative, const char *what,
				   bool *negative)
{
	const char *start = ps->p;
	const char *d = start;
	int			len = 0;
	int			nd;
	bool		overflow = false;
	uint64		v = 0;

	while (RS_NUMBER_CHAR(start[len]))
		len++;
	if (allow_negative && *d == '-')
		d++;
	if (!RS_DIGIT(*d))
		rs_syntax(ps, what);
	nd = rs_digits(d);
	if ((*d == '0' && (nd > 1 || d != start)) || d + nd != start + len)
		rs_noncanonical(ps, len, allow_negative ?
						"a timestamp (decimal digits with an optional minus sign, no leading zeros, no -0)" :
						"a count (decimal digits, no sign, no leading zeros)");
	for (ps->p = d; RS_DIGIT(*ps->p); ps->p++)
		overflow |= pg_mul_u64_overflow(v, 10, &v) ||
			pg_add_u64_overflow(v, *ps->p - '0', &v);
	if (overflow)
		rs_out_of_range(ps, start, len);
	*negative = (d != start);
	return v;
}

static int64
rs_parse_int(RsParser *ps, bool allow_negative, const char *what)
{
	const char *start = ps->p;
	bool		negative;
	uint64		v = rs_parse_magnitude(ps, allow_negative, what, &negative);

	if (v > (negative ? (uint64) PG_INT64_MAX + 1 : (uint64) PG_INT64_MAX))
		rs_out_of_range(ps, start, (int) (ps->p - start));
	/* -(2^63) computed without overflow */
	return negative ? (int64) (0 - v) : (int64) v;
}

/*
 * Unix microseconds (or an infinity) to a valid TimestampTz.  Late in
 * timestamptz's range they exceed int64: they are read as a magnitude.
 */
static TimestampTz
rs_parse_ts(RsParser *ps)
{
	const char *start = ps->p;
	bool		negative;
	uint64		us;
	TimestampTz t = 0;
	bool		ok;

	if (rs_accept(ps, "-infinity"))
		return DT_NOBEGIN;
	if (rs_accept(ps, "infinity"))
		return DT_NOEND;
	us = rs_parse_magnitude(ps, true,
							"a timestamp (microseconds since 1970-01-01 UTC)",
							&negative);
	/* t = (+-us) - RS_UNIX_OFFSET, within int64 */
	if (negative && us > (uint64) PG_INT64_MAX + 1)
		rs_out_of_range(ps, start, (int) (ps->p - start));
	if (negative)
		ok = !pg_sub_s64_overflow((int64) (0 - us), RS_UNIX_OFFSET, &t);
	else if (us >= (uint64) RS_UNIX_OFFSET)
	{
		ok = us - RS_UNIX_OFFSET <= (uint64) PG_INT64_MAX;
		t = (int64) (us - RS_UNIX_OFFSET);
	}
	else
	{
		ok = true;
		t = -(int64) ((uint64) RS_UNIX_OFFSET - us);
	}
	if (!ok || !IS_VALID_TIMESTAMP(t))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range in resale_summary: %s",
						zm_quote_clipped(start, (int) (ps->p - start), ZM_MAX_QUOTED)),
				 errdetail("The timestamp at position %d is outside the range of timestamp with time zone.",
						   (int) (start - ps->input) + 1)));
	return t;
}

static float8
rs_parse_km(RsParser *ps)
{
	const char *start = ps->p;
	const char *q = start;
	int			len = 0;
	int			nd;
	char	   *end;
	float8		v;

	while (RS_NUMBER_CHAR(start[len]))
		len++;
	if (!RS_DIGIT(*q))
		rs_syntax(ps, "an odometer reading (a non-negative number) or null");
	nd = rs_digits(q);
	if (*q == '0' && nd > 1)
		q = NULL;				/* leading zero */
	else
	{
		q += nd;
		if (*q == '.')
		{
			nd = rs_digits(q + 1);
			q = nd > 0 ? q + 1 + nd : NULL;
		}
		if (q != NULL && *q == 'e')
		{
			q++;
			if (*q == '+' || *q == '-')
				q++;
			nd = rs_digits(q);
			q = nd > 0 ? q + nd : NULL;
		}
	}
	if (q != start + len)
		rs_noncanonical(ps, len,
						"an odometer reading (decimal digits with no leading zeros, an optional fraction and an optional exponent, such as 12.5 or 1e-300)");
	errno = 0;
	v = strtod(start, &end);
	Assert(end == start + len);
	ps->p = start + len;
	/* like float8in: a reading that rounds to infinity or to 0 is an error */
	if (!isfinite(v) || (errno == ERANGE && v == 0))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("odometer reading out of range in resale_summary: \"%s\"",
						zm_quote_clipped(start, len, ZM_MAX_QUOTED)),
				 errdetail("Odometer readings must be finite, and a non-zero reading must not round to 0.")));
	return v;
}

/*
 * A quoted seller or registrant, appended to sellers; returns its length.
 * The input function's string is in the database encoding already; the
 * check is for the bytes the escapes let through unchanged.
 */
static int32
rs_parse_quoted(RsParser *ps, StringInfo sellers)
{
	int			start = sellers->len;

	rs_expect(ps, "\"");
	for (;;)
	{
		if (*ps->p == '\0')
			rs_syntax(ps, "a closing quote");
		if (*ps->p == '"')
			break;
		if (*ps->p == '\\')
		{
			ps->p++;
			if (*ps->p != '"' && *ps->p != '\\')
				rs_syntax(ps, "\\\" or \\\\ after a backslash");
		}
		appendStringInfoChar(sellers, *ps->p);
		ps->p++;
	}
	ps->p++;
	if ((uint64) sellers->len > RS_MAX_HEAP)
		(void) rs_alloc(0, RS_MAX_HEAP + 1, false); /* reports it */
	(void) pg_verify_mbstr(GetDatabaseEncoding(), sellers->data + start,
						   sellers->len - start, false);
	return sellers->len - start;
}

/*
 * Parse EV into e; a seller is collected into sellers (the heap is built
 * afterwards, so offsets here are into that buffer).
 */
static void
rs_parse_event(RsParser *ps, RsEvent *e, StringInfo sellers)
{
	int			k;

	memset(e, 0, sizeof(RsEvent));
	e->at = rs_parse_ts(ps);
	rs_expect(ps, "/");
	if (!rs_accept(ps, "null"))
	{
		e->has_odometer = 1;
		e->odometer = rs_parse_km(ps);
	}
	rs_expect(ps, "/");
	for (k = RS_TRANSFER; k <= RS_EXPORT; k++)
		if (rs_accept(ps, rs_kind_labels[k]))
			break;
	if (k > RS_EXPORT)
		rs_syntax(ps, "a resale kind (transfer, listing or export)");
	e->kind = (uint8) k;
	rs_expect(ps, "/");
	if (rs_accept(ps, "null"))
		e->seller_len = -1;
	else
	{
		e->seller_off = sellers->len;
		e->seller_len = rs_parse_quoted(ps, sellers);
	}
}

/*
 * Build the canonical varlena from parsed parts (offsets into sellers; the
 * registrant, with RS_HAS_REGBY in hdr's flags, regby_len bytes at offset 0;
 * the first export, with RS_HAS_EXPORT, export_at)
 */
static ResaleSummary *
rs_build(const ResaleSummary *hdr, int32 regby_len, TimestampTz export_at,
		 const RsBefore *before, int32 n, StringInfo sellers)
{
	ResaleSummary *s = rs_alloc(n, sellers->len,
								(hdr->flags & RS_HAS_REGBY) != 0);

	memcpy((char *) s + sizeof(int32), (const char *) hdr + sizeof(int32),
		   offsetof(ResaleSummary, n_before) - sizeof(int32));
	if (hdr->flags & RS_HAS_EXPORT)
		rs_put_export(s, export_at);
	s->n_before = n;
	if (n > 0)
		memcpy(RS_BEFORE(s), before, sizeof(RsBefore) * n);
	memcpy(RS_HEAP(s), sellers->data, sellers->len);
	s->heap_used = sellers->len;
	if (hdr->flags & RS_HAS_REGBY)
		rs_put_regby(s, 0, regby_len);
	return s;
}

Datum
resale_summary_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	RsParser	ps = {str, str};
	ResaleSummary hdr;
	RsBefore   *before = NULL;
	int32		n = 0,
				cap = 0;
	StringInfoData sellers;
	int32		regby_len = -1;
	TimestampTz export_at = 0;
	ResaleSummary *s;

	memset(&hdr, 0, sizeof(hdr));
	initStringInfo(&sellers);

	rs_expect(&ps, "registrations=");
	hdr.registrations = rs_parse_int(&ps, false, "a count");
	rs_expect(&ps, ";registered_at=");
	if (!rs_accept(&ps, "null"))
	{
		hdr.flags |= RS_HAS_REG;
		hdr.registered_at = rs_parse_ts(&ps);
	}
	/* optional (1.1.0): 1.0.0's text has no registrant, which reads as NULL */
	if (rs_accept(&ps, ";registered_by="))
	{
		hdr.flags |= RS_HAS_REGBY;
		regby_len = rs_parse_quoted(&ps, &sellers);
	}
	rs_expect(&ps, ";insured_at=");
	if (!rs_accept(&ps, "null"))
	{
		hdr.flags |= RS_HAS_INS;
		hdr.insured_at = rs_parse_ts(&ps);
	}
	rs_expect(&ps, ";after=");
	hdr.after = rs_parse_int(&ps, false, "a count");
	rs_expect(&ps, ";first=");
	if (!rs_accept(&ps, "null"))
	{
		hdr.flags |= RS_HAS_FIRST;
		rs_parse_event(&ps, &hdr.first, &sellers);
	}
	rs_expect(&ps, ";known=");
	if (!rs_accept(&ps, "null"))
	{
		hdr.flags |= RS_HAS_KNOWN;
		hdr.known_at = rs_parse_ts(&ps);
		rs_expect(&ps, "/");
		hdr.known_km = rs_parse_km(&ps);
	}
	/* optional (1.2.0): without it, as in 1.1.0's text, exports are unknown */
	if (rs_accept(&ps, ";first_export="))
	{
		hdr.flags |= RS_EXPORTS;
		if (!rs_accept(&ps, "null"))
		{
			hdr.flags |= RS_HAS_EXPORT;
			export_at = rs_parse_ts(&ps);
		}
	}
	rs_expect(&ps, ";before=[");
	if (!rs_accept(&ps, "]"))
	{
		for (;;)
		{
			RsBefore   *e;

			if (n == cap)
			{
				/* as long as every other path accepts: up to RS_MAX_BEFORE */
				if (n == RS_MAX_BEFORE)
					(void) rs_alloc(RS_MAX_BEFORE + 1, 0, false);	/* reports it */
				cap = cap ? Min(cap * 2, RS_MAX_BEFORE) : 4;
				before = before ? repalloc(before, sizeof(RsBefore) * cap)
					: palloc(sizeof(RsBefore) * cap);
			}
			CHECK_FOR_INTERRUPTS();
			e = &before[n++];
			rs_parse_event(&ps, &e->ev, &sellers);
			rs_expect(&ps, "*");
			e->count = rs_parse_int(&ps, false, "a count");
			if (e->ev.kind == RS_EXPORT)
				e->ev.aux[RS_AUX_HAS_EXPORT] = (hdr.flags & RS_EXPORTS) != 0;
			else if (rs_accept(&ps, "/export"))
				e->ev.aux[RS_AUX_HAS_EXPORT] = 1;
			if (rs_accept(&ps, "]"))
				break;
			rs_expect(&ps, ",");
		}
	}
	if (*ps.p != '\0')
		rs_syntax(&ps, "the end of input");

	s = rs_build(&hdr, regby_len, export_at, before, n, &sellers);
	rs_validate(s, false);
	PG_RETURN_RESALE_SUMMARY_P(s);
}

/* ---------- binary I/O ---------- */

static void
rs_send_event(StringInfo buf, const ResaleSummary *s, const RsEvent *e)
{
	pq_sendint64(buf, e->at);
	pq_sendbyte(buf, e->kind);
	pq_sendbyte(buf, e->has_odometer);
	if (e->has_odometer)
		pq_sendfloat8(buf, e->odometer);
	pq_sendint32(buf, e->seller_len);
	if (e->seller_len > 0)
		pq_sendbytes(buf, RS_SELLER(s, e), e->seller_len);
}

/*
 * Binary form, version 1 (exports unknown) or 2 (RS_EXPORTS, from 1.2.0):
 * byte version, byte flags, int8 registrations,
 * [int8 registered_at], [int4 length and bytes of registered_by: flag
 * 0x10, from 1.1.0, absent when NULL so that 1.0.0's form is unchanged],
 * [int8 insured_at], int8 after, [first event],
 * [int8 known_at, float8 known_km], [version 2 with flag 0x40: int8
 * first_export], int4 n_before, n_before x (event, int8 count, [version
 * 2: byte has_export]).  An event is int8 at, byte kind (enum position), byte
 * has_odometer, [float8 odometer], int4 seller length (-1 for NULL),
 * seller bytes.  Timestamps are PostgreSQL's internal microseconds.
 */
Datum
resale_summary_send(PG_FUNCTION_ARGS)
{
	ResaleSummary *s = PG_GETARG_RESALE_SUMMARY_P(0);
	StringInfoData buf;
	int32		i;

	if (!rs_is_canonical(s))
		s = rs_normalize(s);
	pq_begintypsend(&buf);
	/* version 1 when exports are unknown: 1.1.0's values are sent as it did */
	pq_sendbyte(&buf, (s->flags & RS_EXPORTS) ? 2 : 1);
	pq_sendbyte(&buf, (uint8) (s->flags & RS_ALL_FLAGS));
	pq_sendint64(&buf, s->registrations);
	if (s->flags & RS_HAS_REG)
		pq_sendint64(&buf, s->registered_at);
	if (s->flags & RS_HAS_REGBY)
	{
		RsRegBy		rb = rs_regby(s);

		pq_sendint32(&buf, rb.len);
		pq_sendbytes(&buf, RS_HEAP(s) + rb.off, rb.len);
	}
	if (s->flags & RS_HAS_INS)
		pq_sendint64(&buf, s->insured_at);
	pq_sendint64(&buf, s->after);
	if (s->flags & RS_HAS_FIRST)
		rs_send_event(&buf, s, &s->first);
	if (s->flags & RS_HAS_KNOWN)
	{
		pq_sendint64(&buf, s->known_at);
		pq_sendfloat8(&buf, s->known_km);
	}
	if (s->flags & RS_HAS_EXPORT)
		pq_sendint64(&buf, rs_export_at(s));
	pq_sendint32(&buf, s->n_before);
	for (i = 0; i < s->n_before; i++)
	{
		CHECK_FOR_INTERRUPTS();
		rs_send_event(&buf, s, &RS_BEFORE(s)[i].ev);
		pq_sendint64(&buf, RS_BEFORE(s)[i].count);
		if (s->flags & RS_EXPORTS)
			pq_sendbyte(&buf, RS_BEFORE(s)[i].ev.aux[RS_AUX_HAS_EXPORT]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

#define rs_bad_binary(detail) \
	ereport(ERROR, \
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION), \
			 errmsg("invalid binary resale_summary"), \
			 errdetail(detail)))

static void
rs_need(StringInfo buf, int n)
{
	if (n < 0 || buf->len - buf->cursor < n)
		rs_bad_binary("The message ends early.");
}

static int64
rs_get_int64(StringInfo buf)
{
	rs_need(buf, 8);
	return pq_getmsgint64(buf);
}

static TimestampTz
rs_get_ts(StringInfo buf)
{
	TimestampTz t = rs_get_int64(buf);

	if (!IS_VALID_TIMESTAMP(t) && !TIMESTAMP_NOT_FINITE(t))
		rs_bad_binary("A timestamp is outside the range of timestamp with time zone.");
	return t;
}

static float8
rs_get_float8(StringInfo buf)
{
	rs_need(buf, 8);
	return pq_getmsgfloat8(buf);
}

/*
 * A seller or registrant of len bytes, appended to sellers after its checks
 * (no zero byte, valid in the database encoding, within the limit)
 */
static void
rs_recv_string(StringInfo buf, int32 len, StringInfo sellers)
{
	const char *p;

	rs_need(buf, len);
	if ((uint64) sellers->len + len > MaxAllocSize / 2)
		rs_bad_binary("The sellers are too long.");
	p = pq_getmsgbytes(buf, len);
	if (memchr(p, '\0', len) != NULL)
		rs_bad_binary("A seller contains a zero byte.");
	(void) pg_verify_mbstr(GetDatabaseEncoding(), p, len, false);
	appendBinaryStringInfo(sellers, p, len);
}

static void
rs_recv_event(StringInfo buf, RsEvent *e, StringInfo sellers)
{
	int			has;

	memset(e, 0, sizeof(RsEvent));
	e->at = rs_get_ts(buf);
	rs_need(buf, 2);
	e->kind = (uint8) pq_getmsgbyte(buf);
	if (!RS_IS_RESALE(e->kind))
		rs_bad_binary("An event kind is not a resale kind (2, 3 or 4).");
	has = pq_getmsgbyte(buf);
	if (has != 0 && has != 1)
		rs_bad_binary("An odometer presence byte is neither 0 nor 1.");
	e->has_odometer = (uint8) has;
	if (has)
	{
		e->odometer = rs_get_float8(buf);
		if (!(isfinite(e->odometer) && e->odometer >= 0))
			rs_bad_binary("An odometer reading is negative or not finite.");
		if (e->odometer == 0)
			e->odometer = 0;	/* one zero: no -0 */
	}
	rs_need(buf, 4);
	e->seller_len = (int32) pq_getmsgint(buf, 4);
	if (e->seller_len < -1)
		rs_bad_binary("A seller length is negative.");
	if (e->seller_len >= 0)
	{
		e->seller_off = sellers->len;
		rs_recv_string(buf, e->seller_len, sellers);
	}
}

Datum
resale_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	ResaleSummary hdr;
	RsBefore   *before = NULL;
	int32		n,
				i;
	int32		regby_len = -1;
	TimestampTz export_at = 0;
	int			version;
	StringInfoData sellers;
	ResaleSummary *s;

	memset(&hdr, 0, sizeof(hdr));
	initStringInfo(&sellers);

	rs_need(buf, 2);
	version = pq_getmsgbyte(buf);
	if (version != 1 && version != 2)
		rs_bad_binary("Unsupported format version (expected 1 or 2).");
	hdr.flags = (uint32) pq_getmsgbyte(buf);
	if (hdr.flags & ~(version == 1 ? RS_ALL_FLAGS_1 : RS_ALL_FLAGS))
		rs_bad_binary("Unknown flag bits are set.");
	if (version == 2 && !(hdr.flags & RS_EXPORTS))
		rs_bad_binary("Version 2 must have flag 0x20 (exports known) set.");
	hdr.registrations = rs_get_int64(buf);
	if (hdr.flags & RS_HAS_REG)
		hdr.registered_at = rs_get_ts(buf);
	if (hdr.flags & RS_HAS_REGBY)
	{
		rs_need(buf, 4);
		regby_len = (int32) pq_getmsgint(buf, 4);
		if (regby_len < 0)
			rs_bad_binary("The registrant's length is negative.");
		rs_recv_string(buf, regby_len, &sellers);
	}
	if (hdr.flags & RS_HAS_INS)
		hdr.insured_at = rs_get_ts(buf);
	hdr.after = rs_get_int64(buf);
	if (hdr.flags & RS_HAS_FIRST)
		rs_recv_event(buf, &hdr.first, &sellers);
	if (hdr.flags & RS_HAS_KNOWN)
	{
		hdr.known_at = rs_get_ts(buf);
		hdr.known_km = rs_get_float8(buf);
		if (!(isfinite(hdr.known_km) && hdr.known_km >= 0))
			rs_bad_binary("The known odometer reading is negative or not finite.");
		if (hdr.known_km == 0)
			hdr.known_km = 0;
	}
	if (hdr.flags & RS_HAS_EXPORT)
		export_at = rs_get_ts(buf);
	rs_need(buf, 4);
	n = (int32) pq_getmsgint(buf, 4);
	if (n < 0)
		rs_bad_binary("The before list length is negative.");
	/* each entry takes at least 22 bytes: no huge allocation on a lie */
	if (n > RS_MAX_BEFORE || (int64) n * 22 > buf->len - buf->cursor)
		rs_bad_binary("The before list length exceeds the message.");
	if (n > 0)
		before = palloc(sizeof(RsBefore) * n);
	for (i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		rs_recv_event(buf, &before[i].ev, &sellers);
		before[i].count = rs_get_int64(buf);
		if (version == 2)
		{
			int			has;

			rs_need(buf, 1);
			has = pq_getmsgbyte(buf);
			if (has != 0 && has != 1)
				rs_bad_binary("An export presence byte is neither 0 nor 1.");
			before[i].ev.aux[RS_AUX_HAS_EXPORT] = (uint8) has;
		}
	}
	if (buf->cursor != buf->len)
		rs_bad_binary("Trailing bytes follow the summary.");
	s = rs_build(&hdr, regby_len, export_at, before, n, &sellers);
	rs_validate(s, true);
	PG_RETURN_RESALE_SUMMARY_P(s);
}
