-- The plate functions in every encoding of the suite (ASCII source).

-- Issue 22 (1): an empty plate is empty.  Converting '' to UTF-8 gave the
-- value itself back, not NUL-terminated, and strlen() read on.
SELECT enc.is('empty constant: facts', enc.facts(''), 'false/NULL/NULL/NULL/NULL/NULL/NULL');
SELECT enc.is('empty constant: problems', enc.problems(''), '-:empty');
SELECT enc.is('empty constant: message', enc.messages(''), 'the plate is empty');

-- Stored, the empty value is followed in the row by the next column: a
-- '-' (its one-byte header, for 21 bytes) and bytes that read as UTF-8
-- are a valid plate (jing, full-width A, 12345, spaces).  They are valid
-- text in each encoding here but MULE_INTERNAL, which gets ASCII instead.
CREATE TABLE enc.empty_then (id int, a text, b text);
INSERT INTO enc.empty_then
	SELECT 1, '', CASE getdatabaseencoding()
		WHEN 'MULE_INTERNAL' THEN 'XA12345              '
		ELSE enc.t('e4baacefbca13132333435' || repeat('20', 10)) END;
SELECT enc.is('stored empty plate: 21 bytes follow', octet_length(b)::text, '21')
FROM enc.empty_then;
SELECT enc.is('stored empty plate: facts', enc.facts(a), 'false/NULL/NULL/NULL/NULL/NULL/NULL')
FROM enc.empty_then;
SELECT enc.is('stored empty plate: problems', enc.problems(a), '-:empty')
FROM enc.empty_then;
SELECT enc.is('stored empty plate: cn_plate_is_valid in a scan',
			  count(*) FILTER (WHERE cn_plate_is_valid(a))::text, '0')
FROM enc.empty_then;
SELECT enc.is('stored empty plate: cn_plate_province in a scan',
			  count(cn_plate_province(a))::text, '0')
FROM enc.empty_then;
-- and spaces only, stored the same way
SELECT enc.is('blank plate: problems', enc.problems('   '), '-:empty');

-- ASCII answers the same everywhere (MULE_INTERNAL has no conversion to
-- UTF-8, which raised for any plate)
SELECT enc.is('ASCII plate: problems', enc.problems('xa-12345'), '1:unknown_province');
SELECT enc.is('ASCII plate: message', enc.messages('xa-12345'),
			  '"X" at position 1 is not one of the 31 province abbreviations');
SELECT enc.is('ASCII plate: facts', enc.facts('XA12345'), 'false/NULL/NULL/NULL/NULL/NULL/NULL');
SELECT enc.is('ASCII plate: wrong length', enc.message('A1', 'wrong_length'),
			  'a plate has 7 characters (8 for new-energy and emergency plates), this one has 2 besides separators');

-- Long inputs are converted in pieces: the count of characters is whole
SELECT enc.is('long ASCII input: length counted',
			  enc.message('X' || repeat('-A1', 3000), 'wrong_length'),
			  'a plate has 7 characters (8 for new-energy and emergency plates), this one has 6001 besides separators');
