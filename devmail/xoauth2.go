package devmail

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// TokenChecker validates an XOAUTH2 login: it returns the token's expiry,
// or an error to refuse the login.
type TokenChecker func(user, token string) (expiry time.Time, err error)

// xoauth2Mech is the SASL mechanism name.
const xoauth2Mech = "XOAUTH2"

// xoauth2Server is the server side of SASL XOAUTH2, which go-sasl lacks.
// Refusals follow Exchange (NO / 535 at once) or, with jsonChallenge,
// Gmail (a JSON challenge first, answered by an empty line, then the
// refusal): clients must survive both.
type xoauth2Server struct {
	check         TokenChecker
	jsonChallenge bool
	refusal       error
	done          func(user string, expiry time.Time)

	started, challenged bool
}

func (x *xoauth2Server) Next(resp []byte) ([]byte, bool, error) {
	if x.challenged {
		return nil, false, x.refusal
	}
	if !x.started && len(resp) == 0 {
		x.started = true
		return []byte{}, false, nil // ask for the initial response
	}
	x.started = true
	user, token, ok := parseXOAUTH2(resp)
	if ok {
		exp, err := x.check(user, token)
		if err == nil {
			x.done(user, exp)
			return nil, true, nil
		}
	}
	if x.jsonChallenge {
		x.challenged = true
		b, _ := json.Marshal(map[string]string{"status": "401", "schemes": "bearer", "scope": "https://mail.google.com/"})
		return b, false, nil
	}
	return nil, false, x.refusal
}

// parseXOAUTH2 reads "user=U\x01auth=Bearer T\x01\x01".
func parseXOAUTH2(resp []byte) (user, token string, ok bool) {
	for _, f := range bytes.Split(resp, []byte{1}) {
		s := string(f)
		switch {
		case strings.HasPrefix(s, "user="):
			user = s[len("user="):]
		case strings.HasPrefix(s, "auth="):
			token, ok = strings.CutPrefix(s[len("auth="):], "Bearer ")
		}
	}
	return user, token, ok && user != "" && token != ""
}

// imapRefusal is what Exchange answers.
var imapRefusal = &imap.Error{Type: imap.StatusResponseTypeNo, Text: "AUTHENTICATE failed."}

// smtpRefusal is what Exchange answers.
var smtpRefusal = &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 3}, Message: "Authentication unsuccessful"}

var _ imapserver.SessionSASL = (*session)(nil)

func (sess *session) AuthenticateMechanisms() []string {
	if sess.srv.opts.XOAUTH2 != nil && !sess.internal {
		return []string{xoauth2Mech}
	}
	return []string{sasl.Plain}
}

func (sess *session) Authenticate(mech string) (sasl.Server, error) {
	switch {
	case mech == xoauth2Mech && sess.srv.opts.XOAUTH2 != nil:
		return &xoauth2Server{check: sess.srv.opts.XOAUTH2, jsonChallenge: sess.srv.opts.XOAUTH2JSONChallenge,
			refusal: imapRefusal, done: sess.loggedInWithToken}, nil
	case mech == sasl.Plain && sess.srv.opts.XOAUTH2 == nil:
		return sasl.NewPlainServer(func(identity, username, password string) error {
			if identity != "" && identity != username {
				return imapserver.ErrAuthFailed
			}
			return sess.Login(username, password)
		}), nil
	}
	return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Text: "SASL mechanism not supported"}
}

// loggedInWithToken opens the account and, like Exchange, ends the
// session when the token expires.
func (sess *session) loggedInWithToken(user string, expiry time.Time) {
	a, ok := sess.srv.lookup(user)
	if !ok {
		a = func() *account {
			sess.srv.mu.Lock()
			defer sess.srv.mu.Unlock()
			return sess.srv.accountLocked(user)
		}()
	}
	sess.openAccount(a)
	if !expiry.IsZero() && sess.conn != nil {
		conn := sess.conn
		sess.expiry = time.AfterFunc(time.Until(expiry), func() {
			conn.Bye("Session invalidated - AccessTokenExpired")
		})
	}
}

// smtpXOAUTH2 is the SMTP side.
func (s *smtpSession) xoauth2() sasl.Server {
	return &xoauth2Server{check: s.srv.opts.XOAUTH2, jsonChallenge: s.srv.opts.XOAUTH2JSONChallenge,
		refusal: smtpRefusal, done: func(user string, _ time.Time) { s.authUser = user }}
}
