/*-------------------------------------------------------------------------
 *
 * vin_link.c
 *	  Linking masked and truncated VINs to registered ones
 *	  (doc/linking.md): vin_mask_pattern(text) and vin_mask_shape(text)
 *	  read a listing's VIN, vin_mask(vin, shape) masks a registered VIN the
 *	  same way, so that an equality on (shape, pattern) links them by a
 *	  hash or index join, and the aggregate vin_sole(vin) says whether
 *	  exactly one VIN fits.
 *
 * A shape is an integer bit mask of the masked positions: bit i - 1 for
 * position i.  A 16-character VIN (check digit dropped) reads as a
 * pattern with position 9 masked; its check digit is never computed.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include "compat.h"
#include "validate.h"
#include "vin_type.h"

/* Bit of position 9, the check digit */
#define SHAPE_CHECK_DIGIT	(1U << 8)

/*
 * Masks other than ASCII '*' and folding are defined over UTF-8 (as in
 * validate.c): in a database of another encoding only '*' is a mask.
 */
static inline bool
link_utf8(void)
{
	return GetDatabaseEncoding() == PG_UTF8;
}

/* Read argument 0 as a masked or truncated VIN; false when it is neither */
static bool
mask_read_arg(FunctionCallInfo fcinfo, char pattern[VIN_LEN], uint32 *shape)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	return vin_mask_read(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), link_utf8(),
						 pattern, shape) != VIN_MASKED_NONE;
}

PG_FUNCTION_INFO_V1(vin_mask_pattern_text);
Datum
vin_mask_pattern_text(PG_FUNCTION_ARGS)
{
	char		pattern[VIN_LEN];
	uint32		shape;

	if (!mask_read_arg(fcinfo, pattern, &shape))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(pattern, VIN_LEN));
}

PG_FUNCTION_INFO_V1(vin_mask_shape_text);
Datum
vin_mask_shape_text(PG_FUNCTION_ARGS)
{
	char		pattern[VIN_LEN];
	uint32		shape;

	if (!mask_read_arg(fcinfo, pattern, &shape))
		PG_RETURN_NULL();
	PG_RETURN_INT32((int32) shape);
}

/*
 * vin_mask(vin, shape integer, region text) returns text
 *
 * The VIN's 17 characters with the shape's positions masked.  Where the
 * shape shows the check digit, a VIN whose check digit the region policy
 * requires and which does not match it gives NULL: a listing is narrowed
 * by the check digit it shows, and a registered VIN failing its own check
 * digit is no candidate for it.
 */
PG_FUNCTION_INFO_V1(vin_mask_vin);
Datum
vin_mask_vin(PG_FUNCTION_ARGS)
{
	Vin		   *v = PG_GETARG_VIN_P(0);
	int32		shape = PG_GETARG_INT32(1);
	VinPolicy	policy = vin_policy_arg(fcinfo, 2);
	uint8		codes[VIN_LEN];
	text	   *result;

	if (shape < 0 || (uint32) shape > VIN_MASK_SHAPE_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid VIN mask shape %d", shape),
				 errdetail("A shape has bit i - 1 set for each masked position i of the 17, so it is from 0 to %u.",
						   VIN_MASK_SHAPE_MAX),
				 errhint("Take the shape from vin_mask_shape().")));

	vin_unpack(v->data, codes);
	if (!(shape & SHAPE_CHECK_DIGIT) &&
		vin_policy_requires_check(policy, codes[0]) &&
		vin_check_char(codes) != vin_char[codes[8]])
		PG_RETURN_NULL();

	result = (text *) palloc(VARHDRSZ + VIN_LEN);
	SET_VARSIZE(result, VARHDRSZ + VIN_LEN);
	vin_mask_codes(codes, (uint32) shape, VARDATA(result));
	PG_RETURN_TEXT_P(result);
}

/*
 * vin_sole(vin): the VIN when every non-NULL input is that one VIN, NULL
 * when there are none or two different ones.  The state is a vin: the
 * first input (the transition function is strict), then, once two differ,
 * a packed value no VIN has (all bits set), which only the aggregate's own
 * functions ever see: the transition function refuses to run outside an
 * aggregate.  The same function combines partial states.
 */
static const Vin sole_conflict = {
	{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}
};

static inline bool
sole_is_conflict(const Vin *v)
{
	return !vin_packed_is_valid(v->data);
}

PG_FUNCTION_INFO_V1(vin_sole_transfn);
Datum
vin_sole_transfn(PG_FUNCTION_ARGS)
{
	Vin		   *state = PG_GETARG_VIN_P(0);
	Vin		   *v = PG_GETARG_VIN_P(1);

	if (!AggCheckCallContext(fcinfo, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("vin_sole_transfn() can only be called by the aggregate vin_sole"),
				 errhint("Use vin_sole(vin).")));
	if (sole_is_conflict(state) ||
		memcmp(state->data, v->data, VIN_PACKED_LEN) == 0)
		PG_RETURN_VIN_P(state);
	if (sole_is_conflict(v))
		PG_RETURN_VIN_P(v);
	/* nodeAgg copies a returned value that is not the old state */
	PG_RETURN_VIN_P(unconstify(Vin *, &sole_conflict));
}

PG_FUNCTION_INFO_V1(vin_sole_finalfn);
Datum
vin_sole_finalfn(PG_FUNCTION_ARGS)
{
	Vin		   *state;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	state = PG_GETARG_VIN_P(0);
	if (sole_is_conflict(state))
		PG_RETURN_NULL();
	PG_RETURN_VIN_P(state);
}
