-- Mainland Chinese licence plates: a corpus citing the sources of
-- doc/plates.md (S# = a source of ../shared/plates.md, R-... its rules).
-- Every case states what is expected; the query checks it, so a row in the
-- output with ok = f is a failure, and the decoded fields are shown too.
CREATE TEMP TABLE plate_corpus (
	plate text, valid boolean, kind text, source text);
INSERT INTO plate_corpus VALUES
	-- R-ORD, R-SERIAL: 7 characters, at most 2 letters (S4, S16, S17, S27)
	('沪A·12345', true, 'ordinary', 'S27 example'),
	('京C·A1234', true, 'ordinary', 'S27 example'),
	('苏A·1P234', true, 'ordinary', 'S27 example'),
	('浙B·AB987', true, 'ordinary', 'S27 example'),
	('京AAB123', true, 'ordinary', 'R-ORD: two letters'),
	('京AABC12', false, NULL, 'R-ORD: three letters (S17 table 4: 16 combinations)'),
	('京AD1234', true, 'ordinary', 'plates.md 3: length decides the kind'),
	('京A1234D', true, 'ordinary', 'plates.md 3: length decides the kind'),
	('京A1O345', false, NULL, 'R-SERIAL: no O in the serial (S4 5.9.1, S6)'),
	('京A1234I', false, NULL, 'R-SERIAL: no I in the serial'),
	-- R-AUTH, R-AUTH-O (S5, S6, S7, S16, S17)
	('粤O12345', true, 'ordinary', 'R-AUTH-O: O is the provincial organs code (S7); contested: any-rule rejects it'),
	('京I12345', false, NULL, 'R-AUTH: I is never assigned (S5)'),
	('京112345', false, NULL, 'R-AUTH: a letter'),
	('京Z12345', true, 'ordinary', 'S4: municipalities may use A-Z'),
	('云B12345', true, 'ordinary', 'plates.md 1: no per-province letter whitelist (S16 lists no 云B)'),
	-- R-PROV: 31 abbreviations; not HK, Macau, Taiwan (S16, S17, S20, S25)
	('陕A12345', true, 'ordinary', 'S20: Shaanxi'),
	('晋A12345', true, 'ordinary', 'S20: Shanxi'),
	('港A12345', false, NULL, 'R-PROV'),
	('台A12345', false, NULL, 'R-PROV'),
	-- R-NEV-S, R-NEV-L (S8, S9, S12, S15)
	('京AD12345', true, 'new_energy_small', 'S15: D first, small'),
	('沪ADA1234', true, 'new_energy_small', 'S15: second serial character a letter'),
	('粤BF12345', true, 'new_energy_small', 'S12: F non-pure electric'),
	('京A12345D', true, 'new_energy_large', 'S15: D last, large'),
	('京A12345F', true, 'new_energy_large', 'S15: F last, large'),
	('京AL12345', false, NULL, 'R-NEV-S: L is no energy letter'),
	('京AD1234A', false, NULL, 'R-NEV-S: positions 3-6 of the serial are digits'),
	('京A123456', false, NULL, 'R-NEV-L: 8 characters need an energy letter'),
	('京AD1O345', false, NULL, 'S15: no O in the serial'),
	-- R-NEV-EXT (contested, accepted): A B C E / G H J K (S9, S10, S11)
	('豫AA12345', true, 'new_energy_small', 'S11: Zhengzhou 豫AA, pure electric, 2022'),
	('粤BA12345', true, 'new_energy_small', 'S9: Guangdong A plates, 2021'),
	('苏AK12345', true, 'new_energy_small', 'S9: K after F, G, H, J'),
	('京A12345A', true, 'new_energy_large', 'R-NEV-L-EXT (contested, accepted): no sighting, S16/S9 rule'),
	-- R-SFX, R-HKMO (S16, S18, S27, S29)
	('京A1234学', true, 'coach', 'S16, S29'),
	('粤B123A警', true, 'police', 'S16, S29'),
	('鲁C1234挂', true, 'trailer', 'S16, S29'),
	('粤Z·7C59港', true, 'hong_kong_macau', 'S27 example'),
	('粤Z1234澳', true, 'hong_kong_macau', 'S16, S18'),
	('京A1234港', false, NULL, 'R-HKMO: only 粤Z (S16, S18)'),
	('京A12345学', false, NULL, 'R-SFX: 7 characters'),
	-- R-CONS (contested; chosen: province, letter, 4 digits, 领: S21)
	('沪A1234领', true, 'consulate', 'S21: city code + 4 digits + 领'),
	('沪22478领', false, NULL, 'S16 md example, rejected by the chosen layout'),
	-- R-EMB (contested order, both accepted: S18, S21, S9 #20)
	('使224009', true, 'embassy', 'S21: 使224-009 (US)'),
	('224009使', true, 'embassy', 'S18: 2017 layout, digits first'),
	('使22400A', false, NULL, 'chosen: embassy serials are digits'),
	-- R-EMG (S22)
	('京X2345应急', true, 'emergency', 'S22: fire-rescue X'),
	('川S1234应急', true, 'emergency', 'S22: forest fire S'),
	('京12345应急', true, 'emergency', 'S22: Ministry of Emergency Management, no letter'),
	('京A2345应急', false, NULL, 'S22: team code X or S'),
	-- DIRTY display forms (S17, S26, S27, S28)
	('京A 12345', true, 'ordinary', 'DIRTY: space'),
	('京a12345', true, 'ordinary', 'DIRTY: lower case'),
	('京Ａ１２３４５', true, 'ordinary', 'DIRTY: full-width (S17)'),
	(E'\u3000京A・12345 ', true, 'ordinary', 'DIRTY: U+3000, katakana middle dot (S26)'),
	('京A•12345', true, 'ordinary', 'DIRTY: bullet (S26)'),
	('京A‧12345', true, 'ordinary', 'DIRTY: hyphenation point'),
	('京A-123_45', true, 'ordinary', 'DIRTY: - and _ (S26)'),
	('京A.12345', true, 'ordinary', 'DIRTY: full stop (S17)'),
	-- out of GA 36 scope (plates.md 7.6): military, WJ, civil aviation, temporary
	('WJ12345', false, NULL, 'S18: armed police, out of scope'),
	('民航12345', false, NULL, 'S18: civil aviation, out of scope'),
	('京A123456', false, NULL, 'S23: temporary plates, out of scope (also an invalid NEV)'),
	('', false, NULL, 'empty'),
	('京A1234*', false, NULL, 'illegal character');

SELECT plate, cn_plate_normalize(plate) AS normalized, cn_plate_kind(plate) AS kind,
	   cn_plate_is_valid(plate) = valid AND cn_plate_kind(plate) IS NOT DISTINCT FROM kind AS ok
FROM plate_corpus;
-- every case as expected; no problems exactly when valid
SELECT count(*) AS cases,
	   count(*) FILTER (WHERE cn_plate_is_valid(plate) <> valid) AS wrong_validity,
	   count(*) FILTER (WHERE cn_plate_kind(plate) IS DISTINCT FROM kind) AS wrong_kind,
	   count(*) FILTER (WHERE cn_plate_is_valid(plate) = EXISTS (SELECT FROM cn_plate_problems(plate))) AS problems_disagree,
	   count(*) FILTER (WHERE (cn_plate_normalize(plate) IS NOT NULL) <> cn_plate_is_valid(plate)) AS normalize_disagrees
FROM plate_corpus;

-- the decoders on the valid ones
SELECT plate, cn_plate_province(plate) AS province, cn_plate_province_abbr(plate) AS abbr,
	   cn_plate_authority(plate) AS authority, cn_plate_energy(plate) AS energy
FROM plate_corpus WHERE valid;

-- the problems of the invalid ones
SELECT c.plate, p.*
FROM plate_corpus c, cn_plate_problems(c.plate) p
WHERE NOT c.valid;

-- every province abbreviation decodes to the English name of plates.md's
-- table (S16, S17, S20, S25), and nothing else does
SELECT abbr, cn_plate_province(abbr || 'A12345') AS province,
	   cn_plate_province_abbr(abbr || 'A12345') = abbr AS abbr_round_trip
FROM unnest(string_to_array('京,津,沪,渝,冀,晋,蒙,辽,吉,黑,苏,浙,皖,闽,赣,鲁,豫,鄂,湘,粤,桂,琼,川,贵,云,藏,陕,甘,青,宁,新', ',')) AS abbr;

-- normalize is idempotent and its output valid; every function is NULL
-- for NULL (STRICT) and none raises on arbitrary text
SELECT count(*) FILTER (WHERE cn_plate_normalize(cn_plate_normalize(plate)) IS DISTINCT FROM cn_plate_normalize(plate)) AS not_idempotent
FROM plate_corpus;
SELECT cn_plate_normalize(NULL) IS NULL AND cn_plate_is_valid(NULL) IS NULL AND
	   cn_plate_kind(NULL) IS NULL AS strict;
SELECT count(*) AS inputs, count(cn_plate_is_valid(s)) AS answered,
	   sum((SELECT count(*) FROM cn_plate_problems(s))) > 0 AS some_problems
FROM (SELECT repeat(chr(32 + (i * 7919) % 30000), 1 + i % 12) AS s
	  FROM generate_series(1, 3000) AS i
	  UNION ALL VALUES (repeat('京', 100000)), (repeat(' ', 1000))) AS t;
SELECT * FROM cn_plate_problems(repeat('京A', 50000));

-- Another server encoding: EUC_CN.  The input is converted to UTF-8 and
-- the results back, so the answers and positions are the same.  (EUC_CN
-- has no U+00B7: its middle dot is U+30FB.)
\set regression_db :DBNAME
-- (left over by an interrupted run?)
SET client_min_messages = warning;
DROP DATABASE IF EXISTS zm_regress_plates_euc_cn;
RESET client_min_messages;
CREATE DATABASE zm_regress_plates_euc_cn TEMPLATE template0 ENCODING 'EUC_CN' LOCALE 'C';
\c zm_regress_plates_euc_cn
SET client_encoding = 'UTF8';
CREATE EXTENSION zeromile;
SELECT getdatabaseencoding();
SELECT s, cn_plate_normalize(s), cn_plate_kind(s), cn_plate_province(s),
	   cn_plate_province_abbr(s), cn_plate_authority(s), cn_plate_energy(s)
FROM (VALUES ('京A・12345'), ('粤Ｂ D12345'), ('使224009'), ('京X2345应急'), ('京A1O345')) AS t(s);
SELECT * FROM cn_plate_problems('京Ａ・1O34I');
SELECT * FROM cn_plate_problems('车A12345');
\c :regression_db
DROP DATABASE zm_regress_plates_euc_cn;
