package store

// migrationDesk adds what the staff desk needs to find and own work: who a
// case is assigned to (one row per assigned case, so that the case row
// itself is untouched), and indexes for the case list's search and sort.
var migrationDesk = migration{
	name: "desk assignments",
	sqlite: `
CREATE TABLE case_assignments (
	case_id     INTEGER PRIMARY KEY REFERENCES cases (id),
	staff_id    INTEGER NOT NULL REFERENCES staff (id),
	assigned_by TEXT NOT NULL,
	assigned_at TIMESTAMP NOT NULL
);
CREATE INDEX case_assignments_staff ON case_assignments (staff_id);
CREATE INDEX cases_received ON cases (received_at);
CREATE INDEX cases_due ON cases (due_date);
CREATE INDEX case_events_at ON case_events (at);
`,
	postgres: `
CREATE TABLE case_assignments (
	case_id     BIGINT PRIMARY KEY REFERENCES cases (id),
	staff_id    BIGINT NOT NULL REFERENCES staff (id),
	assigned_by TEXT NOT NULL,
	assigned_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_assignments_staff ON case_assignments (staff_id);
CREATE INDEX cases_received ON cases (received_at);
CREATE INDEX cases_due ON cases (due_date);
CREATE INDEX case_events_at ON case_events (at);
`,
}
