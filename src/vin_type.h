/*-------------------------------------------------------------------------
 *
 * vin_type.h
 *	  The vin data type as PostgreSQL sees it: a 12-byte pass-by-reference
 *	  value holding the packed form of vin_core.h.
 *
 *-------------------------------------------------------------------------
 */
#ifndef VIN_TYPE_H
#define VIN_TYPE_H

#include "fmgr.h"

#include "vin_core.h"

typedef struct Vin
{
	uint8		data[VIN_PACKED_LEN];
} Vin;

#define DatumGetVinP(X)		((Vin *) DatumGetPointer(X))
#define VinPGetDatum(X)		PointerGetDatum(X)
#define PG_GETARG_VIN_P(n)	DatumGetVinP(PG_GETARG_DATUM(n))
#define PG_RETURN_VIN_P(x)	return VinPGetDatum(x)

/*
 * Parse text (not necessarily NUL-terminated) into a new palloc'd Vin,
 * raising 22P02 with the details the type promises on failure.
 */
extern Vin *vin_from_text(const char *s, size_t len);

/* 17 upper-case characters plus a NUL, into buf */
extern void vin_to_cstring(const Vin *v, char buf[VIN_LEN + 1]);

#endif							/* VIN_TYPE_H */
