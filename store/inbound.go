package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Dispositions of an inbound message: what intake did with it.
const (
	DispositionOpenedCase = "opened_case" // a new case with a holding reply
	DispositionTriage     = "triage"      // a new case for a person; nothing sent
	DispositionJoinedCase = "joined_case" // added to an existing case
	DispositionAutomated  = "automated"   // auto-reply, bounce, list mail: nothing done
	DispositionNotRequest = "not_request" // left for people; nothing done
	DispositionBacklog    = "backlog"     // in the mailbox before first start; never answered
)

// Inbound is one received email, kept whole as evidence.
type Inbound struct {
	ID             int64     `db:"id"`
	Mailbox        string    `db:"mailbox"`
	UIDValidity    uint32    `db:"uid_validity"`
	UID            uint32    `db:"uid"`
	DedupeKey      string    `db:"dedupe_key"`
	MessageID      string    `db:"message_id"`
	SHA256         string    `db:"sha256"`
	Raw            []byte    `db:"raw"`
	Size           int64     `db:"size"`
	Truncated      bool      `db:"truncated"`
	ReceivedAt     time.Time `db:"received_at"`
	FromAddr       string    `db:"from_addr"`
	Subject        string    `db:"subject"`
	Kind           string    `db:"kind"`
	Action         string    `db:"action"`
	Confidence     float64   `db:"confidence"`
	Classification string    `db:"classification"`
	Disposition    string    `db:"disposition"`
	CaseID         *int64    `db:"case_id"` // nil until the message joins or opens a case
	CreatedAt      time.Time `db:"created_at"`
}

// InboundSeen reports whether a message with this dedupe key, or at this
// exact mailbox position, was already stored. The position check makes a
// replayed UID a no-op; the key check makes the same message at a new UID
// (after a UIDVALIDITY change, or delivered twice) a no-op.
func (t *Tx) InboundSeen(ctx context.Context, dedupeKey, mailbox string, validity, uid uint32) (bool, error) {
	var n int
	err := t.tx.GetContext(ctx, &n, rebind(t.dialect, `SELECT COUNT(*) FROM inbound_messages
		WHERE dedupe_key = ? OR (mailbox = ? AND uid_validity = ? AND uid = ?)`),
		dedupeKey, mailbox, int64(validity), int64(uid))
	if err != nil {
		return false, fmt.Errorf("store: check inbound: %w", err)
	}
	return n > 0, nil
}

// InsertInbound stores a received message and sets its ID.
func (t *Tx) InsertInbound(ctx context.Context, m *Inbound) error {
	err := t.tx.GetContext(ctx, &m.ID, rebind(t.dialect, `
		INSERT INTO inbound_messages (mailbox, uid_validity, uid, dedupe_key, message_id, sha256, raw, size,
			truncated, received_at, from_addr, subject, kind, action, confidence, classification,
			disposition, case_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`),
		m.Mailbox, int64(m.UIDValidity), int64(m.UID), m.DedupeKey, m.MessageID, m.SHA256, m.Raw, m.Size,
		m.Truncated, m.ReceivedAt.UTC(), m.FromAddr, m.Subject, m.Kind, m.Action, m.Confidence, m.Classification,
		m.Disposition, optionalID(m.CaseID), m.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("store: insert inbound message: %w", err)
	}
	return nil
}

// InboundForCase returns the messages received for a case, oldest first.
func (s *Store) InboundForCase(ctx context.Context, caseID int64) ([]Inbound, error) {
	var out []Inbound
	err := s.db.SelectContext(ctx, &out, rebind(s.dialect, `SELECT * FROM inbound_messages WHERE case_id = ? ORDER BY id`), caseID)
	if err != nil {
		return nil, fmt.Errorf("store: read inbound messages: %w", err)
	}
	return out, nil
}

// InboundCounts returns how many inbound messages were stored, by disposition.
func (s *Store) InboundCounts(ctx context.Context) (map[string]int, error) {
	var rows []struct {
		Disposition string `db:"disposition"`
		N           int    `db:"n"`
	}
	if err := s.db.SelectContext(ctx, &rows, `SELECT disposition, COUNT(*) AS n FROM inbound_messages GROUP BY disposition`); err != nil {
		return nil, fmt.Errorf("store: count inbound messages: %w", err)
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.Disposition] = r.N
	}
	return out, nil
}

// WithInboundRaw calls fn with the raw bytes of the message of case caseID
// whose SHA-256 is sha256Hex (an original attached to mail at send time),
// or returns ErrNotFound. The bytes are the driver's own, valid only during
// fn: a large message is not copied once more.
func (s *Store) WithInboundRaw(ctx context.Context, caseID int64, sha256Hex string, fn func(raw []byte) error) error {
	rows, err := s.db.QueryContext(ctx, rebind(s.dialect, `SELECT raw FROM inbound_messages
		WHERE case_id = ? AND sha256 = ? ORDER BY id LIMIT 1`), caseID, sha256Hex)
	if err != nil {
		return fmt.Errorf("store: read inbound message: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: read inbound message: %w", err)
		}
		return ErrNotFound
	}
	var raw sql.RawBytes
	if err := rows.Scan(&raw); err != nil {
		return fmt.Errorf("store: read inbound message: %w", err)
	}
	return fn(raw)
}
