/*-------------------------------------------------------------------------
 *
 * vin_type.c
 *	  The vin data type: input/output, comparison, btree and hash support,
 *	  sortsupport with abbreviated keys, and comparison with text.
 *
 * A vin is stored as the 12-byte packed form of vin_core.h, whose byte
 * order is the order of the 17-character text under the C collation, so
 * every comparison is a memcmp and the first 8 bytes (12 characters) are
 * an exact abbreviated key.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "fmgr.h"
#include "lib/hyperloglog.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "port/pg_bswap.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/sortsupport.h"

#include "vin_type.h"
#include "zeromile.h"

/*
 * Describe the first bad character for an error detail: the character
 * itself when printable, otherwise its code, and its 1-based character
 * position counted from the first non-blank character.
 */
static void
describe_bad_char(const char *s, const VinParseResult *r, int *position,
				  char *shown, size_t shownlen)
{
	const char *p = s + r->start;
	const char *bad = s + r->bad_offset;
	int			pos = 1;
	int			mblen;
	unsigned char c = (unsigned char) *bad;

	while (p < bad)
	{
		p += pg_mblen(p);
		pos++;
	}
	*position = pos;

	mblen = pg_mblen(bad);
	if (mblen > 1)
		snprintf(shown, shownlen, "%.*s", mblen, bad);
	else if (c < 0x20 || c == 0x7f)
		snprintf(shown, shownlen, "\\x%02X", c);
	else
		snprintf(shown, shownlen, "%c", c);
}

/* Hint for the characters people type instead of the right ones */
static const char *
bad_char_hint(unsigned char c)
{
	switch (c)
	{
		case 'O':
		case 'o':
			return "The letter O is not used in VINs; the digit 0 was probably meant (vin_repair() reads O as 0).";
		case 'Q':
		case 'q':
			return "The letter Q is not used in VINs; the digit 0 was probably meant (vin_repair() reads Q as 0).";
		case 'I':
		case 'i':
			return "The letter I is not used in VINs; the digit 1 was probably meant (vin_repair() reads I as 1).";
		case '-':
		case '.':
		case '_':
		case '/':
		case ' ':
			return "Separators are not part of a VIN; vin_normalize() removes them.";
		default:
			return NULL;
	}
}

/*
 * Report why s is not a VIN.  errmsg shows the input as given; the detail
 * says what is wrong and where: the length first when it is wrong (input
 * such as "not-a-vin" is no VIN at all, whatever its characters), then the
 * first character that is not allowed.  The likely intent is in the detail
 * as well as in the hint, since some clients (psqlODBC, BI tools) show
 * only the message and the detail.
 */
static void
report_bad_vin(const char *s, size_t len, const VinParseResult *r)
{
	/* a huge input must not make a huge error */
	char	   *input = zm_quote_clipped(s, len, ZM_MAX_QUOTED);

	if (r->status == VIN_PARSE_BAD_CHAR)
	{
		int			position;
		char		shown[16];
		const char *hint = bad_char_hint((unsigned char) s[r->bad_offset]);
		VinFoldChar fc;
		int			nchars = pg_mbstrlen_with_len(s + r->start, (int) r->len);

		/* the type is strict: folding is the repair functions' business */
		if (GetDatabaseEncoding() == PG_UTF8)
		{
			vin_fold_utf8(s + r->bad_offset, len - r->bad_offset, &fc);
			if (fc.kind != VIN_FOLD_ASCII && fc.kind != VIN_FOLD_OTHER)
				hint = "The vin type accepts ASCII only; vin_repair() and vin_normalize() read full-width characters as ASCII and remove Unicode spaces, invisible characters and separators.";
		}

		describe_bad_char(s, r, &position, shown, sizeof(shown));
		if (nchars != VIN_LEN)
		{
			/* a letter read for a digit explains nothing at the wrong length */
			if (strchr("OoQqIi", s[r->bad_offset]) != NULL &&
				s[r->bad_offset] != '\0')
				hint = NULL;
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type %s: \"%s\"", "vin", input),
					 errdetail("A VIN has 17 characters, but the input has %d after removing surrounding whitespace, and character \"%s\" at position %d is not allowed in a VIN.%s%s",
							   nchars, shown, position,
							   hint ? " " : "", hint ? hint : ""),
					 hint ? errhint("%s", hint) : 0));
		}
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"", "vin", input),
				 errdetail("Character \"%s\" at position %d is not allowed in a VIN.%s%s",
						   shown, position,
						   hint ? " " : "", hint ? hint : ""),
				 hint ? errhint("%s", hint) : 0));
	}
	else
	{
		int			nchars = pg_mbstrlen_with_len(s + r->start, (int) r->len);

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"", "vin", input),
				 errdetail("A VIN has 17 characters, but the input has %d after removing surrounding whitespace.",
						   nchars)));
	}
}

Vin *
vin_from_text(const char *s, size_t len)
{
	uint8		codes[VIN_LEN];
	VinParseResult r;
	Vin		   *result;

	if (vin_parse(s, len, codes, &r) != VIN_PARSE_OK)
		report_bad_vin(s, len, &r);

	result = (Vin *) palloc(sizeof(Vin));
	vin_pack(codes, result->data);
	return result;
}

void
vin_to_cstring(const Vin *v, char buf[VIN_LEN + 1])
{
	uint8		codes[VIN_LEN];

	/* Only a corrupted datum can fail this; don't print garbage for it. */
	if (!vin_packed_is_valid(v->data))
		elog(ERROR, "corrupted vin value");
	vin_unpack(v->data, codes);
	vin_codes_to_text(codes, buf);
	buf[VIN_LEN] = '\0';
}

/*
 * Input/output
 */

PG_FUNCTION_INFO_V1(vin_in);
Datum
vin_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);

	PG_RETURN_VIN_P(vin_from_text(s, strlen(s)));
}

PG_FUNCTION_INFO_V1(vin_out);
Datum
vin_out(PG_FUNCTION_ARGS)
{
	Vin		   *v = PG_GETARG_VIN_P(0);
	char	   *buf = palloc(VIN_LEN + 1);

	vin_to_cstring(v, buf);
	PG_RETURN_CSTRING(buf);
}

/*
 * Binary input: the 17 characters, accepted exactly like text input.  When
 * they are not a VIN and include bytes other than printable ASCII and
 * whitespace, those bytes are reported by value instead of echoed, since
 * they need not be valid in the server encoding.
 */
PG_FUNCTION_INFO_V1(vin_recv);
Datum
vin_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len = buf->len - buf->cursor;
	const char *bytes = pq_getmsgbytes(buf, len);
	uint8		codes[VIN_LEN];
	VinParseResult r;
	Vin		   *result;
	int			i;

	if (vin_parse(bytes, len, codes, &r) != VIN_PARSE_OK)
	{
		for (i = 0; i < len; i++)
		{
			unsigned char c = (unsigned char) bytes[i];

			if ((c < 0x20 && !vin_is_space(c)) || c > 0x7e)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
						 errmsg("invalid external binary representation for type %s", "vin"),
						 errdetail("Byte 0x%02X at offset %d is not a VIN character; the binary form of a vin is its 17 characters.",
								   c, i)));
		}
		report_bad_vin(bytes, len, &r);
	}

	result = (Vin *) palloc(sizeof(Vin));
	vin_pack(codes, result->data);
	PG_RETURN_VIN_P(result);
}

PG_FUNCTION_INFO_V1(vin_send);
Datum
vin_send(PG_FUNCTION_ARGS)
{
	Vin		   *v = PG_GETARG_VIN_P(0);
	char		chars[VIN_LEN + 1];
	StringInfoData buf;

	vin_to_cstring(v, chars);
	pq_begintypsend(&buf);
	pq_sendbytes(&buf, chars, VIN_LEN);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * Casts to and from text (and, through binary coercion, varchar)
 */

PG_FUNCTION_INFO_V1(vin_from_text_datum);
Datum
vin_from_text_datum(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_VIN_P(vin_from_text(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)));
}

PG_FUNCTION_INFO_V1(vin_to_text_datum);
Datum
vin_to_text_datum(PG_FUNCTION_ARGS)
{
	Vin		   *v = PG_GETARG_VIN_P(0);
	char		buf[VIN_LEN + 1];

	vin_to_cstring(v, buf);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, VIN_LEN));
}

/*
 * Comparison of two vins
 */

static inline int
vin_cmp_internal(const Vin *a, const Vin *b)
{
	return memcmp(a->data, b->data, VIN_PACKED_LEN);
}

/*
 * The comparison functions of every type pair are alike: compute an ordering
 * (negative, zero, positive) with call, then return a boolean of it or its
 * sign.
 */
#define CMP_BOOL_FUNC(name, call, expr) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	int			c = call; \
\
	PG_RETURN_BOOL(expr); \
}

#define CMP_INT_FUNC(name, call) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	int			c = call; \
\
	PG_RETURN_INT32((c > 0) - (c < 0)); \
}

#define VV_CMP	vin_cmp_internal(PG_GETARG_VIN_P(0), PG_GETARG_VIN_P(1))

CMP_BOOL_FUNC(vin_eq, VV_CMP, c == 0)
CMP_BOOL_FUNC(vin_ne, VV_CMP, c != 0)
CMP_BOOL_FUNC(vin_lt, VV_CMP, c < 0)
CMP_BOOL_FUNC(vin_le, VV_CMP, c <= 0)
CMP_BOOL_FUNC(vin_gt, VV_CMP, c > 0)
CMP_BOOL_FUNC(vin_ge, VV_CMP, c >= 0)
CMP_INT_FUNC(vin_cmp, VV_CMP)

/*
 * Hashing.  The values are an on-disk contract (hash indexes, hash
 * partitioning, Citus shard placement): the regression tests pin them.
 */

PG_FUNCTION_INFO_V1(vin_hash);
Datum
vin_hash(PG_FUNCTION_ARGS)
{
	Vin		   *v = PG_GETARG_VIN_P(0);

	return hash_any(v->data, VIN_PACKED_LEN);
}

PG_FUNCTION_INFO_V1(vin_hash_extended);
Datum
vin_hash_extended(PG_FUNCTION_ARGS)
{
	Vin		   *v = PG_GETARG_VIN_P(0);

	return hash_any_extended(v->data, VIN_PACKED_LEN, PG_GETARG_INT64(1));
}

/*
 * Sortsupport.  The abbreviated key is the first 8 packed bytes, which hold
 * positions 1-12 exactly; VINs of one maker share positions 1-8 but still
 * differ in 9-12 (check digit, year, plant, serial start), so the keys stay
 * distinct enough to be worth it where a plain 8-character prefix would not.
 */

typedef struct VinSortSupport
{
	int64		input_count;
	hyperLogLogState abbr_card;
	bool		estimating;
} VinSortSupport;

static int
vin_fastcmp(Datum x, Datum y, SortSupport ssup)
{
	return vin_cmp_internal(DatumGetVinP(x), DatumGetVinP(y));
}

static Datum
vin_abbrev_convert(Datum original, SortSupport ssup)
{
	VinSortSupport *vss = (VinSortSupport *) ssup->ssup_extra;
	uint64		hi = vin_packed_hi(DatumGetVinP(original)->data);
	Datum		res;

#if SIZEOF_DATUM == 8
	res = UInt64GetDatum(hi);
#else
	res = UInt32GetDatum((uint32) (hi >> 32));
#endif

	vss->input_count++;
	if (vss->estimating)
	{
		uint32		h = (uint32) (hi >> 32) ^ (uint32) hi;

		addHyperLogLog(&vss->abbr_card, DatumGetUInt32(hash_uint32(h)));
	}
	return res;
}

/*
 * Give up on abbreviation when the keys are mostly duplicates, and stop
 * estimating once it is clearly paying off.
 */
static bool
vin_abbrev_abort(int memtupcount, SortSupport ssup)
{
	VinSortSupport *vss = (VinSortSupport *) ssup->ssup_extra;
	double		abbr_card;

	if (memtupcount < 10000 || vss->input_count < 10000 || !vss->estimating)
		return false;

	abbr_card = estimateHyperLogLog(&vss->abbr_card);

	if (abbr_card > 100000.0)
	{
		vss->estimating = false;
		return false;
	}

	/* Fewer than one distinct key in 2000 rows: full comparisons win. */
	if (abbr_card < vss->input_count / 2000.0 + 0.5)
	{
		if (trace_sort)
			elog(LOG, "vin_abbrev: aborting abbreviation at %d tuples (%.0f distinct)",
				 memtupcount, abbr_card);
		return true;
	}
	return false;
}

PG_FUNCTION_INFO_V1(vin_sortsupport);
Datum
vin_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = vin_fastcmp;
	ssup->ssup_extra = NULL;

	if (ssup->abbreviate)
	{
		VinSortSupport *vss;
		MemoryContext old = MemoryContextSwitchTo(ssup->ssup_cxt);

		vss = palloc(sizeof(VinSortSupport));
		vss->input_count = 0;
		vss->estimating = true;
		initHyperLogLog(&vss->abbr_card, 10);
		MemoryContextSwitchTo(old);

		ssup->ssup_extra = vss;
		ssup->comparator = ssup_datum_unsigned_cmp;
		ssup->abbrev_converter = vin_abbrev_convert;
		ssup->abbrev_abort = vin_abbrev_abort;
		ssup->abbrev_full_comparator = vin_fastcmp;
	}
	PG_RETURN_VOID();
}

/*
 * Comparison with text, for the vin btree operator family.
 *
 * Text is compared as the vin it would be cast to: a string that is a VIN
 * after trimming and upper-casing compares as that VIN; any other string
 * compares by its bytes against the vin's 17 characters (C collation).
 * This embeds both types in one total order, so the family stays
 * consistent, and it lets "vin_column = $1" with a varchar parameter (what
 * JDBC-based BI tools send) use a btree index on the vin column.
 */

typedef struct TextKey
{
	bool		is_vin;
	uint8		packed[VIN_PACKED_LEN];
	const char *bytes;			/* raw bytes when !is_vin */
	int			len;
} TextKey;

static void
text_key(text *t, TextKey *k)
{
	uint8		codes[VIN_LEN];
	VinParseResult r;

	k->bytes = VARDATA_ANY(t);
	k->len = VARSIZE_ANY_EXHDR(t);
	k->is_vin = vin_parse(k->bytes, k->len, codes, &r) == VIN_PARSE_OK;
	if (k->is_vin)
		vin_pack(codes, k->packed);
}

/* Byte-wise comparison of two strings, shorter first on a tie: C collation */
static int
bytes_cmp(const char *a, int alen, const char *b, int blen)
{
	int			c = memcmp(a, b, Min(alen, blen));

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

static int
packed_text_cmp(const uint8 *packed, const TextKey *k)
{
	uint8		codes[VIN_LEN];
	char		chars[VIN_LEN];

	if (k->is_vin)
		return memcmp(packed, k->packed, VIN_PACKED_LEN);

	vin_unpack(packed, codes);
	vin_codes_to_text(codes, chars);
	return bytes_cmp(chars, VIN_LEN, k->bytes, k->len);
}

static int
vin_text_cmp_internal(Vin *v, text *t)
{
	TextKey		k;

	text_key(t, &k);
	return packed_text_cmp(v->data, &k);
}

static int
text_text_cmp_internal(text *a, text *b)
{
	TextKey		ka,
				kb;

	text_key(a, &ka);
	text_key(b, &kb);
	if (ka.is_vin)
		return packed_text_cmp(ka.packed, &kb);
	if (kb.is_vin)
		return -packed_text_cmp(kb.packed, &ka);
	return bytes_cmp(ka.bytes, ka.len, kb.bytes, kb.len);
}

#define VT_CMP	vin_text_cmp_internal(PG_GETARG_VIN_P(0), PG_GETARG_TEXT_PP(1))
#define TV_CMP	(-vin_text_cmp_internal(PG_GETARG_VIN_P(1), PG_GETARG_TEXT_PP(0)))
#define TT_CMP	text_text_cmp_internal(PG_GETARG_TEXT_PP(0), PG_GETARG_TEXT_PP(1))

CMP_BOOL_FUNC(vin_text_eq, VT_CMP, c == 0)
CMP_BOOL_FUNC(vin_text_ne, VT_CMP, c != 0)
CMP_BOOL_FUNC(vin_text_lt, VT_CMP, c < 0)
CMP_BOOL_FUNC(vin_text_le, VT_CMP, c <= 0)
CMP_BOOL_FUNC(vin_text_gt, VT_CMP, c > 0)
CMP_BOOL_FUNC(vin_text_ge, VT_CMP, c >= 0)

CMP_BOOL_FUNC(text_vin_eq, TV_CMP, c == 0)
CMP_BOOL_FUNC(text_vin_ne, TV_CMP, c != 0)
CMP_BOOL_FUNC(text_vin_lt, TV_CMP, c < 0)
CMP_BOOL_FUNC(text_vin_le, TV_CMP, c <= 0)
CMP_BOOL_FUNC(text_vin_gt, TV_CMP, c > 0)
CMP_BOOL_FUNC(text_vin_ge, TV_CMP, c >= 0)

CMP_BOOL_FUNC(text_as_vin_eq, TT_CMP, c == 0)
CMP_BOOL_FUNC(text_as_vin_ne, TT_CMP, c != 0)
CMP_BOOL_FUNC(text_as_vin_lt, TT_CMP, c < 0)
CMP_BOOL_FUNC(text_as_vin_le, TT_CMP, c <= 0)
CMP_BOOL_FUNC(text_as_vin_gt, TT_CMP, c > 0)
CMP_BOOL_FUNC(text_as_vin_ge, TT_CMP, c >= 0)

/*
 * Hashes of text taken as a VIN, for the hash operator family: text that is
 * a VIN hashes like that vin, other text by its bytes.
 */
PG_FUNCTION_INFO_V1(text_as_vin_hash);
Datum
text_as_vin_hash(PG_FUNCTION_ARGS)
{
	TextKey		k;

	text_key(PG_GETARG_TEXT_PP(0), &k);
	if (k.is_vin)
		return hash_any(k.packed, VIN_PACKED_LEN);
	return hash_any((const unsigned char *) k.bytes, k.len);
}

PG_FUNCTION_INFO_V1(text_as_vin_hash_extended);
Datum
text_as_vin_hash_extended(PG_FUNCTION_ARGS)
{
	TextKey		k;

	text_key(PG_GETARG_TEXT_PP(0), &k);
	if (k.is_vin)
		return hash_any_extended(k.packed, VIN_PACKED_LEN, PG_GETARG_INT64(1));
	return hash_any_extended((const unsigned char *) k.bytes, k.len,
							 PG_GETARG_INT64(1));
}

CMP_INT_FUNC(vin_text_cmp, VT_CMP)

CMP_INT_FUNC(text_vin_cmp, TV_CMP)

CMP_INT_FUNC(text_as_vin_cmp, TT_CMP)
