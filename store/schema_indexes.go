package store

// migrationBigDatabase adds what a database of a hundred thousand cases
// needs to stay fast: the case list pages through one state newest first.
var migrationBigDatabase = migration{
	name: "big database indexes",
	sqlite: `
CREATE INDEX cases_state_id ON cases (state, id);
`,
	postgres: `
CREATE INDEX cases_state_id ON cases (state, id);
`,
}
