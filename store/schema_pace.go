package store

// migrationPaceAndSignIn keeps what every replica must agree on about
// sending and signing in.
//
// send_pace holds one row per sender (today "smtp"): the rate the sender
// was lowered to by the provider's last throttling reply and since when,
// how long every replica is to hold off, and when the last letter was let
// go (for the spacing of a per-minute limit). Reservations lock the row,
// so replicas take turns. send_slots records each letter let go, with its
// recipients, for the limits per day; rows older than a day are deleted.
//
// login_buckets and login_usual are the sign-in limiter's token buckets
// and each account's usual client addresses (web), so that guesses spread
// over replicas meet the same limits.
var migrationPaceAndSignIn = migration{
	name: "send pacing and shared sign-in limits",
	sqlite: `
CREATE TABLE send_pace (
	name         TEXT PRIMARY KEY,
	ceiling      REAL NOT NULL DEFAULT 0,
	lowered_at   TIMESTAMP NULL,
	paused_until TIMESTAMP NULL,
	last_at      TIMESTAMP NULL
);
CREATE TABLE send_slots (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	name       TEXT NOT NULL,
	at         TIMESTAMP NOT NULL,
	recipients INTEGER NOT NULL
);
CREATE INDEX send_slots_at ON send_slots (name, at);
CREATE TABLE login_buckets (
	kind       INTEGER NOT NULL,
	account    TEXT NOT NULL,
	addr       TEXT NOT NULL,
	tokens     REAL NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	PRIMARY KEY (kind, account, addr)
);
CREATE INDEX login_buckets_updated ON login_buckets (updated_at);
CREATE TABLE login_usual (
	account TEXT NOT NULL,
	addr    TEXT NOT NULL,
	last_at TIMESTAMP NOT NULL,
	PRIMARY KEY (account, addr)
);
`,
	postgres: `
CREATE TABLE send_pace (
	name         TEXT PRIMARY KEY,
	ceiling      DOUBLE PRECISION NOT NULL DEFAULT 0,
	lowered_at   TIMESTAMPTZ NULL,
	paused_until TIMESTAMPTZ NULL,
	last_at      TIMESTAMPTZ NULL
);
CREATE TABLE send_slots (
	id         BIGSERIAL PRIMARY KEY,
	name       TEXT NOT NULL,
	at         TIMESTAMPTZ NOT NULL,
	recipients INTEGER NOT NULL
);
CREATE INDEX send_slots_at ON send_slots (name, at);
CREATE TABLE login_buckets (
	kind       INTEGER NOT NULL,
	account    TEXT NOT NULL,
	addr       TEXT NOT NULL,
	tokens     DOUBLE PRECISION NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (kind, account, addr)
);
CREATE INDEX login_buckets_updated ON login_buckets (updated_at);
CREATE TABLE login_usual (
	account TEXT NOT NULL,
	addr    TEXT NOT NULL,
	last_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (account, addr)
);
`,
}
