package store

// migrationIncidents keeps the alarms staff were told about, one row per
// condition while it holds, so that every replica and every restart
// shares them: an incident is announced once, and its recovery once.
// seen_at is refreshed by each replica that still sees the condition;
// claim_until marks a replica sending the message right now.
var migrationIncidents = migration{
	name: "alarm incidents",
	sqlite: `
CREATE TABLE alarm_incidents (
	name        TEXT PRIMARY KEY,
	since       TIMESTAMP NOT NULL,
	seen_at     TIMESTAMP NOT NULL,
	notified_at TIMESTAMP NULL,
	claim_until TIMESTAMP NULL
);
`,
	postgres: `
CREATE TABLE alarm_incidents (
	name        TEXT PRIMARY KEY,
	since       TIMESTAMPTZ NOT NULL,
	seen_at     TIMESTAMPTZ NOT NULL,
	notified_at TIMESTAMPTZ NULL,
	claim_until TIMESTAMPTZ NULL
);
`,
}
