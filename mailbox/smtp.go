package mailbox

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"time"

	"github.com/wneessen/go-mail/smtp"

	"example.org/intake/internal/mailaddr"
)

// SMTPOptions says how to reach and log in to the submission server.
type SMTPOptions struct {
	Address  string // host:port
	Security Security
	Username string // empty: no AUTH
	Password string
	// TLSConfig is cloned; nil means the system roots and the host name
	// from Address.
	TLSConfig *tls.Config
	// Timeout bounds one whole submission; zero means 30 seconds.
	Timeout time.Duration
	// HeloName is the name given in EHLO; default "localhost".
	HeloName string
	// TokenSource, when set, logs in with SASL XOAUTH2 as Username (a fresh
	// token per connection) instead of PLAIN or LOGIN with Password.
	TokenSource TokenSource
}

// Sender submits messages over SMTP, one connection per message: a fresh
// connection keeps the window between the final dot and the reply, in
// which a failure leaves us not knowing whether the message went, as small
// as it can be, and keeps a failure from spilling into the next message.
type Sender struct {
	opts SMTPOptions
}

// NewSender checks nothing and connects to nothing; Send does.
func NewSender(opts SMTPOptions) *Sender {
	if opts.Timeout <= 0 {
		opts.Timeout = defaultTimeout
	}
	if opts.HeloName == "" {
		opts.HeloName = "localhost"
	}
	return &Sender{opts: opts}
}

var errNoRcpt = errors.New("no recipients")

// ErrNoSMTPUTF8 is the reason given when an address needs SMTPUTF8 (its
// local part is not ASCII) and the server does not offer it.
var ErrNoSMTPUTF8 = &mailaddr.Error{Reason: "the local part is not ASCII and the SMTP server does not offer SMTPUTF8"}

// Send submits raw exactly as given (no header is added or rewritten, so
// the Message-ID stays what the outbox recorded) to rcpts, with
// envelopeFrom as the envelope sender ("" sends the null sender <>). Each
// address is written as mailaddr gives it: a quoted local part where one
// is needed, an internationalised domain as its A-label, and SMTPUTF8 on
// MAIL FROM when an address has a local part beyond ASCII (the server must
// offer it). Every error is a *SendError; an address SMTP cannot carry is
// a permanent one wrapping a *mailaddr.Error.
func (s *Sender) Send(ctx context.Context, envelopeFrom string, rcpts []string, raw []byte) error {
	if len(rcpts) == 0 {
		return &SendError{Stage: StageRcpt, Err: errNoRcpt}
	}
	needUTF8 := false
	from := ""
	if envelopeFrom != "" {
		a, err := mailaddr.Parse(envelopeFrom)
		if err != nil {
			return &SendError{Stage: StageMail, Err: err}
		}
		from, needUTF8 = a.String(), a.NeedsSMTPUTF8()
	}
	wire := make([]string, len(rcpts))
	for i, r := range rcpts {
		a, err := mailaddr.Parse(r)
		if err != nil {
			return &SendError{Stage: StageRcpt, Rcpt: r, Err: err}
		}
		wire[i] = a.String()
		needUTF8 = needUTF8 || a.NeedsSMTPUTF8()
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	c, closeFn, err := s.open(ctx)
	if err != nil {
		return err
	}
	defer closeFn()
	if needUTF8 {
		if ok, _ := c.Extension("SMTPUTF8"); !ok {
			_ = c.Quit()
			return &SendError{Stage: StageMail, Err: ErrNoSMTPUTF8}
		}
	}
	// go-mail declares SMTPUTF8 whenever the server offers it; declare it
	// only for the messages that need it.
	c.SkipSMTPUTF8(!needUTF8)
	if err := s.submit(ctx, c, from, wire, raw); err != nil {
		return err
	}
	// The message is accepted; a failing QUIT changes nothing.
	_ = c.Quit()
	return nil
}

// open returns a client that has said EHLO, switched to TLS and logged in
// as configured. The returned function releases everything.
func (s *Sender) open(ctx context.Context) (*smtp.Client, func(), error) {
	host, _, err := net.SplitHostPort(s.opts.Address)
	if err != nil {
		return nil, nil, &SendError{Stage: StageDial, Err: fmt.Errorf("address: %w", err)}
	}
	if err := checkSecurity(s.opts.Security, host); err != nil {
		return nil, nil, &SendError{Stage: StageDial, Err: err}
	}
	conn, err := dialConn(ctx, s.opts.Address, s.opts.Security, s.opts.TLSConfig, "")
	if err != nil {
		return nil, nil, newSendError(StageDial, ctxErr(ctx, err))
	}
	// The SMTP client has no context support either; a deadline on the
	// connection bounds every read and write, and cancellation closes it.
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		stop()
		conn.Close()
		return nil, nil, newSendError(StageDial, ctxErr(ctx, err))
	}
	closeFn := func() { stop(); c.Close() }
	fail := func(stage string, err error) (*smtp.Client, func(), error) {
		closeFn()
		return nil, nil, newSendError(stage, ctxErr(ctx, err))
	}

	if err := c.Hello(s.opts.HeloName); err != nil {
		return fail(StageHello, err)
	}
	if s.opts.Security == SecurityStartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			// Possibly a downgrade by someone in the path; never fall back
			// to clear text, and let the caller try again later.
			closeFn()
			return nil, nil, &SendError{Stage: StageStartTLS, Temporary: true, Err: errors.New("server does not offer STARTTLS")}
		}
		if err := c.StartTLS(tlsConfigFor(s.opts.TLSConfig, host, "")); err != nil {
			return fail(StageStartTLS, err)
		}
	}
	if s.opts.Username != "" {
		if err := s.login(ctx, c, host); err != nil {
			_, _, se := fail(StageAuth, err)
			// A refused token is fixed by a new token or by the admin,
			// never by giving up on the message: keep it queued.
			if s.opts.TokenSource != nil {
				se.(*SendError).Temporary = true
			}
			return nil, nil, se
		}
	}
	return c, closeFn, nil
}

func (s *Sender) submit(ctx context.Context, c *smtp.Client, from string, rcpts []string, raw []byte) error {
	fail := func(stage string, err error) error { return newSendError(stage, ctxErr(ctx, err)) }

	if err := c.Mail("<" + from + ">"); err != nil {
		return fail(StageMail, err)
	}
	for _, r := range rcpts {
		if err := c.Rcpt("<" + r + ">"); err != nil {
			se := newSendError(StageRcpt, ctxErr(ctx, err))
			se.Rcpt = r
			return se
		}
	}
	wc, err := c.Data()
	if err != nil {
		return fail(StageData, err)
	}
	// The dot-writer only stuffs leading dots and turns bare LF into CRLF;
	// a message with CRLF line ends arrives byte for byte.
	if _, err := wc.Write(raw); err != nil {
		return fail(StageData, err)
	}
	if err := wc.Close(); err != nil {
		return fail(StageDataEnd, err)
	}
	return nil
}

// login authenticates as configured. After a refused token the cached one
// is dropped, so that the next connection (the outbox retries) asks for a
// new one.
func (s *Sender) login(ctx context.Context, c *smtp.Client, host string) error {
	if s.opts.TokenSource == nil {
		return c.Auth(s.auth(c, host))
	}
	if ok, list := c.Extension("AUTH"); !ok || !slices.Contains(strings.Fields(strings.ToUpper(list)), "XOAUTH2") {
		return ErrNoXOAUTH2
	}
	err := c.Auth(&smtpXOAUTH2{ctx: ctx, user: s.opts.Username, tokens: s.opts.TokenSource})
	if err != nil && !errors.Is(err, errOAuthClearText) {
		s.opts.TokenSource.Invalidate()
	}
	return err
}

// auth picks PLAIN unless the server offers only LOGIN. Credentials go
// in clear only to a loopback server: checkSecurity has refused clear text
// elsewhere.
func (s *Sender) auth(c *smtp.Client, host string) smtp.Auth {
	_, list := c.Extension("AUTH")
	mechs := strings.Fields(strings.ToUpper(list))
	_, isTLS := c.TLSConnectionState()
	clear := !isTLS && isLoopback(host)
	if slices.Contains(mechs, "LOGIN") && !slices.Contains(mechs, "PLAIN") {
		return smtp.LoginAuth(s.opts.Username, s.opts.Password, host, clear)
	}
	return smtp.PlainAuth("", s.opts.Username, s.opts.Password, host, clear)
}
