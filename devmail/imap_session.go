package devmail

import (
	"crypto/subtle"
	"time"

	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// session authenticates against devmail's own account table (so that
// AddUser can change a password) and then behaves exactly like the
// in-memory reference server, including MOVE, NAMESPACE and IDLE.
type session struct {
	*imapmemserver.UserSession // nil until LOGIN succeeds

	srv    *Server
	conn   *imapserver.Conn
	expiry *time.Timer // ends a token session; nil otherwise
	// internal sessions serve devmail's own reads.
	internal bool
}

var _ imapserver.SessionIMAP4rev2 = (*session)(nil)

func (sess *session) Login(username, password string) error {
	if sess.srv.opts.XOAUTH2 != nil && !sess.internal {
		return imapserver.ErrAuthFailed
	}
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
	sess.openAccount(a)
	return nil
}

func (sess *session) openAccount(a *account) {
	sess.UserSession = imapmemserver.NewUserSession(a.user)
}

func (sess *session) Close() error {
	if sess.expiry != nil {
		sess.expiry.Stop()
	}
	return sess.UserSession.Close()
}

// idlePoll is how often an idle session looks for updates.
const idlePoll = 50 * time.Millisecond

// Idle sends mailbox updates while the client idles. The reference
// server's tracker only passes on updates that arrive after IDLE began: a
// message delivered between the client's last command and its IDLE was
// announced only at the next command, so a client waiting in IDLE missed
// it (real servers announce it at once). Polling the session's queue from
// the first instant of IDLE on loses nothing.
func (sess *session) Idle(w *imapserver.UpdateWriter, stop <-chan struct{}) error {
	t := time.NewTicker(idlePoll)
	defer t.Stop()
	for {
		if err := sess.UserSession.Poll(w, true); err != nil {
			return err
		}
		select {
		case <-stop:
			return nil
		case <-t.C:
		}
	}
}
