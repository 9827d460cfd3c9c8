package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// ChaseCase is a case with the columns the chaser reads beside the usual
// ones. Case itself does not carry them so that the chasing migration
// changes no existing statement.
type ChaseCase struct {
	Case
	// ExtensionConsidered is set by staff while they weigh an extension;
	// the chaser reminds them to send the notice within the first month.
	ExtensionConsidered bool `db:"extension_considered"`
	// OverdueAt is when the sweep first found the case past its due date;
	// NULL when it is not overdue (or no longer is).
	OverdueAt sql.NullTime `db:"overdue_at"`
}

const chaseColumns = caseColumns + `, extension_considered, overdue_at`

// ChaseCases returns every case that is not closed, oldest first.
func (s *Store) ChaseCases(ctx context.Context) ([]ChaseCase, error) {
	return chaseCases(ctx, s.db, s.dialect)
}

// ChaseCases is Store.ChaseCases inside the transaction.
func (t *Tx) ChaseCases(ctx context.Context) ([]ChaseCase, error) {
	return chaseCases(ctx, t.tx, t.dialect)
}

func chaseCases(ctx context.Context, q queryer, d Dialect) ([]ChaseCase, error) {
	var out []ChaseCase
	// Named states rather than "not closed", so that the state index
	// finds the few open cases among a hundred thousand closed ones; and
	// "+id", because ordering by the bare id makes SQLite walk the whole
	// table in id order instead.
	open := make([]any, len(OpenStates))
	for i, st := range OpenStates {
		open[i] = st
	}
	err := q.SelectContext(ctx, &out, rebind(d, `SELECT `+chaseColumns+` FROM cases WHERE state IN (?`+
		strings.Repeat(", ?", len(open)-1)+`) ORDER BY +id`), open...)
	if err != nil {
		return nil, fmt.Errorf("store: list cases to chase: %w", err)
	}
	return out, nil
}

// ChaseCase re-reads one case in the transaction, so that an action is
// decided on what the case is now, not on what a sweep saw earlier.
func (t *Tx) ChaseCase(ctx context.Context, id int64) (*ChaseCase, error) {
	var c ChaseCase
	err := t.tx.GetContext(ctx, &c, rebind(t.dialect, `SELECT `+chaseColumns+` FROM cases WHERE id = ?`), id)
	if isNoRows(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: read case to chase: %w", err)
	}
	return &c, nil
}

// SetOverdue records when a case became overdue, or clears the mark when
// at is nil. An existing mark keeps its first time.
func (t *Tx) SetOverdue(ctx context.Context, caseID int64, at *time.Time) error {
	q, args := `UPDATE cases SET overdue_at = NULL WHERE id = ? AND overdue_at IS NOT NULL`, []any{caseID}
	if at != nil {
		q, args = `UPDATE cases SET overdue_at = ? WHERE id = ? AND overdue_at IS NULL`, []any{at.UTC(), caseID}
	}
	if _, err := t.tx.ExecContext(ctx, rebind(t.dialect, q), args...); err != nil {
		return fmt.Errorf("store: mark overdue: %w", err)
	}
	return nil
}

// SetExtensionConsidered records whether staff are considering an extension.
func (t *Tx) SetExtensionConsidered(ctx context.Context, caseID int64, considered bool, at time.Time) error {
	_, err := t.tx.ExecContext(ctx, rebind(t.dialect, `UPDATE cases SET extension_considered = ?, updated_at = ? WHERE id = ?`),
		considered, at.UTC(), caseID)
	if err != nil {
		return fmt.Errorf("store: set extension considered: %w", err)
	}
	return nil
}

// OutboundByDedupeKey returns the message queued under key, or ErrNotFound.
func (t *Tx) OutboundByDedupeKey(ctx context.Context, key string) (*Outbound, error) {
	var o Outbound
	err := t.tx.GetContext(ctx, &o, rebind(t.dialect, `SELECT * FROM outbound_messages WHERE dedupe_key = ?`), key)
	if isNoRows(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: read outbound message: %w", err)
	}
	return &o, nil
}

// FirstOutboundOfKinds returns a case's oldest message of one of kinds, the
// root that later messages to the same people thread under; ErrNotFound if
// there is none.
func (t *Tx) FirstOutboundOfKinds(ctx context.Context, caseID int64, kinds ...string) (*Outbound, error) {
	if len(kinds) == 0 {
		return nil, ErrNotFound
	}
	args := []any{caseID}
	for _, k := range kinds {
		args = append(args, k)
	}
	var o Outbound
	err := t.tx.GetContext(ctx, &o, rebind(t.dialect, `SELECT * FROM outbound_messages
		WHERE case_id = ? AND kind IN (?`+strings.Repeat(", ?", len(kinds)-1)+`) ORDER BY id LIMIT 1`), args...)
	if isNoRows(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: read outbound message: %w", err)
	}
	return &o, nil
}

// ListOutbound returns every outbound message with an id above afterID,
// oldest first (0 for all), including mail about no single case.
func (s *Store) ListOutbound(ctx context.Context, afterID int64) ([]Outbound, error) {
	var out []Outbound
	if err := s.db.SelectContext(ctx, &out, rebind(s.dialect, `SELECT * FROM outbound_messages WHERE id > ? ORDER BY id`), afterID); err != nil {
		return nil, fmt.Errorf("store: list outbound messages: %w", err)
	}
	return out, nil
}
