/*-------------------------------------------------------------------------
 *
 * plate_core.h
 *	  Mainland Chinese licence plates (GA 36-2018 and the rules around it)
 *	  with no PostgreSQL dependency: normalization of display forms,
 *	  validation, decoding and problem lists, over UTF-8.
 *
 * The rules, their sources and the contested points are in doc/plates.md
 * (from ../shared/plates.md; rule names R-... are that file's).  Like
 * vin_core, this is plain C99 so that it can be unit-tested and fuzzed
 * without a server; src/plates.c converts from and to the database
 * encoding and builds datums and messages.
 *
 *-------------------------------------------------------------------------
 */
#ifndef PLATE_CORE_H
#define PLATE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest plate, in characters (new-energy and 应急 plates) */
#define PLATE_MAX_CHARS		8

/* Characters of the compact form kept for diagnosis (the rest are counted) */
#define PLATE_SCAN_CHARS	16

/* Bytes of the longest canonical form: 8 characters of up to 3 bytes */
#define PLATE_MAX_BYTES		(PLATE_MAX_CHARS * 3)

#define PLATE_NPROVINCES	31

typedef enum PlateKind
{
	PLATE_INVALID = 0,
	PLATE_ORDINARY,
	PLATE_NEW_ENERGY_SMALL,
	PLATE_NEW_ENERGY_LARGE,
	PLATE_COACH,
	PLATE_POLICE,
	PLATE_TRAILER,
	PLATE_HONG_KONG_MACAU,
	PLATE_EMBASSY,
	PLATE_CONSULATE,
	PLATE_EMERGENCY
} PlateKind;

typedef enum PlateEnergy
{
	PLATE_ENERGY_NONE = 0,		/* not a new-energy plate */
	PLATE_ENERGY_PURE_ELECTRIC, /* D, A, B, C, E */
	PLATE_ENERGY_NON_PURE_ELECTRIC	/* F, G, H, J, K */
} PlateEnergy;

/* A valid plate, decoded */
typedef struct PlateInfo
{
	PlateKind	kind;
	int			province;		/* index into plate_provinces, or -1 (使) */
	char		authority;		/* issuing-authority letter, or 0 */
	PlateEnergy energy;
	size_t		len;			/* bytes of canonical */
	char		canonical[PLATE_MAX_BYTES]; /* UTF-8, not NUL-terminated */
} PlateInfo;

typedef struct PlateProvince
{
	uint32_t	codepoint;
	const char *abbr;			/* UTF-8, e.g. "陕" */
	const char *name;			/* English, e.g. "Shaanxi" */
} PlateProvince;

/* The 31 province-level abbreviations (R-PROV), in code point order */
extern const PlateProvince plate_provinces[PLATE_NPROVINCES];

/* Index of a province abbreviation in plate_provinces, or -1 */
extern int	plate_province_index(uint32_t codepoint);

/* "ordinary", "new_energy_small", ...; NULL for PLATE_INVALID */
extern const char *plate_kind_name(PlateKind kind);
extern const char *plate_energy_name(PlateEnergy energy);

/*
 * Normalize the UTF-8 text s (display forms: 京A·12345, 京A 12345,
 * 京a12345, full-width; rule DIRTY) and validate it.  True, with *info
 * filled in, when it is a valid plate; false otherwise (*info->kind is then
 * PLATE_INVALID).  Never allocates; any bytes are safe.
 */
extern bool plate_parse(const char *s, size_t len, PlateInfo *info);

/* plate_parse, filling in the canonical form only when asked */
extern bool plate_parse_ext(const char *s, size_t len, PlateInfo *info,
							bool canonical);

/*
 * Problems.  position is the 1-based character position in the compact
 * form (display separators and spaces removed, so 京A·O2345's O is at 3),
 * or 0 for the whole plate; ch the offending character's code point (0
 * when none).
 */
typedef enum PlateProblemCode
{
	PLATE_PROBLEM_EMPTY,		/* nothing but spaces and separators */
	PLATE_PROBLEM_WRONG_LENGTH, /* no layout has this many characters */
	PLATE_PROBLEM_ILLEGAL_CHARACTER,	/* no plate has this character */
	PLATE_PROBLEM_UNKNOWN_PROVINCE, /* first character is none of the 31 */
	PLATE_PROBLEM_BAD_AUTHORITY,	/* second character: not A-Z, or I */
	PLATE_PROBLEM_LETTER_I,		/* I in the serial: 1 was probably meant */
	PLATE_PROBLEM_LETTER_O,		/* O in the serial: 0 was probably meant */
	PLATE_PROBLEM_DIGIT_EXPECTED,	/* a letter where the layout has a digit */
	PLATE_PROBLEM_TOO_MANY_LETTERS, /* an ordinary serial with 3 or more */
	PLATE_PROBLEM_BAD_ENERGY_LETTER,	/* new-energy letter not D A B C E F G
										 * H J K */
	PLATE_PROBLEM_MISPLACED_CHARACTER,	/* 学 警 挂 港 澳 领 使 应 急
										 * out of place */
	PLATE_PROBLEM_HONG_KONG_MACAU_PREFIX,	/* 港/澳 without 粤Z */
	PLATE_PROBLEM_BAD_LAYOUT	/* none of the above, yet no layout fits */
} PlateProblemCode;

typedef struct PlateProblem
{
	int			position;
	PlateProblemCode code;
	uint32_t	ch;
} PlateProblem;

/* Most problems one plate can have (every stored character, plus two) */
#define PLATE_MAX_PROBLEMS	(PLATE_SCAN_CHARS + 2)

/*
 * The problems of s, in position order with the whole-plate ones first;
 * none exactly when plate_parse(s) is true.  *nchars is set to the number
 * of characters of the compact form.  Returns the count stored in out
 * (room for PLATE_MAX_PROBLEMS).
 */
extern int	plate_problems(const char *s, size_t len,
						   PlateProblem out[PLATE_MAX_PROBLEMS], int *nchars);

/* The stable identifier of a problem code ("wrong_length", ...) */
extern const char *plate_problem_code_name(PlateProblemCode code);

/* Encode a code point as UTF-8 into buf (room for 4); returns the bytes */
extern size_t plate_utf8_encode(uint32_t cp, char *buf);

#endif							/* PLATE_CORE_H */
