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
