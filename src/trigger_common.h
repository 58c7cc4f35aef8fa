/*-------------------------------------------------------------------------
 *
 * trigger_common.h
 *	  Catalogue look-ups shared by the vin_guard and resale_track triggers:
 *	  the extension's own types, relation and column names from trigger
 *	  arguments.  Every name is resolved through the catalogue and every
 *	  name that goes into SQL is quoted from its catalogue spelling.
 *
 *-------------------------------------------------------------------------
 */
#ifndef TRIGGER_COMMON_H
#define TRIGGER_COMMON_H

#include "utils/relcache.h"

/*
 * The OID of the type called typname in the schema of function funcoid (the
 * extension's schema), or an error if it is missing there.
 */
extern Oid	zm_extension_type(Oid funcoid, const char *typname);

/* The extension's schema, quoted, for building SQL */
extern char *zm_extension_schema_quoted(Oid funcoid);

/* Schema-qualified, quoted name of a relation */
extern char *zm_relation_name_quoted(Oid relid);

/*
 * Resolve a schema-qualified (possibly quoted) relation name given as a
 * trigger argument, for the purpose described by role (used in errors:
 * "quarantine table", "summary table").  It must be a table or a
 * partitioned table; an empty or malformed name is refused with 42602, an
 * unqualified one with 22023.
 */
extern Oid	zm_resolve_table(const char *name, const char *role,
							 const char *trigname);

/*
 * Attribute number of column colname (exact spelling, as stored in the
 * catalogue) of rel, or 0 if missing and missing_ok.  Errors name the
 * trigger and the role of the column ("VIN column", ...).
 */
extern AttrNumber zm_column(Relation rel, const char *colname,
							const char *role, const char *trigname,
							bool missing_ok);

#endif							/* TRIGGER_COMMON_H */
