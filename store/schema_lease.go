package store

// migrationLeases holds one row per lease (today only the inbox reader's):
// who holds it and its epoch, which goes up by one each time the lease
// changes hands. A holder's writes check the epoch inside their own
// transaction (see WithFence), so a process that lost the lease, however
// slowly it notices, can never commit.
var migrationLeases = migration{
	name: "leases",
	sqlite: `
CREATE TABLE leases (
	name        TEXT PRIMARY KEY,
	epoch       INTEGER NOT NULL,
	holder      TEXT NOT NULL,
	acquired_at TIMESTAMP NOT NULL
);
`,
	postgres: `
CREATE TABLE leases (
	name        TEXT PRIMARY KEY,
	epoch       BIGINT NOT NULL,
	holder      TEXT NOT NULL,
	acquired_at TIMESTAMPTZ NOT NULL
);
`,
}
