// Package staff owns the accounts of the members of staff who use the desk:
// inviting one (a one-time set-up link) and the random tokens that stand
// for them (set-up links, sessions, API tokens), of which the database
// keeps only a hash. The desk (web) and the command line (`intake staff
// add`) both come here; signing in with a password stays with the desk.
package staff

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"

	"example.org/intake/store"
)

// Error is a mistake in what was asked for (an unknown role, no address),
// in words for the person who asked; anything else Invite returns is a
// fault.
type Error struct {
	Msg string
}

func (e *Error) Error() string { return "staff: " + e.Msg }

// Invite creates (or re-invites) the account of the member of staff with
// email and returns the one-time set-up link under baseURL, valid for ttl
// from now. role is store.RoleStaff or store.RoleAdmin.
func Invite(ctx context.Context, st *store.Store, baseURL, email, name, role string, ttl time.Duration, now time.Time) (string, error) {
	if role != store.RoleStaff && role != store.RoleAdmin {
		return "", &Error{Msg: "role must be staff or admin"}
	}
	if !strings.Contains(email, "@") {
		return "", &Error{Msg: "give the member of staff's email address"}
	}
	token, hash := NewToken()
	if _, err := st.UpsertStaff(ctx, email, name, role, hash, now.Add(ttl), now); err != nil {
		return "", err
	}
	return strings.TrimRight(baseURL, "/") + "/setup/" + token, nil
}

// NewToken returns a random URL-safe token and the hash kept in the
// database in its place.
func NewToken() (token, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("staff: no randomness: " + err.Error()) // crypto/rand does not fail on supported systems
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, TokenHash(token)
}

// TokenHash is what the database keeps of a session, set-up or API token:
// the tokens are long and random, so a plain SHA-256 suffices.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
