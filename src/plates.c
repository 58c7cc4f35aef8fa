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
 * survive the conversion (it maps character to character).  None of these
 * functions raises an error for a bad plate.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

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

/* The argument as UTF-8: in place when it is, else converted */
static void
plate_arg(FunctionCallInfo fcinfo, const char **s, size_t *len)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	*s = VARDATA_ANY(t);
	*len = VARSIZE_ANY_EXHDR(t);
	if (!plate_text_is_utf8())
	{
		*s = pg_server_to_any(*s, (int) *len, PG_UTF8);
		*len = strlen(*s);
	}
}

/* UTF-8 bytes as a text datum in the database encoding */
static text *
plate_text(const char *s, size_t len)
{
	if (!plate_text_is_utf8())
	{
		s = pg_any_to_server(s, (int) len, PG_UTF8);
		len = strlen(s);
	}
	return cstring_to_text_with_len(s, (int) len);
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
	PG_RETURN_TEXT_P(plate_text(info.canonical, info.len));
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
	PG_RETURN_TEXT_P(plate_text(abbr, strlen(abbr)));
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
		values[2] = PointerGetDatum(plate_text(message, strlen(message)));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
