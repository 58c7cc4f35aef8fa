/*-------------------------------------------------------------------------
 *
 * validate.c
 *	  SQL-callable VIN validation: well-formedness, the check digit, region
 *	  policies, problem lists, normalization and repair.
 *
 * None of these functions raises an error for a bad VIN (PostgreSQL 15 has
 * no soft input errors, so they never go through the type's input
 * function): they run vin_core's non-throwing parser and report.  The only
 * error is a caller's: an unknown region policy name.
 *
 * vin_is_valid is the hot path (bulk validation of text columns), so it
 * reads its argument in place, allocates nothing and caches the parsed
 * policy name in fn_extra.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "validate.h"

/* Longest policy name worth caching ("strict" plus slack for case games) */
#define POLICY_CACHE_MAX	16

typedef struct PolicyCache
{
	int			len;
	char		name[POLICY_CACHE_MAX];
	VinPolicy	policy;
} PolicyCache;

VinPolicy
vin_policy_from_name(const char *name)
{
	if (pg_strcasecmp(name, "auto") == 0)
		return VIN_POLICY_AUTO;
	if (pg_strcasecmp(name, "strict") == 0)
		return VIN_POLICY_STRICT;
	if (pg_strcasecmp(name, "none") == 0)
		return VIN_POLICY_NONE;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unrecognized VIN region policy \"%s\"", name),
			 errhint("The accepted policies are \"auto\", \"strict\" and \"none\".")));
	return VIN_POLICY_AUTO;		/* keep compiler quiet */
}

bool
vin_policy_requires_check(VinPolicy policy, int first_rank)
{
	switch (policy)
	{
		case VIN_POLICY_STRICT:
			return true;
		case VIN_POLICY_NONE:
			return false;
		case VIN_POLICY_AUTO:
			/* North America (1-5, 7) and China (L, and H since 2015) */
			return first_rank >= 0 &&
				(vin_is_north_american((uint8) first_rank) ||
				 first_rank == vin_rank('L') || first_rank == vin_rank('H'));
	}
	elog(ERROR, "unexpected VIN policy %d", (int) policy);
	return false;				/* keep compiler quiet */
}

/*
 * The policy named by argument argno, parsed once per call site: the name
 * is nearly always a constant, so compare its bytes with the last one seen.
 * fn_extra must be the function's own for this alone.
 */
VinPolicy
vin_policy_arg(FunctionCallInfo fcinfo, int argno)
{
	text	   *t = PG_GETARG_TEXT_PP(argno);
	const char *p = VARDATA_ANY(t);
	int			len = VARSIZE_ANY_EXHDR(t);
	PolicyCache *cache = (PolicyCache *) fcinfo->flinfo->fn_extra;
	VinPolicy	policy;

	if (cache != NULL && cache->len == len && memcmp(cache->name, p, len) == 0)
		return cache->policy;

	policy = vin_policy_from_name(text_to_cstring(t));

	if (len <= POLICY_CACHE_MAX)
	{
		if (cache == NULL)
		{
			cache = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt,
									   sizeof(PolicyCache));
			fcinfo->flinfo->fn_extra = cache;
		}
		cache->len = len;
		memcpy(cache->name, p, len);
		cache->policy = policy;
	}
	return policy;
}

bool
vin_text_is_valid(const char *s, size_t len, VinPolicy policy)
{
	uint8		codes[VIN_LEN];
	VinParseResult r;

	if (vin_parse(s, len, codes, &r) != VIN_PARSE_OK)
		return false;
	if (!vin_policy_requires_check(policy, codes[0]))
		return true;
	return vin_check_char(codes) == vin_char[codes[8]];
}

/*
 * Folding of full-width characters, Unicode spaces, invisible characters
 * and CJK separators (vin_core.h) is defined over UTF-8: in a database of
 * another encoding those characters stay illegal (they are rare there: a
 * LATIN1 database has no full-width forms).
 */
static inline bool
vin_folding(void)
{
	return GetDatabaseEncoding() == PG_UTF8;
}

bool
vin_repair_text(const char *s, size_t len, VinPolicy policy, Vin *out)
{
	uint8		codes[VIN_LEN];

	if (!(vin_folding() ? vin_repair_codes_utf8(s, len, codes) :
		  vin_repair_codes(s, len, codes)))
		return false;
	if (vin_policy_requires_check(policy, codes[0]) &&
		vin_check_char(codes) != vin_char[codes[8]])
		return false;
	vin_pack(codes, out->data);
	return true;
}

/*
 * Append one problem.  The character is shown as itself, except ASCII
 * control characters, which are shown by their code.
 */
static List *
add_problem(List *problems, int position, const char *code, char *message)
{
	VinProblem *p = palloc(sizeof(VinProblem));

	p->position = position;
	p->length = 0;
	p->code = code;
	p->message = message;
	return lappend(problems, p);
}

static char *
describe_char(const char *c, int clen)
{
	unsigned char b = (unsigned char) c[0];

	if (clen == 1 && b == ' ')
		return pstrdup("space");
	if (clen == 1 && b == '\t')
		return pstrdup("tab");
	if (clen == 1 && (b < 0x20 || b == 0x7f))
		return psprintf("control character 0x%02X", b);
	return psprintf("character \"%.*s\"", clen, c);
}

/*
 * The message of a finished masked run, whose message holds its first
 * character until then.
 */
static void
masked_message(VinProblem *run)
{
	if (run->length == 1)
		run->message = psprintf("mask \"%s\" at position %d hides a VIN character",
								run->message, run->position);
	else
		run->message = psprintf("mask \"%s\" at positions %d-%d hides %d VIN characters",
								run->message, run->position,
								run->position + run->length - 1, run->length);
}

List *
vin_collect_problems(const char *s, size_t len, VinPolicy policy)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		start = 0;
	size_t		end = len;
	size_t		i;
	int			position = 0;
	int			counted = 0;	/* characters that are not separators */
	bool		separators = false;
	bool		fold = vin_folding();
	bool		bullets;
	VinProblem *run = NULL;		/* the masked run the last character extended,
								 * if it was a mask */
	List	   *problems = NIL;

	while (start < end && vin_is_space(p[start]))
		start++;
	while (end > start && vin_is_space(p[end - 1]))
		end--;

	if (start == end)
		return add_problem(NIL, 0, VIN_PROBLEM_EMPTY,
						   pstrdup("the VIN is empty"));
	bullets = vin_mask_bullets_are_masks(s + start, end - start, fold);

	for (i = start; i < end;)
	{
		const char *c = s + i;
		int			clen;
		unsigned char b = p[i];
		VinFoldChar fc;

		CHECK_FOR_INTERRUPTS();

		if (fold)
		{
			vin_fold_utf8(c, end - i, &fc);
			clen = (int) fc.len;
		}
		else
		{
			clen = pg_mblen(c);
			/* text is validly encoded, but this API takes any bytes */
			if (clen < 1 || (size_t) clen > end - i)
				clen = 1;
			fc.kind = clen == 1 ? VIN_FOLD_ASCII : VIN_FOLD_OTHER;
			fc.ascii = b;
		}
		position++;

		/* A mask: one problem per run of them (masked VINs are linked) */
		{
			size_t		mlen;
			VinMaskKind mk = vin_mask_at(c, end - i, fold, &mlen);

			if (mk == VIN_MASK_YES || (mk == VIN_MASK_BULLET && bullets))
			{
				i += mlen;
				counted++;
				if (run == NULL)
				{
					problems = add_problem(problems, position, VIN_PROBLEM_MASKED,
										   NULL);
					run = (VinProblem *) llast(problems);
					run->message = psprintf("%.*s", (int) mlen, c);
				}
				run->length++;
				continue;
			}
		}
		if (run != NULL)
			masked_message(run);
		run = NULL;
		i += clen;

		switch (fc.kind)
		{
			case VIN_FOLD_SPACE:
				separators = true;
				problems = add_problem(problems, position, VIN_PROBLEM_UNICODE_SPACE,
									   psprintf("space U+%04X (%s) at position %d is not part of a VIN",
												fc.codepoint,
												vin_fold_name(fc.codepoint),
												position));
				continue;
			case VIN_FOLD_INVISIBLE:
				separators = true;
				problems = add_problem(problems, position, VIN_PROBLEM_INVISIBLE,
									   psprintf("invisible character U+%04X (%s) at position %d is not part of a VIN",
												fc.codepoint,
												vin_fold_name(fc.codepoint),
												position));
				continue;
			case VIN_FOLD_SEPARATOR:
				separators = true;
				problems = add_problem(problems, position, VIN_PROBLEM_UNICODE_SEPARATOR,
									   psprintf("separator \"%.*s\" (%s) at position %d is not part of a VIN",
												clen, c,
												vin_fold_name(fc.codepoint),
												position));
				continue;
			case VIN_FOLD_FULLWIDTH:
				b = fc.ascii;
				if (vin_rank(b) >= 0)
				{
					counted++;
					problems = add_problem(problems, position, VIN_PROBLEM_FULLWIDTH,
										   psprintf("full-width character \"%.*s\" at position %d is read as \"%c\"",
													clen, c, position, b));
					continue;
				}
				if (vin_is_separator(b))
				{
					separators = true;
					problems = add_problem(problems, position, VIN_PROBLEM_UNICODE_SEPARATOR,
										   psprintf("full-width separator \"%.*s\" at position %d is not part of a VIN",
													clen, c, position));
					continue;
				}
				break;
			case VIN_FOLD_ASCII:
				if (vin_rank(b) >= 0)
				{
					counted++;
					continue;
				}
				if (vin_is_space(b) || vin_is_separator(b))
				{
					separators = true;
					problems = add_problem(problems, position, VIN_PROBLEM_SEPARATOR,
										   psprintf("%s at position %d is not part of a VIN",
													vin_is_space(b) ?
													describe_char(c, clen) :
													psprintf("separator \"%c\"", b),
													position));
					continue;
				}
				break;
			case VIN_FOLD_OTHER:
				break;
		}

		/*
		 * Counted, and a problem: I, O, Q (perhaps full-width), or another
		 * character.
		 */
		counted++;
		if (fc.kind != VIN_FOLD_OTHER && (b == 'I' || b == 'i'))
			problems = add_problem(problems, position, VIN_PROBLEM_LETTER_I,
								   psprintf("%sletter \"%.*s\" at position %d is not used in VINs: the digit 1 was probably meant",
											clen > 1 ? "full-width " : "",
											clen, c, position));
		else if (fc.kind != VIN_FOLD_OTHER && (b == 'O' || b == 'o'))
			problems = add_problem(problems, position, VIN_PROBLEM_LETTER_O,
								   psprintf("%sletter \"%.*s\" at position %d is not used in VINs: the digit 0 was probably meant",
											clen > 1 ? "full-width " : "",
											clen, c, position));
		else if (fc.kind != VIN_FOLD_OTHER && (b == 'Q' || b == 'q'))
			problems = add_problem(problems, position, VIN_PROBLEM_LETTER_Q,
								   psprintf("%sletter \"%.*s\" at position %d is not used in VINs: the digit 0 was probably meant",
											clen > 1 ? "full-width " : "",
											clen, c, position));
		else
			problems = add_problem(problems, position,
								   VIN_PROBLEM_ILLEGAL_CHARACTER,
								   psprintf("%s at position %d is not a VIN character",
											describe_char(c, clen), position));
	}

	if (run != NULL)
		masked_message(run);

	/* The length comes first: it is what an analyst looks at first. */
	if (counted != VIN_LEN)
	{
		VinProblem *lp = palloc0(sizeof(VinProblem));

		lp->position = 0;
		lp->code = VIN_PROBLEM_WRONG_LENGTH;
		lp->message = psprintf("a VIN has 17 characters, this one has %d%s",
							   counted,
							   separators ? " besides separators" : "");
		problems = lcons(lp, problems);
	}

	/*
	 * The check digit means something only for 17 characters of the alphabet;
	 * with other problems it is left until they are fixed.
	 */
	if (problems == NIL)
	{
		uint8		codes[VIN_LEN];
		VinParseResult r;

		if (vin_parse(s, len, codes, &r) != VIN_PARSE_OK)
			elog(ERROR, "VIN without problems failed to parse");
		if (vin_policy_requires_check(policy, codes[0]))
		{
			char		expected = vin_check_char(codes);

			if (expected != vin_char[codes[8]])
				problems = add_problem(problems, 9, VIN_PROBLEM_CHECK_DIGIT,
									   psprintf("check digit \"%c\" at position 9 does not match the computed \"%c\"",
												s[r.start + 8], expected));
		}
	}
	return problems;
}

/*
 * SQL functions
 */

PG_FUNCTION_INFO_V1(vin_is_well_formed_text);
PG_FUNCTION_INFO_V1(vin_check_digit_text);
PG_FUNCTION_INFO_V1(vin_is_valid_text);
PG_FUNCTION_INFO_V1(vin_problems_text);
PG_FUNCTION_INFO_V1(vin_normalize_text);
PG_FUNCTION_INFO_V1(vin_repair_text_sql);
PG_FUNCTION_INFO_V1(vin_with_check_digit_text);

Datum
vin_is_well_formed_text(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	uint8		codes[VIN_LEN];
	VinParseResult r;

	PG_RETURN_BOOL(vin_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t),
							 codes, &r) == VIN_PARSE_OK);
}

Datum
vin_check_digit_text(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	uint8		codes[VIN_LEN];
	VinParseResult r;
	char		c;

	if (vin_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), codes, &r) != VIN_PARSE_OK)
		PG_RETURN_NULL();
	c = vin_check_char(codes);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(&c, 1));
}

Datum
vin_is_valid_text(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	VinPolicy	policy = vin_policy_arg(fcinfo, 1);

	PG_RETURN_BOOL(vin_text_is_valid(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t),
									 policy));
}

Datum
vin_problems_text(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *t = PG_GETARG_TEXT_PP(0);
	VinPolicy	policy = vin_policy_from_name(text_to_cstring(PG_GETARG_TEXT_PP(1)));
	List	   *problems;
	ListCell   *lc;

	InitMaterializedSRF(fcinfo, 0);
	problems = vin_collect_problems(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t),
									policy);
	foreach(lc, problems)
	{
		VinProblem *p = (VinProblem *) lfirst(lc);
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		if (p->position > 0)
			values[0] = Int32GetDatum(p->position);
		else
			nulls[0] = true;
		values[1] = CStringGetTextDatum(p->code);
		values[2] = CStringGetTextDatum(p->message);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

Datum
vin_normalize_text(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	size_t		len = VARSIZE_ANY_EXHDR(t);
	text	   *result = palloc(VARHDRSZ + len);
	size_t		n;

	if (vin_folding())
		n = vin_normalize_utf8(VARDATA_ANY(t), len, VARDATA(result));
	else
		n = vin_normalize_bytes(VARDATA_ANY(t), len, VARDATA(result));
	SET_VARSIZE(result, VARHDRSZ + n);
	PG_RETURN_TEXT_P(result);
}

Datum
vin_repair_text_sql(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	VinPolicy	policy = vin_policy_arg(fcinfo, 1);
	Vin			repaired;
	Vin		   *result;

	if (!vin_repair_text(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), policy,
						 &repaired))
		PG_RETURN_NULL();
	result = palloc(sizeof(Vin));
	*result = repaired;
	PG_RETURN_VIN_P(result);
}

Datum
vin_with_check_digit_text(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	uint8		codes[VIN_LEN];
	VinParseResult r;
	Vin		   *result;

	if (vin_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), codes, &r) != VIN_PARSE_OK)
		PG_RETURN_NULL();
	codes[8] = (uint8) vin_rank((unsigned char) vin_check_char(codes));
	result = palloc(sizeof(Vin));
	vin_pack(codes, result->data);
	PG_RETURN_VIN_P(result);
}
