package store

import (
	"context"
	"fmt"
	"time"
)

// Event is one entry in a case's timeline. Detail may hold personal data
// (it lives in the database, like the case); it is never logged.
type Event struct {
	ID     int64     `db:"id"`
	CaseID int64     `db:"case_id"`
	At     time.Time `db:"at"`
	Kind   string    `db:"kind"`
	Actor  string    `db:"actor"`
	Detail string    `db:"detail"`
}

// AddEvent appends an event to a case's timeline.
func (t *Tx) AddEvent(ctx context.Context, e Event) error {
	if e.Actor == "" {
		e.Actor = "intake"
	}
	_, err := t.tx.ExecContext(ctx, rebind(t.dialect, `INSERT INTO case_events (case_id, at, kind, actor, detail) VALUES (?, ?, ?, ?, ?)`),
		e.CaseID, e.At.UTC(), e.Kind, e.Actor, e.Detail)
	if err != nil {
		return fmt.Errorf("store: add event: %w", err)
	}
	return nil
}

// Events returns a case's timeline, oldest first.
func (s *Store) Events(ctx context.Context, caseID int64) ([]Event, error) {
	var out []Event
	err := s.db.SelectContext(ctx, &out, rebind(s.dialect, `SELECT id, case_id, at, kind, actor, detail FROM case_events WHERE case_id = ? ORDER BY id`), caseID)
	if err != nil {
		return nil, fmt.Errorf("store: read events: %w", err)
	}
	return out, nil
}
