/*
 * Unit and property tests of the plate core (src/plate_core.c), without
 * PostgreSQL.  Prints "N passed, N failed" and exits non-zero on any
 * failure.  The cases cite the rules of doc/plates.md.
 */
#include "plate_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"


static bool
parse(const char *s, PlateInfo *info)
{
	return plate_parse(s, strlen(s), info);
}

/* canonical form as a C string */
static const char *
canon(const PlateInfo *info)
{
	static char buf[PLATE_MAX_BYTES + 1];

	memcpy(buf, info->canonical, info->len);
	buf[info->len] = '\0';
	return buf;
}

static void
expect(const char *s, PlateKind kind, const char *canonical,
	   const char *province, char authority, PlateEnergy energy)
{
	PlateInfo	info;
	bool		ok = parse(s, &info);
	PlateProblem pr[PLATE_MAX_PROBLEMS];
	int			nchars;

	CHECK(ok, "%s should be valid", s);
	if (!ok)
		return;
	CHECK(info.kind == kind, "%s: kind %s", s, plate_kind_name(info.kind));
	CHECK(strcmp(canon(&info), canonical) == 0, "%s: canonical %s", s,
		  canon(&info));
	CHECK(province == NULL ? info.province < 0 :
		  (info.province >= 0 &&
		   strcmp(plate_provinces[info.province].name, province) == 0),
		  "%s: province", s);
	CHECK(info.authority == authority, "%s: authority %c", s, info.authority);
	CHECK(info.energy == energy, "%s: energy %d", s, (int) info.energy);
	CHECK(plate_problems(s, strlen(s), pr, &nchars) == 0,
		  "%s: valid but has problems", s);
}

/* Invalid, with a problem of this code at this position (0: whole) */
static void
reject(const char *s, const char *code, int position)
{
	PlateInfo	info;
	PlateProblem pr[PLATE_MAX_PROBLEMS];
	int			nchars;
	int			n,
				i;
	bool		found = false;

	CHECK(!parse(s, &info) && info.kind == PLATE_INVALID,
		  "%s should be invalid", s);
	n = plate_problems(s, strlen(s), pr, &nchars);
	CHECK(n > 0, "%s: invalid without problems", s);
	for (i = 0; i < n; i++)
		if (strcmp(plate_problem_code_name(pr[i].code), code) == 0 &&
			pr[i].position == position)
			found = true;
	if (!found)
	{
		fprintf(stderr, "  %s problems:", s);
		for (i = 0; i < n; i++)
			fprintf(stderr, " %d:%s", pr[i].position,
					plate_problem_code_name(pr[i].code));
		fputc('\n', stderr);
	}
	CHECK(found, "%s: no %s at %d", s, code, position);
}

static void
test_layouts(void)
{
	/* R-ORD (S27 examples), display forms (DIRTY, S26, S17) */
	expect("\xe6\xb2\xaa" "A12345", PLATE_ORDINARY, "\xe6\xb2\xaa" "A12345", "Shanghai", 'A', PLATE_ENERGY_NONE);	/* 沪A12345 沪A12345 */
	expect("\xe4\xba\xac" "A\xc2\xb7" "12345", PLATE_ORDINARY, "\xe4\xba\xac" "A12345", "Beijing", 'A', PLATE_ENERGY_NONE); /* 京A·12345 京A12345 */
	expect("\xe4\xba\xac" "A 12345", PLATE_ORDINARY, "\xe4\xba\xac" "A12345", "Beijing", 'A', PLATE_ENERGY_NONE);	/* 京A 12345 京A12345 */
	expect("\xe4\xba\xac" "a12345", PLATE_ORDINARY, "\xe4\xba\xac" "A12345", "Beijing", 'A', PLATE_ENERGY_NONE);	/* 京a12345 京A12345 */
	expect("\xe4\xba\xac\xef\xbc\xa1\xe3\x83\xbb\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x94\xef\xbc\x95", PLATE_ORDINARY, "\xe4\xba\xac" "A12345", "Beijing", 'A', PLATE_ENERGY_NONE); /* 京Ａ・１２３４５
																																															 * 京A12345 */
	expect("\xe3\x80\x80\xe4\xba\xac" "A-123_45 ", PLATE_ORDINARY, "\xe4\xba\xac" "A12345", "Beijing", 'A', PLATE_ENERGY_NONE); /* \xe3\x80\x80京A-123_45
																																 * 京A12345 */
	expect("\xe4\xba\xac" "C\xc2\xb7" "A1234", PLATE_ORDINARY, "\xe4\xba\xac" "CA1234", "Beijing", 'C', PLATE_ENERGY_NONE); /* 京C·A1234 京CA1234 */
	expect("\xe8\x8b\x8f" "A\xc2\xb7" "1P234", PLATE_ORDINARY, "\xe8\x8b\x8f" "A1P234", "Jiangsu", 'A', PLATE_ENERGY_NONE); /* 苏A·1P234 苏A1P234 */
	expect("\xe6\xb5\x99" "B\xc2\xb7" "AB987", PLATE_ORDINARY, "\xe6\xb5\x99" "BAB987", "Zhejiang", 'B', PLATE_ENERGY_NONE);	/* 浙B·AB987 浙BAB987 */
	/* length decides the kind: 7 characters are ordinary, D or not */
	expect("\xe4\xba\xac" "AD1234", PLATE_ORDINARY, "\xe4\xba\xac" "AD1234", "Beijing", 'A', PLATE_ENERGY_NONE);	/* 京AD1234 京AD1234 */
	expect("\xe4\xba\xac" "A1234D", PLATE_ORDINARY, "\xe4\xba\xac" "A1234D", "Beijing", 'A', PLATE_ENERGY_NONE);	/* 京A1234D 京A1234D */
	/* R-AUTH-O: O as authority (粤O provincial organs) */
	expect("\xe7\xb2\xa4O12345", PLATE_ORDINARY, "\xe7\xb2\xa4O12345", "Guangdong", 'O', PLATE_ENERGY_NONE);	/* 粤O12345 粤O12345 */
	expect("\xe9\x99\x95" "A12345", PLATE_ORDINARY, "\xe9\x99\x95" "A12345", "Shaanxi", 'A', PLATE_ENERGY_NONE);	/* 陕A12345 陕A12345 */
	expect("\xe6\x99\x8b" "A12345", PLATE_ORDINARY, "\xe6\x99\x8b" "A12345", "Shanxi", 'A', PLATE_ENERGY_NONE); /* 晋A12345 晋A12345 */
	expect("\xe8\x97\x8f" "A12345", PLATE_ORDINARY, "\xe8\x97\x8f" "A12345", "Tibet (Xizang)", 'A', PLATE_ENERGY_NONE); /* 藏A12345 藏A12345 */
	/* no per-province letter whitelist: 云B is accepted */
	expect("\xe4\xba\x91" "B12345", PLATE_ORDINARY, "\xe4\xba\x91" "B12345", "Yunnan", 'B', PLATE_ENERGY_NONE); /* 云B12345 云B12345 */

	/* R-NEV-S, R-NEV-L (S15, S9), R-NEV-EXT (S9, S11 豫AA) */
	expect("\xe4\xba\xac" "AD12345", PLATE_NEW_ENERGY_SMALL, "\xe4\xba\xac" "AD12345", "Beijing", 'A', PLATE_ENERGY_PURE_ELECTRIC); /* 京AD12345 京AD12345 */
	expect("\xe6\xb2\xaa" "ADA1234", PLATE_NEW_ENERGY_SMALL, "\xe6\xb2\xaa" "ADA1234", "Shanghai", 'A', PLATE_ENERGY_PURE_ELECTRIC);	/* 沪ADA1234 沪ADA1234 */
	expect("\xe7\xb2\xa4" "BF12345", PLATE_NEW_ENERGY_SMALL, "\xe7\xb2\xa4" "BF12345", "Guangdong", 'B', PLATE_ENERGY_NON_PURE_ELECTRIC);	/* 粤BF12345 粤BF12345 */
	expect("\xe8\xb1\xab" "AA12345", PLATE_NEW_ENERGY_SMALL, "\xe8\xb1\xab" "AA12345", "Henan", 'A', PLATE_ENERGY_PURE_ELECTRIC);	/* 豫AA12345 豫AA12345 */
	expect("\xe8\x8b\x8f" "AE12345", PLATE_NEW_ENERGY_SMALL, "\xe8\x8b\x8f" "AE12345", "Jiangsu", 'A', PLATE_ENERGY_PURE_ELECTRIC); /* 苏AE12345 苏AE12345 */
	expect("\xe8\x8b\x8f" "AK12345", PLATE_NEW_ENERGY_SMALL, "\xe8\x8b\x8f" "AK12345", "Jiangsu", 'A', PLATE_ENERGY_NON_PURE_ELECTRIC); /* 苏AK12345 苏AK12345 */
	expect("\xe4\xba\xac" "A12345D", PLATE_NEW_ENERGY_LARGE, "\xe4\xba\xac" "A12345D", "Beijing", 'A', PLATE_ENERGY_PURE_ELECTRIC); /* 京A12345D 京A12345D */
	expect("\xe4\xba\xac" "A12345F", PLATE_NEW_ENERGY_LARGE, "\xe4\xba\xac" "A12345F", "Beijing", 'A', PLATE_ENERGY_NON_PURE_ELECTRIC); /* 京A12345F 京A12345F */
	/* R-NEV-L-EXT (contested, accepted): expansion letters last */
	expect("\xe4\xba\xac" "A12345A", PLATE_NEW_ENERGY_LARGE, "\xe4\xba\xac" "A12345A", "Beijing", 'A', PLATE_ENERGY_PURE_ELECTRIC); /* 京A12345A 京A12345A */
	expect("\xe4\xba\xac" "A12345G", PLATE_NEW_ENERGY_LARGE, "\xe4\xba\xac" "A12345G", "Beijing", 'A', PLATE_ENERGY_NON_PURE_ELECTRIC); /* 京A12345G 京A12345G */

	/* R-SFX (S16, S18, S29), R-HKMO (S27: 粤Z·7C59港) */
	expect("\xe4\xba\xac" "A1234\xe5\xad\xa6", PLATE_COACH, "\xe4\xba\xac" "A1234\xe5\xad\xa6", "Beijing", 'A', PLATE_ENERGY_NONE); /* 京A1234学 京A1234学 */
	expect("\xe7\xb2\xa4" "B\xc2\xb7" "123A\xe8\xad\xa6", PLATE_POLICE, "\xe7\xb2\xa4" "B123A\xe8\xad\xa6", "Guangdong", 'B', PLATE_ENERGY_NONE);	/* 粤B·123A警
																																					 * 粤B123A警 */
	expect("\xe9\xb2\x81" "C1234\xe6\x8c\x82", PLATE_TRAILER, "\xe9\xb2\x81" "C1234\xe6\x8c\x82", "Shandong", 'C', PLATE_ENERGY_NONE);	/* 鲁C1234挂 鲁C1234挂 */
	expect("\xe7\xb2\xa4Z\xc2\xb7" "7C59\xe6\xb8\xaf", PLATE_HONG_KONG_MACAU, "\xe7\xb2\xa4Z7C59\xe6\xb8\xaf", "Guangdong", 'Z', PLATE_ENERGY_NONE);	/* 粤Z·7C59港
																																						 * 粤Z7C59港 */
	expect("\xe7\xb2\xa4Z1234\xe6\xbe\xb3", PLATE_HONG_KONG_MACAU, "\xe7\xb2\xa4Z1234\xe6\xbe\xb3", "Guangdong", 'Z', PLATE_ENERGY_NONE);	/* 粤Z1234澳 粤Z1234澳 */
	/* R-CONS (contested; chosen: province, letter, 4 digits, 领) */
	expect("\xe6\xb2\xaa" "A1234\xe9\xa2\x86", PLATE_CONSULATE, "\xe6\xb2\xaa" "A1234\xe9\xa2\x86", "Shanghai", 'A', PLATE_ENERGY_NONE);	/* 沪A1234领 沪A1234领 */
	/* R-EMB (contested order: both accepted), S21 */
	expect("\xe4\xbd\xbf" "224009", PLATE_EMBASSY, "\xe4\xbd\xbf" "224009", NULL, 0, PLATE_ENERGY_NONE);	/* 使224009 使224009 */
	expect("224009\xe4\xbd\xbf", PLATE_EMBASSY, "224009\xe4\xbd\xbf", NULL, 0, PLATE_ENERGY_NONE);	/* 224009使 224009使 */
	expect("\xe4\xbd\xbf 224-009", PLATE_EMBASSY, "\xe4\xbd\xbf" "224009", NULL, 0, PLATE_ENERGY_NONE); /* 使 224-009 使224009 */
	/* R-EMG (S22): X fire-rescue, S forest fire, none (Ministry) */
	expect("\xe4\xba\xacX2345\xe5\xba\x94\xe6\x80\xa5", PLATE_EMERGENCY, "\xe4\xba\xacX2345\xe5\xba\x94\xe6\x80\xa5", "Beijing", 0, PLATE_ENERGY_NONE); /* 京X2345应急
																																						 * 京X2345应急 */
	expect("\xe5\xb7\x9dS1234\xe5\xba\x94\xe6\x80\xa5", PLATE_EMERGENCY, "\xe5\xb7\x9dS1234\xe5\xba\x94\xe6\x80\xa5", "Sichuan", 0, PLATE_ENERGY_NONE); /* 川S1234应急
																																						 * 川S1234应急 */
	expect("\xe4\xba\xac" "12345\xe5\xba\x94\xe6\x80\xa5", PLATE_EMERGENCY, "\xe4\xba\xac" "12345\xe5\xba\x94\xe6\x80\xa5", "Beijing", 0, PLATE_ENERGY_NONE);	/* 京12345应急
																																								 * 京12345应急 */
}

static void
test_rejects(void)
{
	reject("", "empty", 0);
	reject(" \xc2\xb7- ", "empty", 0);	/* ·-  */
	reject("\xe4\xba\xac" "A1234", "wrong_length", 0);	/* 京A1234 */
	reject("\xe4\xba\xac" "A123456789", "wrong_length", 0); /* 京A123456789 */
	/* R-SERIAL: O and I are reported, never read as 0 and 1 */
	reject("\xe4\xba\xac" "A1O345", "letter_o_for_zero", 4);	/* 京A1O345 */
	reject("\xe4\xba\xac" "A\xc2\xb7" "1234I", "letter_i_for_one", 7);	/* 京A·1234I */
	reject("\xe4\xba\xac" "AD1O345", "letter_o_for_zero", 5);	/* 京AD1O345 */
	/* R-AUTH: I never assigned; a digit is no authority */
	reject("\xe4\xba\xacI12345", "bad_authority", 2);	/* 京I12345 */
	reject("\xe4\xba\xac" "112345", "bad_authority", 2);	/* 京112345 */
	/* R-PROV */
	reject("\xe6\xb8\xaf" "A12345", "misplaced_character", 1);	/* 港A12345 */
	reject("\xe5\x8f\xb0" "A12345", "illegal_character", 1);	/* 台A12345 */
	reject("AA12345", "unknown_province", 1);
	reject("\xe8\xbd\xa6" "A12345", "illegal_character", 1);	/* 车A12345 */
	/* R-ORD: at most 2 letters */
	reject("\xe4\xba\xac" "AABC12", "too_many_letters", 0); /* 京AABC12 */
	/* R-NEV: energy letter */
	reject("\xe4\xba\xac" "AL12345", "bad_energy_letter", 3);	/* 京AL12345 */
	reject("\xe4\xba\xac" "A12345L", "bad_energy_letter", 8);	/* 京A12345L */
	reject("\xe4\xba\xac" "A123456", "bad_energy_letter", 8);	/* 京A123456 */
	reject("\xe4\xba\xac" "AD1234A", "digit_expected", 8);	/* 京AD1234A */
	reject("\xe4\xba\xac" "A1234AD", "digit_expected", 7);	/* 京A1234AD */
	/* suffixes */
	reject("\xe4\xba\xac" "A\xe5\xad\xa6" "1234", "misplaced_character", 3);	/* 京A学1234 */
	reject("\xe4\xba\xac" "A1234\xe5\xad\xa6" "1", "misplaced_character", 7);	/* 京A1234学1 */
	reject("\xe4\xba\xac" "A12345\xe5\xad\xa6", "wrong_length", 0); /* 京A12345学 */
	reject("\xe4\xba\xac" "A1234\xe6\xb8\xaf", "hong_kong_macau_prefix", 0);	/* 京A1234港 */
	reject("\xe6\xb2\xaa" "A123A\xe9\xa2\x86", "digit_expected", 6);	/* 沪A123A领 */
	reject("\xe4\xbd\xbf" "22400A", "digit_expected", 7);	/* 使22400A */
	reject("\xe4\xbd\xbf" "2240091", "wrong_length", 0);	/* 使2240091 */
	reject("22\xe4\xbd\xbf" "4009", "misplaced_character", 3);	/* 22使4009 */
	reject("\xe4\xba\xac" "A2345\xe5\xba\x94\xe6\x80\xa5", "bad_authority", 2); /* 京A2345应急 */
	reject("\xe4\xba\xacX234\xe5\xba\x94\xe6\x80\xa5", "wrong_length", 0);	/* 京X234应急 */
	reject("\xe4\xba\xac" "A1234*", "illegal_character", 7);	/* 京A1234* */
	reject("\xe4\xba\xac" "A1234/", "illegal_character", 7);	/* 京A1234/ */
}

/*
 * Properties over generated plates of every kind: each is valid, decodes
 * as generated, and every display variant (middle dot, spaces, lower
 * case, full-width, zero-width characters) normalizes to the same
 * canonical form; a serial digit replaced by I or O is invalid and
 * reported at its position; problems are empty exactly when valid, on
 * mutated plates too.
 */
static const char *const prov_chars[] = {
	"\xe4\xba\xac", "\xe6\xb4\xa5", "\xe6\xb2\xaa", "\xe6\xb8\x9d", "\xe5\x86\x80", "\xe6\x99\x8b", "\xe8\x92\x99", "\xe8\xbe\xbd", "\xe5\x90\x89", "\xe9\xbb\x91", "\xe8\x8b\x8f", "\xe6\xb5\x99", /* 京 津 沪 渝 冀 晋 蒙 辽 吉 黑 苏 浙 */
	"\xe7\x9a\x96", "\xe9\x97\xbd", "\xe8\xb5\xa3", "\xe9\xb2\x81", "\xe8\xb1\xab", "\xe9\x84\x82", "\xe6\xb9\x98", "\xe7\xb2\xa4", "\xe6\xa1\x82", "\xe7\x90\xbc", "\xe5\xb7\x9d", "\xe8\xb4\xb5", /* 皖 闽 赣 鲁 豫 鄂 湘 粤 桂 琼 川 贵 */
	"\xe4\xba\x91", "\xe8\x97\x8f", "\xe9\x99\x95", "\xe7\x94\x98", "\xe9\x9d\x92", "\xe5\xae\x81", "\xe6\x96\xb0"	/* 云 藏 陕 甘 青 宁 新 */
};

static const char serial_chars[] = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

static char
rnd_digit(void)
{
	return (char) ('0' + rng() % 10);
}

static char
rnd_letter(void)
{
	/* A-Z without I and O */
	return serial_chars[10 + rng() % 24];
}

/* Generate a valid plate of a random kind into out; returns the kind */
static PlateKind
generate(char *out, const char **province)
{
	int			p = (int) (rng() % 31);
	int			k = (int) (rng() % 10);
	char		auth = (char) ('A' + rng() % 26);
	size_t		n = 0;
	int			i;

	if (auth == 'I')
		auth = 'O';
	*province = prov_chars[p];
	if (k == 8)
	{
		bool		first = rng() % 2;

		*province = NULL;
		if (first)
			n += (size_t) sprintf(out + n, "\xe4\xbd\xbf"); /* 使 */
		for (i = 0; i < 6; i++)
			out[n++] = rnd_digit();
		if (!first)
			n += (size_t) sprintf(out + n, "\xe4\xbd\xbf"); /* 使 */
		out[n] = '\0';
		return PLATE_EMBASSY;
	}
	n += (size_t) sprintf(out + n, "%s", prov_chars[p]);
	switch (k)
	{
		case 0:
			{
				int			letters = (int) (rng() % 3);

				out[n++] = auth;
				for (i = 0; i < 5; i++)
					out[n++] = (i < letters && rng() % 2) ? rnd_letter() : rnd_digit();
				out[n] = '\0';
				return PLATE_ORDINARY;
			}
		case 1:
			out[n++] = auth;
			out[n++] = "DABCEFGHJK"[rng() % 10];
			out[n++] = rng() % 2 ? rnd_letter() : rnd_digit();
			for (i = 0; i < 4; i++)
				out[n++] = rnd_digit();
			out[n] = '\0';
			return PLATE_NEW_ENERGY_SMALL;
		case 2:
			out[n++] = auth;
			for (i = 0; i < 5; i++)
				out[n++] = rnd_digit();
			out[n++] = "DABCEFGHJK"[rng() % 10];
			out[n] = '\0';
			return PLATE_NEW_ENERGY_LARGE;
		case 3:
		case 4:
		case 5:
			out[n++] = auth;
			for (i = 0; i < 4; i++)
				out[n++] = rng() % 3 ? rnd_digit() : rnd_letter();
			sprintf(out + n, "%s", k == 3 ? "\xe5\xad\xa6" : k == 4 ? "\xe8\xad\xa6" : "\xe6\x8c\x82"); /* 学 警 挂 */
			return k == 3 ? PLATE_COACH : k == 4 ? PLATE_POLICE : PLATE_TRAILER;
		case 6:
			*province = "\xe7\xb2\xa4"; /* 粤 */
			n = (size_t) sprintf(out, "\xe7\xb2\xa4Z"); /* 粤Z */
			for (i = 0; i < 4; i++)
				out[n++] = rng() % 3 ? rnd_digit() : rnd_letter();
			sprintf(out + n, "%s", rng() % 2 ? "\xe6\xb8\xaf" : "\xe6\xbe\xb3");	/* 港 澳 */
			return PLATE_HONG_KONG_MACAU;
		case 7:
			out[n++] = auth;
			for (i = 0; i < 4; i++)
				out[n++] = rnd_digit();
			sprintf(out + n, "\xe9\xa2\x86");	/* 领 */
			return PLATE_CONSULATE;
		default:
			if (rng() % 2)
				out[n++] = rng() % 2 ? 'X' : 'S';
			else
				out[n++] = rnd_digit();
			for (i = 0; i < 4; i++)
				out[n++] = rnd_digit();
			sprintf(out + n, "\xe5\xba\x94\xe6\x80\xa5");	/* 应急 */
			return PLATE_EMERGENCY;
	}
}

/* A display variant of plate s: separators, case, full width */
static void
display_variant(const char *s, char *out)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		n = 0;
	size_t		i = 0;
	int			chars = 0;
	int			mode = (int) (rng() % 4);

	if (rng() % 4 == 0)
		n += (size_t) sprintf(out + n, "\xef\xbb\xbf"); /* BOM */
	while (p[i])
	{
		size_t		clen = p[i] < 0x80 ? 1 : (p[i] >= 0xF0 ? 4 : (p[i] >= 0xE0 ? 3 : 2));

		if (clen == 1 && mode == 1 && p[i] >= 'A' && p[i] <= 'Z')
			out[n++] = (char) (p[i] - 'A' + 'a');
		else if (clen == 1 && mode == 2)
		{
			/* full-width: U+FF01 + (c - 0x21) */
			unsigned	cp = 0xFF01 + (p[i] - 0x21);

			out[n++] = (char) (0xE0 | (cp >> 12));
			out[n++] = (char) (0x80 | ((cp >> 6) & 0x3F));
			out[n++] = (char) (0x80 | (cp & 0x3F));
		}
		else
		{
			memcpy(out + n, s + i, clen);
			n += clen;
		}
		i += clen;
		chars++;
		if (chars == 2)
		{
			static const char *const seps[] = {
				"\xc2\xb7", " ", "-", "\xe3\x83\xbb", "\xe3\x80\x80", "", "\xe2\x80\xa2", "\xe2\x80\x8b", "."	/* · ・ */
			};

			n += (size_t) sprintf(out + n, "%s", seps[rng() % 9]);
		}
	}
	if (mode == 3)
		n += (size_t) sprintf(out + n, "  ");
	out[n] = '\0';
}

static void
test_properties(void)
{
	int			t;
	int			bad_valid = 0,
				bad_decode = 0,
				bad_variant = 0,
				bad_io = 0,
				bad_agree = 0;
	int			kinds[PLATE_EMERGENCY + 1] = {0};

	for (t = 0; t < 50000; t++)
	{
		char		s[64];
		char		v[128];
		PlateInfo	a,
					b;
		const char *province;
		PlateKind	kind = generate(s, &province);
		PlateProblem pr[PLATE_MAX_PROBLEMS];
		int			nchars;

		kinds[kind]++;
		if (!parse(s, &a))
		{
			bad_valid++;
			fprintf(stderr, "  generated invalid: %s\n", s);
			continue;
		}
		if (a.kind != kind ||
			(province == NULL ? a.province >= 0 :
			 (a.province < 0 || strcmp(plate_provinces[a.province].abbr, province) != 0)) ||
			a.len != strlen(s) || memcmp(a.canonical, s, a.len) != 0)
			bad_decode++;

		display_variant(s, v);
		if (!parse(v, &b) || b.len != a.len ||
			memcmp(a.canonical, b.canonical, a.len) != 0 || b.kind != a.kind ||
			b.energy != a.energy || b.authority != a.authority)
			bad_variant++;

		/* a digit of the serial replaced by I or O */
		{
			char		m[64];
			size_t		i,
						len = strlen(s);
			int			pos = 0;

			strcpy(m, s);
			for (i = 0; i < len; i++)
			{
				if ((unsigned char) m[i] >= 0x80)
				{
					i += ((unsigned char) m[i] >= 0xE0 ? 2 : 1);
					pos++;
					continue;
				}
				pos++;
				if (m[i] >= '0' && m[i] <= '9' && rng() % 2)
				{
					char		letter = rng() % 2 ? 'I' : 'O';
					int			n,
								j;
					bool		found = false;

					m[i] = letter;
					n = plate_problems(m, len, pr, &nchars);
					for (j = 0; j < n; j++)
						if (pr[j].position == pos &&
							pr[j].code == (letter == 'I' ? PLATE_PROBLEM_LETTER_I : PLATE_PROBLEM_LETTER_O))
							found = true;
					if (parse(m, &b) || !found)
					{
						bad_io++;
						fprintf(stderr, "  I/O not reported: %s\n", m);
					}
					break;
				}
			}
		}

		/* random mutations: problems empty exactly when valid */
		{
			char		m[64];
			size_t		len = strlen(s);
			size_t		at = rng() % (len + 1);
			int			n;
			bool		valid;

			memcpy(m, s, at);
			switch (rng() % 3)
			{
				case 0:			/* insert an ASCII character */
					m[at] = serial_chars[rng() % (sizeof(serial_chars) - 1)];
					memcpy(m + at + 1, s + at, len - at + 1);
					break;
				case 1:			/* delete a byte */
					memcpy(m + at, s + at + (at < len), len - at);
					m[len - (at < len)] = '\0';
					break;
				default:		/* replace a byte */
					memcpy(m, s, len + 1);
					if (at < len)
						m[at] = serial_chars[rng() % (sizeof(serial_chars) - 1)];
					break;
			}
			valid = parse(m, &b);
			n = plate_problems(m, strlen(m), pr, &nchars);
			if (valid != (n == 0))
			{
				bad_agree++;
				fprintf(stderr, "  disagree: %s\n", m);
			}
		}
	}
	CHECK(bad_valid == 0, "%d generated plates invalid", bad_valid);
	CHECK(bad_decode == 0, "%d generated plates decoded wrongly", bad_decode);
	CHECK(bad_variant == 0, "%d display variants differ", bad_variant);
	CHECK(bad_io == 0, "%d I/O substitutions not reported", bad_io);
	CHECK(bad_agree == 0, "%d problems/validity disagreements", bad_agree);
	for (t = PLATE_ORDINARY; t <= PLATE_EMERGENCY; t++)
		CHECK(kinds[t] > 0, "kind %s never generated", plate_kind_name(t));
}

/* Arbitrary bytes: nothing crashes, problems agree with validity */
static void
test_random_bytes(void)
{
	int			t;
	int			bad = 0;

	for (t = 0; t < 200000; t++)
	{
		char		s[24];
		size_t		len = rng() % 24;
		size_t		i;
		PlateInfo	info;
		PlateProblem pr[PLATE_MAX_PROBLEMS];
		int			nchars,
					n;

		for (i = 0; i < len; i++)
			s[i] = (char) rng();
		n = plate_problems(s, len, pr, &nchars);
		if (plate_parse(s, len, &info) != (n == 0))
			bad++;
		if (n < 0 || n > PLATE_MAX_PROBLEMS)
			bad++;
	}
	CHECK(bad == 0, "%d inconsistencies on random bytes", bad);
}

static void
test_tables(void)
{
	int			i;

	for (i = 0; i < PLATE_NPROVINCES; i++)
		CHECK(plate_province_index(plate_provinces[i].codepoint) == i &&
			  (i == 0 || plate_provinces[i - 1].codepoint < plate_provinces[i].codepoint),
			  "province table order at %d", i);
	CHECK(plate_province_index(0x6E2F) < 0, "\xe6\xb8\xaf is no province"); /* 港 is no province */
	CHECK(plate_province_index('A') < 0, "A is no province");
}

int
main(void)
{
	/* xorshift64* from a fixed seed: a failure reproduces */
	rng_state = 0x2545F4914F6CDD1DULL;
	test_tables();
	test_layouts();
	test_rejects();
	test_properties();
	test_random_bytes();
	printf("plate_core: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
