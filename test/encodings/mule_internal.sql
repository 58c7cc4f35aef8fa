-- MULE_INTERNAL has no conversion to UTF-8: ASCII is read as it is
-- (common.sql), any other character is one Unicode lacks.  8 1 E9 is e
-- acute (LATIN1 in MULE_INTERNAL).
SELECT enc.is('MULE_INTERNAL: no conversion to UTF-8',
			  (SELECT count(*) FROM pg_conversion WHERE conforencoding = pg_char_to_encoding('MULE_INTERNAL')
				 AND contoencoding = pg_char_to_encoding('UTF8') AND condefault)::text, '0');
SELECT enc.is('MULE_INTERNAL non-ASCII: problems', enc.problems(enc.t('58413181e9333435')),
			  '1:unknown_province,4:illegal_character');
SELECT enc.is('MULE_INTERNAL non-ASCII: message', enc.messages(enc.t('58413181e9333435')),
			  '"X" at position 1 is not one of the 31 province abbreviations | character at position 4 has no Unicode equivalent and does not occur in plates');
