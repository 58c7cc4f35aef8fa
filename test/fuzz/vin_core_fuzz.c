/*
 * libFuzzer target for the validator core (no PostgreSQL): every function
 * that takes untrusted bytes (the UTF-8 folding path included), and the
 * plate core (plate_core.c), with the invariants that tie them together.
 * Any violation aborts, which libFuzzer reports with the input.
 *
 *	make fuzz				build test/fuzz/vin_core_fuzz (clang)
 *	test/fuzz/vin_core_fuzz -max_total_time=60
 */
#include "plate_core.h"
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

	/*
	 * Folding (UTF-8): never longer; the unfolded repair implies the folded
	 * one, with the same VIN; the folded repair is the unfolded repair of the
	 * folded normalization, and the folded normalization is upper case
	 * without ASCII separators; every character is classified within the
	 * input.
	 */
	{
		char	   *fout = malloc(size + 1);
		uint8_t		fcodes[VIN_LEN];
		uint8_t		ncodes[VIN_LEN];
		size_t		fn;
		bool		frepaired;
		VinFoldChar fc;

		REQUIRE(fout != NULL);
		fn = vin_normalize_utf8(s, size, fout);
		REQUIRE(fn <= size);
		for (i = 0; i < fn; i++)
			REQUIRE(!vin_is_space((unsigned char) fout[i]) &&
					!vin_is_separator((unsigned char) fout[i]) &&
					!(fout[i] >= 'a' && fout[i] <= 'z'));
		frepaired = vin_repair_codes_utf8(s, size, fcodes);
		if (repaired)
			REQUIRE(frepaired && memcmp(rcodes, fcodes, VIN_LEN) == 0);
		REQUIRE(frepaired == vin_repair_codes(fout, fn, ncodes));
		if (frepaired)
			REQUIRE(memcmp(fcodes, ncodes, VIN_LEN) == 0);
		for (i = 0; i < size; i += fc.len)
		{
			vin_fold_utf8(s + i, size - i, &fc);
			REQUIRE(fc.len >= 1 && fc.len <= 4 && fc.len <= size - i);
			if (fc.kind == VIN_FOLD_FULLWIDTH)
				REQUIRE(fc.ascii >= 0x21 && fc.ascii <= 0x7E);
			if (fc.kind == VIN_FOLD_SPACE || fc.kind == VIN_FOLD_INVISIBLE ||
				fc.kind == VIN_FOLD_SEPARATOR)
				REQUIRE(vin_fold_name(fc.codepoint) != NULL);
		}
		free(fout);
	}

	/*
	 * Plates (plate_core.c, which folds with vin_fold_utf8): problems are
	 * empty exactly when valid; the canonical form is valid, decodes alike
	 * and is its own canonical form.
	 */
	{
		PlateInfo	pi,
					again;
		PlateProblem pp[PLATE_MAX_PROBLEMS];
		int			nchars;
		int			np = plate_problems(s, size, pp, &nchars);
		bool		valid = plate_parse(s, size, &pi);

		REQUIRE(np >= 0 && np <= PLATE_MAX_PROBLEMS && nchars >= 0);
		REQUIRE(valid == (np == 0));
		if (valid)
		{
			REQUIRE(pi.len <= PLATE_MAX_BYTES);
			REQUIRE(plate_parse(pi.canonical, pi.len, &again));
			REQUIRE(again.kind == pi.kind && again.province == pi.province &&
					again.authority == pi.authority &&
					again.energy == pi.energy && again.len == pi.len &&
					memcmp(again.canonical, pi.canonical, pi.len) == 0);
		}
		else
			REQUIRE(pi.kind == PLATE_INVALID);
	}

	/*
	 * Masked VINs: a pattern is 17 VIN characters and masks, its shape the
	 * masks' positions, a truncated one has position 9 and only it masked; a
	 * valid VIN reads as itself with no mask.
	 */
	{
		char		pattern[VIN_LEN];
		uint32_t	shape;
		int			u;

		for (u = 0; u < 2; u++)
		{
			VinMaskedStatus ms = vin_mask_read(s, size, u == 1, pattern, &shape);

			if (ms == VIN_MASKED_NONE)
				continue;
			REQUIRE(shape <= VIN_MASK_SHAPE_MAX);
			for (i = 0; i < VIN_LEN; i++)
				REQUIRE((pattern[i] == VIN_MASK_CHAR) == ((shape >> i) & 1) &&
						(pattern[i] == VIN_MASK_CHAR ||
						 vin_char[vin_rank((unsigned char) pattern[i])] == pattern[i]));
			if (ms == VIN_MASKED_TRUNCATED)
				REQUIRE(shape == (1U << 8));
			if (st == VIN_PARSE_OK)
			{
				char		vtext[VIN_LEN];

				vin_codes_to_text(codes, vtext);
				REQUIRE(ms == VIN_MASKED_FULL && shape == 0 &&
						memcmp(vtext, pattern, VIN_LEN) == 0);
			}
		}
		if (st == VIN_PARSE_OK)
			REQUIRE(vin_mask_read(s, size, false, pattern, &shape) == VIN_MASKED_FULL);
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
