/*-------------------------------------------------------------------------
 *
 * zeromile.c
 *	  Module magic for the zeromile extension; each concern has its own file.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"

PG_MODULE_MAGIC;
