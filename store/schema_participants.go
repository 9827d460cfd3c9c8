package store

// migrationParticipants adds the programme register. An address may belong
// to several participants (parents sharing a mailbox), so addresses have a
// table of their own, indexed for matching a sender to the register.
var migrationParticipants = migration{
	name: "participant register",
	sqlite: `
CREATE TABLE participants (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	urn        TEXT NOT NULL UNIQUE,
	name       TEXT NOT NULL DEFAULT '',
	phone      TEXT NOT NULL DEFAULT '',
	stage      TEXT NOT NULL DEFAULT '',
	stage_date TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
CREATE TABLE participant_emails (
	participant_id INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
	email          TEXT NOT NULL,
	PRIMARY KEY (participant_id, email)
);
CREATE INDEX participant_emails_email ON participant_emails (email);
`,
	postgres: `
CREATE TABLE participants (
	id         BIGSERIAL PRIMARY KEY,
	urn        TEXT NOT NULL UNIQUE,
	name       TEXT NOT NULL DEFAULT '',
	phone      TEXT NOT NULL DEFAULT '',
	stage      TEXT NOT NULL DEFAULT '',
	stage_date TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE participant_emails (
	participant_id BIGINT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
	email          TEXT NOT NULL,
	PRIMARY KEY (participant_id, email)
);
CREATE INDEX participant_emails_email ON participant_emails (email);
`,
}
