-- Unicode-dirty VINs as Chinese feeds deliver them: full-width characters,
-- Unicode spaces, zero-width characters and CJK separators.  In a UTF8
-- database vin_normalize, vin_repair, vin_problems and vin_guard fold them;
-- the vin type stays strict; in other encodings nothing is folded and
-- positions still count characters.
SELECT getdatabaseencoding();

-- every kind of fold, one at a time, around a valid VIN
CREATE TEMP TABLE dirty (label text, s text);
INSERT INTO dirty VALUES
	('full-width', 'ＬＳＪＡ２４Ｕ６２ＪＧ２６９２２５'),
	('full-width lower case', 'ｌｓｊａ24u62jg269225'),
	('some full-width', 'LSJA24U6２JG269２25'),
	('ideographic space', E'LSJA24U6\u30002JG269225'),
	('no-break space', E'LSJA24U6\u00A02JG269225'),
	('zero width space', E'LSJA\u200B24U62JG269225'),
	('zero width non-joiner', E'LSJA24U62\u200CJG269225'),
	('zero width joiner', E'LSJA24U62JG2\u200D69225'),
	('byte order mark', E'\uFEFFLSJA24U62JG269225'),
	('full-width hyphen', 'LSJA24U6－2JG269225'),
	('em dash', 'LSJA24U6—2JG269225'),
	('middle dot', 'LSJA24U6·2JG269225'),
	('katakana middle dot', 'LSJA24U6・2JG269225'),
	('full-width solidus', 'LSJA24U6／2JG269225'),
	('everything', E'\uFEFF ＬＳＪＡ\u3000２４－Ｕ６·2\u200BJG／269\u00A0225\u3000 '),
	('full-width O for 0', '１ＨＧＣＭ82633AＯｏ4352'),
	('full-width Q for 0, wrong check digit', 'ＬＳＪＡ24U62JGＱ69225'),
	('full-width star', 'ＬＳＪＡ24U62JG26922＊'),
	('ideograph', '车SJA24U62JG269225');

SELECT label, vin_normalize(s), vin_repair(s), vin_is_valid(s) AS valid,
	   vin_is_well_formed(s) AS well_formed
FROM dirty;
SELECT d.label, p.*
FROM dirty d, vin_problems(d.s) p;

-- no rows from vin_problems exactly when valid
SELECT count(*) FILTER (WHERE vin_is_valid(s) = EXISTS (SELECT FROM vin_problems(s))) AS disagreements
FROM dirty;

-- property: for random valid VINs, every folding variant (all full-width,
-- one dropped character of each kind at a random place) normalizes and
-- repairs to the VIN itself
SELECT setseed(0.3000);
CREATE TEMP TABLE fold_vins AS
SELECT vin_with_check_digit(string_agg(substr('0123456789ABCDEFGHJKLMNPRSTUVWXYZ', 1 + floor(random() * 33)::int, 1), '' ORDER BY k))::text AS v
FROM generate_series(1, 2000) AS i, generate_series(1, 17) AS k
GROUP BY i;
CREATE TEMP TABLE fold_variants AS
SELECT v, kind, CASE kind
		WHEN 'full-width' THEN translate(v, '0123456789ABCDEFGHJKLMNPRSTUVWXYZ',
										 '０１２３４５６７８９ＡＢＣＤＥＦＧＨＪＫＬＭＮＰＲＳＴＵＶＷＸＹＺ')
		WHEN 'full-width lower' THEN translate(lower(v), '0123456789abcdefghjklmnprstuvwxyz',
											   '０１２３４５６７８９ａｂｃｄｅｆｇｈｊｋｌｍｎｐｒｓｔｕｖｗｘｙｚ')
		ELSE overlay(v PLACING d FROM 1 + floor(random() * 18)::int FOR 0)
	END AS s
FROM fold_vins,
	 (VALUES ('full-width', NULL), ('full-width lower', NULL),
			 ('U+3000', E'\u3000'), ('U+00A0', E'\u00A0'), ('U+200B', E'\u200B'),
			 ('U+200C', E'\u200C'), ('U+200D', E'\u200D'), ('U+FEFF', E'\uFEFF'),
			 ('－', '－'), ('—', '—'), ('·', '·'), ('・', '・'), ('／', '／')) AS k(kind, d);
SELECT kind, count(*) AS variants,
	   count(*) FILTER (WHERE vin_repair(s, 'strict') = v::vin) AS repaired,
	   count(*) FILTER (WHERE vin_normalize(s) = v) AS normalized,
	   count(*) FILTER (WHERE s <> v AND EXISTS (SELECT FROM vin_problems(s))) AS reported
FROM fold_variants GROUP BY kind ORDER BY kind COLLATE "C";

-- the type stays strict, and its hint says where folding is done
SELECT 'ＬＳＪＡ24U62JG269225'::vin;
SELECT E'LSJA24U62JG269225\u3000'::vin;
SELECT '车SJA24U62JG269225'::vin;

-- vin_guard folds in normalize and quarantine mode, and reports the folds
-- of what it cannot repair
CREATE TABLE vgu_norm (id int, vin text);
CREATE TRIGGER guard BEFORE INSERT ON vgu_norm
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'normalize');
INSERT INTO vgu_norm SELECT row_number() OVER (), s FROM dirty
WHERE vin_repair(s) IS NOT NULL;
SELECT count(*), count(*) FILTER (WHERE vin = 'LSJA24U62JG269225') AS folded FROM vgu_norm;
INSERT INTO vgu_norm VALUES (99, 'ＬＳＪＡ24U62JG26922＊');

SELECT vin_create_quarantine('vgu_q');
CREATE TABLE vgu_quar (id int, vin text);
CREATE TRIGGER guard BEFORE INSERT ON vgu_quar
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'quarantine', 'auto', 'public.vgu_q');
INSERT INTO vgu_quar SELECT row_number() OVER (ORDER BY label), s FROM dirty;
SELECT id, vin FROM vgu_quar ORDER BY id;
SELECT row_data->>'id' AS id, jsonb_path_query_array(problems, '$[*].code') AS codes
FROM vgu_q ORDER BY (row_data->>'id')::int;

CREATE TABLE vgu_reject (vin text);
CREATE TRIGGER guard BEFORE INSERT ON vgu_reject
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin');
INSERT INTO vgu_reject VALUES ('LSJA24U6・2JG269225');
DROP TABLE vgu_norm, vgu_quar, vgu_q, vgu_reject;

-- Other server encodings: no folding (the characters stay illegal), and
-- positions count characters, not bytes.
\set regression_db :DBNAME
-- (left over by an interrupted run?)
SET client_min_messages = warning;
DROP DATABASE IF EXISTS zm_regress_latin1;
DROP DATABASE IF EXISTS zm_regress_euc_cn;
RESET client_min_messages;
CREATE DATABASE zm_regress_latin1 TEMPLATE template0 ENCODING 'LATIN1' LOCALE 'C';
CREATE DATABASE zm_regress_euc_cn TEMPLATE template0 ENCODING 'EUC_CN' LOCALE 'C';
\c zm_regress_latin1
SET client_encoding = 'UTF8';
CREATE EXTENSION zeromile;
SELECT getdatabaseencoding();
SELECT * FROM vin_problems(E'ÄLSJA24U6\u00A02JG269225·é');
SELECT vin_normalize(E'lsja24u6\u00A02jg269225'), vin_repair(E'LSJA24U6\u00A02JG269225'),
	   vin_repair('LSJA24U6-2JG269225');
\c zm_regress_euc_cn
SET client_encoding = 'UTF8';
CREATE EXTENSION zeromile;
SELECT getdatabaseencoding();
SELECT * FROM vin_problems('车ＬＳＪＡ24U6－2JG269225　');
SELECT vin_normalize('ｌｓｊａ24u6－2jg269225'), vin_repair('ＬＳＪＡ24U62JG269225'),
	   vin_repair('lsja24u6-2jg269225');
SELECT 'ＬＳＪＡ24U62JG269225'::vin;
\c :regression_db
DROP DATABASE zm_regress_latin1;
DROP DATABASE zm_regress_euc_cn;
