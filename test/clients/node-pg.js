// Client tests of zeromile through node-postgres (make test-clients): reads
// vin, vehicle_event, resale_summary and the facts; a VIN looked up by a
// string parameter uses the index; inserts of valid, lower-case and invalid
// VINs (SQLSTATE, detail); the BI view's field types.  node-postgres sends
// parameters untyped, so the server takes a string compared with a vin as a
// vin: one that is no VIN is 22P02 (the workaround, $1::text, is checked).
const { Client } = require('pg');

let passed = 0, failed = 0;
function check(what, cond, info) {
	if (cond) { passed++; console.log('ok: ' + what); }
	else { failed++; console.log('FAIL: ' + what + '  [' + JSON.stringify(info) + ']'); }
}
const indexed = (rows) => {
	const p = rows.map((r) => r['QUERY PLAN']).join('\n');
	return [p.includes('Index') && !p.includes('Seq Scan'), p];
};

(async () => {
	const c = new Client();  // PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD
	await c.connect();
	try {
		const vin = (await c.query('SELECT vin::text AS v FROM fleet ORDER BY vin OFFSET 100 LIMIT 1')).rows[0].v;
		let r = await c.query('SELECT vin, last_event, summary, summary::jsonb AS j FROM fleet WHERE vin = $1', [vin]);
		const row = r.rows[0];
		check('node-pg: vin, vehicle_event read as strings', row.vin === vin && row.last_event === 'listing', row);
		check('node-pg: resale_summary read as its text form', row.summary.startsWith('registrations=1;'), row.summary);
		check('node-pg: summary::jsonb parsed, ISO 8601 times', row.j.registered_at.endsWith('+00:00'), row.j);
		let [ok, p] = indexed((await c.query('EXPLAIN SELECT * FROM fleet WHERE vin = $1', [vin.toLowerCase()])).rows);
		check('node-pg: vin = $1 string parameter uses the index', ok, p);
		[ok, p] = indexed((await c.query('EXPLAIN SELECT * FROM fleet WHERE vin LIKE $1', ['LSJA24U6X%'])).rows);
		check('node-pg: vin LIKE $1 uses the index', ok, p);
		try {
			await c.query('SELECT count(*) FROM fleet WHERE vin = $1', ['not-a-vin']);
			check('node-pg: an untyped string that is no VIN is an error', false, 'no error');
		} catch (e) {
			check('node-pg: an untyped string that is no VIN is 22P02, length first',
				e.code === '22P02' && e.detail.startsWith('A VIN has 17 characters'), [e.code, e.detail]);
		}
		r = await c.query('SELECT count(*)::int AS n FROM fleet WHERE vin = $1::text', ['not-a-vin']);
		check('node-pg: workaround $1::text matches nothing', r.rows[0].n === 0, r.rows);
		r = await c.query('SELECT f.* FROM fleet, LATERAL resale_facts(summary) f WHERE vin = $1', [vin]);
		check('node-pg: facts: timestamps as Date, resale_days as a string, booleans',
			r.rows[0].registered_at instanceof Date && typeof r.rows[0].resale_days === 'string'
			&& typeof r.rows[0].is_zero_mileage === 'boolean', r.rows[0]);
		await c.query('DELETE FROM inserts');
		await c.query('INSERT INTO inserts VALUES ($1), ($2)', ['LSJA24U62JG269225', 'lsja24u62jg269226']);
		r = await c.query("SELECT string_agg(vin::text, ',' ORDER BY vin) AS s FROM inserts");
		check('node-pg: valid and lower-case VINs inserted', r.rows[0].s === 'LSJA24U62JG269225,LSJA24U62JG269226', r.rows);
		try {
			await c.query('INSERT INTO inserts VALUES ($1)', ['LSJA24U62JGO69225']);
			check('node-pg: invalid VIN rejected', false, 'no error');
		} catch (e) {
			check('node-pg: invalid VIN is 22P02 with the intent in the detail',
				e.code === '22P02' && e.detail.includes('digit 0 was probably meant') && e.detail.includes('vin_repair()'),
				[e.code, e.detail]);
		}
		r = await c.query('SELECT * FROM fleet_bi WHERE vin = $1', [vin]);
		const f = r.fields.find((x) => x.name === 'vin');
		check('node-pg: BI view vin is varchar(17)', f.dataTypeID === 1043 && f.dataTypeModifier === 21, f);
		[ok, p] = indexed((await c.query('EXPLAIN SELECT * FROM fleet_bi WHERE vin = $1', [vin])).rows);
		check('node-pg: BI view vin = $1 uses an index', ok, p);
	} catch (e) {
		check('node-pg: ran to the end', false, String(e));
	} finally {
		await c.end();
	}
	console.log(`node-pg: ${passed} passed, ${failed} failed`);
	process.exit(failed === 0 ? 0 : 1);
})();
