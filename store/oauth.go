package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// OAuthToken is the stored state of one delegated OAuth2 sign-in. The
// refresh token is stored as the caller gives it (the oauth package
// encrypts it); the store never sees it in clear.
type OAuthToken struct {
	Account       string       `db:"account"`
	Provider      string       `db:"provider"`
	RefreshToken  []byte       `db:"refresh_token"`
	Scopes        string       `db:"scopes"`
	AccessExpiry  sql.NullTime `db:"access_expiry"`
	ObtainedAt    time.Time    `db:"obtained_at"`
	LastRefreshAt sql.NullTime `db:"last_refresh_at"`
	LastError     string       `db:"last_error"`
}

const oauthColumns = `account, provider, refresh_token, scopes, access_expiry, obtained_at, last_refresh_at, last_error`

// SaveOAuthToken stores a new sign-in for t.Account, replacing any earlier
// one (`intake oauth login` again).
func (s *Store) SaveOAuthToken(ctx context.Context, t OAuthToken) error {
	_, err := s.db.ExecContext(ctx, rebind(s.dialect, `
		INSERT INTO oauth_tokens (`+oauthColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (account) DO UPDATE SET
			provider = excluded.provider, refresh_token = excluded.refresh_token,
			scopes = excluded.scopes, access_expiry = excluded.access_expiry,
			obtained_at = excluded.obtained_at, last_refresh_at = excluded.last_refresh_at,
			last_error = excluded.last_error`),
		t.Account, t.Provider, t.RefreshToken, t.Scopes, utcNull(t.AccessExpiry), t.ObtainedAt.UTC(), utcNull(t.LastRefreshAt), t.LastError)
	if err != nil {
		return fmt.Errorf("store: save oauth token: %w", err)
	}
	return nil
}

// OAuthToken returns the sign-in stored for account, or ErrNotFound.
func (s *Store) OAuthToken(ctx context.Context, account string) (OAuthToken, error) {
	return getOAuthToken(ctx, s.q(), s.dialect, account, false)
}

func getOAuthToken(ctx context.Context, q queryer, d Dialect, account string, lock bool) (OAuthToken, error) {
	query := `SELECT ` + oauthColumns + ` FROM oauth_tokens WHERE account = ?`
	if lock && d == Postgres {
		query += ` FOR UPDATE`
	}
	var t OAuthToken
	err := q.GetContext(ctx, &t, rebind(d, query), account)
	if isNoRows(err) {
		return OAuthToken{}, ErrNotFound
	}
	if err != nil {
		return OAuthToken{}, fmt.Errorf("store: read oauth token: %w", err)
	}
	return t, nil
}

// RefreshOAuthToken reads account's sign-in with its row locked (FOR
// UPDATE on PostgreSQL; SQLite's transactions take the write lock at
// BEGIN), lets fn change it, and commits what fn left before returning.
// Replicas refreshing at once therefore take turns, and the second one
// sees the token the first one wrote. When fn fails, only LastError is
// written.
func (s *Store) RefreshOAuthToken(ctx context.Context, account string, fn func(t *OAuthToken) error) error {
	var fnErr error
	err := s.WithTx(ctx, func(tx *Tx) error {
		t, err := getOAuthToken(ctx, tx.q(), tx.dialect, account, true)
		if err != nil {
			return err
		}
		if fnErr = fn(&t); fnErr != nil {
			_, err = tx.tx.ExecContext(ctx, rebind(tx.dialect, `UPDATE oauth_tokens SET last_error = ? WHERE account = ?`),
				oauthClip(fnErr.Error(), 500), account)
			return err
		}
		_, err = tx.tx.ExecContext(ctx, rebind(tx.dialect, `
			UPDATE oauth_tokens SET refresh_token = ?, scopes = ?, access_expiry = ?, last_refresh_at = ?, last_error = ''
			WHERE account = ?`), t.RefreshToken, t.Scopes, utcNull(t.AccessExpiry), utcNull(t.LastRefreshAt), account)
		if err != nil {
			return fmt.Errorf("store: update oauth token: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return fnErr
}

func utcNull(t sql.NullTime) sql.NullTime {
	if t.Valid {
		t.Time = t.Time.UTC()
	}
	return t
}

func oauthClip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
