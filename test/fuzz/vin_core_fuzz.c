/*
 * libFuzzer target for the validator core (no PostgreSQL): every function
 * that takes untrusted bytes, with the invariants that tie them together.
 * Any violation aborts, which libFuzzer reports with the input.
 *
 *	make fuzz				build test/fuzz/vin_core_fuzz (clang)
 *	test/fuzz/vin_core_fuzz -max_total_time=60
 */
#include "vin_core.h"

#include <stdlib.h>
#include <string.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond) do { if (!(cond)) abort(); } while (0)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	uint8_t		codes[VIN_LEN];
	uint8_t		rcodes[VIN_LEN];
	uint8_t		back[VIN_LEN];
	uint8_t		packed[VIN_PACKED_LEN];
	char	   *out = malloc(size + 1);
	VinParseResult pr;
	VinParseStatus st;
	size_t		n,
				i;
	bool		repaired;
	int			year;

	REQUIRE(out != NULL);
	st = vin_parse(s, size, codes, &pr);
	REQUIRE(pr.start + pr.len <= size);
	if (st == VIN_PARSE_BAD_CHAR)
		REQUIRE(pr.bad_offset < size && vin_rank(data[pr.bad_offset]) < 0);

	n = vin_normalize_bytes(s, size, out);
	REQUIRE(n <= size);
	for (i = 0; i < n; i++)
		REQUIRE(!vin_is_space((unsigned char) out[i]) &&
				!vin_is_separator((unsigned char) out[i]) &&
				!(out[i] >= 'a' && out[i] <= 'z'));

	repaired = vin_repair_codes(s, size, rcodes);
	if (st == VIN_PARSE_OK)
		REQUIRE(repaired && memcmp(codes, rcodes, VIN_LEN) == 0);

	if (repaired)
	{
		char		c = vin_check_char(rcodes);

		REQUIRE((c >= '0' && c <= '9') || c == 'X');
		vin_pack(rcodes, packed);
		REQUIRE(vin_packed_is_valid(packed));
		vin_unpack(packed, back);
		REQUIRE(memcmp(rcodes, back, VIN_LEN) == 0);
		(void) vin_region_name(rcodes[0]);
		(void) vin_country_name(rcodes[0], rcodes[1]);
		if (vin_pick_model_year(rcodes, 2030, &year) != VIN_YEAR_NONE)
			REQUIRE(year >= VIN_YEAR_FIRST && year <= 2030);
	}

	/* the packed form is untrusted too (binary input, stored values) */
	if (size >= VIN_PACKED_LEN)
	{
		memcpy(packed, data, VIN_PACKED_LEN);
		if (vin_packed_is_valid(packed))
		{
			vin_unpack(packed, back);
			for (i = 0; i < VIN_LEN; i++)
				REQUIRE(back[i] < VIN_ALPHABET);
		}
	}

	free(out);
	return 0;
}
