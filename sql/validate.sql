-- Validation functions (text in): behaviour, policies, problems, repair.
-- None may raise for a bad VIN; the only error is an unknown policy.

-- vin_is_well_formed: trimmed, upper-cased, 17 characters of the alphabet
SELECT s, vin_is_well_formed(s)
FROM (VALUES ('1M8GDM9AXKP042788'), ('  1m8gdm9axkp042788 '), (E'\t1M8GDM9AXKP042788\n'),
			 ('1M8GDM9AXKP04278'), ('1M8GDM9AXKP0427888'), ('1M8GDM9AXKPO42788'),
			 ('1M8GDM9AXKP 42788'), ('1M8-GDM9AXKP04278'), (''), ('   '),
			 ('1M8GDM9AXKP04278ä'), ('ＬＳＪＡ24U62JG269225')) AS t(s);
SELECT vin_is_well_formed(NULL);

-- vin_check_digit: the 49 CFR 565 example has X; NULL unless well formed
SELECT vin_check_digit('1M8GDM9AXKP042788') AS x,
	   vin_check_digit('1m8gdm9a0kp042788') AS any_position_9,
	   vin_check_digit('1GNSCHE00CR257349') AS zero,
	   vin_check_digit('11111111111111111') AS ones,
	   vin_check_digit('1M8GDM9AXKP04278') IS NULL AS short_is_null,
	   vin_check_digit('1M8GDM9AXKPO42788') IS NULL AS letter_o_is_null;

-- vin_is_valid under each policy: North American, Chinese (L and H),
-- European (no check digit), structure-only
SELECT s, vin_is_valid(s) AS auto, vin_is_valid(s, 'strict') AS strict,
	   vin_is_valid(s, 'none') AS none
FROM (VALUES ('1M8GDM9AXKP042788'), ('1M8GDM9A1KP042788'),
			 ('LSJA24U62JG269225'), ('LSJA24U61JG269225'),
			 ('HSJA24U61JG269225'), ('7SJA24U61JG269225'),
			 ('WBA71DC010CH14720'), ('VF14SRAP451234567'),
			 ('6FPAAAJGCM5A12345'), ('1M8GDM9AXKP04278')) AS t(s);
-- the policy name is case-insensitive; the default is auto
SELECT vin_is_valid('WBA71DC010CH14720', 'STRICT') AS strict_upper,
	   vin_is_valid('WBA71DC010CH14720', 'Auto') AS auto_mixed,
	   vin_is_valid('WBA71DC010CH14720') = vin_is_valid('WBA71DC010CH14720', 'auto') AS default_auto;
-- an unknown policy is the caller's error, whatever the VIN
SELECT vin_is_valid('1M8GDM9AXKP042788', 'europe');
SELECT vin_is_valid('not a vin', '');
SELECT * FROM vin_problems('1M8GDM9AXKP042788', 'auto ');
SELECT vin_repair('1M8GDM9AXKP042788', 'nonee');
SELECT vin_is_valid(NULL, 'strict') IS NULL AS null_vin,
	   vin_is_valid('1M8GDM9AXKP042788', NULL) IS NULL AS null_policy;
-- the policy cache keys on the name: a changing name per row is honoured
SELECT p, vin_is_valid('WBA71DC010CH14720', p)
FROM (VALUES ('auto'), ('strict'), ('none'), ('strict'), ('auto')) AS t(p);
SELECT p, vin_is_valid('WBA71DC010CH14720', p)
FROM (VALUES ('auto'), ('a-policy-name-longer-than-the-cache')) AS t(p);

-- vin_problems: one row per problem, length first, then by position
SELECT * FROM vin_problems('1M8GDM9AXKP042788');
SELECT * FROM vin_problems('1M8GDM9A1KP042788');
SELECT * FROM vin_problems('1m8gdm9a1kp042788');
SELECT * FROM vin_problems('1M8GDM9A1KP042788', 'none');
SELECT * FROM vin_problems('WVWZZZ1KZ6W612305');
SELECT * FROM vin_problems('WVWZZZ1KZ6W612305', 'strict');
SELECT * FROM vin_problems('');
SELECT * FROM vin_problems(E' \t ');
SELECT * FROM vin_problems('1M8GDM9AXKP04278');
SELECT * FROM vin_problems('1M8GDM9AXKP0427888');
SELECT * FROM vin_problems('1M8GDM9AXKPO42788');
SELECT * FROM vin_problems('1M8GDM9AXKPo42788');
SELECT * FROM vin_problems('iM8GDM9AXKP04Q788');
SELECT * FROM vin_problems('1M8-GDM9.AXKP_042/788');
SELECT * FROM vin_problems('1M8 GDM9AXKP042788');
SELECT * FROM vin_problems(E'1M8\tGDM9AXKP04278');
SELECT * FROM vin_problems(E'1M8\u0001GDM9AXKP04278');
SELECT * FROM vin_problems('1M8GDM9AXKP04278*');
-- multibyte: positions count characters, and the character itself is shown
SELECT * FROM vin_problems('1M8GDM9AXKP04278é');
SELECT * FROM vin_problems('车1M8GDM9AXKP04278');
SELECT * FROM vin_problems('ＬＳＪＡ24U62JG269225');
SELECT * FROM vin_problems('1M8GDM9AX😀KP042788');
-- check digit only once everything else is right
SELECT * FROM vin_problems('1M8GDM9A1KPO42788');
-- no rows exactly when valid
SELECT s, p, vin_is_valid(s, p) AS valid,
	   NOT EXISTS (SELECT FROM vin_problems(s, p)) AS no_problems
FROM (VALUES ('1M8GDM9AXKP042788'), ('1M8GDM9A1KP042788'), ('WBA71DC010CH14720'),
			 ('1M8-GDM9AXKP042788'), ('')) AS t(s),
	 (VALUES ('auto'), ('strict'), ('none')) AS q(p)
ORDER BY 1, 2;

-- vin_normalize: upper case, whitespace and - . _ / gone, full-width
-- characters folded (validate_unicode has the rest), nothing else
SELECT vin_normalize(' 1m8-gdm9.ax_kp/042 788 ') AS separators,
	   vin_normalize('1M8GDM9AXKPO42788') AS keeps_o,
	   vin_normalize('ｌsj-ä') AS folds_full_width,
	   vin_normalize('') AS empty,
	   vin_normalize(E'\t-./_ \n') AS only_separators,
	   vin_normalize('a+b,c') AS keeps_other_punctuation;

-- vin_repair: normalize, I -> 1, O/Q -> 0, then valid under the policy
SELECT s, vin_repair(s) AS auto, vin_repair(s, 'none') AS none
FROM (VALUES ('1M8GDM9AXKP042788'), ('1m8-gdm9axkp-o42788'), ('IM8GDM9AXKPQ42788'),
			 (' lsja24u62jg269225 '), ('1M8GDM9A1KPO42788'), ('WBA71DC010CH14720'),
			 ('1M8GDM9AXKP04278'), ('1M8GDM9AXKP0427888'), ('1M8GDM9AXKP04278ä'),
			 ('1M8GDM9AXKP04278*'), ('')) AS t(s);
SELECT vin_repair('WVWZZZ1KZ6W612305', 'strict') IS NULL AS european_strict,
	   vin_repair('wvwzzz1kz6w612305') AS european_auto;
SELECT pg_typeof(vin_repair('1M8GDM9AXKP042788'));

-- vin_with_check_digit: sets position 9; NULL unless well formed
SELECT vin_with_check_digit('1M8GDM9A0KP042788') AS x,
	   vin_with_check_digit('wba71dc010ch14720') AS european,
	   vin_with_check_digit('1M8GDM9AXKP042788') AS unchanged,
	   vin_with_check_digit('1M8GDM9AXKPO42788') IS NULL AS letter_o,
	   vin_with_check_digit('') IS NULL AS empty,
	   pg_typeof(vin_with_check_digit('1M8GDM9A0KP042788'));

-- vin values are accepted through the implicit vin -> text cast
SELECT vin_is_valid('1M8GDM9AXKP042788'::vin), vin_check_digit('1M8GDM9AXKP042788'::vin);
