-- zm_user (no attribute but LOGIN; USAGE on schema zm) calls every plate
-- function (issue 13, part 4), and the Unicode folding of the VIN repair
-- functions (part 1).
SET search_path = app, zm;
SELECT rolsuper FROM pg_roles WHERE rolname = current_user;
SELECT s, cn_plate_normalize(s) AS normalized, cn_plate_is_valid(s) AS valid,
	   cn_plate_kind(s) AS kind, cn_plate_province(s) AS province,
	   cn_plate_province_abbr(s) AS abbr, cn_plate_authority(s) AS authority,
	   cn_plate_energy(s) AS energy
FROM (VALUES ('京A·12345'), ('粤BD12345'), ('使224009'), ('京A1O345')) AS t(s);
SELECT * FROM cn_plate_problems('京A·1O345');
SELECT vin_repair('ＬＳＪＡ２４Ｕ６－２ＪＧ２６９２２５') AS folded,
	   vin_normalize(E'\uFEFFlsja24u6\u30002jg269225') AS normalized;
SELECT * FROM vin_problems(E'LSJA\u200B24U6・2JG269225');
