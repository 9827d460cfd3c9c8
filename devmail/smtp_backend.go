package devmail

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// backend accepts any sender, any recipient (unless Options.RejectRcpt
// says otherwise) and any credentials, like a permissive submission
// server on a developer machine.
type backend struct{ srv *Server }

func (b *backend) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &smtpSession{srv: b.srv}, nil
}

type smtpSession struct {
	srv      *Server
	authUser string // "" when the client did not authenticate
	from     string
	to       []string
}

var _ smtp.AuthSession = (*smtpSession)(nil)

func (s *smtpSession) AuthMechanisms() []string {
	if s.srv.opts.XOAUTH2 != nil {
		return []string{xoauth2Mech}
	}
	return []string{sasl.Plain, sasl.Login}
}

func (s *smtpSession) Auth(mech string) (sasl.Server, error) {
	if s.srv.opts.XOAUTH2 != nil {
		if mech == xoauth2Mech {
			return s.xoauth2(), nil
		}
		return nil, smtp.ErrAuthUnknownMechanism
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(_, username, _ string) error {
			s.authUser = username
			return nil
		}), nil
	case sasl.Login:
		return &loginServer{done: func(username string) { s.authUser = username }}, nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	s.from, s.to = from, nil
	return nil
}

func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if hook := s.srv.opts.RejectRcpt; hook != nil {
		if err := hook(to); err != nil {
			return err
		}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *smtpSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	env := Envelope{From: s.from, To: append([]string(nil), s.to...), Data: data}
	// A final delivery agent records the envelope sender; the parser relies
	// on it to recognise bounces (null sender).
	delivered := append([]byte(fmt.Sprintf("Return-Path: <%s>\r\n", s.from)), data...)
	for _, rcpt := range env.To {
		if err := s.srv.Append(rcpt, "INBOX", delivered); err != nil {
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "delivery failed"}
		}
	}
	if s.srv.opts.FileSubmitted {
		owner := s.authUser
		if owner == "" {
			owner = s.from
		}
		if owner != "" {
			if err := s.srv.Append(owner, "Sent", data, imap.FlagSeen); err != nil {
				return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "filing failed"}
			}
		}
	}
	s.srv.mu.Lock()
	s.srv.smtpLog = append(s.srv.smtpLog, env)
	s.srv.mu.Unlock()
	return nil
}

func (s *smtpSession) Reset()        { s.from, s.to = "", nil }
func (s *smtpSession) Logout() error { return nil }

// SMTPLog returns every accepted SMTP transaction in the order accepted.
func (s *Server) SMTPLog() []Envelope {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Envelope, len(s.smtpLog))
	for i, e := range s.smtpLog {
		out[i] = Envelope{From: e.From, To: append([]string(nil), e.To...), Data: bytes.Clone(e.Data)}
	}
	return out
}

// loginServer is the server side of AUTH LOGIN, which go-sasl only has as
// a client. Any username and password are accepted.
type loginServer struct {
	step     int
	username string
	done     func(username string)
}

func (l *loginServer) Next(response []byte) (challenge []byte, done bool, err error) {
	l.step++
	switch l.step {
	case 1:
		if len(response) > 0 { // initial response carries the username
			l.username = string(response)
			l.step++
			return []byte("Password:"), false, nil
		}
		return []byte("Username:"), false, nil
	case 2:
		l.username = string(response)
		return []byte("Password:"), false, nil
	case 3:
		l.done(l.username)
		return nil, true, nil
	}
	return nil, false, errors.New("devmail: unexpected AUTH LOGIN step")
}
