package devmail

import (
	"crypto/subtle"

	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// session authenticates against devmail's own account table (so that
// AddUser can change a password) and then behaves exactly like the
// in-memory reference server, including MOVE, NAMESPACE and IDLE.
type session struct {
	*imapmemserver.UserSession // nil until LOGIN succeeds

	srv *Server
}

var _ imapserver.SessionIMAP4rev2 = (*session)(nil)

func (sess *session) Login(username, password string) error {
	a, ok := sess.srv.lookup(username)
	if !ok {
		return imapserver.ErrAuthFailed
	}
	sess.srv.mu.Lock()
	want := a.password
	sess.srv.mu.Unlock()
	if subtle.ConstantTimeCompare([]byte(password), []byte(want)) != 1 {
		return imapserver.ErrAuthFailed
	}
	sess.UserSession = imapmemserver.NewUserSession(a.user)
	return nil
}
