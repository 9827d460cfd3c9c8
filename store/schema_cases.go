package store

// migrationCasework adds what the whole case needs beyond the spine: the
// participant's stage, the recommendation and the draft, approval, pauses
// of the clock, the extension, and files staff attach to an answer.
var migrationCasework = migration{
	name: "casework",
	sqlite: `
ALTER TABLE cases ADD COLUMN participant_id INTEGER NULL;
ALTER TABLE cases ADD COLUMN stage TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN recommendation TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN recommendation_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN draft_letter TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN draft_subject TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN draft_text TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN draft_by TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN draft_at TIMESTAMP NULL;
ALTER TABLE cases ADD COLUMN approved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN approved_at TIMESTAMP NULL;
ALTER TABLE cases ADD COLUMN no_dpo_ref_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN extended BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN extension_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN resume_state TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN answered_at TIMESTAMP NULL;
ALTER TABLE cases ADD COLUMN reduced_at TIMESTAMP NULL;
CREATE INDEX cases_dpo_ref ON cases (dpo_ref);
CREATE TABLE case_pauses (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	case_id    INTEGER NOT NULL REFERENCES cases (id),
	from_date  TEXT NOT NULL,
	to_date    TEXT NOT NULL DEFAULT '',
	reason     TEXT NOT NULL,
	created_by TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX case_pauses_case ON case_pauses (case_id, id);
CREATE TABLE case_files (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	case_id      INTEGER NOT NULL REFERENCES cases (id),
	name         TEXT NOT NULL,
	content_type TEXT NOT NULL,
	data         BLOB NOT NULL,
	added_by     TEXT NOT NULL,
	added_at     TIMESTAMP NOT NULL
);
CREATE INDEX case_files_case ON case_files (case_id);
`,
	postgres: `
ALTER TABLE cases ADD COLUMN participant_id BIGINT NULL;
ALTER TABLE cases ADD COLUMN stage TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN recommendation TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN recommendation_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN draft_letter TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN draft_subject TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN draft_text TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN draft_by TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN draft_at TIMESTAMPTZ NULL;
ALTER TABLE cases ADD COLUMN approved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN approved_at TIMESTAMPTZ NULL;
ALTER TABLE cases ADD COLUMN no_dpo_ref_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN extended BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE cases ADD COLUMN extension_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN resume_state TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN answered_at TIMESTAMPTZ NULL;
ALTER TABLE cases ADD COLUMN reduced_at TIMESTAMPTZ NULL;
CREATE INDEX cases_dpo_ref ON cases (dpo_ref);
CREATE TABLE case_pauses (
	id         BIGSERIAL PRIMARY KEY,
	case_id    BIGINT NOT NULL REFERENCES cases (id),
	from_date  TEXT NOT NULL,
	to_date    TEXT NOT NULL DEFAULT '',
	reason     TEXT NOT NULL,
	created_by TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_pauses_case ON case_pauses (case_id, id);
CREATE TABLE case_files (
	id           BIGSERIAL PRIMARY KEY,
	case_id      BIGINT NOT NULL REFERENCES cases (id),
	name         TEXT NOT NULL,
	content_type TEXT NOT NULL,
	data         BYTEA NOT NULL,
	added_by     TEXT NOT NULL,
	added_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_files_case ON case_files (case_id);
`,
}
