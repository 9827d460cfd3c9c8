package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Staff roles.
const (
	RoleStaff = "staff"
	RoleAdmin = "admin"
)

// Staff is a member of staff who signs in to the staff desk. Secrets are
// kept only as hashes: the web package owns how they are made.
type Staff struct {
	ID             int64        `db:"id"`
	Email          string       `db:"email"`
	Name           string       `db:"name"`
	Role           string       `db:"role"`
	PasswordHash   string       `db:"password_hash"`
	SetupHash      string       `db:"setup_hash"`
	SetupExpiresAt sql.NullTime `db:"setup_expires_at"`
	APITokenHash   string       `db:"api_token_hash"`
	CreatedAt      time.Time    `db:"created_at"`
}

const staffColumns = `id, email, name, role, password_hash, setup_hash, setup_expires_at, api_token_hash, created_at`

// UpsertStaff creates the account for email, or, when it exists, sets its
// role and a new set-up token (an administrator re-inviting someone who
// lost their password). The name is kept when name is "".
func (s *Store) UpsertStaff(ctx context.Context, email, name, role, setupHash string, setupExpires, now time.Time) (*Staff, error) {
	email = NormalEmail(email)
	_, err := s.db.ExecContext(ctx, rebind(s.dialect, `
		INSERT INTO staff (email, name, role, setup_hash, setup_expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (email) DO UPDATE SET role = excluded.role, setup_hash = excluded.setup_hash,
			setup_expires_at = excluded.setup_expires_at,
			name = CASE WHEN excluded.name = '' THEN staff.name ELSE excluded.name END`),
		email, strings.TrimSpace(name), role, setupHash, setupExpires.UTC(), now.UTC())
	if err != nil {
		return nil, fmt.Errorf("store: save staff: %w", err)
	}
	return s.StaffByEmail(ctx, email)
}

// StaffByEmail returns the account for email, or ErrNotFound.
func (s *Store) StaffByEmail(ctx context.Context, email string) (*Staff, error) {
	return s.getStaff(ctx, `email = ?`, NormalEmail(email))
}

// StaffByID returns the account with id, or ErrNotFound.
func (s *Store) StaffByID(ctx context.Context, id int64) (*Staff, error) {
	return s.getStaff(ctx, `id = ?`, id)
}

// StaffBySetupHash returns the account whose set-up token hashes to h.
func (s *Store) StaffBySetupHash(ctx context.Context, h string) (*Staff, error) {
	if h == "" {
		return nil, ErrNotFound
	}
	return s.getStaff(ctx, `setup_hash = ?`, h)
}

// StaffByAPITokenHash returns the account whose API token hashes to h.
func (s *Store) StaffByAPITokenHash(ctx context.Context, h string) (*Staff, error) {
	if h == "" {
		return nil, ErrNotFound
	}
	return s.getStaff(ctx, `api_token_hash = ?`, h)
}

func (s *Store) getStaff(ctx context.Context, where string, arg any) (*Staff, error) {
	var st Staff
	err := s.db.GetContext(ctx, &st, rebind(s.dialect, `SELECT `+staffColumns+` FROM staff WHERE `+where), arg)
	if isNoRows(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: read staff: %w", err)
	}
	return &st, nil
}

// ListStaff returns every account, by email.
func (s *Store) ListStaff(ctx context.Context) ([]Staff, error) {
	var out []Staff
	if err := s.db.SelectContext(ctx, &out, `SELECT `+staffColumns+` FROM staff ORDER BY email`); err != nil {
		return nil, fmt.Errorf("store: list staff: %w", err)
	}
	return out, nil
}

// CompleteSetup sets the password hash and name and uses up the set-up
// token, and ends every session of the account.
func (s *Store) CompleteSetup(ctx context.Context, id int64, name, passwordHash string) error {
	return s.WithTx(ctx, func(tx *Tx) error {
		if _, err := tx.tx.ExecContext(ctx, rebind(s.dialect, `UPDATE staff SET name = ?, password_hash = ?, setup_hash = '', setup_expires_at = NULL WHERE id = ?`),
			strings.TrimSpace(name), passwordHash, id); err != nil {
			return fmt.Errorf("store: complete staff set-up: %w", err)
		}
		if _, err := tx.tx.ExecContext(ctx, rebind(s.dialect, `DELETE FROM staff_sessions WHERE staff_id = ?`), id); err != nil {
			return fmt.Errorf("store: end sessions: %w", err)
		}
		return nil
	})
}

// SetAPITokenHash replaces the account's API token (h "" revokes it).
func (s *Store) SetAPITokenHash(ctx context.Context, id int64, h string) error {
	if _, err := s.db.ExecContext(ctx, rebind(s.dialect, `UPDATE staff SET api_token_hash = ? WHERE id = ?`), h, id); err != nil {
		return fmt.Errorf("store: set API token: %w", err)
	}
	return nil
}
