/*
 * Unit and property tests of the validator core, without PostgreSQL.
 * Prints "N passed, N failed" and exits non-zero on any failure.
 */
#include "vin_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int	passed;
static int	failed;

#define CHECK(cond, ...) \
	do { \
		if (cond) \
			passed++; \
		else \
		{ \
			failed++; \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
		} \
	} while (0)

/* xorshift64*: deterministic, so a failure reproduces */
static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static void
random_vin(char out[VIN_LEN + 1])
{
	int			i;

	for (i = 0; i < VIN_LEN; i++)
		out[i] = vin_char[rng() % VIN_ALPHABET];
	out[VIN_LEN] = '\0';
}

static VinParseStatus
parse(const char *s, uint8_t codes[VIN_LEN], VinParseResult *r)
{
	return vin_parse(s, strlen(s), codes, r);
}

static void
test_parse(void)
{
	uint8_t		codes[VIN_LEN];
	char		text[VIN_LEN + 1];
	VinParseResult r;

	CHECK(parse("1M8GDM9AXKP042788", codes, &r) == VIN_PARSE_OK, "plain VIN");
	vin_codes_to_text(codes, text);
	text[VIN_LEN] = '\0';
	CHECK(strcmp(text, "1M8GDM9AXKP042788") == 0, "round trip: %s", text);

	CHECK(parse(" \t1m8gdm9axkp042788\n ", codes, &r) == VIN_PARSE_OK,
		  "lower case with surrounding whitespace");
	vin_codes_to_text(codes, text);
	CHECK(strcmp(text, "1M8GDM9AXKP042788") == 0, "upper-cased: %s", text);
	CHECK(r.start == 2 && r.len == 17, "trim offsets %zu %zu", r.start, r.len);

	CHECK(parse("1M8GDM9AXKP04278", codes, &r) == VIN_PARSE_BAD_LENGTH &&
		  r.len == 16, "16 characters");
	CHECK(parse("1M8GDM9AXKP0427888", codes, &r) == VIN_PARSE_BAD_LENGTH &&
		  r.len == 18, "18 characters");
	CHECK(parse("", codes, &r) == VIN_PARSE_BAD_LENGTH && r.len == 0, "empty");
	CHECK(parse("   ", codes, &r) == VIN_PARSE_BAD_LENGTH && r.len == 0,
		  "blank");
	CHECK(parse("1M8GDM9AXKPO42788", codes, &r) == VIN_PARSE_BAD_CHAR &&
		  r.bad_offset == 11, "O at position 12: offset %zu", r.bad_offset);
	CHECK(parse(" 1M8GDM9AXKP04278I", codes, &r) == VIN_PARSE_BAD_CHAR &&
		  r.bad_offset == 17, "I at the end");
	CHECK(parse("1M8GDM9AXKP04278Q8", codes, &r) == VIN_PARSE_BAD_CHAR,
		  "bad character beats wrong length");
	CHECK(parse("1M8GDM9AX KP04278", codes, &r) == VIN_PARSE_BAD_CHAR &&
		  r.bad_offset == 9, "inner space");
	CHECK(vin_parse("1M8GDM9AXKP042788\0", 18, codes, &r) == VIN_PARSE_BAD_CHAR,
		  "NUL byte");
}

static void
test_check_digit(void)
{
	/* Check digits from 49 CFR 565 worked examples and public test suites */
	static const char *const good[] = {
		"1M8GDM9AXKP042788",	/* 49 CFR 565 example: check digit X */
		"11111111111111111",
		"1HGCM82633A004352",
		"LSJA24U62JG269225",
	};
	size_t		i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
	{
		uint8_t		codes[VIN_LEN];
		VinParseResult r;

		CHECK(parse(good[i], codes, &r) == VIN_PARSE_OK, "parse %s", good[i]);
		CHECK(vin_check_char(codes) == good[i][8], "check digit of %s: %c",
			  good[i], vin_check_char(codes));
	}
}

static int
sign(int x)
{
	return (x > 0) - (x < 0);
}

static void
test_pack_properties(void)
{
	int			n;
	int			bad_round_trip = 0;
	int			bad_order = 0;
	int			bad_abbrev = 0;

	for (n = 0; n < 200000; n++)
	{
		char		a[VIN_LEN + 1];
		char		b[VIN_LEN + 1];
		char		back[VIN_LEN + 1];
		uint8_t		ca[VIN_LEN],
					cb[VIN_LEN],
					cu[VIN_LEN];
		uint8_t		pa[VIN_PACKED_LEN],
					pb[VIN_PACKED_LEN];
		VinParseResult r;
		int			text_cmp,
					byte_cmp;
		uint64_t	ha,
					hb;

		random_vin(a);
		/* Share a prefix of random length, as one maker's VINs do */
		memcpy(b, a, VIN_LEN + 1);
		random_vin(back);
		{
			size_t		k = rng() % (VIN_LEN + 1);

			memcpy(b + k, back + k, VIN_LEN - k);
		}

		parse(a, ca, &r);
		parse(b, cb, &r);
		vin_pack(ca, pa);
		vin_pack(cb, pb);

		if (!vin_packed_is_valid(pa))
			bad_round_trip++;
		vin_unpack(pa, cu);
		vin_codes_to_text(cu, back);
		back[VIN_LEN] = '\0';
		if (strcmp(a, back) != 0)
			bad_round_trip++;

		text_cmp = sign(strcmp(a, b));
		byte_cmp = sign(memcmp(pa, pb, VIN_PACKED_LEN));
		if (text_cmp != byte_cmp)
			bad_order++;

		/* The first 8 bytes order the first 12 characters exactly */
		ha = vin_packed_hi(pa);
		hb = vin_packed_hi(pb);
		if (sign((ha > hb) - (ha < hb)) != sign(strncmp(a, b, VIN_HI_CHARS)))
			bad_abbrev++;
	}
	CHECK(bad_round_trip == 0, "%d pack/unpack round trips failed", bad_round_trip);
	CHECK(bad_order == 0, "%d byte orders differ from text order", bad_order);
	CHECK(bad_abbrev == 0, "%d abbreviated keys disagree", bad_abbrev);

	{
		uint8_t		p[VIN_PACKED_LEN];

		memset(p, 0xff, sizeof(p));
		CHECK(!vin_packed_is_valid(p), "all-ones is not a packed VIN");
	}
}

int
main(void)
{
	test_parse();
	test_check_digit();
	test_pack_properties();
	printf("vin_core: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
