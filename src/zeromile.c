/*-------------------------------------------------------------------------
 *
 * zeromile.c
 *	  Module magic of the zeromile extension, and the few helpers its
 *	  files share; each concern has its own file.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "mb/pg_wchar.h"

#include "zeromile.h"

PG_MODULE_MAGIC;

char *
zm_quote_clipped(const char *s, size_t len, int max)
{
	int			clip;

	if (len <= (size_t) max)
		return pnstrdup(s, len);
	clip = pg_mbcliplen(s, (int) len, max);
	return psprintf("%s...", pnstrdup(s, clip));
}
