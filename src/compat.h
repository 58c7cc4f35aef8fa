/*-------------------------------------------------------------------------
 *
 * compat.h
 *	  The differences between the PostgreSQL majors zeromile builds
 *	  against (15, 17, 18, 19: doc/versions.md), in one place.  The code is
 *	  written against the newest API; this header supplies it on older
 *	  servers.  Include it after postgres.h.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ZEROMILE_COMPAT_H
#define ZEROMILE_COMPAT_H

/*
 * 16 moved the varlena macros (VARSIZE, VARDATA_ANY, SET_VARSIZE...) out of
 * postgres.h into varatt.h.
 */
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

/*
 * 18 replaced pg_attribute_noreturn() (a GCC attribute, which could also
 * follow a declaration) with pg_noreturn (C11 _Noreturn, which must stand
 * among the specifiers: write it first).
 */
#ifndef pg_noreturn
#define pg_noreturn pg_attribute_noreturn()
#endif

/*
 * 16 gave stringToQualifiedNameList() a soft-error context; zeromile passes
 * NULL (errors are thrown), which is what 15's one-argument form does.
 */
#if PG_VERSION_NUM < 160000
#include "utils/regproc.h"
#define stringToQualifiedNameList(string, escontext) \
	stringToQualifiedNameList(string)
#endif

/*
 * 19 gave table_beginscan() a last argument, ScanOptions flags the caller
 * adds (SO_NONE for none); before 19 there were none to add.
 */
#if PG_VERSION_NUM < 190000
#include "access/tableam.h"
#define SO_NONE 0
#define table_beginscan(rel, snapshot, nkeys, key, flags) \
	table_beginscan(rel, snapshot, nkeys, key)
#endif

#endif							/* ZEROMILE_COMPAT_H */
