-- EUC_CN: plates convert to UTF-8 and back; a pair the database accepts
-- but Unicode lacks (A2A1: row 2 of GB2312 starts at B1) is an illegal
-- character, not an error (issue 22 (12)).  jing is BEA9 in EUC_CN.
SELECT enc.is('EUC_CN plate: facts', enc.facts(enc.u('e4baac41e383bb3132333435')),
			  'true/' || enc.u('e4baac413132333435') || '/ordinary/Beijing/' || enc.u('e4baac') || '/A/NULL');
SELECT enc.is('EUC_CN plate: the same from EUC_CN bytes', enc.facts(enc.t('bea9413132333435')),
			  'true/' || enc.u('e4baac413132333435') || '/ordinary/Beijing/' || enc.u('e4baac') || '/A/NULL');
SELECT enc.is('EUC_CN illegal character shown as itself',
			  enc.messages(enc.u('e8bda6') || 'A12345'),
			  'character "' || enc.u('e8bda6') || '" at position 1 does not occur in plates');

-- a pair without Unicode equivalent
SELECT enc.is('EUC_CN unmapped pair is valid EUC_CN text', length(enc.t('a2a1'))::text, '1');
SELECT enc.is('EUC_CN unmapped pair: facts', enc.facts(enc.t('bea94131a2a1333435')),
			  'false/NULL/NULL/NULL/NULL/NULL/NULL');
SELECT enc.is('EUC_CN unmapped pair: problems', enc.problems(enc.t('bea94131a2a1333435')),
			  '4:illegal_character');
SELECT enc.is('EUC_CN unmapped pair: message', enc.messages(enc.t('bea94131a2a1333435')),
			  'character at position 4 has no Unicode equivalent and does not occur in plates');
SELECT enc.is('EUC_CN unmapped pair alone', enc.problems(enc.t('a2a1')),
			  '-:wrong_length,1:illegal_character');

-- one bad row does not abort a scan
CREATE TABLE enc.feed (id int, plate text);
INSERT INTO enc.feed VALUES (1, enc.t('bea9413132333435')), (2, enc.t('bea94131a2a1333435')),
	(3, enc.t('a2a1a2a2')), (4, ''), (5, enc.t('bea9413132333435a2a1'));
SELECT enc.is('EUC_CN scan: valid rows', string_agg(id::text, ',' ORDER BY id), '1')
FROM enc.feed WHERE cn_plate_is_valid(plate);
SELECT enc.is('EUC_CN scan: normalize', count(cn_plate_normalize(plate))::text, '1')
FROM enc.feed;
SELECT enc.is('EUC_CN scan: problems', string_agg(f.id || '=' || enc.problems(f.plate), ' ' ORDER BY f.id),
			  '1= 2=4:illegal_character 3=-:wrong_length,1:illegal_character,2:illegal_character 4=-:empty 5=8:illegal_character')
FROM enc.feed f;

-- pieces of 1024 bytes: a character across the boundary converts whole,
-- and one Unicode lacks there is still one illegal character
SELECT enc.is('EUC_CN character across a piece boundary',
			  enc.facts(repeat(' ', 1023) || enc.t('bea9413132333435')),
			  'true/' || enc.u('e4baac413132333435') || '/ordinary/Beijing/' || enc.u('e4baac') || '/A/NULL');
SELECT enc.is('EUC_CN unmapped character across a piece boundary',
			  enc.problems(repeat(' ', 1023) || enc.t('a2a1413132333435')),
			  '1:illegal_character');
SELECT enc.is('EUC_CN long input: length counted',
			  enc.message(enc.t('bea9') || repeat(enc.t('bea9a2a1'), 2000), 'wrong_length'),
			  'a plate has 7 characters (8 for new-energy and emergency plates), this one has 4001 besides separators');
-- EUC_CN has the full-width asterisk (A3AA), but masks other than '*' are
-- recognised only in UTF8 databases: an illegal character here, one per
-- character, and no pattern (doc/validation.md).
SELECT enc.is('EUC_CN full-width asterisk is no mask',
			  enc.vin_problems('LSJPG0EL' || enc.t('a3aaa3aa') || '***5579'),
			  '9:illegal_character,10:illegal_character,11:masked');
SELECT enc.is('EUC_CN full-width asterisk: no pattern',
			  coalesce(vin_mask_pattern('LSJPG0EL' || enc.t('a3aaa3aa') || '***5579'), 'NULL'), 'NULL');
