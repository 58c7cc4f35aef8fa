-- WIN1252: 0x81 is text the database accepts (a single-byte encoding
-- takes any byte) and has no Unicode equivalent: an illegal character,
-- not an error (issue 22 (12)).  0xE9 is e acute, which converts.
SELECT enc.is('WIN1252 0x81: facts', enc.facts(enc.t('584131813334')), 'false/NULL/NULL/NULL/NULL/NULL/NULL');
SELECT enc.is('WIN1252 0x81: problems', enc.problems(enc.t('58413181333435')),
			  '1:unknown_province,4:illegal_character');
SELECT enc.is('WIN1252 0x81: message', enc.messages(enc.t('58413181333435')),
			  '"X" at position 1 is not one of the 31 province abbreviations | character at position 4 has no Unicode equivalent and does not occur in plates');
SELECT enc.is('WIN1252 e acute shown as itself', enc.messages(enc.t('58413133e93435')),
			  '"X" at position 1 is not one of the 31 province abbreviations | character "' || enc.t('e9') || '" at position 5 does not occur in plates');
CREATE TABLE enc.feed (id int, plate text);
INSERT INTO enc.feed VALUES (1, enc.t('81')), (2, 'XA12345'), (3, enc.t('8d8f909d'));
SELECT enc.is('WIN1252 scan', string_agg(id || '=' || cn_plate_is_valid(plate) || ':' || enc.problems(plate), ' ' ORDER BY id),
			  '1=false:-:wrong_length,1:illegal_character 2=false:1:unknown_province 3=false:-:wrong_length,1:illegal_character,2:illegal_character,3:illegal_character,4:illegal_character')
FROM enc.feed;
-- WIN1252 has the bullet (95) and the multiplication sign (D7): neither is
-- a mask outside UTF8 (doc/validation.md); the asterisk is.
SELECT enc.is('WIN1252 bullets are no masks',
			  enc.vin_problems(enc.t('4c534a504730454c9595959595') || '5579'),
			  '9:illegal_character,10:illegal_character,11:illegal_character,12:illegal_character,13:illegal_character');
SELECT enc.is('WIN1252 asterisks are masks', enc.vin_problems('LSJPG0EL*****5579'), '9:masked');
