package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// Outbound message states.
const (
	OutboundQueued  = "queued"  // written with the case change; not yet tried
	OutboundSending = "sending" // an attempt started: it may have reached the server
	OutboundSent    = "sent"
	OutboundFailed  = "failed" // permanently refused; a person must act
)

// Outbound is one message intake will send, rendered in full when the case
// change that causes it is committed, so that a retry sends the same bytes
// with the same Message-ID.
type Outbound struct {
	ID            int64        `db:"id"`
	CaseID        *int64       `db:"case_id"` // nil for mail about no single case (staff digests, alarms)
	Kind          string       `db:"kind"`
	DedupeKey     string       `db:"dedupe_key"`
	MessageID     string       `db:"message_id"`
	EnvelopeFrom  string       `db:"envelope_from"`
	Recipients    string       `db:"recipients"` // JSON array of every envelope recipient
	Subject       string       `db:"subject"`
	Raw           []byte       `db:"raw"`
	State         string       `db:"state"`
	Attempts      int          `db:"attempts"`
	LastError     string       `db:"last_error"`
	SentHow       string       `db:"sent_how"`
	CreatedAt     time.Time    `db:"created_at"`
	LastAttemptAt sql.NullTime `db:"last_attempt_at"`
	SentAt        sql.NullTime `db:"sent_at"`
}

// RecipientList decodes Recipients.
func (o *Outbound) RecipientList() ([]string, error) {
	var r []string
	if err := json.Unmarshal([]byte(o.Recipients), &r); err != nil {
		return nil, fmt.Errorf("store: outbound %d recipients: %w", o.ID, err)
	}
	return r, nil
}

// optionalID is id as the database stores it: NULL for nil.
func optionalID(id *int64) any {
	if id == nil {
		return nil
	}
	return *id
}

// InsertOutbound queues o and sets its ID. A second message with the same
// dedupe key is refused by the database, which is what makes "at most one
// holding reply per case" hold even when two writers race.
func (t *Tx) InsertOutbound(ctx context.Context, o *Outbound) error {
	if o.State == "" {
		o.State = OutboundQueued
	}
	err := t.tx.GetContext(ctx, &o.ID, rebind(t.dialect, `
		INSERT INTO outbound_messages (case_id, kind, dedupe_key, message_id, envelope_from, recipients,
			subject, raw, state, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`),
		optionalID(o.CaseID), o.Kind, o.DedupeKey, o.MessageID, o.EnvelopeFrom, o.Recipients, o.Subject, o.Raw, o.State, o.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("store: queue outbound message: %w", err)
	}
	return nil
}

// OutboundExists reports whether a message with this dedupe key is queued
// or sent already.
func (t *Tx) OutboundExists(ctx context.Context, dedupeKey string) (bool, error) {
	var n int
	if err := t.tx.GetContext(ctx, &n, rebind(t.dialect, `SELECT COUNT(*) FROM outbound_messages WHERE dedupe_key = ?`), dedupeKey); err != nil {
		return false, fmt.Errorf("store: check outbound: %w", err)
	}
	return n > 0, nil
}

// OutboundKeysExisting returns which of keys are dedupe keys of stored
// outbound messages, in a few statements however many keys there are (the
// chaser's sweep asks about every chase it plans at once, and opens a
// transaction only for those not queued yet).
func (s *Store) OutboundKeysExisting(ctx context.Context, keys []string) (map[string]bool, error) {
	out := map[string]bool{}
	for len(keys) > 0 {
		chunk := keys[:min(len(keys), 500)]
		keys = keys[len(chunk):]
		args := make([]any, len(chunk))
		for i, k := range chunk {
			args[i] = k
		}
		var found []string
		q := `SELECT dedupe_key FROM outbound_messages WHERE dedupe_key IN (?` + strings.Repeat(", ?", len(chunk)-1) + `)`
		if err := s.db.SelectContext(ctx, &found, rebind(s.dialect, q), args...); err != nil {
			return nil, fmt.Errorf("store: check outbound: %w", err)
		}
		for _, k := range found {
			out[k] = true
		}
	}
	return out, nil
}

// Outbound returns one outbound message, or ErrNotFound.
func (s *Store) Outbound(ctx context.Context, id int64) (*Outbound, error) {
	var o Outbound
	err := s.db.GetContext(ctx, &o, rebind(s.dialect, `SELECT * FROM outbound_messages WHERE id = ?`), id)
	if isNoRows(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: read outbound message: %w", err)
	}
	return &o, nil
}

// OutboundForCase returns a case's outbound messages, oldest first.
func (s *Store) OutboundForCase(ctx context.Context, caseID int64) ([]Outbound, error) {
	var out []Outbound
	err := s.db.SelectContext(ctx, &out, rebind(s.dialect, `SELECT * FROM outbound_messages WHERE case_id = ? ORDER BY id`), caseID)
	if err != nil {
		return nil, fmt.Errorf("store: read outbound messages: %w", err)
	}
	return out, nil
}

// MarkSending records that an attempt is about to start. It is committed
// before the SMTP conversation, so that after a crash intake knows the
// message may have gone out and checks before sending it again.
func (s *Store) MarkSending(ctx context.Context, id int64, at time.Time) error {
	// On disk before the letter leaves (synced on SQLite too): whatever a
	// power cut undoes after it, a retry finds the letter "sending" and
	// looks in the Sent folder before it sends again. The "sent" mark after
	// the send need not be synced: lost, it leaves "sending" behind.
	q := rebind(s.dialect, `UPDATE outbound_messages
		SET state = ?, attempts = attempts + 1, last_attempt_at = ? WHERE id = ? AND state <> ?`)
	args := []any{OutboundSending, at.UTC(), id, OutboundSent}
	var err error
	if s.dialect == SQLite {
		err = s.durably(ctx, func(conn *sqlx.Conn) error {
			_, err := conn.ExecContext(ctx, q, args...)
			return err
		})
	} else {
		_, err = s.db.ExecContext(ctx, q, args...)
	}
	if err != nil {
		return fmt.Errorf("store: mark sending: %w", err)
	}
	return nil
}

// MarkSent records delivery to the SMTP server (how: "smtp", or
// "found_in_sent" when a retry found the earlier attempt had gone out).
func (t *Tx) MarkSent(ctx context.Context, id int64, how string, at time.Time) error {
	_, err := t.tx.ExecContext(ctx, rebind(t.dialect, `UPDATE outbound_messages
		SET state = ?, sent_how = ?, sent_at = ?, last_error = '' WHERE id = ?`),
		OutboundSent, how, at.UTC(), id)
	if err != nil {
		return fmt.Errorf("store: mark sent: %w", err)
	}
	return nil
}

// MarkSendError records a failed attempt. permanent moves the message to
// failed; otherwise it stays "sending" until the next attempt.
func (t *Tx) MarkSendError(ctx context.Context, id int64, msg string, permanent bool) error {
	q := `UPDATE outbound_messages SET last_error = ? WHERE id = ?`
	args := []any{msg, id}
	if permanent {
		q = `UPDATE outbound_messages SET last_error = ?, state = ? WHERE id = ?`
		args = []any{msg, OutboundFailed, id}
	}
	if _, err := t.tx.ExecContext(ctx, rebind(t.dialect, q), args...); err != nil {
		return fmt.Errorf("store: record send error: %w", err)
	}
	return nil
}

// OutboundStats summarises the outbox for health checks and metrics.
type OutboundStats struct {
	ByState      map[string]int
	OldestUnsent sql.NullTime
}

// OutboundStats counts outbound messages by state and finds the oldest one
// not yet sent.
func (s *Store) OutboundStats(ctx context.Context) (OutboundStats, error) {
	st := OutboundStats{ByState: map[string]int{}}
	var rows []struct {
		State string `db:"state"`
		N     int    `db:"n"`
	}
	if err := s.db.SelectContext(ctx, &rows, `SELECT state, COUNT(*) AS n FROM outbound_messages GROUP BY state`); err != nil {
		return st, fmt.Errorf("store: outbound stats: %w", err)
	}
	for _, r := range rows {
		st.ByState[r.State] = r.N
	}
	var oldest []time.Time
	if err := s.db.SelectContext(ctx, &oldest, rebind(s.dialect, `SELECT created_at FROM outbound_messages WHERE state IN (?, ?) ORDER BY created_at LIMIT 1`), OutboundQueued, OutboundSending); err != nil {
		return st, fmt.Errorf("store: outbound stats: %w", err)
	}
	if len(oldest) == 1 {
		st.OldestUnsent = sql.NullTime{Time: oldest[0], Valid: true}
	}
	return st, nil
}
