/*-------------------------------------------------------------------------
 *
 * resale_facts.c
 *	  Readable summaries for BI tools and drivers: resale_facts(), every
 *	  accessor's value of a summary in one row of the composite type
 *	  resale_facts, and the cast of resale_summary to jsonb.
 *
 * Each field is computed by the accessors' own code (resale_agg.c), so a
 * field always equals its accessor: the tests check that on many
 * summaries.  The thresholds' arithmetic (R + within) is done in the
 * session's TimeZone, as resold_within does, or in the zone named by the
 * last argument.  The jsonb form carries the threshold-free facts, its
 * timestamps in ISO 8601 at UTC and its interval as an ISO 8601 duration,
 * so it depends on no setting.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/float.h"
#include "utils/json.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#include "compat.h"
#include "resale.h"

PG_FUNCTION_INFO_V1(resale_facts);
PG_FUNCTION_INFO_V1(resale_facts_at_zone);
PG_FUNCTION_INFO_V1(resale_summary_to_jsonb);
PG_FUNCTION_INFO_V1(resale_zero_mileage_reason);
PG_FUNCTION_INFO_V1(resale_zero_mileage_reason_zone);
PG_FUNCTION_INFO_V1(resale_km_below);

/* The fields of the composite type resale_facts, in order */
enum
{
	RF_REGISTERED_AT,
	RF_REGISTERED_BY,
	RF_INSURED_AT,
	RF_REGISTRATION_COUNT,
	RF_FIRST_RESALE_AT,
	RF_FIRST_RESALE_KIND,
	RF_FIRST_RESALE_SELLER,
	RF_RESALE_ODOMETER_KM,
	RF_RESALE_INTERVAL,
	RF_RESALE_DAYS,
	RF_FIRST_KNOWN_ODOMETER_AT,
	RF_FIRST_KNOWN_ODOMETER_KM,
	RF_RESALE_COUNT,
	RF_EVENTS_BEFORE_REGISTRATION,
	RF_RESOLD_WITHIN,
	RF_IS_ZERO_MILEAGE,
	RF_FIELDS_1_1_0,			/* the type as 1.1.0 made it ends here */
	RF_ZERO_MILEAGE_REASON = RF_FIELDS_1_1_0,
	RF_FIRST_EXPORT_AT,
	RF_EXPORTS_TRACKED,
	RF_EXPORTED_WITHIN,
	RF_NFIELDS
};

/* Names and types of the fields, checked against the catalogue once */
static const struct
{
	const char *name;
	Oid			type;			/* InvalidOid: one of the extension's enums */
}			rf_fields[RF_NFIELDS] =

{
	{"registered_at", TIMESTAMPTZOID},
	{"registered_by", TEXTOID},
	{"insured_at", TIMESTAMPTZOID},
	{"registration_count", INT8OID},
	{"first_resale_at", TIMESTAMPTZOID},
	{"first_resale_kind", InvalidOid},
	{"first_resale_seller", TEXTOID},
	{"resale_odometer_km", FLOAT8OID},
	{"resale_interval", INTERVALOID},
	{"resale_days", NUMERICOID},
	{"first_known_odometer_at", TIMESTAMPTZOID},
	{"first_known_odometer_km", FLOAT8OID},
	{"resale_count", INT8OID},
	{"events_before_registration", INT8OID},
	{"resold_within", BOOLOID},
	{"is_zero_mileage", BOOLOID},
	{"zero_mileage_reason", InvalidOid},
	{"first_export_at", TIMESTAMPTZOID},
	{"exports_tracked", BOOLOID},
	{"exported_within", BOOLOID},
};

/* What a call site keeps between calls (fn_extra) */
typedef struct RfCache
{
	TupleDesc	tupdesc;		/* blessed, in fn_mcxt */
	int			nfields;		/* RF_NFIELDS, or fewer before the update */
	Oid			label_oid[RS_NKINDS];
	Oid			reason_oid[RS_NREASONS];
	RsZoneCache zc;
} RfCache;

/*
 * The OIDs of the zero_mileage_reason labels, in enum order, for a function
 * of the extension: the type lives in the schema of that function.
 */
static void
rf_reason_labels_lookup(Oid fn_oid, Oid label_oid[RS_NREASONS])
{
	Oid			nsp = get_func_namespace(fn_oid);
	Oid			typ;
	int			k;

	typ = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
						  CStringGetDatum("zero_mileage_reason"),
						  ObjectIdGetDatum(nsp));
	if (!OidIsValid(typ))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("type \"zero_mileage_reason\" does not exist in schema \"%s\"",
						get_namespace_name(nsp)),
				 errhint("The zeromile extension is incompletely installed; reinstall it.")));
	for (k = 0; k < RS_NREASONS; k++)
	{
		label_oid[k] = GetSysCacheOid2(ENUMTYPOIDNAME, Anum_pg_enum_oid,
									   ObjectIdGetDatum(typ),
									   CStringGetDatum(rs_reason_labels[k]));
		if (!OidIsValid(label_oid[k]))
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("type \"zero_mileage_reason\" has no label \"%s\"",
							rs_reason_labels[k]),
					 errhint("The zeromile extension is incompletely installed; reinstall it.")));
	}
}

static RfCache *
rf_cache(FunctionCallInfo fcinfo)
{
	RfCache    *c = (RfCache *) fcinfo->flinfo->fn_extra;
	TupleDesc	tupdesc;
	MemoryContext old;
	int			i;

	if (likely(c != NULL))
		return c;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "resale_facts must return a composite type");
	c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(RfCache));
	rs_kind_labels_lookup(fcinfo->flinfo->fn_oid, c->label_oid);

	/*
	 * The type is the extension's: check it has not been altered.  A database
	 * not yet updated from 1.1.0 has its shorter form, whose fields are the
	 * first ones of today's: those are filled.
	 */
	if (tupdesc->natts != RF_NFIELDS && tupdesc->natts != RF_FIELDS_1_1_0)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("type \"resale_facts\" has %d attributes, expected %d",
						tupdesc->natts, RF_NFIELDS),
				 errhint("The zeromile extension is incompletely installed; reinstall it.")));
	c->nfields = tupdesc->natts;
	if (c->nfields > RF_ZERO_MILEAGE_REASON)
		rf_reason_labels_lookup(fcinfo->flinfo->fn_oid, c->reason_oid);
	for (i = 0; i < c->nfields; i++)
	{
		Form_pg_attribute att = TupleDescAttr(tupdesc, i);

		if (att->attisdropped ||
			strcmp(NameStr(att->attname), rf_fields[i].name) != 0 ||
			(OidIsValid(rf_fields[i].type) ?
			 att->atttypid != rf_fields[i].type :
			 !type_is_enum(att->atttypid)))
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("attribute %d of type \"resale_facts\" is not %s",
							i + 1, rf_fields[i].name),
					 errhint("The zeromile extension is incompletely installed; reinstall it.")));
	}

	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	c->tupdesc = BlessTupleDesc(CreateTupleDescCopy(tupdesc));
	MemoryContextSwitchTo(old);
	fcinfo->flinfo->fn_extra = c;
	return c;
}

/*
 * resale_days: the interval in days, rounded to 6 decimals (1e-6 day is
 * 86.4 ms), half away from zero, exactly: diff / 86400 microseconds is a
 * count of millionths of a day.  From 17 an infinite interval gives an
 * infinite number.
 */
static Datum
rf_days(const Interval *iv)
{
	int64		diff;
	int64		q,
				r;

#ifdef INTERVAL_NOT_FINITE
	if (INTERVAL_NOT_FINITE(iv))
		return DirectFunctionCall3(numeric_in,
								   CStringGetDatum(INTERVAL_IS_NOBEGIN(iv) ?
												   "-Infinity" : "Infinity"),
								   ObjectIdGetDatum(InvalidOid),
								   Int32GetDatum(-1));
#endif
	/* resale_interval has no months, and its days and time fit an int64 */
	if (iv->month != 0 ||
		pg_mul_s64_overflow(iv->day, USECS_PER_DAY, &diff) ||
		pg_add_s64_overflow(diff, iv->time, &diff))
		elog(ERROR, "unexpected resale interval");
	q = diff / SECS_PER_DAY;
	r = diff % SECS_PER_DAY;
	if (r >= SECS_PER_DAY / 2)
		q++;
	else if (r <= -SECS_PER_DAY / 2)
		q--;
	return NumericGetDatum(int64_div_fast_to_numeric(q, 6));
}

/* The facts of s, with R + within computed in zone (NULL: TimeZone) */
static Datum
rf_build(FunctionCallInfo fcinfo, RfCache *c, pg_tz *zone)
{
	ResaleSummary *s = PG_GETARG_RESALE_SUMMARY_P(0);
	Datum		within = PG_GETARG_DATUM(1);
	float8		max_km = PG_GETARG_FLOAT8(2);
	Datum		values[RF_NFIELDS];
	bool		nulls[RF_NFIELDS];
	const RsEvent *first = rs_first(s);
	TimestampTz known_at;
	float8		known_km;
	bool		has_reg = (s->flags & RS_HAS_REG) != 0;
	RsRegBy		rb = rs_regby(s);
	bool		isnull;
	bool		b;
	RsReason	why;
	Interval   *iv;

	memset(values, 0, sizeof(values));
	memset(nulls, true, sizeof(nulls));

	if (has_reg)
	{
		values[RF_REGISTERED_AT] = TimestampTzGetDatum(s->registered_at);
		nulls[RF_REGISTERED_AT] = false;
		values[RF_EVENTS_BEFORE_REGISTRATION] = Int64GetDatum(s->before_total);
		nulls[RF_EVENTS_BEFORE_REGISTRATION] = false;
	}
	if (rb.len >= 0)
	{
		values[RF_REGISTERED_BY] =
			PointerGetDatum(cstring_to_text_with_len(RS_HEAP(s) + rb.off,
													 rb.len));
		nulls[RF_REGISTERED_BY] = false;
	}
	if (s->flags & RS_HAS_INS)
	{
		values[RF_INSURED_AT] = TimestampTzGetDatum(s->insured_at);
		nulls[RF_INSURED_AT] = false;
	}
	values[RF_REGISTRATION_COUNT] = Int64GetDatum(s->registrations);
	nulls[RF_REGISTRATION_COUNT] = false;
	if (first != NULL)
	{
		values[RF_FIRST_RESALE_AT] = TimestampTzGetDatum(first->at);
		nulls[RF_FIRST_RESALE_AT] = false;
		values[RF_FIRST_RESALE_KIND] = ObjectIdGetDatum(c->label_oid[first->kind]);
		nulls[RF_FIRST_RESALE_KIND] = false;
		if (first->seller_len >= 0)
		{
			values[RF_FIRST_RESALE_SELLER] =
				PointerGetDatum(cstring_to_text_with_len(RS_SELLER(s, first),
														 first->seller_len));
			nulls[RF_FIRST_RESALE_SELLER] = false;
		}
		if (first->has_odometer)
		{
			values[RF_RESALE_ODOMETER_KM] = Float8GetDatum(first->odometer);
			nulls[RF_RESALE_ODOMETER_KM] = false;
		}
	}
	iv = rs_interval(s, &isnull);
	if (!isnull)
	{
		values[RF_RESALE_INTERVAL] = IntervalPGetDatum(iv);
		nulls[RF_RESALE_INTERVAL] = false;
		values[RF_RESALE_DAYS] = rf_days(iv);
		nulls[RF_RESALE_DAYS] = false;
	}
	if (rs_known(s, &known_at, &known_km))
	{
		values[RF_FIRST_KNOWN_ODOMETER_AT] = TimestampTzGetDatum(known_at);
		nulls[RF_FIRST_KNOWN_ODOMETER_AT] = false;
		values[RF_FIRST_KNOWN_ODOMETER_KM] = Float8GetDatum(known_km);
		nulls[RF_FIRST_KNOWN_ODOMETER_KM] = false;
	}
	values[RF_RESALE_COUNT] = Int64GetDatum(has_reg ? s->after : s->before_total);
	nulls[RF_RESALE_COUNT] = false;

	b = rs_resold_within(&c->zc, zone, s, within, &isnull);
	values[RF_RESOLD_WITHIN] = BoolGetDatum(b);
	nulls[RF_RESOLD_WITHIN] = isnull;
	why = rs_zero_mileage_reason(&c->zc, zone, s, within, max_km);
	values[RF_IS_ZERO_MILEAGE] = BoolGetDatum(why == RS_WHY_ZERO_MILEAGE);
	nulls[RF_IS_ZERO_MILEAGE] = why >= RS_WHY_FIRST_NULL;
	values[RF_ZERO_MILEAGE_REASON] = ObjectIdGetDatum(c->reason_oid[why]);
	nulls[RF_ZERO_MILEAGE_REASON] = false;
	if (rs_first_export(s, &known_at))
	{
		values[RF_FIRST_EXPORT_AT] = TimestampTzGetDatum(known_at);
		nulls[RF_FIRST_EXPORT_AT] = false;
	}
	values[RF_EXPORTS_TRACKED] = BoolGetDatum((s->flags & RS_EXPORTS) != 0);
	nulls[RF_EXPORTS_TRACKED] = false;
	b = rs_exported_within(&c->zc, zone, s, within, &isnull);
	values[RF_EXPORTED_WITHIN] = BoolGetDatum(b);
	nulls[RF_EXPORTED_WITHIN] = isnull;

	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(c->tupdesc, values, nulls)));
}

/* resale_facts(s, within, max_km): R + within in the session's TimeZone */
Datum
resale_facts(PG_FUNCTION_ARGS)
{
	return rf_build(fcinfo, rf_cache(fcinfo), NULL);
}

/*
 * resale_facts(s, within, max_km, time_zone): R + within in the named zone,
 * as resold_within(s, within, time_zone) takes it (rs_named_zone).
 */
Datum
resale_facts_at_zone(PG_FUNCTION_ARGS)
{
	RfCache    *c = rf_cache(fcinfo);

	return rf_build(fcinfo, c, rs_named_zone(PG_GETARG_TEXT_PP(3)));
}

/* ---------- zero_mileage_reason ---------- */

/* What a zero_mileage_reason call site keeps (fn_extra) */
typedef struct RfReasonCache
{
	Oid			reason_oid[RS_NREASONS];
	RsZoneCache zc;
} RfReasonCache;

static Datum
rf_reason(FunctionCallInfo fcinfo, pg_tz *zone)
{
	RfReasonCache *c = (RfReasonCache *) fcinfo->flinfo->fn_extra;
	ResaleSummary *s = PG_GETARG_RESALE_SUMMARY_P(0);
	RsReason	why;

	if (unlikely(c == NULL))
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
								   sizeof(RfReasonCache));
		rf_reason_labels_lookup(fcinfo->flinfo->fn_oid, c->reason_oid);
		fcinfo->flinfo->fn_extra = c;
	}
	why = rs_zero_mileage_reason(&c->zc, zone, s, PG_GETARG_DATUM(1),
								 PG_GETARG_FLOAT8(2));
	PG_RETURN_OID(c->reason_oid[why]);
}

/* zero_mileage_reason(s, within, max_km): R + within in TimeZone */
Datum
resale_zero_mileage_reason(PG_FUNCTION_ARGS)
{
	return rf_reason(fcinfo, NULL);
}

/* zero_mileage_reason(s, within, max_km, time_zone) */
Datum
resale_zero_mileage_reason_zone(PG_FUNCTION_ARGS)
{
	return rf_reason(fcinfo, rs_named_zone(PG_GETARG_TEXT_PP(3)));
}

/*
 * km_below(km): the largest float8 below km, so that "reading <= km_below(50)"
 * is exactly "reading < 50" for every reading (readings are finite).
 */
Datum
resale_km_below(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(nextafter(PG_GETARG_FLOAT8(0), -get_float8_infinity()));
}

/* ---------- resale_summary -> jsonb ---------- */

static void
rf_json_key(StringInfo buf, const char *key)
{
	if (buf->data[buf->len - 1] != '{')
		appendStringInfoChar(buf, ',');
	escape_json(buf, key);
	appendStringInfoChar(buf, ':');
}

/* A timestamp in ISO 8601 at UTC, as to_jsonb() writes it under UTC */
static void
rf_json_time(StringInfo buf, const char *key, bool present, TimestampTz t)
{
	char		tbuf[MAXDATELEN + 1];
	const int	utc = 0;

	rf_json_key(buf, key);
	if (!present)
	{
		appendStringInfoString(buf, "null");
		return;
	}
	JsonEncodeDateTime(tbuf, TimestampTzGetDatum(t), TIMESTAMPTZOID, &utc);
	escape_json(buf, tbuf);
}

static void
rf_json_int(StringInfo buf, const char *key, bool present, int64 n)
{
	rf_json_key(buf, key);
	if (present)
		appendStringInfo(buf, INT64_FORMAT, n);
	else
		appendStringInfoString(buf, "null");
}

/* Readings are finite (validated on input): always a JSON number */
static void
rf_json_km(StringInfo buf, const char *key, bool present, float8 km)
{
	rf_json_key(buf, key);
	if (present)
		appendStringInfoString(buf, float8out_internal(km));
	else
		appendStringInfoString(buf, "null");
}

/*
 * resale_summary::jsonb: every threshold-free fact, keyed by accessor name;
 * timestamps in ISO 8601 at UTC ("2025-03-30T02:00:00+00:00"), the
 * interval as an ISO 8601 duration ("P12DT23H") and resale_days as a
 * number.  It depends on no setting, so the cast is immutable.
 */
Datum
resale_summary_to_jsonb(PG_FUNCTION_ARGS)
{
	ResaleSummary *s = PG_GETARG_RESALE_SUMMARY_P(0);
	const RsEvent *first = rs_first(s);
	bool		has_reg = (s->flags & RS_HAS_REG) != 0;
	RsRegBy		rb = rs_regby(s);
	TimestampTz known_at = 0;
	float8		known_km = 0;
	bool		known = rs_known(s, &known_at, &known_km);
	bool		isnull;
	Interval   *iv = rs_interval(s, &isnull);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	rf_json_time(&buf, "registered_at", has_reg, s->registered_at);
	rf_json_key(&buf, "registered_by");
	if (rb.len >= 0)
	{
		/* registrants are text: valid in the encoding, with no zero byte */
		escape_json(&buf, pnstrdup(RS_HEAP(s) + rb.off, rb.len));
	}
	else
		appendStringInfoString(&buf, "null");
	rf_json_time(&buf, "insured_at", (s->flags & RS_HAS_INS) != 0,
				 s->insured_at);
	rf_json_int(&buf, "registration_count", true, s->registrations);
	rf_json_time(&buf, "first_resale_at", first != NULL,
				 first ? first->at : 0);
	rf_json_key(&buf, "first_resale_kind");
	if (first != NULL)
		escape_json(&buf, rs_kind_labels[first->kind]);
	else
		appendStringInfoString(&buf, "null");
	rf_json_key(&buf, "first_resale_seller");
	if (first != NULL && first->seller_len >= 0)
	{
		/* sellers are text: valid in the encoding, with no zero byte */
		char	   *seller = pnstrdup(RS_SELLER(s, first), first->seller_len);

		escape_json(&buf, seller);
	}
	else
		appendStringInfoString(&buf, "null");
	rf_json_km(&buf, "resale_odometer_km",
			   first != NULL && first->has_odometer,
			   first ? first->odometer : 0);
	rf_json_key(&buf, "resale_interval");
	if (isnull)
		appendStringInfoString(&buf, "null");
	else
	{
		char		ibuf[MAXDATELEN + 1];

#ifdef INTERVAL_NOT_FINITE
		if (INTERVAL_NOT_FINITE(iv))
			snprintf(ibuf, sizeof(ibuf), "%s",
					 INTERVAL_IS_NOBEGIN(iv) ? "-infinity" : "infinity");
		else
#endif
		{
			struct pg_itm itm;

			interval2itm(*iv, &itm);
			EncodeInterval(&itm, INTSTYLE_ISO_8601, ibuf);
		}
		escape_json(&buf, ibuf);
	}
	rf_json_key(&buf, "resale_days");
	if (isnull)
		appendStringInfoString(&buf, "null");
	else
	{
		Datum		days = rf_days(iv);

#ifdef INTERVAL_NOT_FINITE
		/* JSON has no infinite number */
		if (INTERVAL_NOT_FINITE(iv))
			escape_json(&buf, DatumGetCString(DirectFunctionCall1(numeric_out, days)));
		else
#endif
			appendStringInfoString(&buf,
								   DatumGetCString(DirectFunctionCall1(numeric_out, days)));
	}
	rf_json_time(&buf, "first_known_odometer_at", known, known_at);
	rf_json_km(&buf, "first_known_odometer_km", known, known_km);
	rf_json_int(&buf, "resale_count", true,
				has_reg ? s->after : s->before_total);
	rf_json_int(&buf, "events_before_registration", has_reg, s->before_total);
	{
		TimestampTz export_at = 0;
		bool		exported = rs_first_export(s, &export_at);

		rf_json_time(&buf, "first_export_at", exported, export_at);
		rf_json_key(&buf, "exports_tracked");
		appendStringInfoString(&buf, (s->flags & RS_EXPORTS) ? "true" : "false");
	}
	appendStringInfoChar(&buf, '}');

	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data)));
}
