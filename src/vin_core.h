/*-------------------------------------------------------------------------
 *
 * vin_core.h
 *	  VIN rules with no PostgreSQL dependency: the alphabet, parsing,
 *	  the packed 12-byte form, the check digit.
 *
 * Everything here is plain C99 so that it can be unit-tested and fuzzed
 * without a server (see test/fuzz/).  The PostgreSQL-facing files turn its
 * results into datums and error reports.
 *
 *-------------------------------------------------------------------------
 */
#ifndef VIN_CORE_H
#define VIN_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VIN_LEN			17		/* characters in a VIN */
#define VIN_PACKED_LEN	12		/* bytes in the stored form */
#define VIN_ALPHABET	33		/* digits and A-Z less I, O, Q */
#define VIN_HI_CHARS	12		/* characters packed into the first 8 bytes */
#define VIN_LO_CHARS	5		/* characters packed into the last 4 bytes */

/*
 * vin_rank1[c]: one more than the character's rank in the VIN alphabet
 * (ranks 0-32 follow ASCII order; lower case ranks like upper case), or 0
 * when c is not in the alphabet.  vin_char[rank]: the upper-case character.
 */
extern const uint8_t vin_rank1[256];
extern const char vin_char[VIN_ALPHABET];

/* Rank of byte c in the VIN alphabet, or -1 */
static inline int
vin_rank(unsigned char c)
{
	return (int) vin_rank1[c] - 1;
}

/* Transliterated value of a rank for the check digit (49 CFR 565.15(c)) */
extern const uint8_t vin_code_value[VIN_ALPHABET];
extern const uint8_t vin_weight[VIN_LEN];

static inline bool
vin_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		c == '\v' || c == '\f';
}

/*
 * Outcome of vin_parse.  On failure, what is wrong and where, in bytes of
 * the input: the caller turns byte offsets into character positions, since
 * only it knows the encoding.
 */
typedef enum VinParseStatus
{
	VIN_PARSE_OK = 0,
	VIN_PARSE_BAD_LENGTH,		/* trimmed input is not 17 characters */
	VIN_PARSE_BAD_CHAR			/* a byte outside the VIN alphabet */
} VinParseStatus;

typedef struct VinParseResult
{
	VinParseStatus status;
	size_t		start;			/* byte offset of the trimmed input */
	size_t		len;			/* byte length of the trimmed input */
	size_t		bad_offset;		/* BAD_CHAR: byte offset of the first bad
								 * byte, from the start of the input */
} VinParseResult;

/*
 * Trim surrounding ASCII whitespace, check for 17 characters of the VIN
 * alphabet, and store their ranks in codes[].  A wrong length is reported
 * before bad characters only when no byte is bad: a 16-byte input with an
 * 'O' in it is reported at the 'O', which is more useful.
 */
extern VinParseStatus vin_parse(const char *s, size_t len,
								uint8_t codes[VIN_LEN],
								VinParseResult *result);

/*
 * The packed form: positions 1-12 as one base-33 number in 8 big-endian
 * bytes, positions 13-17 as another in 4.  Byte-wise comparison of packed
 * values orders them exactly like their text in the C collation, and the
 * first 8 bytes (12 characters) make an abbreviated sort key.
 */
extern void vin_pack(const uint8_t codes[VIN_LEN], uint8_t packed[VIN_PACKED_LEN]);
extern void vin_unpack(const uint8_t packed[VIN_PACKED_LEN], uint8_t codes[VIN_LEN]);
extern bool vin_packed_is_valid(const uint8_t packed[VIN_PACKED_LEN]);
extern uint64_t vin_packed_hi(const uint8_t packed[VIN_PACKED_LEN]);

/*
 * The WMI of a packed VIN, without unpacking the rest: positions 1-3, and
 * 12-14 when position 3 is 9 (small manufacturer).  The caller guarantees
 * vin_packed_is_valid(packed).
 *
 * vin_packed_wmi_parts gives each part as a base-33 number of its ranks
 * (*tail is 0 unless small) and returns whether it is a small manufacturer;
 * vin_packed_wmi writes the characters into out and returns 3 or 6.
 */
extern bool vin_packed_wmi_parts(const uint8_t packed[VIN_PACKED_LEN],
								 uint32_t *three, uint32_t *tail);
extern int	vin_packed_wmi(const uint8_t packed[VIN_PACKED_LEN], char out[6]);

/* Ranks to upper-case text (not NUL-terminated) */
extern void vin_codes_to_text(const uint8_t codes[VIN_LEN], char out[VIN_LEN]);

/* Check character ('0'-'9' or 'X') for 17 ranks; position 9 is ignored */
extern char vin_check_char(const uint8_t codes[VIN_LEN]);

/*
 * Additions for validation and decoding (validate.c, decode.c).
 */

/* The separators vin_normalize removes, besides whitespace */
static inline bool
vin_is_separator(unsigned char c)
{
	return c == '-' || c == '.' || c == '_' || c == '/';
}

/*
 * Upper-case ASCII letters and drop whitespace and separators, copying the
 * rest (multibyte characters included) unchanged: every server encoding is
 * ASCII-safe, so no byte of a multibyte character is mistaken for one of
 * these.  out needs room for len bytes; returns the bytes written.
 */
extern size_t vin_normalize_bytes(const char *s, size_t len, char *out);

/*
 * The repair rules: normalize, then read I as 1 and O and Q as 0.  True,
 * with the 17 ranks in codes[], when that gives 17 characters of the VIN
 * alphabet; the check digit is the caller's business.
 */
extern bool vin_repair_codes(const char *s, size_t len, uint8_t codes[VIN_LEN]);

/*
 * Folding of Unicode-dirty input (UTF-8 only; whether the text is UTF-8 is
 * the caller's business: the PostgreSQL layer folds in UTF8 databases).
 * Chinese feeds carry full-width forms (U+FF01-FF5E), Unicode spaces,
 * zero-width characters and CJK separators.  vin_fold_utf8 classifies the
 * character at s (len > 0 bytes left):
 *
 *	VIN_FOLD_ASCII		an ASCII byte (len 1), ascii = the byte;
 *	VIN_FOLD_FULLWIDTH	U+FF01-FF5E, read as ASCII 0x21-0x7E (ascii);
 *	VIN_FOLD_SPACE		U+00A0, U+2000-200A, U+202F, U+205F, U+3000;
 *	VIN_FOLD_INVISIBLE	U+00AD, U+200B-200F, U+2060, U+FEFF;
 *	VIN_FOLD_SEPARATOR	U+00B7, U+2010-2015, U+2022, U+2027, U+2212,
 *						U+30FB, U+FF65;
 *	VIN_FOLD_OTHER		any other character, or a byte that starts no
 *						well-formed sequence (len 1).
 *
 * Spaces, invisible characters and separators are dropped like ASCII
 * whitespace; a full-width character then counts as its ASCII one (so the
 * full-width hyphen is a separator and the full-width O an O).
 */
typedef enum VinFoldKind
{
	VIN_FOLD_ASCII = 0,
	VIN_FOLD_FULLWIDTH,
	VIN_FOLD_SPACE,
	VIN_FOLD_INVISIBLE,
	VIN_FOLD_SEPARATOR,
	VIN_FOLD_OTHER
} VinFoldKind;

typedef struct VinFoldChar
{
	VinFoldKind kind;
	unsigned char ascii;		/* ASCII, FULLWIDTH: the character read */
	uint32_t	codepoint;		/* 0 for a malformed byte */
	size_t		len;			/* bytes of the character (1 to 4) */
} VinFoldChar;

extern void vin_fold_utf8(const char *s, size_t len, VinFoldChar *fc);

/* English name of a folded space, invisible character or separator */
extern const char *vin_fold_name(uint32_t codepoint);

/*
 * vin_normalize_bytes and vin_repair_codes with folding: the input is
 * UTF-8; full-width characters read as ASCII, and Unicode spaces,
 * invisible characters and separators are dropped.  On ASCII input they
 * give what the unfolded ones give.  out needs room for len bytes.
 */
extern size_t vin_normalize_utf8(const char *s, size_t len, char *out);
extern bool vin_repair_codes_utf8(const char *s, size_t len,
								  uint8_t codes[VIN_LEN]);

/* Small manufacturer: position 3 is '9' (its rank is 9) */
static inline bool
vin_is_small_maker(const uint8_t codes[VIN_LEN])
{
	return codes[2] == 9;
}

/*
 * ISO 3780 region of the first character ("Africa", "Asia", "Europe",
 * "North America", "Oceania", "South America") and country of the first
 * two, or NULL when unassigned.
 */
extern const char *vin_region_name(uint8_t rank1st);
extern const char *vin_country_name(uint8_t rank1st, uint8_t rank2nd);

/* North America as the check-digit and model-year rules use it: 1-5, 7 */
static inline bool
vin_is_north_american(uint8_t rank1st)
{
	return (rank1st >= 1 && rank1st <= 5) || rank1st == 7;
}

/*
 * Model year (position 10).  The 30 year codes map to 1980-2009 and again
 * to 2010-2039.  vin_year_index gives a rank's place in the cycle (0-29) or
 * -1 when the character is no year code (0, I, O, Q, U, Z).
 */
#define VIN_YEAR_FIRST	1980
#define VIN_YEAR_CYCLE	30
#define VIN_YEAR_CANDIDATES 2

extern int	vin_year_index(uint8_t rank);

/* Which rule vin_pick_model_year used */
typedef enum VinYearRule
{
	VIN_YEAR_NONE = 0,			/* no candidate: not a year code, or all
								 * candidates later than allowed */
	VIN_YEAR_POSITION_7,		/* North American position-7 rule */
	VIN_YEAR_LATEST				/* latest candidate not after max_year */
} VinYearRule;

/*
 * The model year of a VIN, none later than max_year (the caller passes the
 * reference year + 1, since a model year runs ahead of the calendar).
 * North American VINs use the position-7 rule (numeric -> 1980-2009,
 * alphabetic -> 2010-2039) when its answer is not later than max_year;
 * otherwise, and for every other region, the latest candidate not later
 * than max_year.  Returns the rule used; *year is set unless it is
 * VIN_YEAR_NONE.
 */
extern VinYearRule vin_pick_model_year(const uint8_t codes[VIN_LEN],
									   int max_year, int *year);

/*
 * Masked and truncated VINs (doc/validation.md, doc/linking.md).
 * Platforms hide part of a VIN behind mask characters: ASCII '*', and in
 * UTF-8 the full-width asterisk U+FF0A, U+FE61, U+2217, U+204E, U+2731,
 * the multiplication sign U+00D7, U+2715, U+2716 and the black circle
 * U+25CF.  The bullet U+2022 is also a separator (vin_fold_utf8): it is a
 * mask only where reading it as one makes 17 positions.
 */
typedef enum VinMaskKind
{
	VIN_MASK_NO = 0,
	VIN_MASK_YES,				/* always a mask character */
	VIN_MASK_BULLET				/* U+2022: a mask only if that makes 17 */
} VinMaskKind;

extern VinMaskKind vin_mask_codepoint(uint32_t codepoint);

/*
 * Are the bullets of s masks?  True when s has bullets, its positions
 * (characters that are not dropped as spaces or separators, bullets aside)
 * are not 17, and with the bullets they are.  Without utf8 there are no
 * bullets (nor any mask but ASCII '*').
 */
extern bool vin_mask_bullets_are_masks(const char *s, size_t len, bool utf8);

/*
 * The character at p (len > 0 bytes left) as a mask: VIN_MASK_NO,
 * VIN_MASK_YES or VIN_MASK_BULLET, with *clen the bytes it takes (when it
 * is a mask).  Without utf8 only ASCII '*' is a mask.
 */
extern VinMaskKind vin_mask_at(const char *p, size_t len, bool utf8,
							   size_t *clen);

/* Largest shape: bit i - 1 stands for position i */
#define VIN_MASK_SHAPE_MAX	((1U << VIN_LEN) - 1)
#define VIN_MASK_CHAR		'*'

/*
 * Read s as a masked or truncated VIN, normalized as vin_normalize does
 * (and folded with utf8), with masks and no letter substitution:
 *
 *	VIN_MASKED_FULL		17 positions of VIN characters and masks (none
 *						masked, too);
 *	VIN_MASKED_TRUNCATED 16 VIN characters and no mask: the check digit
 *						(position 9) was dropped, and is taken as masked;
 *	VIN_MASKED_NONE		anything else (another length, a character that is
 *						neither, such as I, O or Q).
 *
 * Unless VIN_MASKED_NONE, pattern holds the 17 upper-case characters with
 * VIN_MASK_CHAR at masked positions, and *shape has bit i - 1 set for each
 * masked position i.  A missing check digit is never computed.
 */
typedef enum VinMaskedStatus
{
	VIN_MASKED_NONE = 0,
	VIN_MASKED_FULL,
	VIN_MASKED_TRUNCATED
} VinMaskedStatus;

extern VinMaskedStatus vin_mask_read(const char *s, size_t len, bool utf8,
									 char pattern[VIN_LEN], uint32_t *shape);

/* The 17 characters of codes with the positions of shape masked */
extern void vin_mask_codes(const uint8_t codes[VIN_LEN], uint32_t shape,
						   char out[VIN_LEN]);

#endif							/* VIN_CORE_H */
