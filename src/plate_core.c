/*-------------------------------------------------------------------------
 *
 * plate_core.c
 *	  Mainland Chinese licence plates with no PostgreSQL dependency (see
 *	  plate_core.h and doc/plates.md).
 *
 * Layouts, in characters of the compact form (P province, L authority
 * letter A-Z but I, s serial character 0-9 or A-Z but I and O, d digit,
 * e new-energy letter D A B C E F G H J K):
 *
 *	ordinary				P L s s s s s		at most 2 letters in the serial
 *	new_energy_small		P L e s d d d d
 *	new_energy_large		P L d d d d d e
 *	coach, police, trailer	P L s s s s 学/警/挂
 *	hong_kong_macau			粤 Z s s s s 港/澳
 *	consulate				P L d d d d 领
 *	embassy					使 d d d d d d, or d d d d d d 使
 *	emergency				P X|S d d d d 应急, or P d d d d d 应急
 *
 *-------------------------------------------------------------------------
 */
#include "plate_core.h"

#include <string.h>

#include "vin_core.h"

/* The characters of plates that are not ASCII or a province */
#define CH_XUE		0x5B66		/* 学 coach */
#define CH_JING		0x8B66		/* 警 police */
#define CH_GUA		0x6302		/* 挂 trailer */
#define CH_GANG		0x6E2F		/* 港 Hong Kong */
#define CH_AO		0x6FB3		/* 澳 Macau */
#define CH_LING		0x9886		/* 领 consulate */
#define CH_SHI		0x4F7F		/* 使 embassy */
#define CH_YING		0x5E94		/* 应 of 应急 emergency */
#define CH_JI		0x6025		/* 急 of 应急 */
#define CH_YUE		0x7CA4		/* 粤 Guangdong */

/* Sorted by code point, for plate_province_index's binary search */
const PlateProvince plate_provinces[PLATE_NPROVINCES] = {
	{0x4E91, "\xe4\xba\x91", "Yunnan"}, /* 云 */
	{0x4EAC, "\xe4\xba\xac", "Beijing"},	/* 京 */
	{0x5180, "\xe5\x86\x80", "Hebei"},	/* 冀 */
	{0x5409, "\xe5\x90\x89", "Jilin"},	/* 吉 */
	{0x5B81, "\xe5\xae\x81", "Ningxia"},	/* 宁 */
	{0x5DDD, "\xe5\xb7\x9d", "Sichuan"},	/* 川 */
	{0x65B0, "\xe6\x96\xb0", "Xinjiang"},	/* 新 */
	{0x664B, "\xe6\x99\x8b", "Shanxi"}, /* 晋 */
	{0x6842, "\xe6\xa1\x82", "Guangxi"},	/* 桂 */
	{0x6CAA, "\xe6\xb2\xaa", "Shanghai"},	/* 沪 */
	{0x6D25, "\xe6\xb4\xa5", "Tianjin"},	/* 津 */
	{0x6D59, "\xe6\xb5\x99", "Zhejiang"},	/* 浙 */
	{0x6E1D, "\xe6\xb8\x9d", "Chongqing"},	/* 渝 */
	{0x6E58, "\xe6\xb9\x98", "Hunan"},	/* 湘 */
	{0x743C, "\xe7\x90\xbc", "Hainan"}, /* 琼 */
	{0x7518, "\xe7\x94\x98", "Gansu"},	/* 甘 */
	{0x7696, "\xe7\x9a\x96", "Anhui"},	/* 皖 */
	{0x7CA4, "\xe7\xb2\xa4", "Guangdong"},	/* 粤 */
	{0x82CF, "\xe8\x8b\x8f", "Jiangsu"},	/* 苏 */
	{0x8499, "\xe8\x92\x99", "Inner Mongolia"}, /* 蒙 */
	{0x85CF, "\xe8\x97\x8f", "Tibet (Xizang)"}, /* 藏 */
	{0x8C6B, "\xe8\xb1\xab", "Henan"},	/* 豫 */
	{0x8D35, "\xe8\xb4\xb5", "Guizhou"},	/* 贵 */
	{0x8D63, "\xe8\xb5\xa3", "Jiangxi"},	/* 赣 */
	{0x8FBD, "\xe8\xbe\xbd", "Liaoning"},	/* 辽 */
	{0x9102, "\xe9\x84\x82", "Hubei"},	/* 鄂 */
	{0x95FD, "\xe9\x97\xbd", "Fujian"}, /* 闽 */
	{0x9655, "\xe9\x99\x95", "Shaanxi"},	/* 陕 */
	{0x9752, "\xe9\x9d\x92", "Qinghai"},	/* 青 */
	{0x9C81, "\xe9\xb2\x81", "Shandong"},	/* 鲁 */
	{0x9ED1, "\xe9\xbb\x91", "Heilongjiang"},	/* 黑 */
};

int
plate_province_index(uint32_t codepoint)
{
	int			lo = 0;
	int			hi = PLATE_NPROVINCES - 1;

	if (codepoint < 0x4E91 || codepoint > 0x9ED1)
		return -1;
	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		uint32_t	c = plate_provinces[mid].codepoint;

		if (c == codepoint)
			return mid;
		if (c < codepoint)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

const char *
plate_kind_name(PlateKind kind)
{
	switch (kind)
	{
		case PLATE_INVALID:
			return NULL;
		case PLATE_ORDINARY:
			return "ordinary";
		case PLATE_NEW_ENERGY_SMALL:
			return "new_energy_small";
		case PLATE_NEW_ENERGY_LARGE:
			return "new_energy_large";
		case PLATE_COACH:
			return "coach";
		case PLATE_POLICE:
			return "police";
		case PLATE_TRAILER:
			return "trailer";
		case PLATE_HONG_KONG_MACAU:
			return "hong_kong_macau";
		case PLATE_EMBASSY:
			return "embassy";
		case PLATE_CONSULATE:
			return "consulate";
		case PLATE_EMERGENCY:
			return "emergency";
	}
	return NULL;
}

const char *
plate_energy_name(PlateEnergy energy)
{
	switch (energy)
	{
		case PLATE_ENERGY_NONE:
			return NULL;
		case PLATE_ENERGY_PURE_ELECTRIC:
			return "pure_electric";
		case PLATE_ENERGY_NON_PURE_ELECTRIC:
			return "non_pure_electric";
	}
	return NULL;
}

const char *
plate_problem_code_name(PlateProblemCode code)
{
	switch (code)
	{
		case PLATE_PROBLEM_EMPTY:
			return "empty";
		case PLATE_PROBLEM_WRONG_LENGTH:
			return "wrong_length";
		case PLATE_PROBLEM_ILLEGAL_CHARACTER:
			return "illegal_character";
		case PLATE_PROBLEM_UNKNOWN_PROVINCE:
			return "unknown_province";
		case PLATE_PROBLEM_BAD_AUTHORITY:
			return "bad_authority";
		case PLATE_PROBLEM_LETTER_I:
			return "letter_i_for_one";
		case PLATE_PROBLEM_LETTER_O:
			return "letter_o_for_zero";
		case PLATE_PROBLEM_DIGIT_EXPECTED:
			return "digit_expected";
		case PLATE_PROBLEM_TOO_MANY_LETTERS:
			return "too_many_letters";
		case PLATE_PROBLEM_BAD_ENERGY_LETTER:
			return "bad_energy_letter";
		case PLATE_PROBLEM_MISPLACED_CHARACTER:
			return "misplaced_character";
		case PLATE_PROBLEM_HONG_KONG_MACAU_PREFIX:
			return "hong_kong_macau_prefix";
		case PLATE_PROBLEM_BAD_LAYOUT:
			return "bad_layout";
	}
	return NULL;
}

size_t
plate_utf8_encode(uint32_t cp, char *buf)
{
	if (cp < 0x80)
	{
		buf[0] = (char) cp;
		return 1;
	}
	if (cp < 0x800)
	{
		buf[0] = (char) (0xC0 | (cp >> 6));
		buf[1] = (char) (0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000)
	{
		buf[0] = (char) (0xE0 | (cp >> 12));
		buf[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
		buf[2] = (char) (0x80 | (cp & 0x3F));
		return 3;
	}
	buf[0] = (char) (0xF0 | (cp >> 18));
	buf[1] = (char) (0x80 | ((cp >> 12) & 0x3F));
	buf[2] = (char) (0x80 | ((cp >> 6) & 0x3F));
	buf[3] = (char) (0x80 | (cp & 0x3F));
	return 4;
}

/*
 * The compact form (rule DIRTY): full-width characters read as ASCII,
 * ASCII upper-cased, whitespace, Unicode spaces, invisible characters and
 * the separators . - _ (and the CJK ones vin_core folds: · ・ • ‧ dashes)
 * dropped.  The first PLATE_SCAN_CHARS code points are kept (a byte that
 * starts no well-formed UTF-8 sequence as U+FFFD); n counts them all.
 */
typedef struct Compact
{
	uint32_t	cp[PLATE_SCAN_CHARS];
	int			n;
} Compact;

static inline bool
plate_dropped_ascii(unsigned char c)
{
	return vin_is_space(c) || c == '.' || c == '-' || c == '_';
}

/*
 * Fill c; with limit > 0, stop (returning false) as soon as more than
 * limit characters are seen, which is all validation needs.
 */
static bool
compact(const char *s, size_t len, Compact *c, int limit)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		i = 0;

	c->n = 0;
	while (i < len)
	{
		uint32_t	cp;

		if (p[i] < 0x80)
		{
			cp = p[i++];
			if (plate_dropped_ascii((unsigned char) cp))
				continue;
			if (cp >= 'a' && cp <= 'z')
				cp -= 'a' - 'A';
		}
		else if (p[i] >= 0xE4 && p[i] <= 0xE9 && i + 2 < len &&
				 (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80)
		{
			/*
			 * U+4000-U+9FFF, where the provinces and suffixes are and nothing
			 * is folded: decoded here, the hot path.
			 */
			cp = ((uint32_t) (p[i] & 0x0F) << 12) |
				((uint32_t) (p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
			i += 3;
		}
		else
		{
			VinFoldChar fc;

			vin_fold_utf8(s + i, len - i, &fc);
			i += fc.len;
			switch (fc.kind)
			{
				case VIN_FOLD_FULLWIDTH:
					cp = fc.ascii;
					if (plate_dropped_ascii((unsigned char) cp))
						continue;
					if (cp >= 'a' && cp <= 'z')
						cp -= 'a' - 'A';
					break;
				case VIN_FOLD_SPACE:
				case VIN_FOLD_INVISIBLE:
				case VIN_FOLD_SEPARATOR:
					continue;
				default:
					cp = fc.codepoint != 0 ? fc.codepoint : 0xFFFD;
					break;
			}
		}
		if (c->n < PLATE_SCAN_CHARS)
			c->cp[c->n] = cp;
		c->n++;
		if (limit > 0 && c->n > limit)
			return false;
	}
	return true;
}

static inline bool
is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

static inline bool
is_letter(uint32_t c)
{
	return c >= 'A' && c <= 'Z';
}

/* Serial character (R-SERIAL): a digit or a letter other than I and O */
static inline bool
is_serial(uint32_t c)
{
	return is_digit(c) || (is_letter(c) && c != 'I' && c != 'O');
}

/* Issuing-authority code (R-AUTH, R-AUTH-O): a letter other than I */
static inline bool
is_authority(uint32_t c)
{
	return is_letter(c) && c != 'I';
}

/* New-energy letter (R-NEV-*, R-NEV-EXT): its energy, or NONE */
static inline PlateEnergy
energy_of(uint32_t c)
{
	switch (c)
	{
		case 'D':
		case 'A':
		case 'B':
		case 'C':
		case 'E':
			return PLATE_ENERGY_PURE_ELECTRIC;
		case 'F':
		case 'G':
		case 'H':
		case 'J':
		case 'K':
			return PLATE_ENERGY_NON_PURE_ELECTRIC;
	}
	return PLATE_ENERGY_NONE;
}

static inline bool
all_digits(const uint32_t *cp, int from, int to)
{
	int			i;

	for (i = from; i < to; i++)
		if (!is_digit(cp[i]))
			return false;
	return true;
}

static inline bool
all_serial(const uint32_t *cp, int from, int to)
{
	int			i;

	for (i = from; i < to; i++)
		if (!is_serial(cp[i]))
			return false;
	return true;
}

static PlateKind
suffix_kind(uint32_t c)
{
	switch (c)
	{
		case CH_XUE:
			return PLATE_COACH;
		case CH_JING:
			return PLATE_POLICE;
		case CH_GUA:
			return PLATE_TRAILER;
		case CH_GANG:
		case CH_AO:
			return PLATE_HONG_KONG_MACAU;
		case CH_LING:
			return PLATE_CONSULATE;
	}
	return PLATE_INVALID;
}

/* The layouts of the file header, on a compact form of 7 or 8 characters */
static PlateKind
classify(const uint32_t *cp, int n, int *province, char *authority,
		 PlateEnergy *energy)
{
	PlateKind	kind;

	*province = -1;
	*authority = 0;
	*energy = PLATE_ENERGY_NONE;

	/* 使 embassy, either order (R-EMB), no province */
	if (n == 7 && cp[0] == CH_SHI && all_digits(cp, 1, 7))
		return PLATE_EMBASSY;
	if (n == 7 && cp[6] == CH_SHI && all_digits(cp, 0, 6))
		return PLATE_EMBASSY;

	*province = plate_province_index(cp[0]);
	if (*province < 0)
		return PLATE_INVALID;

	/* 应急 emergency (R-EMG): team code X or S, or none */
	if (n == 8 && cp[6] == CH_YING && cp[7] == CH_JI)
	{
		if ((cp[1] == 'X' || cp[1] == 'S') && all_digits(cp, 2, 6))
			return PLATE_EMERGENCY;
		if (all_digits(cp, 1, 6))
			return PLATE_EMERGENCY;
		return PLATE_INVALID;
	}

	if (!is_authority(cp[1]))
		return PLATE_INVALID;
	*authority = (char) cp[1];

	if (n == 7 && (kind = suffix_kind(cp[6])) != PLATE_INVALID)
	{
		/* R-SFX, R-HKMO, R-CONS */
		if (kind == PLATE_HONG_KONG_MACAU &&
			!(cp[0] == CH_YUE && cp[1] == 'Z'))
			return PLATE_INVALID;
		if (kind == PLATE_CONSULATE)
			return all_digits(cp, 2, 6) ? kind : PLATE_INVALID;
		return all_serial(cp, 2, 6) ? kind : PLATE_INVALID;
	}

	if (n == 7)
	{
		/* R-ORD: at most 2 letters in the serial */
		int			letters = 0;
		int			i;

		for (i = 2; i < 7; i++)
		{
			if (!is_serial(cp[i]))
				return PLATE_INVALID;
			letters += is_letter(cp[i]);
		}
		return letters <= 2 ? PLATE_ORDINARY : PLATE_INVALID;
	}

	/* n == 8: new energy (R-NEV-S, R-NEV-L, with the expansion letters) */
	if ((*energy = energy_of(cp[2])) != PLATE_ENERGY_NONE)
		return is_serial(cp[3]) && all_digits(cp, 4, 8) ?
			PLATE_NEW_ENERGY_SMALL : PLATE_INVALID;
	if ((*energy = energy_of(cp[7])) != PLATE_ENERGY_NONE)
		return all_digits(cp, 2, 7) ? PLATE_NEW_ENERGY_LARGE : PLATE_INVALID;
	return PLATE_INVALID;
}

bool
plate_parse(const char *s, size_t len, PlateInfo *info)
{
	return plate_parse_ext(s, len, info, true);
}

bool
plate_parse_ext(const char *s, size_t len, PlateInfo *info, bool canonical)
{
	Compact		c;
	int			i;
	size_t		n = 0;

	info->kind = PLATE_INVALID;
	info->province = -1;
	info->authority = 0;
	info->energy = PLATE_ENERGY_NONE;
	info->len = 0;

	if (!compact(s, len, &c, PLATE_MAX_CHARS) || c.n < 7)
		return false;
	info->kind = classify(c.cp, c.n, &info->province, &info->authority,
						  &info->energy);
	if (info->kind == PLATE_INVALID)
	{
		info->province = -1;
		info->authority = 0;
		info->energy = PLATE_ENERGY_NONE;
		return false;
	}
	/* the team code of an emergency plate is no issuing authority */
	if (info->kind == PLATE_EMERGENCY)
		info->authority = 0;
	if (!canonical)
		return true;
	for (i = 0; i < c.n; i++)
		n += plate_utf8_encode(c.cp[i], info->canonical + n);
	info->len = n;
	return true;
}

/*
 * Problems
 */

typedef struct Problems
{
	PlateProblem *out;
	int			count;
	bool		flagged[PLATE_SCAN_CHARS];	/* a problem at this position */
} Problems;

static void
add(Problems *pr, int position, PlateProblemCode code, uint32_t ch)
{
	if (position > 0)
	{
		if (position > PLATE_SCAN_CHARS || pr->flagged[position - 1])
			return;
		pr->flagged[position - 1] = true;
	}
	if (pr->count < PLATE_MAX_PROBLEMS)
	{
		pr->out[pr->count].position = position;
		pr->out[pr->count].code = code;
		pr->out[pr->count].ch = ch;
		pr->count++;
	}
}

static bool
is_plate_char(uint32_t c)
{
	return is_digit(c) || is_letter(c) || plate_province_index(c) >= 0 ||
		c == CH_XUE || c == CH_JING || c == CH_GUA || c == CH_GANG ||
		c == CH_AO || c == CH_LING || c == CH_SHI || c == CH_YING ||
		c == CH_JI;
}

/* A serial character at 0-based i: I, O, or (digits_only) a letter */
static void
check_serial(Problems *pr, const uint32_t *cp, int i, bool digits_only)
{
	uint32_t	c = cp[i];

	if (c == 'I')
		add(pr, i + 1, PLATE_PROBLEM_LETTER_I, c);
	else if (c == 'O')
		add(pr, i + 1, PLATE_PROBLEM_LETTER_O, c);
	else if (is_letter(c) && digits_only)
		add(pr, i + 1, PLATE_PROBLEM_DIGIT_EXPECTED, c);
	else if (!is_digit(c) && !is_letter(c))
		add(pr, i + 1, PLATE_PROBLEM_MISPLACED_CHARACTER, c);
}

int
plate_problems(const char *s, size_t len,
			   PlateProblem out[PLATE_MAX_PROBLEMS], int *nchars)
{
	Compact		c;
	Problems	pr;
	PlateInfo	info;
	const uint32_t *cp = c.cp;
	int			n;
	int			stored;
	int			i;
	uint32_t	last;
	PlateKind	suffix;

	compact(s, len, &c, 0);
	*nchars = c.n;
	if (plate_parse(s, len, &info))
		return 0;

	memset(&pr, 0, sizeof(pr));
	pr.out = out;
	n = c.n;
	stored = n < PLATE_SCAN_CHARS ? n : PLATE_SCAN_CHARS;

	if (n == 0)
	{
		add(&pr, 0, PLATE_PROBLEM_EMPTY, 0);
		return pr.count;
	}
	for (i = 0; i < stored; i++)
		if (!is_plate_char(cp[i]))
			add(&pr, i + 1, PLATE_PROBLEM_ILLEGAL_CHARACTER, cp[i]);
	if (n > PLATE_SCAN_CHARS)
	{
		add(&pr, 0, PLATE_PROBLEM_WRONG_LENGTH, 0);
		goto done;
	}

	last = cp[n - 1];

	/* 使 anywhere: an embassy plate, 使 first or last, digits */
	for (i = 0; i < n; i++)
		if (cp[i] == CH_SHI)
			break;
	if (i < n)
	{
		int			shi = (cp[0] == CH_SHI) ? 0 : (last == CH_SHI ? n - 1 : i);

		if (shi != 0 && shi != n - 1)
			add(&pr, shi + 1, PLATE_PROBLEM_MISPLACED_CHARACTER, CH_SHI);
		for (i = 0; i < n; i++)
			if (i != shi)
				check_serial(&pr, cp, i, true);
		if (n != 7)
			add(&pr, 0, PLATE_PROBLEM_WRONG_LENGTH, 0);
		goto done;
	}

	/* 应急 at the end: an emergency plate */
	if (n >= 2 && cp[n - 2] == CH_YING && last == CH_JI)
	{
		if (plate_province_index(cp[0]) < 0)
			add(&pr, 1, PLATE_PROBLEM_UNKNOWN_PROVINCE, cp[0]);
		if (n >= 3 && (cp[1] == 'I' || cp[1] == 'O'))
			check_serial(&pr, cp, 1, true);
		else if (n >= 3 && !(cp[1] == 'X' || cp[1] == 'S' || is_digit(cp[1])))
			add(&pr, 2, PLATE_PROBLEM_BAD_AUTHORITY, cp[1]);
		for (i = 2; i < n - 2; i++)
			check_serial(&pr, cp, i, true);
		if (n != 8)
			add(&pr, 0, PLATE_PROBLEM_WRONG_LENGTH, 0);
		goto done;
	}

	suffix = suffix_kind(last);
	/* suffix characters anywhere but last, 应 and 急 anywhere */
	for (i = 0; i < n; i++)
		if ((suffix_kind(cp[i]) != PLATE_INVALID && i != n - 1) ||
			cp[i] == CH_YING || cp[i] == CH_JI)
			add(&pr, i + 1, PLATE_PROBLEM_MISPLACED_CHARACTER, cp[i]);

	if (plate_province_index(cp[0]) < 0)
		add(&pr, 1, PLATE_PROBLEM_UNKNOWN_PROVINCE, cp[0]);
	if (n >= 2 && !is_authority(cp[1]))
		add(&pr, 2, PLATE_PROBLEM_BAD_AUTHORITY, cp[1]);

	if (suffix != PLATE_INVALID)
	{
		for (i = 2; i < n - 1; i++)
			check_serial(&pr, cp, i, suffix == PLATE_CONSULATE);
		if (n != 7)
			add(&pr, 0, PLATE_PROBLEM_WRONG_LENGTH, 0);
		if (suffix == PLATE_HONG_KONG_MACAU && n >= 2 &&
			!(cp[0] == CH_YUE && cp[1] == 'Z'))
			add(&pr, 0, PLATE_PROBLEM_HONG_KONG_MACAU_PREFIX, last);
		goto done;
	}

	if (n < 7 || n > PLATE_MAX_CHARS)
	{
		add(&pr, 0, PLATE_PROBLEM_WRONG_LENGTH, 0);
		for (i = 2; i < n; i++)
			check_serial(&pr, cp, i, false);
	}
	else if (n == 7)
	{
		int			letters = 0;

		for (i = 2; i < 7; i++)
		{
			check_serial(&pr, cp, i, false);
			letters += is_letter(cp[i]);
		}
		if (letters > 2)
			add(&pr, 0, PLATE_PROBLEM_TOO_MANY_LETTERS, (uint32_t) letters);
	}
	else
	{
		if (is_letter(cp[2]) && cp[2] != 'I' && cp[2] != 'O')
		{
			/* small: energy letter, serial character, four digits */
			if (energy_of(cp[2]) == PLATE_ENERGY_NONE)
				add(&pr, 3, PLATE_PROBLEM_BAD_ENERGY_LETTER, cp[2]);
			check_serial(&pr, cp, 3, false);
			for (i = 4; i < 8; i++)
				check_serial(&pr, cp, i, true);
		}
		else
		{
			/* large: five digits (I or O for one), energy letter */
			for (i = 2; i < 7; i++)
				check_serial(&pr, cp, i, true);
			if (energy_of(cp[7]) == PLATE_ENERGY_NONE)
				add(&pr, 8, PLATE_PROBLEM_BAD_ENERGY_LETTER, cp[7]);
		}
	}

done:
	if (pr.count == 0)
		add(&pr, 0, PLATE_PROBLEM_BAD_LAYOUT, 0);

	/* whole-plate problems first, then by position (insertion sort) */
	for (i = 1; i < pr.count; i++)
	{
		PlateProblem p = out[i];
		int			j = i - 1;

		while (j >= 0 && out[j].position > p.position)
		{
			out[j + 1] = out[j];
			j--;
		}
		out[j + 1] = p;
	}
	return pr.count;
}
