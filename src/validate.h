/*-------------------------------------------------------------------------
 *
 * validate.h
 *	  VIN validation for C callers (the SQL functions in validate.c and the
 *	  trigger helpers): region policies, problem lists, repair.
 *
 * None of these raise an error for a bad VIN; they report.  The only error
 * they raise is for a caller mistake: an unknown policy name.
 *
 *-------------------------------------------------------------------------
 */
#ifndef VALIDATE_H
#define VALIDATE_H

#include "nodes/pg_list.h"

#include "vin_type.h"

/*
 * Where the check digit (position 9) must match:
 *	AUTO	North American (first character 1-5 or 7) and Chinese (L or H)
 *			VINs only, since it is optional elsewhere (Europe);
 *	STRICT	every VIN;
 *	NONE	never: structure only.
 */
typedef enum VinPolicy
{
	VIN_POLICY_AUTO,
	VIN_POLICY_STRICT,
	VIN_POLICY_NONE
} VinPolicy;

/*
 * One problem found in a text VIN.  position is the 1-based character
 * position (in the server encoding) counted from the first non-blank
 * character of the input, or 0 when the problem has no position (the
 * length).  A masked run is one problem at its first position, with
 * length its characters (0 for every other problem).  code is one of the
 * stable identifiers below; message is a palloc'd English sentence naming
 * the offending character itself.
 */
typedef struct VinProblem
{
	int			position;
	int			length;			/* masked: characters in the run; else 0 */
	const char *code;
	char	   *message;
} VinProblem;

/* The stable problem codes (documented in doc/validation.md) */
#define VIN_PROBLEM_EMPTY				"empty"
#define VIN_PROBLEM_WRONG_LENGTH		"wrong_length"
#define VIN_PROBLEM_ILLEGAL_CHARACTER	"illegal_character"
#define VIN_PROBLEM_LETTER_I			"letter_i_for_one"
#define VIN_PROBLEM_LETTER_O			"letter_o_for_zero"
#define VIN_PROBLEM_LETTER_Q			"letter_q_for_zero"
#define VIN_PROBLEM_SEPARATOR			"separator"
#define VIN_PROBLEM_CHECK_DIGIT			"check_digit_mismatch"
/* A run of mask characters (vin_core.h): not fixed, linked (vin_link.c) */
#define VIN_PROBLEM_MASKED				"masked"
/* Folded in UTF8 databases (vin_core.h): fixed by vin_repair */
#define VIN_PROBLEM_FULLWIDTH			"fullwidth_character"
#define VIN_PROBLEM_UNICODE_SPACE		"unicode_space"
#define VIN_PROBLEM_INVISIBLE			"invisible_character"
#define VIN_PROBLEM_UNICODE_SEPARATOR	"unicode_separator"

/*
 * The policy called name ('auto', 'strict' or 'none', case-insensitive);
 * raises 22023 (invalid_parameter_value) listing the accepted names for any
 * other.
 */
extern VinPolicy vin_policy_from_name(const char *name);

/*
 * The policy named by text argument argno, parsed once per call site (the
 * name is nearly always a constant).
 */
extern VinPolicy vin_policy_arg(FunctionCallInfo fcinfo, int argno);

/* Does the policy require a matching check digit for this first rank? */
extern bool vin_policy_requires_check(VinPolicy policy, int first_rank);

/*
 * Well formed (trimmed, 17 characters of the VIN alphabet in any case) and,
 * where the policy requires it, a matching check digit.  s need not be
 * NUL-terminated.  Never allocates.
 */
extern bool vin_text_is_valid(const char *s, size_t len, VinPolicy policy);

/*
 * Every problem of s under the policy, as a List of VinProblem *, in
 * position order with the length problem first; NIL exactly when
 * vin_text_is_valid(s, len, policy).  Allocates in CurrentMemoryContext.
 */
extern List *vin_collect_problems(const char *s, size_t len, VinPolicy policy);

/*
 * The vin_repair rules: in a UTF8 database, read full-width characters as
 * ASCII and remove Unicode spaces, invisible characters and separators
 * (vin_core.h); remove whitespace and the separators - . _ /, upper-case,
 * replace I with 1 and O and Q with 0; if the result is valid
 * under the policy, store it in *out and return true, else return false
 * (leaving *out unspecified).  Never allocates.
 */
extern bool vin_repair_text(const char *s, size_t len, VinPolicy policy,
							Vin *out);

#endif							/* VALIDATE_H */
