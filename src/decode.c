/*-------------------------------------------------------------------------
 *
 * decode.c
 *	  SQL-callable VIN decoding: the WMI, VDS and VIS sections, plant and
 *	  serial, ISO 3780 region and country, model-year candidates and the
 *	  model year, and the guard trigger of the shipped WMI registry.
 *
 * A vin value is always 17 characters of the alphabet, so nothing here can
 * fail on a value; the rules themselves live in vin_core.c.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/dependency.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"

#include "vin_type.h"

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
PG_FUNCTION_INFO_V1(vin_wmi_registry_guard);

/* The 17 ranks of argument 0 */
static void
vin_arg_codes(FunctionCallInfo fcinfo, uint8 codes[VIN_LEN])
{
	Vin		   *v = PG_GETARG_VIN_P(0);

	vin_unpack(v->data, codes);
}

/* Positions from..to (1-based, inclusive) as text */
static text *
positions_text(const uint8 codes[VIN_LEN], int from, int to)
{
	char		buf[VIN_LEN];
	int			i;

	for (i = from; i <= to; i++)
		buf[i - from] = vin_char[codes[i - 1]];
	return cstring_to_text_with_len(buf, to - from + 1);
}

Datum
vin_wmi(PG_FUNCTION_ARGS)
{
	uint8		codes[VIN_LEN];
	char		buf[6];
	int			i;

	vin_arg_codes(fcinfo, codes);
	if (!vin_is_small_maker(codes))
		PG_RETURN_TEXT_P(positions_text(codes, 1, 3));
	/* small manufacturers: positions 1-3 and 12-14 */
	for (i = 0; i < 3; i++)
	{
		buf[i] = vin_char[codes[i]];
		buf[i + 3] = vin_char[codes[i + 11]];
	}
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, 6));
}

Datum
vin_vds(PG_FUNCTION_ARGS)
{
	uint8		codes[VIN_LEN];

	vin_arg_codes(fcinfo, codes);
	PG_RETURN_TEXT_P(positions_text(codes, 4, 9));
}

Datum
vin_vis(PG_FUNCTION_ARGS)
{
	uint8		codes[VIN_LEN];

	vin_arg_codes(fcinfo, codes);
	PG_RETURN_TEXT_P(positions_text(codes, 10, 17));
}

Datum
vin_plant(PG_FUNCTION_ARGS)
{
	uint8		codes[VIN_LEN];

	vin_arg_codes(fcinfo, codes);
	PG_RETURN_TEXT_P(positions_text(codes, 11, 11));
}

Datum
vin_serial(PG_FUNCTION_ARGS)
{
	uint8		codes[VIN_LEN];

	vin_arg_codes(fcinfo, codes);
	PG_RETURN_TEXT_P(positions_text(codes, vin_is_small_maker(codes) ? 15 : 12,
									17));
}

Datum
vin_region(PG_FUNCTION_ARGS)
{
	uint8		codes[VIN_LEN];
	const char *name;

	vin_arg_codes(fcinfo, codes);
	name = vin_region_name(codes[0]);
	if (name == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(name));
}

Datum
vin_country(PG_FUNCTION_ARGS)
{
	uint8		codes[VIN_LEN];
	const char *name;

	vin_arg_codes(fcinfo, codes);
	name = vin_country_name(codes[0], codes[1]);
	if (name == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(name));
}

Datum
vin_model_years(PG_FUNCTION_ARGS)
{
	uint8		codes[VIN_LEN];
	Datum		years[VIN_YEAR_CANDIDATES];
	int			k;
	int			n = 0;

	vin_arg_codes(fcinfo, codes);
	k = vin_year_index(codes[9]);
	if (k >= 0)
	{
		for (n = 0; n < VIN_YEAR_CANDIDATES; n++)
			years[n] = Int32GetDatum(VIN_YEAR_FIRST + k + n * VIN_YEAR_CYCLE);
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(years, n, INT4OID, sizeof(int32),
										  true, TYPALIGN_INT));
}

/*
 * The latest model year allowed for reference date as_of: its year + 1,
 * since a model year is sold from the calendar year before.  false when no
 * year can qualify (-infinity).
 */
static bool
max_model_year(DateADT as_of, int *max_year)
{
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
	j2date(as_of + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	*max_year = y + 1;
	return true;
}

static VinYearRule
pick_year(FunctionCallInfo fcinfo, int *year)
{
	uint8		codes[VIN_LEN];
	int			max_year;

	vin_arg_codes(fcinfo, codes);
	if (!max_model_year(PG_GETARG_DATEADT(1), &max_year))
		return VIN_YEAR_NONE;
	return vin_pick_model_year(codes, max_year, year);
}

Datum
vin_model_year(PG_FUNCTION_ARGS)
{
	int			year;

	if (pick_year(fcinfo, &year) == VIN_YEAR_NONE)
		PG_RETURN_NULL();
	PG_RETURN_INT32(year);
}

Datum
vin_model_year_rule(PG_FUNCTION_ARGS)
{
	int			year;

	switch (pick_year(fcinfo, &year))
	{
		case VIN_YEAR_NONE:
			PG_RETURN_NULL();
		case VIN_YEAR_POSITION_7:
			PG_RETURN_TEXT_P(cstring_to_text("position_7"));
		case VIN_YEAR_LATEST:
			PG_RETURN_TEXT_P(cstring_to_text("latest_candidate"));
	}
	elog(ERROR, "unexpected model year rule");
	PG_RETURN_NULL();			/* keep compiler quiet */
}

/*
 * Guard of the WMI registry.  pg_dump saves only the rows users add (the
 * table is registered with the filter "WHERE NOT shipped"), while CREATE
 * EXTENSION re-creates the shipped ones.  So a change to a shipped row
 * would silently vanish on restore, and a user row marked shipped would not
 * be dumped at all: refuse both outside the extension's own scripts.
 */
static bool
own_script_running(FunctionCallInfo fcinfo)
{
	/* another extension's script gets no more rights than a user */
	return creating_extension &&
		CurrentExtensionObject ==
		getExtensionOfObject(ProcedureRelationId, fcinfo->flinfo->fn_oid);
}

Datum
vin_wmi_registry_guard(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TupleDesc	tupdesc;
	int			attnum;
	HeapTuple	rettuple;
	bool		isnull;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("vin_wmi_registry_guard() was not called by the trigger manager")));
	if (!TRIGGER_FIRED_BEFORE(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("vin_wmi_registry_guard() must be fired BEFORE")));

	if (TRIGGER_FIRED_FOR_STATEMENT(trigdata->tg_event))
	{
		/* TRUNCATE would drop the shipped rows until the next restore */
		if (!own_script_running(fcinfo))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("cannot truncate the WMI registry"),
					 errdetail("The rows shipped with zeromile cannot be removed."),
					 errhint("Delete the rows you added with DELETE ... WHERE NOT shipped.")));
		return PointerGetDatum(NULL);
	}

	tupdesc = trigdata->tg_relation->rd_att;
	attnum = SPI_fnumber(tupdesc, "shipped");
	if (attnum <= 0)
		elog(ERROR, "WMI registry has no \"shipped\" column");

	if (TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
		rettuple = trigdata->tg_trigtuple;
	else
		rettuple = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ?
			trigdata->tg_newtuple : trigdata->tg_trigtuple;

	if (own_script_running(fcinfo))
		return PointerGetDatum(rettuple);

	if (!TRIGGER_FIRED_BY_INSERT(trigdata->tg_event) &&
		DatumGetBool(heap_getattr(trigdata->tg_trigtuple, attnum, tupdesc,
								  &isnull)))
	{
		char	   *wmi = SPI_getvalue(trigdata->tg_trigtuple, tupdesc,
									   SPI_fnumber(tupdesc, "wmi"));

		if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("cannot update WMI \"%s\": it is shipped with zeromile",
							wmi),
					 errdetail("Shipped rows are re-created by CREATE EXTENSION and not dumped, so the change would be lost on restore.")));
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot delete WMI \"%s\": it is shipped with zeromile",
						wmi),
				 errdetail("Shipped rows are re-created by CREATE EXTENSION and not dumped, so the change would be lost on restore.")));
	}

	if (!TRIGGER_FIRED_BY_DELETE(trigdata->tg_event) &&
		DatumGetBool(heap_getattr(rettuple, attnum, tupdesc, &isnull)))
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("only zeromile itself can add shipped WMIs"),
				 errdetail("Rows marked shipped are not dumped, so this one would be lost on restore."),
				 errhint("Leave the column \"shipped\" at its default, false.")));

	return PointerGetDatum(rettuple);
}
