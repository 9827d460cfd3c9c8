package store

// migration is one schema step, written once per dialect. Order matters:
// add new steps at the end, never edit a released one. The version of a
// database is the number of steps applied.
type migration struct {
	name     string
	sqlite   string
	postgres string
}

var migrations = []migration{
	{
		name: "initial schema",
		sqlite: `
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
CREATE TABLE mailbox_checkpoints (
	mailbox      TEXT PRIMARY KEY,
	uid_validity INTEGER NOT NULL,
	last_uid     INTEGER NOT NULL,
	updated_at   TIMESTAMP NOT NULL
);
CREATE TABLE case_counters (
	year INTEGER PRIMARY KEY,
	last INTEGER NOT NULL
);
CREATE TABLE cases (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	ref             TEXT NOT NULL UNIQUE,
	kind            TEXT NOT NULL,
	rights          TEXT NOT NULL DEFAULT '',
	state           TEXT NOT NULL,
	requester_addr  TEXT NOT NULL DEFAULT '',
	requester_name  TEXT NOT NULL DEFAULT '',
	reply_to_addr   TEXT NOT NULL DEFAULT '',
	urn             TEXT NOT NULL DEFAULT '',
	dpo_ref         TEXT NOT NULL DEFAULT '',
	calendar        TEXT NOT NULL,
	received_at     TIMESTAMP NOT NULL,
	start_date      TEXT NOT NULL,
	due_date        TEXT NOT NULL DEFAULT '',
	confidence      REAL NOT NULL DEFAULT 0,
	needs_person    BOOLEAN NOT NULL DEFAULT 0,
	person_reason   TEXT NOT NULL DEFAULT '',
	acknowledged_at TIMESTAMP NULL,
	forwarded_at    TIMESTAMP NULL,
	closed_at       TIMESTAMP NULL,
	created_at      TIMESTAMP NOT NULL,
	updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX cases_requester ON cases (requester_addr, state);
CREATE INDEX cases_state ON cases (state, due_date);
CREATE TABLE case_events (
	id      INTEGER PRIMARY KEY AUTOINCREMENT,
	case_id INTEGER NOT NULL REFERENCES cases (id),
	at      TIMESTAMP NOT NULL,
	kind    TEXT NOT NULL,
	actor   TEXT NOT NULL DEFAULT 'intake',
	detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_events_case ON case_events (case_id, id);
CREATE TABLE inbound_messages (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	mailbox        TEXT NOT NULL,
	uid_validity   INTEGER NOT NULL,
	uid            INTEGER NOT NULL,
	dedupe_key     TEXT NOT NULL UNIQUE,
	message_id     TEXT NOT NULL DEFAULT '',
	sha256         TEXT NOT NULL,
	raw            BLOB NOT NULL,
	size           INTEGER NOT NULL,
	truncated      BOOLEAN NOT NULL DEFAULT 0,
	received_at    TIMESTAMP NOT NULL,
	from_addr      TEXT NOT NULL DEFAULT '',
	subject        TEXT NOT NULL DEFAULT '',
	kind           TEXT NOT NULL,
	action         TEXT NOT NULL,
	confidence     REAL NOT NULL DEFAULT 0,
	classification TEXT NOT NULL DEFAULT '{}',
	disposition    TEXT NOT NULL,
	case_id        INTEGER NULL REFERENCES cases (id),
	created_at     TIMESTAMP NOT NULL,
	UNIQUE (mailbox, uid_validity, uid)
);
CREATE INDEX inbound_case ON inbound_messages (case_id);
CREATE TABLE outbound_messages (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	case_id         INTEGER NULL REFERENCES cases (id),
	kind            TEXT NOT NULL,
	dedupe_key      TEXT NOT NULL UNIQUE,
	message_id      TEXT NOT NULL UNIQUE,
	envelope_from   TEXT NOT NULL,
	recipients      TEXT NOT NULL,
	subject         TEXT NOT NULL,
	raw             BLOB NOT NULL,
	state           TEXT NOT NULL DEFAULT 'queued',
	attempts        INTEGER NOT NULL DEFAULT 0,
	last_error      TEXT NOT NULL DEFAULT '',
	sent_how        TEXT NOT NULL DEFAULT '',
	created_at      TIMESTAMP NOT NULL,
	last_attempt_at TIMESTAMP NULL,
	sent_at         TIMESTAMP NULL
);
CREATE INDEX outbound_case ON outbound_messages (case_id);
CREATE INDEX outbound_state ON outbound_messages (state);
`,
		postgres: `
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
CREATE TABLE mailbox_checkpoints (
	mailbox      TEXT PRIMARY KEY,
	uid_validity BIGINT NOT NULL,
	last_uid     BIGINT NOT NULL,
	updated_at   TIMESTAMPTZ NOT NULL
);
CREATE TABLE case_counters (
	year INTEGER PRIMARY KEY,
	last INTEGER NOT NULL
);
CREATE TABLE cases (
	id              BIGSERIAL PRIMARY KEY,
	ref             TEXT NOT NULL UNIQUE,
	kind            TEXT NOT NULL,
	rights          TEXT NOT NULL DEFAULT '',
	state           TEXT NOT NULL,
	requester_addr  TEXT NOT NULL DEFAULT '',
	requester_name  TEXT NOT NULL DEFAULT '',
	reply_to_addr   TEXT NOT NULL DEFAULT '',
	urn             TEXT NOT NULL DEFAULT '',
	dpo_ref         TEXT NOT NULL DEFAULT '',
	calendar        TEXT NOT NULL,
	received_at     TIMESTAMPTZ NOT NULL,
	start_date      TEXT NOT NULL,
	due_date        TEXT NOT NULL DEFAULT '',
	confidence      DOUBLE PRECISION NOT NULL DEFAULT 0,
	needs_person    BOOLEAN NOT NULL DEFAULT false,
	person_reason   TEXT NOT NULL DEFAULT '',
	acknowledged_at TIMESTAMPTZ NULL,
	forwarded_at    TIMESTAMPTZ NULL,
	closed_at       TIMESTAMPTZ NULL,
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX cases_requester ON cases (requester_addr, state);
CREATE INDEX cases_state ON cases (state, due_date);
CREATE TABLE case_events (
	id      BIGSERIAL PRIMARY KEY,
	case_id BIGINT NOT NULL REFERENCES cases (id),
	at      TIMESTAMPTZ NOT NULL,
	kind    TEXT NOT NULL,
	actor   TEXT NOT NULL DEFAULT 'intake',
	detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_events_case ON case_events (case_id, id);
CREATE TABLE inbound_messages (
	id             BIGSERIAL PRIMARY KEY,
	mailbox        TEXT NOT NULL,
	uid_validity   BIGINT NOT NULL,
	uid            BIGINT NOT NULL,
	dedupe_key     TEXT NOT NULL UNIQUE,
	message_id     TEXT NOT NULL DEFAULT '',
	sha256         TEXT NOT NULL,
	raw            BYTEA NOT NULL,
	size           BIGINT NOT NULL,
	truncated      BOOLEAN NOT NULL DEFAULT false,
	received_at    TIMESTAMPTZ NOT NULL,
	from_addr      TEXT NOT NULL DEFAULT '',
	subject        TEXT NOT NULL DEFAULT '',
	kind           TEXT NOT NULL,
	action         TEXT NOT NULL,
	confidence     DOUBLE PRECISION NOT NULL DEFAULT 0,
	classification TEXT NOT NULL DEFAULT '{}',
	disposition    TEXT NOT NULL,
	case_id        BIGINT NULL REFERENCES cases (id),
	created_at     TIMESTAMPTZ NOT NULL,
	UNIQUE (mailbox, uid_validity, uid)
);
CREATE INDEX inbound_case ON inbound_messages (case_id);
CREATE TABLE outbound_messages (
	id              BIGSERIAL PRIMARY KEY,
	case_id         BIGINT NULL REFERENCES cases (id),
	kind            TEXT NOT NULL,
	dedupe_key      TEXT NOT NULL UNIQUE,
	message_id      TEXT NOT NULL UNIQUE,
	envelope_from   TEXT NOT NULL,
	recipients      TEXT NOT NULL,
	subject         TEXT NOT NULL,
	raw             BYTEA NOT NULL,
	state           TEXT NOT NULL DEFAULT 'queued',
	attempts        INTEGER NOT NULL DEFAULT 0,
	last_error      TEXT NOT NULL DEFAULT '',
	sent_how        TEXT NOT NULL DEFAULT '',
	created_at      TIMESTAMPTZ NOT NULL,
	last_attempt_at TIMESTAMPTZ NULL,
	sent_at         TIMESTAMPTZ NULL
);
CREATE INDEX outbound_case ON outbound_messages (case_id);
CREATE INDEX outbound_state ON outbound_messages (state);
`,
	},
	{
		// Delegated OAuth2 sign-ins: the rotating refresh token, encrypted,
		// one row per account. Access tokens are never stored.
		name: "oauth tokens",
		sqlite: `
CREATE TABLE oauth_tokens (
	account         TEXT PRIMARY KEY,
	provider        TEXT NOT NULL,
	refresh_token   BLOB NOT NULL,
	scopes          TEXT NOT NULL DEFAULT '',
	access_expiry   TIMESTAMP NULL,
	obtained_at     TIMESTAMP NOT NULL,
	last_refresh_at TIMESTAMP NULL,
	last_error      TEXT NOT NULL DEFAULT ''
);
`,
		postgres: `
CREATE TABLE oauth_tokens (
	account         TEXT PRIMARY KEY,
	provider        TEXT NOT NULL,
	refresh_token   BYTEA NOT NULL,
	scopes          TEXT NOT NULL DEFAULT '',
	access_expiry   TIMESTAMPTZ NULL,
	obtained_at     TIMESTAMPTZ NOT NULL,
	last_refresh_at TIMESTAMPTZ NULL,
	last_error      TEXT NOT NULL DEFAULT ''
);
`,
	},
	{
		// Chasing: whether staff are considering an extension (a reminder to
		// send the notice within the first month), and when the sweep found
		// the case overdue, so that every list can show it.
		name: "chasing",
		sqlite: `
ALTER TABLE cases ADD COLUMN extension_considered BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN overdue_at TIMESTAMP NULL;
`,
		postgres: `
ALTER TABLE cases ADD COLUMN extension_considered BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE cases ADD COLUMN overdue_at TIMESTAMPTZ NULL;
`,
	},
	migrationCasework,
	migrationParticipants,
	migrationWeb,
	migrationInboundAttempts,
	migrationQueueClients,
	migrationLeases,
	migrationIncidents,
	migrationDesk,
	migrationBigDatabase,
	migrationChecklist,
	migrationPaceAndSignIn,
	migrationCaseClocks,
}

// SchemaVersion is the schema version this binary writes.
var SchemaVersion = len(migrations)
