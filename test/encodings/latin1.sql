-- LATIN1: every byte has a Unicode equivalent; the middle dot (B7) is a
-- separator and e acute (E9) an illegal character shown as itself.
SELECT enc.is('LATIN1 middle dot is a separator', enc.problems(enc.t('5841b73132333435')),
			  '1:unknown_province');
SELECT enc.is('LATIN1 e acute shown as itself', enc.messages(enc.t('5841e931323334')),
			  '"X" at position 1 is not one of the 31 province abbreviations | character "' || enc.t('e9') || '" at position 3 does not occur in plates');
-- LATIN1 has the multiplication sign (D7), but masks other than '*' are
-- recognised only in UTF8 databases: here it is an illegal character, and
-- the VIN no pattern (doc/validation.md).
SELECT enc.is('LATIN1 multiplication sign is no mask',
			  enc.vin_problems(enc.t('4c534a504730454cd7d7d7d7d735353739')),
			  '9:illegal_character,10:illegal_character,11:illegal_character,12:illegal_character,13:illegal_character');
SELECT enc.is('LATIN1 multiplication sign: no pattern',
			  coalesce(vin_mask_pattern(enc.t('4c534a504730454cd7d7d7d7d735353739')), 'NULL'), 'NULL');
SELECT enc.is('LATIN1 middle dot is illegal, asterisks a masked run',
			  enc.vin_problems(enc.t('4c534a504730454cb72a2a2a2a35353739')),
			  '9:illegal_character,10:masked');
