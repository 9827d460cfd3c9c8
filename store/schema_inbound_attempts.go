package store

// migrationInboundAttempts counts, per mailbox position, how often handling
// a message failed for a reason of its own, so that after a few tries it is
// given to a person instead of holding up the inbox. The count survives a
// restart: a message that crashes intake cannot be retried for ever.
var migrationInboundAttempts = migration{
	name: "inbound attempts",
	sqlite: `
CREATE TABLE inbound_attempts (
	mailbox         TEXT NOT NULL,
	uid_validity    INTEGER NOT NULL,
	uid             INTEGER NOT NULL,
	failures        INTEGER NOT NULL,
	last_reason     TEXT NOT NULL DEFAULT '',
	first_failed_at TIMESTAMP NOT NULL,
	last_failed_at  TIMESTAMP NOT NULL,
	gave_up_at      TIMESTAMP NULL,
	case_id         INTEGER NULL REFERENCES cases (id),
	PRIMARY KEY (mailbox, uid_validity, uid)
);
`,
	postgres: `
CREATE TABLE inbound_attempts (
	mailbox         TEXT NOT NULL,
	uid_validity    BIGINT NOT NULL,
	uid             BIGINT NOT NULL,
	failures        INTEGER NOT NULL,
	last_reason     TEXT NOT NULL DEFAULT '',
	first_failed_at TIMESTAMPTZ NOT NULL,
	last_failed_at  TIMESTAMPTZ NOT NULL,
	gave_up_at      TIMESTAMPTZ NULL,
	case_id         BIGINT NULL REFERENCES cases (id),
	PRIMARY KEY (mailbox, uid_validity, uid)
);
`,
}
