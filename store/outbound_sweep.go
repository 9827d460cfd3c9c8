package store

import (
	"context"
	"fmt"
	"time"
)

// UnsentOutbound returns the messages still queued or sending that were
// queued before cutoff, oldest first, for the sweep that makes sure each
// has a job that will send it. Raw is left out.
func (s *Store) UnsentOutbound(ctx context.Context, cutoff time.Time) ([]Outbound, error) {
	var out []Outbound
	err := s.db.SelectContext(ctx, &out, rebind(s.dialect, `
		SELECT id, case_id, kind, dedupe_key, message_id, envelope_from, recipients, subject, '' AS raw,
			state, attempts, last_error, sent_how, created_at, last_attempt_at, sent_at
		FROM outbound_messages WHERE state IN (?, ?) AND created_at < ? ORDER BY id`),
		OutboundQueued, OutboundSending, cutoff.UTC())
	if err != nil {
		return nil, fmt.Errorf("store: unsent outbound messages: %w", err)
	}
	return out, nil
}

// MarkNotSent records a failed attempt that certainly did not reach the
// recipient (the server answered before the final dot, or refused the
// message after it): the message is queued again, and its next attempt
// needs no look in the Sent folder first.
func (t *Tx) MarkNotSent(ctx context.Context, id int64, msg string) error {
	_, err := t.tx.ExecContext(ctx, rebind(t.dialect, `UPDATE outbound_messages
		SET last_error = ?, state = ? WHERE id = ? AND state = ?`), msg, OutboundQueued, id, OutboundSending)
	if err != nil {
		return fmt.Errorf("store: record send error: %w", err)
	}
	return nil
}
