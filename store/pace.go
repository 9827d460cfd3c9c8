package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// SendPace is the shared pacing state of one sender (outbox.Pacer owns
// what it means).
type SendPace struct {
	Name string `db:"name"`
	// Ceiling is the rate (messages per window) the sender ran at when the
	// provider last said it sent too fast; 0 when it never did.
	Ceiling     float64      `db:"ceiling"`
	LoweredAt   sql.NullTime `db:"lowered_at"`
	PausedUntil sql.NullTime `db:"paused_until"`
	// LastAt is when the last letter was let go.
	LastAt sql.NullTime `db:"last_at"`
}

// SendSlot is one letter let go: when, and to how many recipients.
type SendSlot struct {
	At         time.Time `db:"at"`
	Recipients int       `db:"recipients"`
}

const sendPaceColumns = `name, ceiling, lowered_at, paused_until, last_at`

// SendPace returns the pacing state called name (a zero state when there
// is none yet), without locking it.
func (s *Store) SendPace(ctx context.Context, name string) (SendPace, error) {
	var p SendPace
	err := s.db.GetContext(ctx, &p, rebind(s.dialect, `SELECT `+sendPaceColumns+` FROM send_pace WHERE name = ?`), name)
	if isNoRows(err) {
		return SendPace{Name: name}, nil
	}
	if err != nil {
		return SendPace{}, fmt.Errorf("store: send pace: %w", err)
	}
	return p, nil
}

// LockSendPace returns the pacing state called name, creating it, and
// holds it until tx ends: replicas reserving sends take turns on it
// (SQLite has one writer anyway).
func (t *Tx) LockSendPace(ctx context.Context, name string) (SendPace, error) {
	if _, err := t.tx.ExecContext(ctx, rebind(t.dialect,
		`INSERT INTO send_pace (name) VALUES (?) ON CONFLICT (name) DO NOTHING`), name); err != nil {
		return SendPace{}, fmt.Errorf("store: lock send pace: %w", err)
	}
	q := `SELECT ` + sendPaceColumns + ` FROM send_pace WHERE name = ?`
	if t.dialect == Postgres {
		q += ` FOR UPDATE`
	}
	var p SendPace
	if err := t.tx.GetContext(ctx, &p, rebind(t.dialect, q), name); err != nil {
		return SendPace{}, fmt.Errorf("store: lock send pace: %w", err)
	}
	return p, nil
}

// SetSendPace writes p (locked first with LockSendPace).
func (t *Tx) SetSendPace(ctx context.Context, p SendPace) error {
	_, err := t.tx.ExecContext(ctx, rebind(t.dialect, `
		UPDATE send_pace SET ceiling = ?, lowered_at = ?, paused_until = ?, last_at = ? WHERE name = ?`),
		p.Ceiling, utcNull(p.LoweredAt), utcNull(p.PausedUntil), utcNull(p.LastAt), p.Name)
	if err != nil {
		return fmt.Errorf("store: set send pace: %w", err)
	}
	return nil
}

// SendsSince counts the letters name let go at or after since, and their
// recipients.
func (t *Tx) SendsSince(ctx context.Context, name string, since time.Time) (messages, recipients int, err error) {
	return sendsSince(ctx, t.q(), t.dialect, name, since)
}

// SendsSince is Tx.SendsSince outside a transaction (for estimates).
func (s *Store) SendsSince(ctx context.Context, name string, since time.Time) (messages, recipients int, err error) {
	return sendsSince(ctx, s.q(), s.dialect, name, since)
}

func sendsSince(ctx context.Context, q queryer, d Dialect, name string, since time.Time) (messages, recipients int, err error) {
	var row struct {
		N sql.NullInt64 `db:"n"`
		R sql.NullInt64 `db:"r"`
	}
	err = q.GetContext(ctx, &row, rebind(d,
		`SELECT COUNT(*) AS n, SUM(recipients) AS r FROM send_slots WHERE name = ? AND at >= ?`), name, since.UTC())
	if err != nil {
		return 0, 0, fmt.Errorf("store: count sends: %w", err)
	}
	return int(row.N.Int64), int(row.R.Int64), nil
}

// SendSlotsSince returns the letters name let go at or after since,
// oldest first.
func (t *Tx) SendSlotsSince(ctx context.Context, name string, since time.Time) ([]SendSlot, error) {
	var slots []SendSlot
	err := t.tx.SelectContext(ctx, &slots, rebind(t.dialect,
		`SELECT at, recipients FROM send_slots WHERE name = ? AND at >= ? ORDER BY at, id`), name, since.UTC())
	if err != nil {
		return nil, fmt.Errorf("store: send slots: %w", err)
	}
	return slots, nil
}

// AddSendSlot records a letter let go, and forgets those before forget.
func (t *Tx) AddSendSlot(ctx context.Context, name string, slot SendSlot, forget time.Time) error {
	if _, err := t.tx.ExecContext(ctx, rebind(t.dialect,
		`DELETE FROM send_slots WHERE name = ? AND at < ?`), name, forget.UTC()); err != nil {
		return fmt.Errorf("store: forget send slots: %w", err)
	}
	if _, err := t.tx.ExecContext(ctx, rebind(t.dialect,
		`INSERT INTO send_slots (name, at, recipients) VALUES (?, ?, ?)`), name, slot.At.UTC(), slot.Recipients); err != nil {
		return fmt.Errorf("store: add send slot: %w", err)
	}
	return nil
}
