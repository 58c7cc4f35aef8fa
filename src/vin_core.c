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
	['A'] = 11, ['a'] = 11,
	['B'] = 12, ['b'] = 12,
	['C'] = 13, ['c'] = 13,
	['D'] = 14, ['d'] = 14,
	['E'] = 15, ['e'] = 15,
	['F'] = 16, ['f'] = 16,
	['G'] = 17, ['g'] = 17,
	['H'] = 18, ['h'] = 18,
	['J'] = 19, ['j'] = 19,
	['K'] = 20, ['k'] = 20,
	['L'] = 21, ['l'] = 21,
	['M'] = 22, ['m'] = 22,
	['N'] = 23, ['n'] = 23,
	['P'] = 24, ['p'] = 24,
	['R'] = 25, ['r'] = 25,
	['S'] = 26, ['s'] = 26,
	['T'] = 27, ['t'] = 27,
	['U'] = 28, ['u'] = 28,
	['V'] = 29, ['v'] = 29,
	['W'] = 30, ['w'] = 30,
	['X'] = 31, ['x'] = 31,
	['Y'] = 32, ['y'] = 32,
	['Z'] = 33, ['z'] = 33,
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
vin_packed_is_valid(const uint8_t packed[VIN_PACKED_LEN])
{
	return get_be(packed, 8) < pow33[VIN_HI_CHARS] &&
		get_be(packed + 8, 4) < pow33[VIN_LO_CHARS];
}

/* The caller guarantees vin_packed_is_valid(packed). */
void
vin_unpack(const uint8_t packed[VIN_PACKED_LEN], uint8_t codes[VIN_LEN])
{
	uint64_t	hi = get_be(packed, 8);
	uint32_t	lo = (uint32_t) get_be(packed + 8, 4);
	int			i;

	for (i = VIN_HI_CHARS - 1; i >= 0; i--)
	{
		codes[i] = (uint8_t) (hi % VIN_ALPHABET);
		hi /= VIN_ALPHABET;
	}
	for (i = VIN_LEN - 1; i >= VIN_HI_CHARS; i--)
	{
		codes[i] = (uint8_t) (lo % VIN_ALPHABET);
		lo /= VIN_ALPHABET;
	}
}

void
vin_codes_to_text(const uint8_t codes[VIN_LEN], char text[VIN_LEN])
{
	int			i;

	for (i = 0; i < VIN_LEN; i++)
		text[i] = vin_char[codes[i]];
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
