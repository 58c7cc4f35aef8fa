/*-------------------------------------------------------------------------
 *
 * vin_like.c
 *	  LIKE on vin (vin ~~ text, vin !~~ text) and starts_with(vin, text),
 *	  with a planner support function that turns a constant pattern's
 *	  fixed prefix into a range of the vin btree operator family, so that
 *	  "vin LIKE 'LSJ%'" on an indexed vin column is an index range scan.
 *
 * A vin is matched as its 17 upper-case characters, and the pattern's
 * ASCII letters are upper-cased first: a vin is case-insensitive on input,
 * so 'lsj%' finds what 'LSJ%' finds.  '%', '_' and the escape '\' keep
 * their meaning (LIKE ... ESCAPE 'x' reaches us rewritten to '\' escapes
 * by like_escape()).  Matching itself is the server's textlike under the
 * C collation.
 *
 * The index condition is the range of VINs with the pattern's fixed prefix,
 * as two vin constants (so the index compares 12 bytes, no text): from
 * the prefix padded with '0' up to the next prefix in alphabet order.  A
 * pattern that is its prefix and '%' (and starts_with) is exactly that
 * range; any other is rechecked on the range's rows.  A pattern with no
 * wildcard and 17 characters is an equality (one ending with the escape
 * character is not: it is rechecked, and fails or matches as text does).  Prefixes with a character
 * outside the VIN alphabet match no vin at all and are left to a plain
 * scan, as are patterns that start with a wildcard.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/stratnum.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/supportnodes.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "compat.h"
#include "vin_type.h"

PG_FUNCTION_INFO_V1(vin_like);
PG_FUNCTION_INFO_V1(vin_not_like);
PG_FUNCTION_INFO_V1(vin_starts_with);
PG_FUNCTION_INFO_V1(vin_like_support);

/* The pattern with its ASCII letters upper-cased (a new text) */
static text *
upper_pattern(text *pat)
{
	int			len = VARSIZE_ANY_EXHDR(pat);
	const char *p = VARDATA_ANY(pat);
	text	   *r = (text *) palloc(VARHDRSZ + len);
	char	   *d = VARDATA(r);
	int			i;

	SET_VARSIZE(r, VARHDRSZ + len);
	for (i = 0; i < len; i++)
		d[i] = (p[i] >= 'a' && p[i] <= 'z') ? p[i] - ('a' - 'A') : p[i];
	return r;
}

/*
 * The pattern upper-cased, kept per call site while the pattern's bytes
 * stay the same (it is nearly always a constant), with room for the vin's
 * characters as a text.
 */
typedef struct LikeCache
{
	text	   *pattern;		/* as given, in fn_mcxt */
	text	   *upper;			/* upper-cased, in fn_mcxt */
	char		vin[VARHDRSZ + VIN_LEN];	/* the vin as a text */
} LikeCache;

static bool
vin_like_internal(FunctionCallInfo fcinfo, Vin *v, text *pat)
{
	LikeCache  *c = (LikeCache *) fcinfo->flinfo->fn_extra;
	char		buf[VIN_LEN + 1];

	if (c == NULL)
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(LikeCache));
		SET_VARSIZE(c->vin, VARHDRSZ + VIN_LEN);
		fcinfo->flinfo->fn_extra = c;
	}
	if (c->pattern == NULL ||
		VARSIZE_ANY_EXHDR(c->pattern) != VARSIZE_ANY_EXHDR(pat) ||
		memcmp(VARDATA_ANY(c->pattern), VARDATA_ANY(pat),
			   VARSIZE_ANY_EXHDR(pat)) != 0)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

		if (c->pattern != NULL)
		{
			pfree(c->pattern);
			pfree(c->upper);
		}
		c->pattern = (text *) cstring_to_text_with_len(VARDATA_ANY(pat),
													   VARSIZE_ANY_EXHDR(pat));
		c->upper = upper_pattern(pat);
		MemoryContextSwitchTo(old);
	}
	vin_to_cstring(v, buf);
	memcpy(VARDATA(c->vin), buf, VIN_LEN);
	return DatumGetBool(DirectFunctionCall2Coll(textlike, C_COLLATION_OID,
												PointerGetDatum(c->vin),
												PointerGetDatum(c->upper)));
}

Datum
vin_like(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(vin_like_internal(fcinfo, PG_GETARG_VIN_P(0),
									 PG_GETARG_TEXT_PP(1)));
}

Datum
vin_not_like(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!vin_like_internal(fcinfo, PG_GETARG_VIN_P(0),
									  PG_GETARG_TEXT_PP(1)));
}

/* starts_with(vin, prefix): the prefix taken literally, letters upper-cased */
Datum
vin_starts_with(PG_FUNCTION_ARGS)
{
	Vin		   *v = PG_GETARG_VIN_P(0);
	text	   *prefix = upper_pattern(PG_GETARG_TEXT_PP(1));
	int			len = VARSIZE_ANY_EXHDR(prefix);
	char		buf[VIN_LEN + 1];

	vin_to_cstring(v, buf);
	PG_RETURN_BOOL(len <= VIN_LEN && memcmp(buf, VARDATA_ANY(prefix), len) == 0);
}

/*
 * The fixed prefix of an upper-cased pattern: the characters before the
 * first unescaped wildcard, escapes removed.  *exact when the pattern has
 * no wildcard.  With literal (starts_with) the whole pattern is the prefix.
 */
static char *
pattern_prefix(text *pat, bool literal, int *plen, bool *exact, bool *pure)
{
	int			len = VARSIZE_ANY_EXHDR(pat);
	const char *p = VARDATA_ANY(pat);
	char	   *prefix = palloc(len + 1);
	int			n = 0;
	int			i;

	*exact = false;
	*pure = literal;
	for (i = 0; i < len; i++)
	{
		if (literal)
		{
			prefix[n++] = p[i];
			continue;
		}
		if (p[i] == '%' || p[i] == '_')
			break;
		if (p[i] == '\\')
		{
			/*
			 * A trailing escape is no character: textlike never matches it
			 * (against 17 characters it answers false, against more it
			 * raises), so the pattern is no equality and is rechecked.
			 */
			if (i + 1 >= len)
				break;
			i++;
		}
		prefix[n++] = p[i];
	}
	if (!literal && i >= len)
		*exact = true;
	if (!literal && i < len)
	{
		/* the prefix, then only '%': every string with the prefix matches */
		int			j = i;

		while (j < len && p[j] == '%')
			j++;
		*pure = (j == len);
	}
	prefix[n] = '\0';
	*plen = n;
	return prefix;
}

static Const *
text_const(const char *s, int len)
{
	return makeConst(TEXTOID, -1, DEFAULT_COLLATION_OID, -1,
					 PointerGetDatum(cstring_to_text_with_len(s, len)),
					 false, false);
}

/* A vin constant of type vintype from 17 characters of the alphabet */
static Const *
vin_const(Oid vintype, const char *chars)
{
	return makeConst(vintype, -1, InvalidOid, sizeof(Vin),
					 PointerGetDatum(vin_from_text(chars, VIN_LEN)),
					 false, false);
}

/*
 * Planner support: SupportRequestIndexCondition for vin ~~ text and
 * starts_with(vin, text) with a constant pattern, on an index column whose
 * operator family has the vin-text comparisons (vin_ops).
 */
Datum
vin_like_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	SupportRequestIndexCondition *req;
	List	   *args;
	Node	   *leftop;
	Node	   *rightop;
	Const	   *patc;
	bool		literal;
	char	   *prefix;
	int			plen;
	bool		exact;
	bool		pure;
	int			i;
	Oid			vintype,
				ge_op,
				lt_op,
				eq_op;
	char		bound[VIN_LEN];
	List	   *conds;

	if (!IsA(rawreq, SupportRequestIndexCondition))
		PG_RETURN_POINTER(NULL);
	req = (SupportRequestIndexCondition *) rawreq;

	if (is_opclause(req->node))
	{
		OpExpr	   *op = (OpExpr *) req->node;

		args = op->args;
		literal = false;
	}
	else if (is_funcclause(req->node))
	{
		args = ((FuncExpr *) req->node)->args;
		literal = true;
	}
	else
		PG_RETURN_POINTER(NULL);

	if (list_length(args) != 2 || req->indexarg != 0)
		PG_RETURN_POINTER(NULL);
	leftop = (Node *) linitial(args);
	rightop = (Node *) lsecond(args);
	if (!IsA(rightop, Const) || ((Const *) rightop)->constisnull)
		PG_RETURN_POINTER(NULL);
	patc = (Const *) rightop;
	if (patc->consttype != TEXTOID)
		PG_RETURN_POINTER(NULL);

	prefix = pattern_prefix(upper_pattern(DatumGetTextPP(patc->constvalue)),
							literal, &plen, &exact, &pure);
	if (plen == 0 || plen > VIN_LEN)
		PG_RETURN_POINTER(NULL);
	/* a character outside the alphabet: no vin matches; no range */
	for (i = 0; i < plen; i++)
		if (vin_rank((unsigned char) prefix[i]) < 0)
			PG_RETURN_POINTER(NULL);

	vintype = exprType(leftop);
	eq_op = get_opfamily_member(req->opfamily, vintype, TEXTOID,
								BTEqualStrategyNumber);
	ge_op = get_opfamily_member(req->opfamily, vintype, vintype,
								BTGreaterEqualStrategyNumber);
	lt_op = get_opfamily_member(req->opfamily, vintype, vintype,
								BTLessStrategyNumber);
	if (!OidIsValid(eq_op) || !OidIsValid(ge_op) || !OidIsValid(lt_op))
		PG_RETURN_POINTER(NULL);

	if (exact && plen == VIN_LEN)
	{
		/* no wildcard: the pattern is one VIN, an exact equality */
		req->lossy = false;
		PG_RETURN_POINTER(list_make1(make_opclause(eq_op, BOOLOID, false,
												   (Expr *) leftop,
												   (Expr *) text_const(prefix, plen),
												   InvalidOid, InvalidOid)));
	}

	/*
	 * The range as two vins, compared byte for byte in the index: the least
	 * VIN with the prefix (padded with '0', the first character of the
	 * alphabet) up to, not including, the least VIN with the next prefix in
	 * alphabet order (the last character that is not 'Z' moved to the next
	 * character, the rest dropped).  VINs in between are exactly those with
	 * the prefix; without a next prefix (all 'Z') there is no upper bound.
	 * When the pattern is the prefix followed by '%' only (or starts_with's),
	 * the range holds nothing else, so the clause need not be rechecked;
	 * otherwise it is, on the range's rows.
	 */
	req->lossy = !pure;
	memset(bound, '0', VIN_LEN);
	memcpy(bound, prefix, plen);
	conds = list_make1(make_opclause(ge_op, BOOLOID, false, (Expr *) leftop,
									 (Expr *) vin_const(vintype, bound),
									 InvalidOid, InvalidOid));
	for (i = plen - 1; i >= 0; i--)
	{
		int			r = vin_rank((unsigned char) bound[i]);

		if (r + 1 < VIN_ALPHABET)
		{
			bound[i] = vin_char[r + 1];
			break;
		}
		bound[i] = '0';
	}
	if (i >= 0)
		conds = lappend(conds,
						make_opclause(lt_op, BOOLOID, false,
									  (Expr *) copyObject(leftop),
									  (Expr *) vin_const(vintype, bound),
									  InvalidOid, InvalidOid));
	PG_RETURN_POINTER(conds);
}
