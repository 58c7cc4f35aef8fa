-- SQL_ASCII: the bytes are read as UTF-8 in place; bytes that are not
-- UTF-8 are illegal characters.
SELECT enc.is('SQL_ASCII plate in UTF-8 bytes', enc.facts(enc.t('e4baac41e383bb3132333435')),
			  'true/' || enc.t('e4baac413132333435') || '/ordinary/Beijing/' || enc.t('e4baac') || '/A/NULL');
SELECT enc.is('SQL_ASCII bytes that are not UTF-8', enc.problems(enc.t('bea9413132333435')),
			  '1:illegal_character,2:illegal_character');
