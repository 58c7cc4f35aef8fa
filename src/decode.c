/*-------------------------------------------------------------------------
 *
 * decode.c
 *	  SQL-callable VIN decoding: the WMI, VDS and VIS sections, plant and
 *	  serial, ISO 3780 region and country, model-year candidates and the
 *	  model year, the owner from the WMI registry, and all of them at once.
 *
 * A vin value is always 17 characters of the alphabet, so nothing here can
 * fail on a value; the rules themselves live in vin_core.c, the registry in
 * wmi_registry.c.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/memutils.h"

#include "compat.h"
#include "vin_type.h"
#include "wmi_registry.h"

PG_FUNCTION_INFO_V1(vin_wmi);
PG_FUNCTION_INFO_V1(vin_vds);
PG_FUNCTION_INFO_V1(vin_vis);
PG_FUNCTION_INFO_V1(vin_plant);
PG_FUNCTION_INFO_V1(vin_serial);
PG_FUNCTION_INFO_V1(vin_region);
PG_FUNCTION_INFO_V1(vin_country);
PG_FUNCTION_INFO_V1(vin_model_years);
PG_FUNCTION_INFO_V1(vin_model_year);
PG_FUNCTION_INFO_V1(vin_model_year_rule);
PG_FUNCTION_INFO_V1(vin_manufacturer);
PG_FUNCTION_INFO_V1(vin_vehicle_type);
PG_FUNCTION_INFO_V1(vin_decode);

/* The 17 ranks of argument 0 */
static void
vin_arg_codes(FunctionCallInfo fcinfo, uint8 codes[VIN_LEN])
{
	Vin		   *v = PG_GETARG_VIN_P(0);

	vin_unpack(v->data, codes);
}

/*
 * The sections after the WMI (which vin_packed_wmi reads from the packed
 * value) of a VIN given as its 17 characters, into out (at most 8
 * characters); returns how many.
 */
typedef enum VinSection
{
	SECTION_VDS,
	SECTION_VIS,
	SECTION_PLANT,
	SECTION_SERIAL
} VinSection;

static inline int
section_chars(const char vin[VIN_LEN], VinSection section, char *out)
{
	/* small manufacturers: position 3 is 9 */
	bool		small = (vin[2] == '9');
	int			from;
	int			n;

	switch (section)
	{
		case SECTION_VDS:
			from = 4, n = 6;
			break;
		case SECTION_VIS:
			from = 10, n = 8;
			break;
		case SECTION_PLANT:
			from = 11, n = 1;
			break;
		case SECTION_SERIAL:
			from = small ? 15 : 12, n = 18 - from;
			break;
		default:
			elog(ERROR, "unexpected VIN section %d", (int) section);
			return 0;			/* keep compiler quiet */
	}
	memcpy(out, vin + from - 1, n);
	return n;
}

/* Section of argument 0 as a new text */
static Datum
section_text(FunctionCallInfo fcinfo, VinSection section)
{
	uint8		codes[VIN_LEN];
	char		vin[VIN_LEN];
	char		buf[8];

	vin_arg_codes(fcinfo, codes);
	vin_codes_to_text(codes, vin);
	return PointerGetDatum(cstring_to_text_with_len(buf,
													section_chars(vin, section, buf)));
}

/*
 * The values that depend on one or two characters only, made once per
 * backend: region and country names, model-year candidates and the names
 * of the model-year rules.  NULL where there is none.
 */
typedef struct FixedValues
{
	bool		made;
	text	   *region[VIN_ALPHABET];
	text	   *country[VIN_ALPHABET * VIN_ALPHABET];
	ArrayType  *model_years[VIN_ALPHABET];	/* by the position-10 rank */
	text	   *rule[3];		/* by VinYearRule */
} FixedValues;

static FixedValues fixed;

static void
make_fixed(void)
{
	MemoryContext oldcxt;
	int			r1,
				r2;

	oldcxt = MemoryContextSwitchTo(TopMemoryContext);
	for (r1 = 0; r1 < VIN_ALPHABET; r1++)
	{
		const char *name = vin_region_name(r1);
		Datum		years[VIN_YEAR_CANDIDATES];
		int			k = vin_year_index(r1);
		int			n = 0;

		fixed.region[r1] = name ? cstring_to_text(name) : NULL;
		for (r2 = 0; r2 < VIN_ALPHABET; r2++)
		{
			name = vin_country_name(r1, r2);
			fixed.country[r1 * VIN_ALPHABET + r2] =
				name ? cstring_to_text(name) : NULL;
		}
		if (k >= 0)
		{
			for (n = 0; n < VIN_YEAR_CANDIDATES; n++)
				years[n] = Int32GetDatum(VIN_YEAR_FIRST + k + n * VIN_YEAR_CYCLE);
		}
		fixed.model_years[r1] = construct_array(years, n, INT4OID,
												sizeof(int32), true,
												TYPALIGN_INT);
	}
	fixed.rule[VIN_YEAR_NONE] = NULL;
	fixed.rule[VIN_YEAR_POSITION_7] = cstring_to_text("position_7");
	fixed.rule[VIN_YEAR_LATEST] = cstring_to_text("latest_candidate");
	MemoryContextSwitchTo(oldcxt);
	fixed.made = true;
}

static inline text *
fixed_region(const uint8 codes[VIN_LEN])
{
	if (unlikely(!fixed.made))
		make_fixed();
	return fixed.region[codes[0]];
}

static inline text *
fixed_country(const uint8 codes[VIN_LEN])
{
	if (unlikely(!fixed.made))
		make_fixed();
	return fixed.country[codes[0] * VIN_ALPHABET + codes[1]];
}

static inline ArrayType *
fixed_model_years(const uint8 codes[VIN_LEN])
{
	if (unlikely(!fixed.made))
		make_fixed();
	return fixed.model_years[codes[9]];
}

static inline text *
fixed_rule(VinYearRule rule)
{
	if (unlikely(!fixed.made))
		make_fixed();
	if ((int) rule < 0 || (int) rule > VIN_YEAR_LATEST)
		elog(ERROR, "unexpected model year rule %d", (int) rule);
	return fixed.rule[rule];
}

/* A fixed value as the result of a function (which may not return it) */
static Datum
copy_or_null(FunctionCallInfo fcinfo, const void *value)
{
	if (value == NULL)
	{
		fcinfo->isnull = true;
		return (Datum) 0;
	}
	return PointerGetDatum(PG_DETOAST_DATUM_COPY(PointerGetDatum(value)));
}

/*
 * The latest model year allowed for reference date as_of: its year + 1,
 * since a model year is sold from the calendar year before.  false when no
 * year can qualify (-infinity).
 */
static bool
max_model_year(DateADT as_of, int *max_year)
{
	/* a query passes the same date row after row: remember the last */
	static bool known = false;
	static DateADT known_as_of;
	static int	known_max;
	int			y,
				m,
				d;

	if (DATE_IS_NOBEGIN(as_of))
		return false;
	if (DATE_IS_NOEND(as_of))
	{
		*max_year = PG_INT32_MAX;
		return true;
	}
	if (!known || as_of != known_as_of)
	{
		j2date(as_of + POSTGRES_EPOCH_JDATE, &y, &m, &d);
		known_max = y + 1;
		known_as_of = as_of;
		known = true;
	}
	*max_year = known_max;
	return true;
}

static VinYearRule
pick_year(const uint8 codes[VIN_LEN], DateADT as_of, int *year)
{
	int			max_year;

	if (!max_model_year(as_of, &max_year))
		return VIN_YEAR_NONE;
	return vin_pick_model_year(codes, max_year, year);
}

Datum
vin_wmi(PG_FUNCTION_ARGS)
{
	char		buf[6];

	/* from the packed value: the scan-speed path of GROUP BY vin_wmi(vin) */
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf,
											  vin_packed_wmi(PG_GETARG_VIN_P(0)->data,
															 buf)));
}

Datum
vin_vds(PG_FUNCTION_ARGS)
{
	return section_text(fcinfo, SECTION_VDS);
}

Datum
vin_vis(PG_FUNCTION_ARGS)
{
	return section_text(fcinfo, SECTION_VIS);
}

Datum
vin_plant(PG_FUNCTION_ARGS)
{
	return section_text(fcinfo, SECTION_PLANT);
}

Datum
vin_serial(PG_FUNCTION_ARGS)
{
	return section_text(fcinfo, SECTION_SERIAL);
}

Datum
vin_region(PG_FUNCTION_ARGS)
{
	uint8		codes[VIN_LEN];

	vin_arg_codes(fcinfo, codes);
	return copy_or_null(fcinfo, fixed_region(codes));
}

Datum
vin_country(PG_FUNCTION_ARGS)
{
	uint8		codes[VIN_LEN];

	vin_arg_codes(fcinfo, codes);
	return copy_or_null(fcinfo, fixed_country(codes));
}

Datum
vin_model_years(PG_FUNCTION_ARGS)
{
	uint8		codes[VIN_LEN];

	vin_arg_codes(fcinfo, codes);
	return copy_or_null(fcinfo, fixed_model_years(codes));
}

Datum
vin_model_year(PG_FUNCTION_ARGS)
{
	uint8		codes[VIN_LEN];
	int			year;

	vin_arg_codes(fcinfo, codes);
	if (pick_year(codes, PG_GETARG_DATEADT(1), &year) == VIN_YEAR_NONE)
		PG_RETURN_NULL();
	PG_RETURN_INT32(year);
}

Datum
vin_model_year_rule(PG_FUNCTION_ARGS)
{
	uint8		codes[VIN_LEN];
	int			year;

	vin_arg_codes(fcinfo, codes);
	return copy_or_null(fcinfo,
						fixed_rule(pick_year(codes, PG_GETARG_DATEADT(1),
											 &year)));
}

Datum
vin_manufacturer(PG_FUNCTION_ARGS)
{
	WmiReader  *reader = (WmiReader *) fcinfo->flinfo->fn_extra;

	if (reader == NULL)
	{
		reader = wmi_reader_create(fcinfo->flinfo);
		fcinfo->flinfo->fn_extra = reader;
	}
	/* a copy: the cache may go before the result does */
	return copy_or_null(fcinfo,
						wmi_cache_manufacturer(wmi_reader_cache(reader),
											   PG_GETARG_VIN_P(0)));
}

/* The vehicle type of the VIN's WMI, from the same cache */
Datum
vin_vehicle_type(PG_FUNCTION_ARGS)
{
	WmiReader  *reader = (WmiReader *) fcinfo->flinfo->fn_extra;

	if (reader == NULL)
	{
		reader = wmi_reader_create(fcinfo->flinfo);
		reader->column = "vehicle_type";
		fcinfo->flinfo->fn_extra = reader;
	}
	return copy_or_null(fcinfo,
						wmi_cache_vehicle_type(wmi_reader_cache(reader),
											   PG_GETARG_VIN_P(0)));
}

/*
 * vin_decode: every field above in one record, formed in one pass from
 * values that need no allocation of their own: the sections in a local
 * buffer, the rest from the fixed values and the registry cache (the tuple
 * copies them).
 *
 * SELECT (vin_decode(v, d)).* is expanded by PostgreSQL into one call per
 * field, each with its own call site.  So the last record is kept, keyed by
 * its arguments and the registry it read, and the other calls for the same
 * row return a copy of it instead of decoding again.
 */
enum
{
	DECODE_WMI,
	DECODE_VDS,
	DECODE_VIS,
	DECODE_PLANT,
	DECODE_SERIAL,
	DECODE_REGION,
	DECODE_COUNTRY,
	DECODE_MANUFACTURER,
	DECODE_MODEL_YEARS,
	DECODE_MODEL_YEAR,
	DECODE_MODEL_YEAR_RULE,
	DECODE_FIELDS
};

typedef struct DecodeCallSite
{
	WmiReader  *reader;
	TupleDesc	tupdesc;
} DecodeCallSite;

typedef struct DecodeMemo
{
	/* the arguments of the last call, and the registry it read */
	bool		valid;
	Vin			vin;
	DateADT		as_of;
	uint64		registry;		/* serial of the cache */
	int32		typmod;			/* the record type */

	/*
	 * Its record, kept only while calls repeat (keeping one costs a copy per
	 * row, which a query calling once per row would pay for nothing): from a
	 * repeat that could not be served, until 16 records in a row were kept in
	 * vain.
	 */
	bool		keep;
	int			kept_in_vain;
	bool		kept;			/* the record is in buffer */
	bool		reused;			/* and served a call */
	uint32		len;
	uint32		space;
	HeapTupleHeader buffer;		/* space bytes, in TopMemoryContext */
} DecodeMemo;

static DecodeMemo last_decode;

/* A fixed value as a field of a record (which copies it) */
static inline Datum
field(const void *value, bool *isnull)
{
	*isnull = (value == NULL);
	return PointerGetDatum(value);
}

Datum
vin_decode(PG_FUNCTION_ARGS)
{
	DecodeCallSite *site = (DecodeCallSite *) fcinfo->flinfo->fn_extra;
	Vin		   *v = PG_GETARG_VIN_P(0);
	DateADT		as_of = PG_GETARG_DATEADT(1);
	const WmiCache *registry;
	uint8		codes[VIN_LEN];
	char		chars[VIN_LEN];
	Datum		values[DECODE_FIELDS];
	bool		nulls[DECODE_FIELDS] = {0};
	char		wmi[VARHDRSZ_SHORT + 6];
	char		sections[SECTION_SERIAL + 1][VARHDRSZ_SHORT + 8];
	int			year = 0;
	VinYearRule rule;
	HeapTuple	tuple;
	HeapTupleHeader result;
	int			i;

	if (site == NULL)
	{
		TupleDesc	tupdesc;
		MemoryContext oldcxt;

		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE ||
			tupdesc->natts != DECODE_FIELDS)
			elog(ERROR, "vin_decode must return a record of %d fields",
				 DECODE_FIELDS);
		site = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt,
								  sizeof(DecodeCallSite));
		site->reader = wmi_reader_create(fcinfo->flinfo);
		oldcxt = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		site->tupdesc = BlessTupleDesc(CreateTupleDescCopy(tupdesc));
		MemoryContextSwitchTo(oldcxt);
		fcinfo->flinfo->fn_extra = site;
	}

	registry = wmi_reader_cache(site->reader);
	if (last_decode.valid &&
		last_decode.registry == wmi_cache_serial(registry) &&
		last_decode.as_of == as_of &&
		last_decode.typmod == site->tupdesc->tdtypmod &&
		memcmp(last_decode.vin.data, v->data, VIN_PACKED_LEN) == 0)
	{
		if (last_decode.kept)
		{
			result = palloc(last_decode.len);
			memcpy(result, last_decode.buffer, last_decode.len);
			last_decode.reused = true;
			last_decode.kept_in_vain = 0;
			PG_RETURN_HEAPTUPLEHEADER(result);
		}
		last_decode.keep = true;
		last_decode.kept_in_vain = 0;
	}
	else if (last_decode.kept && !last_decode.reused &&
			 ++last_decode.kept_in_vain >= 16)
		last_decode.keep = false;

	vin_unpack(v->data, codes);
	vin_codes_to_text(codes, chars);
	SET_VARSIZE_SHORT(wmi, VARHDRSZ_SHORT +
					  vin_packed_wmi(v->data, wmi + VARHDRSZ_SHORT));
	values[DECODE_WMI] = PointerGetDatum(wmi);
	for (i = SECTION_VDS; i <= SECTION_SERIAL; i++)
	{
		char	   *buf = sections[i];

		/* the fields after the WMI are in the order of the sections */
		SET_VARSIZE_SHORT(buf, VARHDRSZ_SHORT +
						  section_chars(chars, (VinSection) i,
										buf + VARHDRSZ_SHORT));
		values[DECODE_VDS + i] = PointerGetDatum(buf);
	}
	values[DECODE_REGION] = field(fixed_region(codes), &nulls[DECODE_REGION]);
	values[DECODE_COUNTRY] = field(fixed_country(codes),
								   &nulls[DECODE_COUNTRY]);
	values[DECODE_MANUFACTURER] = field(wmi_cache_manufacturer(registry, v),
										&nulls[DECODE_MANUFACTURER]);
	values[DECODE_MODEL_YEARS] = field(fixed_model_years(codes),
									   &nulls[DECODE_MODEL_YEARS]);
	rule = pick_year(codes, as_of, &year);
	values[DECODE_MODEL_YEAR] = Int32GetDatum(year);
	nulls[DECODE_MODEL_YEAR] = (rule == VIN_YEAR_NONE);
	values[DECODE_MODEL_YEAR_RULE] = field(fixed_rule(rule),
										   &nulls[DECODE_MODEL_YEAR_RULE]);

	tuple = heap_form_tuple(site->tupdesc, values, nulls);
	result = tuple->t_data;

	last_decode.valid = true;
	last_decode.vin = *v;
	last_decode.as_of = as_of;
	last_decode.registry = wmi_cache_serial(registry);
	last_decode.typmod = site->tupdesc->tdtypmod;
	last_decode.reused = false;
	last_decode.kept = false;
	if (last_decode.keep)
	{
		/* for the other fields' calls on this row */
		if (last_decode.space < tuple->t_len)
		{
			uint32		space = Max(tuple->t_len, 256);

			if (last_decode.buffer != NULL)
				pfree(last_decode.buffer);
			last_decode.buffer = NULL;
			last_decode.space = 0;
			last_decode.buffer = MemoryContextAlloc(TopMemoryContext, space);
			last_decode.space = space;
		}
		memcpy(last_decode.buffer, result, tuple->t_len);
		last_decode.len = tuple->t_len;
		last_decode.kept = true;
	}

	PG_RETURN_HEAPTUPLEHEADER(result);
}
