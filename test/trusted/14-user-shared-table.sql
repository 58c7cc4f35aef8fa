-- zm_user writes to zm_owner's guarded and tracked tables.
SET search_path = app, zm;
SET TimeZone = 'UTC';

INSERT INTO app.shared_listings (id, vin) VALUES (2, 'lsja24u6-2jg269225'), (3, '1HGCM82643A004352');
-- quarantined: the UPDATE of row 1 is skipped
UPDATE app.shared_listings SET vin = '1HGCM82643A004352' WHERE id = 1;
SELECT id, vin FROM app.shared_listings ORDER BY id;
SELECT secret FROM app.shared_listings;
-- The quarantined rows leave out "secret", which zm_user may not read
-- (zm_user can read the quarantine table: it must not learn the secret
-- from there), and say so among the problems.
SELECT source_table, row_data, problems -> -1 AS last_problem
FROM app.shared_q ORDER BY row_data ->> 'id';

-- INSERT only: the quarantined row keeps what zm_user sent
INSERT INTO app.etl_listings VALUES (1, '1HGCM82643A004352', 'dealer-9', 99000);
SELECT row_data, jsonb_path_query_array(problems, '$[*].code') AS codes
FROM app.shared_q WHERE row_data ->> 'dealer' = 'dealer-9';
-- the stored VIN zm_user may not read is not quoted
UPDATE app.noted SET note = 'seen' WHERE id = 1;

-- a valid VIN needs nothing on the quarantine table; a bad one needs INSERT
INSERT INTO app.closed_listings VALUES (1, 'LSJA24U62JG269225');
INSERT INTO app.closed_listings VALUES (2, '1HGCM82643A004352');

-- resale_track into zm_owner's summary table: new VINs, then merges
INSERT INTO app.owner_events SELECT * FROM app.events WHERE kind = 'registration';
INSERT INTO app.owner_events SELECT * FROM app.events WHERE kind <> 'registration';
SELECT vin, registered_at(summary), resale_count(summary) FROM app.owner_summary ORDER BY vin;
LISTEN zm_owner_zero;
INSERT INTO app.owner_events_n SELECT * FROM app.events WHERE kind = 'registration';
INSERT INTO app.owner_events_n SELECT * FROM app.events WHERE kind <> 'registration';
UNLISTEN zm_owner_zero;
-- without SELECT on the summary table: 42501
INSERT INTO app.owner_events_x SELECT * FROM app.events;
