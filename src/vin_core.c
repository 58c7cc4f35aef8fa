/*-------------------------------------------------------------------------
 *
 * vin_core.c
 *	  VIN rules with no PostgreSQL dependency (see vin_core.h).
 *
 *-------------------------------------------------------------------------
 */
#include "vin_core.h"

#include <string.h>

/* Ranks follow ASCII order so that packed order is C-collation order. */
const uint8_t vin_rank1[256] = {
	['0'] = 1,
	['1'] = 2,
	['2'] = 3,
	['3'] = 4,
	['4'] = 5,
	['5'] = 6,
	['6'] = 7,
	['7'] = 8,
	['8'] = 9,
	['9'] = 10,
	['A'] = 11,
	['a'] = 11,
	['B'] = 12,
	['b'] = 12,
	['C'] = 13,
	['c'] = 13,
	['D'] = 14,
	['d'] = 14,
	['E'] = 15,
	['e'] = 15,
	['F'] = 16,
	['f'] = 16,
	['G'] = 17,
	['g'] = 17,
	['H'] = 18,
	['h'] = 18,
	['J'] = 19,
	['j'] = 19,
	['K'] = 20,
	['k'] = 20,
	['L'] = 21,
	['l'] = 21,
	['M'] = 22,
	['m'] = 22,
	['N'] = 23,
	['n'] = 23,
	['P'] = 24,
	['p'] = 24,
	['R'] = 25,
	['r'] = 25,
	['S'] = 26,
	['s'] = 26,
	['T'] = 27,
	['t'] = 27,
	['U'] = 28,
	['u'] = 28,
	['V'] = 29,
	['v'] = 29,
	['W'] = 30,
	['w'] = 30,
	['X'] = 31,
	['x'] = 31,
	['Y'] = 32,
	['y'] = 32,
	['Z'] = 33,
	['z'] = 33,
};

const char	vin_char[VIN_ALPHABET] = {
	'0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
	'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N',
	'P', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z'
};

/*
 * 49 CFR 565.15(c) and GB 16735-2019 appendix A: A-H -> 1-8, J-N -> 1-5,
 * P -> 7, R -> 9, S-Z -> 2-9; digits keep their value.
 */
const uint8_t vin_code_value[VIN_ALPHABET] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9
};

const uint8_t vin_weight[VIN_LEN] = {
	8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2
};

VinParseStatus
vin_parse(const char *s, size_t len, uint8_t codes[VIN_LEN],
		  VinParseResult *result)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		start = 0;
	size_t		end = len;
	size_t		n;
	size_t		i;

	while (start < end && vin_is_space(p[start]))
		start++;
	while (end > start && vin_is_space(p[end - 1]))
		end--;
	n = end - start;

	result->start = start;
	result->len = n;
	result->bad_offset = 0;

	/* Fast path: the length is right and every byte is in the alphabet. */
	if (n == VIN_LEN)
	{
		unsigned	bad = 0;

		for (i = 0; i < VIN_LEN; i++)
		{
			unsigned	r = vin_rank1[p[start + i]];

			bad |= (r == 0);
			codes[i] = (uint8_t) (r - 1);
		}
		if (!bad)
			return result->status = VIN_PARSE_OK;
	}

	/* Report the first byte outside the alphabet, wherever it is. */
	for (i = start; i < end; i++)
	{
		if (vin_rank1[p[i]] == 0)
		{
			result->bad_offset = i;
			return result->status = VIN_PARSE_BAD_CHAR;
		}
	}
	return result->status = VIN_PARSE_BAD_LENGTH;
}

static const uint64_t pow33[VIN_HI_CHARS + 1] = {
	1ULL,
	33ULL,
	1089ULL,
	35937ULL,
	1185921ULL,
	39135393ULL,
	1291467969ULL,
	42618442977ULL,
	1406408618241ULL,
	46411484401953ULL,
	1531578985264449ULL,
	50542106513726817ULL,
	1667889514952984961ULL
};

static inline void
put_be64(uint8_t *b, uint64_t v)
{
	int			i;

	for (i = 7; i >= 0; i--)
	{
		b[i] = (uint8_t) v;
		v >>= 8;
	}
}

static inline uint64_t
get_be(const uint8_t *b, int n)
{
	uint64_t	v = 0;
	int			i;

	for (i = 0; i < n; i++)
		v = (v << 8) | b[i];
	return v;
}

void
vin_pack(const uint8_t codes[VIN_LEN], uint8_t packed[VIN_PACKED_LEN])
{
	uint64_t	hi = 0;
	uint32_t	lo = 0;
	int			i;

	for (i = 0; i < VIN_HI_CHARS; i++)
		hi = hi * VIN_ALPHABET + codes[i];
	for (; i < VIN_LEN; i++)
		lo = lo * VIN_ALPHABET + codes[i];

	put_be64(packed, hi);
	packed[8] = (uint8_t) (lo >> 24);
	packed[9] = (uint8_t) (lo >> 16);
	packed[10] = (uint8_t) (lo >> 8);
	packed[11] = (uint8_t) lo;
}

uint64_t
vin_packed_hi(const uint8_t packed[VIN_PACKED_LEN])
{
	return get_be(packed, 8);
}

bool
vin_packed_wmi_parts(const uint8_t packed[VIN_PACKED_LEN], uint32_t *three,
					 uint32_t *tail)
{
	uint64_t	hi = get_be(packed, 8);
	uint32_t	lo;

	*three = (uint32_t) (hi / pow33[VIN_HI_CHARS - 3]);
	*tail = 0;
	if (*three % VIN_ALPHABET != 9)
		return false;
	/* position 12 ends the first 12 characters; 13 and 14 lead the last 5 */
	lo = (uint32_t) get_be(packed + 8, 4);
	*tail = (uint32_t) (hi % VIN_ALPHABET) * VIN_ALPHABET * VIN_ALPHABET +
		lo / pow33[VIN_LO_CHARS - 2];
	return true;
}

int
vin_packed_wmi(const uint8_t packed[VIN_PACKED_LEN], char out[6])
{
	uint32_t	three;
	uint32_t	tail;
	bool		small = vin_packed_wmi_parts(packed, &three, &tail);

	out[0] = vin_char[three / (VIN_ALPHABET * VIN_ALPHABET)];
	out[1] = vin_char[three / VIN_ALPHABET % VIN_ALPHABET];
	out[2] = vin_char[three % VIN_ALPHABET];
	if (!small)
		return 3;
	out[3] = vin_char[tail / (VIN_ALPHABET * VIN_ALPHABET)];
	out[4] = vin_char[tail / VIN_ALPHABET % VIN_ALPHABET];
	out[5] = vin_char[tail % VIN_ALPHABET];
	return 6;
}

bool
vin_packed_is_valid(const uint8_t packed[VIN_PACKED_LEN])
{
	return get_be(packed, 8) < pow33[VIN_HI_CHARS] &&
		get_be(packed + 8, 4) < pow33[VIN_LO_CHARS];
}

/*
 * The caller guarantees vin_packed_is_valid(packed).  The first 12
 * characters are split into two 6-character halves below 2^31, so that the
 * digits come from two independent chains of 32-bit divisions by 33, which
 * run side by side, rather than one chain of 64-bit ones.
 */
void
vin_unpack(const uint8_t packed[VIN_PACKED_LEN], uint8_t codes[VIN_LEN])
{
	uint64_t	hi = get_be(packed, 8);
	uint32_t	high_half = (uint32_t) (hi / pow33[6]);
	uint32_t	low_half = (uint32_t) (hi % pow33[6]);
	uint32_t	lo = (uint32_t) get_be(packed + 8, 4);
	int			i;

	for (i = 5; i >= 0; i--)
	{
		codes[i] = (uint8_t) (high_half % VIN_ALPHABET);
		high_half /= VIN_ALPHABET;
		codes[i + 6] = (uint8_t) (low_half % VIN_ALPHABET);
		low_half /= VIN_ALPHABET;
	}
	for (i = VIN_LEN - 1; i >= VIN_HI_CHARS; i--)
	{
		codes[i] = (uint8_t) (lo % VIN_ALPHABET);
		lo /= VIN_ALPHABET;
	}
}

void
vin_codes_to_text(const uint8_t codes[VIN_LEN], char out[VIN_LEN])
{
	int			i;

	for (i = 0; i < VIN_LEN; i++)
		out[i] = vin_char[codes[i]];
}

char
vin_check_char(const uint8_t codes[VIN_LEN])
{
	unsigned	sum = 0;
	int			i;

	for (i = 0; i < VIN_LEN; i++)
		sum += vin_code_value[codes[i]] * vin_weight[i];
	sum %= 11;
	return sum == 10 ? 'X' : (char) ('0' + sum);
}

/*
 * Additions for validation and decoding.
 */

/*
 * Folding (see vin_core.h).  The decoder accepts well-formed UTF-8 only
 * (no overlong forms, surrogates or code points above U+10FFFF); any other
 * byte is a character of its own, VIN_FOLD_OTHER, as PostgreSQL's text
 * never holds one in a UTF8 database.
 */
static inline bool
utf8_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

static size_t
utf8_decode(const unsigned char *p, size_t len, uint32_t *cp)
{
	unsigned char c = p[0];

	if (c >= 0xC2 && c <= 0xDF && len >= 2 && utf8_cont(p[1]))
	{
		*cp = ((uint32_t) (c & 0x1F) << 6) | (p[1] & 0x3F);
		return 2;
	}
	if (c >= 0xE0 && c <= 0xEF && len >= 3 && utf8_cont(p[1]) &&
		utf8_cont(p[2]) &&
		!(c == 0xE0 && p[1] < 0xA0) && !(c == 0xED && p[1] > 0x9F))
	{
		*cp = ((uint32_t) (c & 0x0F) << 12) | ((uint32_t) (p[1] & 0x3F) << 6) |
			(p[2] & 0x3F);
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4 && len >= 4 && utf8_cont(p[1]) &&
		utf8_cont(p[2]) && utf8_cont(p[3]) &&
		!(c == 0xF0 && p[1] < 0x90) && !(c == 0xF4 && p[1] > 0x8F))
	{
		*cp = ((uint32_t) (c & 0x07) << 18) | ((uint32_t) (p[1] & 0x3F) << 12) |
			((uint32_t) (p[2] & 0x3F) << 6) | (p[3] & 0x3F);
		return 4;
	}
	*cp = 0;
	return 1;
}

void
vin_fold_utf8(const char *s, size_t len, VinFoldChar *fc)
{
	const unsigned char *p = (const unsigned char *) s;
	uint32_t	cp;

	fc->ascii = 0;
	if (p[0] < 0x80)
	{
		fc->kind = VIN_FOLD_ASCII;
		fc->ascii = p[0];
		fc->codepoint = p[0];
		fc->len = 1;
		return;
	}
	fc->len = utf8_decode(p, len, &cp);
	fc->codepoint = cp;
	if (cp >= 0xFF01 && cp <= 0xFF5E)
	{
		fc->kind = VIN_FOLD_FULLWIDTH;
		fc->ascii = (unsigned char) (cp - 0xFF01 + 0x21);
	}
	else if (cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200A) ||
			 cp == 0x202F || cp == 0x205F || cp == 0x3000)
		fc->kind = VIN_FOLD_SPACE;
	else if (cp == 0x00AD || (cp >= 0x200B && cp <= 0x200F) ||
			 cp == 0x2060 || cp == 0xFEFF)
		fc->kind = VIN_FOLD_INVISIBLE;
	else if (cp == 0x00B7 || (cp >= 0x2010 && cp <= 0x2015) ||
			 cp == 0x2022 || cp == 0x2027 || cp == 0x2212 ||
			 cp == 0x30FB || cp == 0xFF65)
		fc->kind = VIN_FOLD_SEPARATOR;
	else
		fc->kind = VIN_FOLD_OTHER;
}

const char *
vin_fold_name(uint32_t codepoint)
{
	switch (codepoint)
	{
		case 0x00A0:
			return "no-break space";
		case 0x00AD:
			return "soft hyphen";
		case 0x00B7:
			return "middle dot";
		case 0x2000:
		case 0x2001:
		case 0x2002:
		case 0x2003:
		case 0x2004:
		case 0x2005:
		case 0x2006:
		case 0x2007:
		case 0x2008:
		case 0x2009:
		case 0x200A:
			return "typographic space";
		case 0x200B:
			return "zero width space";
		case 0x200C:
			return "zero width non-joiner";
		case 0x200D:
			return "zero width joiner";
		case 0x200E:
			return "left-to-right mark";
		case 0x200F:
			return "right-to-left mark";
		case 0x2010:
		case 0x2011:
			return "hyphen";
		case 0x2012:
			return "figure dash";
		case 0x2013:
			return "en dash";
		case 0x2014:
			return "em dash";
		case 0x2015:
			return "horizontal bar";
		case 0x2022:
			return "bullet";
		case 0x2027:
			return "hyphenation point";
		case 0x202F:
			return "narrow no-break space";
		case 0x205F:
			return "medium mathematical space";
		case 0x2060:
			return "word joiner";
		case 0x2212:
			return "minus sign";
		case 0x3000:
			return "ideographic space";
		case 0x30FB:
			return "katakana middle dot";
		case 0xFEFF:
			return "byte order mark";
		case 0xFF65:
			return "halfwidth katakana middle dot";
	}
	return NULL;
}

/*
 * The ASCII character p[0..] reads as, with *clen set to the bytes it
 * takes; FOLD_DROP when it is dropped (a space, invisible character or
 * separator, folded or not), FOLD_OTHER when it is no ASCII character at
 * all.  Without utf8 every byte is a character of its own and nothing is
 * folded.
 */
#define FOLD_DROP	(-2)
#define FOLD_OTHER	(-1)

static inline int
next_char(const unsigned char *p, size_t len, bool utf8, size_t *clen)
{
	unsigned char c = p[0];

	*clen = 1;
	if (c >= 0x80)
	{
		VinFoldChar fc;

		if (!utf8)
			return FOLD_OTHER;
		vin_fold_utf8((const char *) p, len, &fc);
		*clen = fc.len;
		if (fc.kind == VIN_FOLD_OTHER)
			return FOLD_OTHER;
		if (fc.kind != VIN_FOLD_FULLWIDTH)
			return FOLD_DROP;
		c = fc.ascii;
	}
	if (vin_is_space(c) || vin_is_separator(c))
		return FOLD_DROP;
	return c;
}

/* vin_normalize_bytes and vin_normalize_utf8 */
static inline size_t
normalize(const char *s, size_t len, char *out, bool utf8)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		n = 0;
	size_t		i = 0;

	while (i < len)
	{
		size_t		clen;
		int			c = next_char(p + i, len - i, utf8, &clen);

		if (c == FOLD_OTHER)
		{
			memcpy(out + n, s + i, clen);
			n += clen;
		}
		else if (c != FOLD_DROP)
			out[n++] = (char) ((c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c);
		i += clen;
	}
	return n;
}

/* vin_repair_codes and vin_repair_codes_utf8 */
static inline bool
repair(const char *s, size_t len, uint8_t codes[VIN_LEN], bool utf8)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		n = 0;
	size_t		i = 0;

	while (i < len)
	{
		size_t		clen;
		int			c = next_char(p + i, len - i, utf8, &clen);
		int			r;

		i += clen;
		if (c == FOLD_DROP)
			continue;
		if (c == 'I' || c == 'i')
			c = '1';
		else if (c == 'O' || c == 'o' || c == 'Q' || c == 'q')
			c = '0';
		r = c < 0 ? -1 : vin_rank((unsigned char) c);
		/* also stops at the 18th character, so long inputs cost little */
		if (r < 0 || n == VIN_LEN)
			return false;
		codes[n++] = (uint8_t) r;
	}
	return n == VIN_LEN;
}

size_t
vin_normalize_bytes(const char *s, size_t len, char *out)
{
	return normalize(s, len, out, false);
}

bool
vin_repair_codes(const char *s, size_t len, uint8_t codes[VIN_LEN])
{
	return repair(s, len, codes, false);
}

size_t
vin_normalize_utf8(const char *s, size_t len, char *out)
{
	return normalize(s, len, out, true);
}

bool
vin_repair_codes_utf8(const char *s, size_t len, uint8_t codes[VIN_LEN])
{
	return repair(s, len, codes, true);
}

/*
 * Masked VINs.  The mask characters are the ones platforms were seen to
 * use; a letter X is a VIN character, never a mask.
 */
VinMaskKind
vin_mask_codepoint(uint32_t codepoint)
{
	switch (codepoint)
	{
		case 0x002A:			/* asterisk */
		case 0x00D7:			/* multiplication sign */
		case 0x204E:			/* low asterisk */
		case 0x2217:			/* asterisk operator */
		case 0x25CF:			/* black circle */
		case 0x2715:			/* multiplication x */
		case 0x2716:			/* heavy multiplication x */
		case 0x2731:			/* heavy asterisk */
		case 0xFE61:			/* small asterisk */
		case 0xFF0A:			/* full-width asterisk */
			return VIN_MASK_YES;
		case 0x2022:			/* bullet, also a separator */
			return VIN_MASK_BULLET;
	}
	return VIN_MASK_NO;
}

VinMaskKind
vin_mask_at(const char *p, size_t len, bool utf8, size_t *clen)
{
	VinFoldChar fc;
	VinMaskKind k;

	*clen = 1;
	if ((unsigned char) p[0] < 0x80 || !utf8)
		return p[0] == VIN_MASK_CHAR ? VIN_MASK_YES : VIN_MASK_NO;
	vin_fold_utf8(p, len, &fc);
	/* a malformed byte has code point 0, no mask */
	k = fc.codepoint == 0 ? VIN_MASK_NO : vin_mask_codepoint(fc.codepoint);
	if (k != VIN_MASK_NO)
		*clen = fc.len;
	return k;
}

bool
vin_mask_bullets_are_masks(const char *s, size_t len, bool utf8)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		positions = 0;
	size_t		bullets = 0;
	size_t		i = 0;

	if (!utf8)
		return false;
	while (i < len)
	{
		size_t		clen;
		VinMaskKind k = vin_mask_at(s + i, len - i, utf8, &clen);

		if (k == VIN_MASK_BULLET)
			bullets++;
		else if (k == VIN_MASK_YES)
			positions++;
		else if (next_char(p + i, len - i, utf8, &clen) != FOLD_DROP)
			positions++;
		i += clen;
		/* past 17 either way nothing changes: stop early on long input */
		if (positions > VIN_LEN)
			return false;
	}
	return bullets > 0 && positions != VIN_LEN && positions + bullets == VIN_LEN;
}

VinMaskedStatus
vin_mask_read(const char *s, size_t len, bool utf8, char pattern[VIN_LEN],
			  uint32_t *shape)
{
	const unsigned char *p = (const unsigned char *) s;
	bool		bullets = vin_mask_bullets_are_masks(s, len, utf8);
	char		buf[VIN_LEN];
	size_t		n = 0;
	size_t		i = 0;
	uint32_t	mask = 0;
	int			k;

	while (i < len)
	{
		size_t		clen;
		VinMaskKind mk = vin_mask_at(s + i, len - i, utf8, &clen);
		int			c;

		if (mk == VIN_MASK_YES || (mk == VIN_MASK_BULLET && bullets))
			c = VIN_MASK_CHAR;
		else
		{
			c = next_char(p + i, len - i, utf8, &clen);
			if (c == FOLD_DROP)
			{
				i += clen;
				continue;
			}
			if (c < 0 || vin_rank((unsigned char) c) < 0)
				return VIN_MASKED_NONE;
			c = vin_char[vin_rank((unsigned char) c)];
		}
		i += clen;
		if (n == VIN_LEN)
			return VIN_MASKED_NONE;
		if (c == VIN_MASK_CHAR)
			mask |= 1U << n;
		buf[n++] = (char) c;
	}
	if (n == VIN_LEN)
	{
		memcpy(pattern, buf, VIN_LEN);
		*shape = mask;
		return VIN_MASKED_FULL;
	}
	if (n != VIN_LEN - 1 || mask != 0)
		return VIN_MASKED_NONE;
	/* 16 characters: positions 1-8, the dropped check digit, 10-17 */
	for (k = 0; k < 8; k++)
		pattern[k] = buf[k];
	pattern[8] = VIN_MASK_CHAR;
	for (k = 8; k < VIN_LEN - 1; k++)
		pattern[k + 1] = buf[k];
	*shape = 1U << 8;
	return VIN_MASKED_TRUNCATED;
}

void
vin_mask_codes(const uint8_t codes[VIN_LEN], uint32_t shape,
			   char out[VIN_LEN])
{
	int			i;

	for (i = 0; i < VIN_LEN; i++)
		out[i] = (shape & (1U << i)) ? VIN_MASK_CHAR : vin_char[codes[i]];
}

/*
 * ISO 3780 regions by first character.  ISO 3780 gave A-H to Africa; the
 * SAE chart of September 2015 gives H to China and 7 to North America
 * (it was Oceania's with 6).  0 is unassigned.
 */
const char *
vin_region_name(uint8_t rank1st)
{
	char		c;

	if (rank1st >= VIN_ALPHABET)
		return NULL;
	c = vin_char[rank1st];
	if (c >= 'A' && c <= 'G')
		return "Africa";
	if (c >= 'H' && c <= 'R')
		return "Asia";
	if (c >= 'S' && c <= 'Z')
		return "Europe";
	if ((c >= '1' && c <= '5') || c == '7')
		return "North America";
	if (c == '6')
		return "Oceania";
	if (c == '8' || c == '9')
		return "South America";
	return NULL;
}

/*
 * The ISO 3780 two-character country table.  Data transcribed from
 * idlesign/vininfo, src/vininfo/dicts/countries.py (BSD-3-Clause), with
 * the names written as English short names ("Dominican Republic",
 * "Bosnia and Herzegovina", "North Macedonia", ...).  A range covers the
 * second characters from..to in the order A-Z (less I, O, Q), 1-9, 0,
 * which is how the standard writes ranges such as 2A-25.
 */
typedef struct VinCountryRange
{
	char		first;
	char		from;
	char		to;
	const char *name;
} VinCountryRange;

static const VinCountryRange vin_countries[] = {
	{'A', 'A', 'H', "South Africa"},
	{'A', 'J', 'K', "Ivory Coast"},
	{'A', 'L', 'M', "Lesotho"},
	{'A', 'N', 'P', "Botswana"},
	{'A', 'R', 'S', "Namibia"},
	{'A', 'T', 'U', "Madagascar"},
	{'A', 'V', 'W', "Mauritius"},
	{'A', 'X', 'Y', "Tunisia"},
	{'A', 'Z', '1', "Cyprus"},
	{'A', '2', '3', "Zimbabwe"},
	{'A', '4', '5', "Mozambique"},
	{'B', 'A', 'B', "Angola"},
	{'B', 'F', 'G', "Kenya"},
	{'B', 'L', 'L', "Nigeria"},
	{'B', 'R', 'R', "Algeria"},
	{'B', '3', '4', "Libya"},
	{'C', 'A', 'B', "Egypt"},
	{'C', 'F', 'G', "Morocco"},
	{'C', 'L', 'M', "Zambia"},
	{'D', 'A', 'E', "Egypt"},
	{'H', 'A', '0', "China"},
	{'J', 'A', '0', "Japan"},
	{'K', 'F', 'H', "Israel"},
	{'K', 'L', 'R', "South Korea"},
	{'K', 'S', 'T', "Jordan"},
	{'L', 'A', '0', "China"},
	{'M', 'A', 'E', "India"},
	{'M', 'F', 'K', "Indonesia"},
	{'M', 'L', 'R', "Thailand"},
	{'M', 'S', 'S', "Myanmar"},
	{'M', 'U', 'U', "Mongolia"},
	{'M', 'X', 'X', "Kazakhstan"},
	{'M', '1', '6', "India"},
	{'N', 'A', 'E', "Iran"},
	{'N', 'F', 'G', "Pakistan"},
	{'N', 'J', 'J', "Iraq"},
	{'N', 'L', 'R', "Turkey"},
	{'N', 'S', 'T', "Uzbekistan"},
	{'N', 'U', 'U', "Azerbaijan"},
	{'N', 'Y', 'Y', "Armenia"},
	{'N', '1', '5', "Iran"},
	{'P', 'A', 'C', "Philippines"},
	{'P', 'F', 'G', "Singapore"},
	{'P', 'L', 'R', "Malaysia"},
	{'P', 'S', 'T', "Bangladesh"},
	{'R', 'A', 'B', "United Arab Emirates"},
	{'R', 'F', 'K', "Taiwan"},
	{'R', 'L', 'N', "Vietnam"},
	{'R', 'P', 'P', "Laos"},
	{'R', 'S', 'T', "Saudi Arabia"},
	{'R', 'U', 'W', "Russia"},
	{'R', '1', '1', "Hong Kong"},
	{'S', 'A', 'M', "United Kingdom"},
	{'S', 'N', 'T', "Germany"},
	{'S', 'U', 'Z', "Poland"},
	{'S', '1', '2', "Latvia"},
	{'S', '3', '3', "South Ossetia"},
	{'T', 'A', 'H', "Switzerland"},
	{'T', 'J', 'P', "Czech Republic"},
	{'T', 'R', 'V', "Hungary"},
	{'T', 'W', '2', "Portugal"},
	{'T', '3', '5', "Serbia and Montenegro"},
	{'T', '6', '6', "Andorra"},
	{'U', 'A', 'C', "Spain"},
	{'U', 'H', 'M', "Denmark"},
	{'U', 'N', 'R', "Ireland"},
	{'U', 'U', 'W', "Romania"},
	{'U', '1', '2', "North Macedonia"},
	{'U', '5', '7', "Slovakia"},
	{'U', '8', '0', "Bosnia and Herzegovina"},
	{'V', 'A', 'E', "Austria"},
	{'V', 'F', 'R', "France"},
	{'V', 'S', 'W', "Spain"},
	{'V', 'X', '2', "Serbia"},
	{'V', '3', '5', "Croatia"},
	{'V', '6', '8', "Estonia"},
	{'W', 'A', '0', "Germany"},
	{'X', 'A', 'C', "Bulgaria"},
	{'X', 'D', 'E', "Russia"},
	{'X', 'F', 'H', "Greece"},
	{'X', 'J', 'K', "Russia"},
	{'X', 'L', 'R', "Netherlands"},
	{'X', 'S', 'W', "Russia"},
	{'X', 'X', 'Y', "Luxembourg"},
	{'X', 'Z', '0', "Russia"},
	{'Y', 'A', 'E', "Belgium"},
	{'Y', 'F', 'K', "Finland"},
	{'Y', 'N', 'N', "Malta"},
	{'Y', 'S', 'W', "Sweden"},
	{'Y', 'X', '2', "Norway"},
	{'Y', '3', '5', "Belarus"},
	{'Y', '6', '8', "Ukraine"},
	{'Z', 'A', 'U', "Italy"},
	{'Z', 'X', 'Z', "Slovenia"},
	{'Z', '1', '1', "San Marino"},
	{'Z', '3', '5', "Lithuania"},
	{'Z', '6', '0', "Russia"},
	{'1', 'A', '0', "United States"},
	{'2', 'A', '5', "Canada"},
	{'3', 'A', 'X', "Mexico"},
	{'3', '5', '5', "Dominican Republic"},
	{'3', '6', '6', "Honduras"},
	{'3', '7', '7', "Panama"},
	{'3', '8', '9', "Puerto Rico"},
	{'4', 'A', '0', "United States"},
	{'5', 'A', '0', "United States"},
	{'6', 'A', 'X', "Australia"},
	{'6', 'Y', '1', "New Zealand"},
	{'7', 'A', '0', "United States"},
	{'8', 'A', 'E', "Argentina"},
	{'8', 'F', 'G', "Chile"},
	{'8', 'L', 'N', "Ecuador"},
	{'8', 'S', 'T', "Peru"},
	{'8', 'X', 'Z', "Venezuela"},
	{'8', '2', '2', "Bolivia"},
	{'9', 'A', 'E', "Brazil"},
	{'9', 'F', 'G', "Colombia"},
	{'9', 'S', 'V', "Uruguay"},
	{'9', '2', '9', "Brazil"},
};

/* Place of a second character in the standard's order: A-Z, 1-9, 0 */
static int
iso3780_order(char c)
{
	int			r = vin_rank((unsigned char) c);

	if (r < 0)
		return -1;
	if (r == 0)
		return VIN_ALPHABET - 1;	/* '0' comes last */
	if (r <= 9)
		return r - 1 + (VIN_ALPHABET - 10); /* '1'-'9' after the letters */
	return r - 10;				/* letters first */
}

const char *
vin_country_name(uint8_t rank1st, uint8_t rank2nd)
{
	char		first;
	int			second;
	size_t		i;

	if (rank1st >= VIN_ALPHABET || rank2nd >= VIN_ALPHABET)
		return NULL;
	first = vin_char[rank1st];
	second = iso3780_order(vin_char[rank2nd]);
	for (i = 0; i < sizeof(vin_countries) / sizeof(vin_countries[0]); i++)
	{
		const VinCountryRange *e = &vin_countries[i];

		if (e->first == first &&
			second >= iso3780_order(e->from) &&
			second <= iso3780_order(e->to))
			return e->name;
	}
	return NULL;
}

/*
 * Year codes in cycle order: A-H, J-N, P, R-T, V-Y (no I, O, Q, U, Z),
 * then 1-9 (no 0), per 49 CFR 565.15(a) table.
 */
int
vin_year_index(uint8_t rank)
{
	char		c;

	if (rank >= VIN_ALPHABET)
		return -1;
	c = vin_char[rank];
	if (c >= '1' && c <= '9')
		return 21 + (c - '1');
	if (c >= 'A' && c <= 'H')
		return c - 'A';
	if (c >= 'J' && c <= 'N')
		return 8 + (c - 'J');
	if (c == 'P')
		return 13;
	if (c >= 'R' && c <= 'T')
		return 14 + (c - 'R');
	if (c >= 'V' && c <= 'Y')
		return 17 + (c - 'V');
	return -1;					/* 0, U, Z */
}

VinYearRule
vin_pick_model_year(const uint8_t codes[VIN_LEN], int max_year, int *year)
{
	int			k = vin_year_index(codes[9]);
	int			c;

	if (k < 0)
		return VIN_YEAR_NONE;

	if (vin_is_north_american(codes[0]))
	{
		/* position 7 numeric: first cycle; alphabetic: second */
		int			y = VIN_YEAR_FIRST + k +
			(codes[6] <= 9 ? 0 : VIN_YEAR_CYCLE);

		if (y <= max_year)
		{
			*year = y;
			return VIN_YEAR_POSITION_7;
		}
	}

	for (c = VIN_YEAR_CANDIDATES - 1; c >= 0; c--)
	{
		int			y = VIN_YEAR_FIRST + k + c * VIN_YEAR_CYCLE;

		if (y <= max_year)
		{
			*year = y;
			return VIN_YEAR_LATEST;
		}
	}
	return VIN_YEAR_NONE;
}
