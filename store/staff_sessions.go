package store

import (
	"context"
	"fmt"
	"time"
)

// StaffSession is a signed-in browser. The cookie holds a random token;
// the database holds only its hash, so a copy of the database cannot be
// used to sign in.
type StaffSession struct {
	IDHash    string    `db:"id_hash"`
	StaffID   int64     `db:"staff_id"`
	CSRFToken string    `db:"csrf_token"`
	CreatedAt time.Time `db:"created_at"`
	ExpiresAt time.Time `db:"expires_at"`
}

// CreateSession stores a new session.
func (s *Store) CreateSession(ctx context.Context, ss StaffSession) error {
	_, err := s.db.ExecContext(ctx, rebind(s.dialect, `INSERT INTO staff_sessions (id_hash, staff_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`),
		ss.IDHash, ss.StaffID, ss.CSRFToken, ss.CreatedAt.UTC(), ss.ExpiresAt.UTC())
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// Session returns the session whose id hashes to idHash if it has not
// expired at now, or ErrNotFound.
func (s *Store) Session(ctx context.Context, idHash string, now time.Time) (*StaffSession, error) {
	var ss StaffSession
	err := s.db.GetContext(ctx, &ss, rebind(s.dialect, `SELECT id_hash, staff_id, csrf_token, created_at, expires_at
		FROM staff_sessions WHERE id_hash = ? AND expires_at > ?`), idHash, now.UTC())
	if isNoRows(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: read session: %w", err)
	}
	return &ss, nil
}

// DeleteSession revokes one session (sign-out).
func (s *Store) DeleteSession(ctx context.Context, idHash string) error {
	if _, err := s.db.ExecContext(ctx, rebind(s.dialect, `DELETE FROM staff_sessions WHERE id_hash = ?`), idHash); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions that expired before now.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, rebind(s.dialect, `DELETE FROM staff_sessions WHERE expires_at <= ?`), now.UTC())
	if err != nil {
		return 0, fmt.Errorf("store: delete expired sessions: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}
