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

// migrationCaseClocks lets what counts and groups open cases by state and
// due date (the dashboard, the overdue count of /metrics) read an index
// alone, without visiting the rows; it also serves the case list's paging
// by state, so it replaces cases_state_id.
// The oldest unsent letter (OutboundStats, on every /metrics scrape) is
// found in an index of (state, created_at) instead of by reading every
// letter ever sent.
var migrationCaseClocks = migration{
	name: "case clocks index",
	sqlite: `
CREATE INDEX cases_state_clock ON cases (state, id, due_date, calendar);
DROP INDEX cases_state_id;
CREATE INDEX outbound_state_created ON outbound_messages (state, created_at);
DROP INDEX outbound_state;
`,
	postgres: `
CREATE INDEX cases_state_clock ON cases (state, id, due_date, calendar);
DROP INDEX cases_state_id;
CREATE INDEX outbound_state_created ON outbound_messages (state, created_at);
DROP INDEX outbound_state;
`,
}
