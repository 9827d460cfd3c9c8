package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// InboundAttempt is the failure count of one mailbox position.
type InboundAttempt struct {
	Mailbox       string        `db:"mailbox"`
	UIDValidity   uint32        `db:"uid_validity"`
	UID           uint32        `db:"uid"`
	Failures      int           `db:"failures"`
	LastReason    string        `db:"last_reason"`
	FirstFailedAt time.Time     `db:"first_failed_at"`
	LastFailedAt  time.Time     `db:"last_failed_at"`
	GaveUpAt      sql.NullTime  `db:"gave_up_at"`
	CaseID        sql.NullInt64 `db:"case_id"`
}

// RecordInboundFailure counts one more failure of the message at (mailbox,
// validity, uid), keeps reason as the latest, and returns the count so far.
func (s *Store) RecordInboundFailure(ctx context.Context, mailbox string, validity, uid uint32, reason string, now time.Time) (int, error) {
	var n int
	err := s.db.GetContext(ctx, &n, rebind(s.dialect, `
		INSERT INTO inbound_attempts (mailbox, uid_validity, uid, failures, last_reason, first_failed_at, last_failed_at)
		VALUES (?, ?, ?, 1, ?, ?, ?)
		ON CONFLICT (mailbox, uid_validity, uid) DO UPDATE SET
			failures = inbound_attempts.failures + 1,
			last_reason = excluded.last_reason,
			last_failed_at = excluded.last_failed_at
		RETURNING failures`), mailbox, int64(validity), int64(uid), reason, now.UTC(), now.UTC())
	if err != nil {
		return 0, fmt.Errorf("store: record inbound failure: %w", err)
	}
	return n, nil
}

// GaveUpInbound records that the message at (mailbox, validity, uid) was
// given to a person, with the case that holds it (0: none, such as a
// backlog message, which is never answered anyway).
func (t *Tx) GaveUpInbound(ctx context.Context, mailbox string, validity, uid uint32, caseID int64, now time.Time) error {
	var cid any
	if caseID != 0 {
		cid = caseID
	}
	_, err := t.tx.ExecContext(ctx, rebind(t.dialect, `
		UPDATE inbound_attempts SET gave_up_at = ?, case_id = ?
		WHERE mailbox = ? AND uid_validity = ? AND uid = ?`), now.UTC(), cid, mailbox, int64(validity), int64(uid))
	if err != nil {
		return fmt.Errorf("store: record inbound given up: %w", err)
	}
	return nil
}

// InboundAttempts returns the failure counts of mailbox, oldest first.
func (s *Store) InboundAttempts(ctx context.Context, mailbox string) ([]InboundAttempt, error) {
	var out []InboundAttempt
	err := s.db.SelectContext(ctx, &out, rebind(s.dialect, `SELECT * FROM inbound_attempts
		WHERE mailbox = ? ORDER BY uid_validity, uid`), mailbox)
	if err != nil {
		return nil, fmt.Errorf("store: read inbound attempts: %w", err)
	}
	return out, nil
}
