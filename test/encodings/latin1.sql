-- LATIN1: every byte has a Unicode equivalent; the middle dot (B7) is a
-- separator and e acute (E9) an illegal character shown as itself.
SELECT enc.is('LATIN1 middle dot is a separator', enc.problems(enc.t('5841b73132333435')),
			  '1:unknown_province');
SELECT enc.is('LATIN1 e acute shown as itself', enc.messages(enc.t('5841e931323334')),
			  '"X" at position 1 is not one of the 31 province abbreviations | character "' || enc.t('e9') || '" at position 3 does not occur in plates');
