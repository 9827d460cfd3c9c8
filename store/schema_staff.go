package store

// migrationWeb adds the staff desk: staff accounts (argon2id password
// hashes, one-time set-up tokens and API tokens stored only as hashes),
// server-side sign-in sessions, and the record of who looked at which case.
var migrationWeb = migration{
	name: "staff desk",
	sqlite: `
CREATE TABLE staff (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	email            TEXT NOT NULL UNIQUE,
	name             TEXT NOT NULL DEFAULT '',
	role             TEXT NOT NULL,
	password_hash    TEXT NOT NULL DEFAULT '',
	setup_hash       TEXT NOT NULL DEFAULT '',
	setup_expires_at TIMESTAMP NULL,
	api_token_hash   TEXT NOT NULL DEFAULT '',
	created_at       TIMESTAMP NOT NULL
);
CREATE TABLE staff_sessions (
	id_hash    TEXT PRIMARY KEY,
	staff_id   INTEGER NOT NULL REFERENCES staff (id),
	csrf_token TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);
CREATE TABLE case_views (
	id      INTEGER PRIMARY KEY AUTOINCREMENT,
	case_id INTEGER NOT NULL REFERENCES cases (id),
	actor   TEXT NOT NULL,
	at      TIMESTAMP NOT NULL,
	what    TEXT NOT NULL
);
CREATE INDEX case_views_at ON case_views (at);
`,
	postgres: `
CREATE TABLE staff (
	id               BIGSERIAL PRIMARY KEY,
	email            TEXT NOT NULL UNIQUE,
	name             TEXT NOT NULL DEFAULT '',
	role             TEXT NOT NULL,
	password_hash    TEXT NOT NULL DEFAULT '',
	setup_hash       TEXT NOT NULL DEFAULT '',
	setup_expires_at TIMESTAMPTZ NULL,
	api_token_hash   TEXT NOT NULL DEFAULT '',
	created_at       TIMESTAMPTZ NOT NULL
);
CREATE TABLE staff_sessions (
	id_hash    TEXT PRIMARY KEY,
	staff_id   BIGINT NOT NULL REFERENCES staff (id),
	csrf_token TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);
CREATE TABLE case_views (
	id      BIGSERIAL PRIMARY KEY,
	case_id BIGINT NOT NULL REFERENCES cases (id),
	actor   TEXT NOT NULL,
	at      TIMESTAMPTZ NOT NULL,
	what    TEXT NOT NULL
);
CREATE INDEX case_views_at ON case_views (at);
`,
}
