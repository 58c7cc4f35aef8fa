/*-------------------------------------------------------------------------
 *
 * plates.c
 *	  SQL-callable functions for mainland Chinese licence plates:
 *	  cn_plate_normalize, cn_plate_is_valid, cn_plate_problems and the
 *	  decoders (province, abbreviation, authority, kind, energy).
 *
 * The rules live in plate_core.c, which works on UTF-8.  In a UTF8 (or
 * SQL_ASCII) database the text is read in place; in any other the input is
 * converted to UTF-8 first and the results back, so that a plate in an
 * EUC_CN or GBK-client database decodes the same.  Character positions
 * survive the conversion (it maps character to character; a character
 * Unicode lacks is read as U+FFFD, an illegal character).  None of these
 * functions raises an error for a bad plate.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "compat.h"
#include "plate_core.h"

PG_FUNCTION_INFO_V1(cn_plate_normalize);
PG_FUNCTION_INFO_V1(cn_plate_is_valid);
PG_FUNCTION_INFO_V1(cn_plate_problems);
PG_FUNCTION_INFO_V1(cn_plate_province);
PG_FUNCTION_INFO_V1(cn_plate_province_abbr);
PG_FUNCTION_INFO_V1(cn_plate_authority);
PG_FUNCTION_INFO_V1(cn_plate_kind);
PG_FUNCTION_INFO_V1(cn_plate_energy);

/* Is the database's text UTF-8 already (or bytes nobody converts)? */
static inline bool
plate_text_is_utf8(void)
{
	int			enc = GetDatabaseEncoding();

	return enc == PG_UTF8 || enc == PG_SQL_ASCII;
}

/* U+FFFD, for a character of the database that Unicode lacks */
#define PLATE_UTF8_REPLACEMENT	"\xef\xbf\xbd"

/*
 * Source bytes converted per call of a conversion function: the output
 * buffer holds their worst-case growth.
 */
#define PLATE_CONV_CHUNK	1024

/*
 * The conversion functions between the database encoding and UTF-8, looked
 * up once per call site (fn_extra); NULL when the catalogue has none.
 */
typedef struct PlateConv
{
	FmgrInfo   *to_utf8;
	FmgrInfo   *from_utf8;
	FmgrInfo	procs[2];
} PlateConv;

static PlateConv *
plate_conv(FunctionCallInfo fcinfo)
{
	PlateConv  *c = (PlateConv *) fcinfo->flinfo->fn_extra;

	if (c == NULL)
	{
		MemoryContext cxt = fcinfo->flinfo->fn_mcxt;
		int			enc = GetDatabaseEncoding();
		Oid			proc;

		c = MemoryContextAllocZero(cxt, sizeof(PlateConv));
		proc = FindDefaultConversionProc(enc, PG_UTF8);
		if (OidIsValid(proc))
		{
			fmgr_info_cxt(proc, &c->procs[0], cxt);
			c->to_utf8 = &c->procs[0];
		}
		proc = FindDefaultConversionProc(PG_UTF8, enc);
		if (OidIsValid(proc))
		{
			fmgr_info_cxt(proc, &c->procs[1], cxt);
			c->from_utf8 = &c->procs[1];
		}
		fcinfo->flinfo->fn_extra = c;
	}
	return c;
}

/*
 * Append len bytes of s, valid text in encoding from, to out in encoding
 * to.  pg_server_to_any() and pg_any_to_server() would raise for a
 * character the other encoding lacks (EUC_CN pairs without a Unicode
 * mapping, WIN1252's 0x81), which the database accepted, and hand back
 * their input, not NUL-terminated, for an empty one.  Here a character
 * with no equivalent (any non-ASCII character when there is no conversion
 * function) is appended as subst instead: one character for one, so that
 * positions still count the input's characters, and no error.
 */
static void
plate_convert(FmgrInfo *proc, int from, int to, const char *s, size_t len,
			  const char *subst, StringInfo out)
{
	char		dest[PLATE_CONV_CHUNK * MAX_CONVERSION_GROWTH + 1];

	while (len > 0)
	{
		int			chunk = (int) Min(len, PLATE_CONV_CHUNK);
		int			done = 0;
		size_t		clen;

		CHECK_FOR_INTERRUPTS();
		if (proc != NULL)
		{
			/* noError: stop before the first character it cannot convert */
			dest[0] = '\0';
			done = DatumGetInt32(FunctionCall6(proc,
											   Int32GetDatum(from),
											   Int32GetDatum(to),
											   CStringGetDatum(s),
											   CStringGetDatum(dest),
											   Int32GetDatum(chunk),
											   BoolGetDatum(true)));
			if (done < 0 || done > chunk)
				elog(ERROR, "encoding conversion returned %d for %d bytes",
					 done, chunk);
			appendStringInfoString(out, dest);
		}
		else
		{
			while (done < chunk && !IS_HIGHBIT_SET(s[done]))
				done++;
			appendBinaryStringInfo(out, s, done);
		}
		s += done;
		len -= done;
		if (len == 0)
			break;
		clen = (size_t) pg_encoding_mblen(from, s);
		if (clen > len)
			clen = len;			/* (a cut character: not in valid text) */
		else if (clen > (size_t) (chunk - done))
			continue;			/* the character runs on into the next chunk */
		appendStringInfoString(out, subst);
		s += clen;
		len -= clen;
	}
}

/*
 * The argument as UTF-8: in place when it is, else converted, a character
 * with no Unicode equivalent read as U+FFFD (an illegal character).
 */
static void
plate_arg(FunctionCallInfo fcinfo, const char **s, size_t *len)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	StringInfoData buf;

	*s = VARDATA_ANY(t);
	*len = VARSIZE_ANY_EXHDR(t);
	if (plate_text_is_utf8() || *len == 0)
		return;
	initStringInfo(&buf);
	plate_convert(plate_conv(fcinfo)->to_utf8, GetDatabaseEncoding(), PG_UTF8,
				  *s, *len, PLATE_UTF8_REPLACEMENT, &buf);
	*s = buf.data;
	*len = buf.len;
}

/*
 * UTF-8 bytes as a text datum in the database encoding.  What these
 * functions return is ASCII or characters of the input, which convert
 * back; '?' would stand for anything else rather than an error.
 */
static text *
plate_text(FunctionCallInfo fcinfo, const char *s, size_t len)
{
	StringInfoData buf;
	text	   *result;

	if (plate_text_is_utf8() || len == 0)
		return cstring_to_text_with_len(s, (int) len);
	initStringInfo(&buf);
	plate_convert(plate_conv(fcinfo)->from_utf8, PG_UTF8, GetDatabaseEncoding(),
				  s, len, "?", &buf);
	result = cstring_to_text_with_len(buf.data, buf.len);
	pfree(buf.data);
	return result;
}

static inline bool
plate_parse_arg(FunctionCallInfo fcinfo, PlateInfo *info, bool canonical)
{
	const char *s;
	size_t		len;

	plate_arg(fcinfo, &s, &len);
	return plate_parse_ext(s, len, info, canonical);
}

Datum
cn_plate_normalize(PG_FUNCTION_ARGS)
{
	PlateInfo	info;

	if (!plate_parse_arg(fcinfo, &info, true))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(plate_text(fcinfo, info.canonical, info.len));
}

Datum
cn_plate_is_valid(PG_FUNCTION_ARGS)
{
	PlateInfo	info;

	PG_RETURN_BOOL(plate_parse_arg(fcinfo, &info, false));
}

Datum
cn_plate_province(PG_FUNCTION_ARGS)
{
	PlateInfo	info;

	if (!plate_parse_arg(fcinfo, &info, false) || info.province < 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(plate_provinces[info.province].name));
}

Datum
cn_plate_province_abbr(PG_FUNCTION_ARGS)
{
	PlateInfo	info;
	const char *abbr;

	if (!plate_parse_arg(fcinfo, &info, false) || info.province < 0)
		PG_RETURN_NULL();
	abbr = plate_provinces[info.province].abbr;
	PG_RETURN_TEXT_P(plate_text(fcinfo, abbr, strlen(abbr)));
}

Datum
cn_plate_authority(PG_FUNCTION_ARGS)
{
	PlateInfo	info;

	if (!plate_parse_arg(fcinfo, &info, false) || info.authority == 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(&info.authority, 1));
}

Datum
cn_plate_kind(PG_FUNCTION_ARGS)
{
	PlateInfo	info;

	if (!plate_parse_arg(fcinfo, &info, false))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(plate_kind_name(info.kind)));
}

Datum
cn_plate_energy(PG_FUNCTION_ARGS)
{
	PlateInfo	info;

	if (!plate_parse_arg(fcinfo, &info, false) || info.energy == PLATE_ENERGY_NONE)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(plate_energy_name(info.energy)));
}

/*
 * The English sentence for a problem, in UTF-8.  The fixed parts are ASCII
 * (a LATIN1 database could not show 应急 or 粤); the offending character is
 * shown as itself.
 */
static char *
plate_problem_message(const PlateProblem *p, int nchars)
{
	char		buf[5];
	size_t		n = plate_utf8_encode(p->ch, buf);

	buf[n] = '\0';
	switch (p->code)
	{
		case PLATE_PROBLEM_EMPTY:
			return pstrdup("the plate is empty");
		case PLATE_PROBLEM_WRONG_LENGTH:
			return psprintf("a plate has 7 characters (8 for new-energy and emergency plates), this one has %d besides separators",
							nchars);
		case PLATE_PROBLEM_ILLEGAL_CHARACTER:
			/* in another encoding, U+FFFD stands for what Unicode lacks */
			if (p->ch == 0xFFFD && !plate_text_is_utf8())
				return psprintf("character at position %d has no Unicode equivalent and does not occur in plates",
								p->position);
			return psprintf("character \"%s\" at position %d does not occur in plates",
							buf, p->position);
		case PLATE_PROBLEM_UNKNOWN_PROVINCE:
			return psprintf("\"%s\" at position 1 is not one of the 31 province abbreviations",
							buf);
		case PLATE_PROBLEM_BAD_AUTHORITY:
			return psprintf("\"%s\" at position 2 is not an issuing-authority code (a letter A-Z other than I; X or S on emergency plates)",
							buf);
		case PLATE_PROBLEM_LETTER_I:
			return psprintf("letter \"I\" at position %d is not used in plate serials: the digit 1 was probably meant",
							p->position);
		case PLATE_PROBLEM_LETTER_O:
			return psprintf("letter \"O\" at position %d is not used in plate serials: the digit 0 was probably meant",
							p->position);
		case PLATE_PROBLEM_DIGIT_EXPECTED:
			return psprintf("letter \"%s\" at position %d stands where this kind of plate has a digit",
							buf, p->position);
		case PLATE_PROBLEM_TOO_MANY_LETTERS:
			return psprintf("the serial of an ordinary plate has at most 2 letters, this one has %u",
							(unsigned) p->ch);
		case PLATE_PROBLEM_BAD_ENERGY_LETTER:
			return psprintf("\"%s\" at position %d is not a new-energy letter (D, A, B, C, E: pure electric; F, G, H, J, K: other)",
							buf, p->position);
		case PLATE_PROBLEM_MISPLACED_CHARACTER:
			return psprintf("character \"%s\" at position %d is out of place",
							buf, p->position);
		case PLATE_PROBLEM_HONG_KONG_MACAU_PREFIX:
			return psprintf("Hong Kong and Macau plates (suffix \"%s\") begin with the Guangdong abbreviation and the letter Z",
							buf);
		case PLATE_PROBLEM_BAD_LAYOUT:
			return pstrdup("the characters fit no plate layout");
	}
	elog(ERROR, "unexpected plate problem code %d", (int) p->code);
	return NULL;				/* keep compiler quiet */
}

Datum
cn_plate_problems(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	PlateProblem problems[PLATE_MAX_PROBLEMS];
	const char *s;
	size_t		len;
	int			nchars;
	int			n;
	int			i;

	InitMaterializedSRF(fcinfo, 0);
	plate_arg(fcinfo, &s, &len);
	n = plate_problems(s, len, problems, &nchars);
	for (i = 0; i < n; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};
		char	   *message = plate_problem_message(&problems[i], nchars);

		if (problems[i].position > 0)
			values[0] = Int32GetDatum(problems[i].position);
		else
			nulls[0] = true;
		values[1] = CStringGetTextDatum(plate_problem_code_name(problems[i].code));
		values[2] = PointerGetDatum(plate_text(fcinfo, message, strlen(message)));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
