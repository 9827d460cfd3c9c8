package store

import (
	"context"
	"fmt"
	"time"
)

// SignInKey names one bucket of the sign-in limiter (web owns what the
// kinds mean); Account or Addr is "" where the kind leaves it out.
type SignInKey struct {
	Kind          int
	Account, Addr string
}

// SignInBucket is a stored bucket: its attempts left when last written.
type SignInBucket struct {
	SignInKey
	Tokens    float64
	UpdatedAt time.Time
	// Stored is false for a bucket nobody wrote yet (fn gives it its
	// full burst; UpdatedAt is then meaningless).
	Stored bool
}

// WithSignInBuckets runs fn with the buckets of keys locked, in the order
// given, and writes back the buckets fn returns, in one transaction; so
// replicas counting attempts of one account or address take turns.
// fn may only return buckets it was given.
func (s *Store) WithSignInBuckets(ctx context.Context, keys []SignInKey, now time.Time, fn func([]SignInBucket) ([]SignInBucket, error)) error {
	return s.WithTx(ctx, func(tx *Tx) error {
		buckets := make([]SignInBucket, len(keys))
		for i, k := range keys {
			// A bucket nobody wrote yet is made first (tokens -1: full) so
			// that it can be locked like any other.
			if _, err := tx.tx.ExecContext(ctx, rebind(tx.dialect, `
				INSERT INTO login_buckets (kind, account, addr, tokens, updated_at) VALUES (?, ?, ?, -1, ?)
				ON CONFLICT (kind, account, addr) DO NOTHING`), k.Kind, k.Account, k.Addr, now.UTC()); err != nil {
				return fmt.Errorf("store: sign-in bucket: %w", err)
			}
			q := `SELECT tokens, updated_at FROM login_buckets WHERE kind = ? AND account = ? AND addr = ?`
			if tx.dialect == Postgres {
				q += ` FOR UPDATE`
			}
			var row struct {
				Tokens    float64   `db:"tokens"`
				UpdatedAt time.Time `db:"updated_at"`
			}
			if err := tx.tx.GetContext(ctx, &row, rebind(tx.dialect, q), k.Kind, k.Account, k.Addr); err != nil {
				return fmt.Errorf("store: sign-in bucket: %w", err)
			}
			buckets[i] = SignInBucket{SignInKey: k, Tokens: row.Tokens, UpdatedAt: row.UpdatedAt, Stored: row.Tokens >= 0}
		}
		write, err := fn(buckets)
		if err != nil {
			return err
		}
		for _, b := range write {
			_, err := tx.tx.ExecContext(ctx, rebind(tx.dialect, `
				UPDATE login_buckets SET tokens = ?, updated_at = ? WHERE kind = ? AND account = ? AND addr = ?`),
				b.Tokens, b.UpdatedAt.UTC(), b.Kind, b.Account, b.Addr)
			if err != nil {
				return fmt.Errorf("store: write sign-in bucket: %w", err)
			}
		}
		return nil
	})
}

// IsUsualSignIn reports whether account signed in from addr at or after
// since.
func (s *Store) IsUsualSignIn(ctx context.Context, account, addr string, since time.Time) (bool, error) {
	var n int
	err := s.db.GetContext(ctx, &n, rebind(s.dialect,
		`SELECT COUNT(*) FROM login_usual WHERE account = ? AND addr = ? AND last_at >= ?`), account, addr, since.UTC())
	if err != nil {
		return false, fmt.Errorf("store: usual sign-in address: %w", err)
	}
	return n > 0, nil
}

// SignedIn records a right password for account from addr at now: the
// bucket forget (the guesses from there) is deleted, addr becomes one of
// the account's usual addresses, and only its keep most recent ones,
// none before since, are kept.
func (s *Store) SignedIn(ctx context.Context, forget SignInKey, account, addr string, now, since time.Time, keep int) error {
	return s.WithTx(ctx, func(tx *Tx) error {
		if _, err := tx.tx.ExecContext(ctx, rebind(tx.dialect, `DELETE FROM login_buckets WHERE kind = ? AND account = ? AND addr = ?`),
			forget.Kind, forget.Account, forget.Addr); err != nil {
			return fmt.Errorf("store: signed in: %w", err)
		}
		if _, err := tx.tx.ExecContext(ctx, rebind(tx.dialect, `
			INSERT INTO login_usual (account, addr, last_at) VALUES (?, ?, ?)
			ON CONFLICT (account, addr) DO UPDATE SET last_at = MAX_FN(excluded.last_at, login_usual.last_at)`),
			account, addr, now.UTC()); err != nil {
			return fmt.Errorf("store: signed in: %w", err)
		}
		if _, err := tx.tx.ExecContext(ctx, rebind(tx.dialect, `
			DELETE FROM login_usual WHERE account = ? AND (last_at < ? OR addr NOT IN (
				SELECT addr FROM login_usual WHERE account = ? ORDER BY last_at DESC LIMIT ?))`),
			account, since.UTC(), account, keep); err != nil {
			return fmt.Errorf("store: signed in: %w", err)
		}
		return nil
	})
}

// ForgetSignInBuckets deletes the buckets last written before before
// (the caller knows they have refilled whole by then) and the usual
// addresses last used before usualBefore.
func (s *Store) ForgetSignInBuckets(ctx context.Context, before, usualBefore time.Time) error {
	if _, err := s.db.ExecContext(ctx, rebind(s.dialect, `DELETE FROM login_buckets WHERE updated_at < ?`), before.UTC()); err != nil {
		return fmt.Errorf("store: forget sign-in buckets: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, rebind(s.dialect, `DELETE FROM login_usual WHERE last_at < ?`), usualBefore.UTC()); err != nil {
		return fmt.Errorf("store: forget usual sign-in addresses: %w", err)
	}
	return nil
}
