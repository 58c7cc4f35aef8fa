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

-- Issue 20, part 6: the WMI registry's Chinese names (lib.sql's CREATE
-- EXTENSION loaded the install script in this encoding; run.sh also
-- updates from 1.0.0 in it).  Encodings that hold Chinese get every name
-- (EUC_CN is GB 2312, which has them all; MULE_INTERNAL through EUC_CN);
-- the others NULL, SQL_ASCII too, which would take the UTF-8 bytes as
-- they are.
SELECT enc.is('registry: L1N decodes to XPeng', vin_manufacturer('L1NSPGHB6LA000077'),
			  'XPeng (Guangzhou Xiaopeng Motors)');
SELECT enc.is('registry: L1N Chinese name', manufacturer_zh,
			  CASE WHEN getdatabaseencoding() IN ('EUC_CN', 'MULE_INTERNAL')
				   THEN convert_from(convert(decode('e5b08fe9b98fe6b1bde8bda6', 'hex'), 'UTF8', 'EUC_CN'), 'EUC_CN') END)
FROM wmi_registry WHERE wmi = 'L1N';
SELECT enc.is('registry: Chinese names kept or all NULL',
			  count(manufacturer_zh)::text,
			  CASE WHEN getdatabaseencoding() IN ('EUC_CN', 'MULE_INTERNAL')
				   THEN count(*) FILTER (WHERE country = 'China')::text ELSE '0' END)
FROM wmi_registry WHERE shipped;
SELECT enc.is('registry: Chinese names only on Chinese makers',
			  count(*) FILTER (WHERE manufacturer_zh IS NOT NULL AND country IS DISTINCT FROM 'China')::text, '0')
FROM wmi_registry;
SELECT enc.is('registry: Chinese name in the database encoding',
			  octet_length(manufacturer_zh)::text,
			  CASE getdatabaseencoding() WHEN 'EUC_CN' THEN '8' WHEN 'MULE_INTERNAL' THEN '12' END)
FROM wmi_registry WHERE wmi = 'L1N';
-- a user row's lower-case WMI is made upper case in every encoding
BEGIN;
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('lax', 'Lower-case maker');
SELECT enc.is('registry: lower-case WMI made upper case', vin_manufacturer('LAXAAAAAAAA123456'),
			  'Lower-case maker');
ROLLBACK;

-- Masked VINs (doc/linking.md): in every encoding the ASCII asterisk is a
-- mask, one masked row per run, and links; a truncated VIN too.
SELECT enc.is('masked: problems', enc.vin_problems('LS**G0EL*****5579'), '3:masked,9:masked');
SELECT enc.is('masked: pattern and shape',
			  vin_mask_pattern('lsjpg0el-*****-5579') || ' ' || vin_mask_shape('LSJPG0EL*****5579'),
			  'LSJPG0EL*****5579 7936');
SELECT enc.is('truncated: pattern', vin_mask_pattern('LSJA24U6JG269225'), 'LSJA24U6*JG269225');
SELECT enc.is('masked: vin_mask', vin_mask('LSJPG0EL2AB125579', 7936), 'LSJPG0EL*****5579');
