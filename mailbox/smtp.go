package mailbox

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
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
	// MaxConnections bounds the sessions open at once (smtp.max_connections);
	// 0 is no bound. A letter waits for a session to come free.
	MaxConnections int
	// IdleTimeout closes a session unused for this long (zero means
	// DefaultSMTPIdleTimeout); a negative value opens a session per letter.
	IdleTimeout time.Duration
	// MaxSessionAge is the longest a session is kept (zero means
	// DefaultSMTPSessionAge): a token it logged in with may expire.
	MaxSessionAge time.Duration
}

// Sender submits messages over SMTP. One session carries consecutive
// letters (RSET between them): against Microsoft 365 or Google a login
// per letter is slow and counts against the mailbox's connection limits.
// A session is closed after any error (the next letter opens a fresh
// one, so a failure never spills into it), after IdleTimeout unused, and
// once it is MaxSessionAge old; at most MaxConnections are open at once.
// Every command has a deadline: the whole submission, RSET included,
// must end within Timeout.
type Sender struct {
	opts SMTPOptions

	mu     sync.Mutex
	idle   []*smtpSession // most recently used last
	open   int            // sessions open, idle or in use
	freed  chan struct{}  // closed and replaced when a session is put back or closed
	closed bool
}

// smtpSession is one connection after EHLO, STARTTLS and AUTH.
type smtpSession struct {
	c      *smtp.Client
	conn   net.Conn
	opened time.Time
	used   time.Time
	timer  *time.Timer // closes it when it stays idle
}

// Defaults for SMTPOptions.IdleTimeout and MaxSessionAge.
const (
	DefaultSMTPIdleTimeout = 10 * time.Second
	DefaultSMTPSessionAge  = 10 * time.Minute
)

// NewSender checks nothing and connects to nothing; Send does.
func NewSender(opts SMTPOptions) *Sender {
	if opts.Timeout <= 0 {
		opts.Timeout = defaultTimeout
	}
	if opts.HeloName == "" {
		opts.HeloName = "localhost"
	}
	if opts.IdleTimeout == 0 {
		opts.IdleTimeout = DefaultSMTPIdleTimeout
	}
	if opts.MaxSessionAge <= 0 {
		opts.MaxSessionAge = DefaultSMTPSessionAge
	}
	return &Sender{opts: opts, freed: make(chan struct{})}
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
	sess, err := s.session(ctx)
	if err != nil {
		return err
	}
	// The SMTP client has no context support: the deadline on the
	// connection bounds every read and write, and cancellation closes it.
	if dl, ok := ctx.Deadline(); ok {
		sess.conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { sess.conn.Close() })
	c := sess.c
	if needUTF8 {
		if ok, _ := c.Extension("SMTPUTF8"); !ok {
			stop()
			s.put(sess)
			return &SendError{Stage: StageMail, Err: ErrNoSMTPUTF8}
		}
	}
	// go-mail declares SMTPUTF8 whenever the server offers it; declare it
	// only for the messages that need it.
	c.SkipSMTPUTF8(!needUTF8)
	err = s.submit(ctx, c, from, wire, raw)
	if !stop() || err != nil {
		// Cancelled (the connection is closed) or failed: never reused. A
		// letter the server accepted before the cancellation counts as
		// sent.
		s.discard(sess)
		return err
	}
	s.put(sess)
	return nil
}

// session returns a session ready for MAIL FROM: an idle one that
// answers RSET, or a new one when fewer than MaxConnections are open;
// otherwise it waits for one to come free.
func (s *Sender) session(ctx context.Context) (*smtpSession, error) {
	for {
		s.mu.Lock()
		if n := len(s.idle); n > 0 {
			sess := s.idle[n-1]
			s.idle = s.idle[:n-1]
			sess.timer.Stop()
			s.mu.Unlock()
			if s.reset(ctx, sess) {
				return sess, nil
			}
			// The server closed it while idle (or it stalled): open a new
			// one in its place.
			sess.conn.Close()
			return s.dialInPlace(ctx)
		}
		if s.opts.MaxConnections <= 0 || s.open < s.opts.MaxConnections {
			s.open++
			s.mu.Unlock()
			return s.dialInPlace(ctx)
		}
		freed := s.freed
		s.mu.Unlock()
		select {
		case <-freed:
		case <-ctx.Done():
			return nil, &SendError{Stage: StageDial, Temporary: true,
				Err: fmt.Errorf("waiting for one of %d SMTP connections: %w", s.opts.MaxConnections, ctx.Err())}
		}
	}
}

// dialInPlace opens a session in a place already counted in s.open,
// giving the place back when it fails.
func (s *Sender) dialInPlace(ctx context.Context) (*smtpSession, error) {
	sess, err := s.dial(ctx)
	if err != nil {
		s.mu.Lock()
		s.open--
		s.broadcastLocked()
		s.mu.Unlock()
		return nil, err
	}
	return sess, nil
}

// reset readies an idle session for the next letter with RSET, within
// the letter's deadline; false means it is no longer usable.
func (s *Sender) reset(ctx context.Context, sess *smtpSession) bool {
	if time.Since(sess.opened) >= s.opts.MaxSessionAge {
		_ = sess.c.Close()
		return false
	}
	if dl, ok := ctx.Deadline(); ok {
		sess.conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { sess.conn.Close() })
	defer stop()
	return sess.c.Reset() == nil
}

// put keeps a session that has just carried a letter for the next one,
// or closes it when reuse is off, it is too old or the sender is closed.
func (s *Sender) put(sess *smtpSession) {
	sess.used = time.Now()
	s.mu.Lock()
	over := s.opts.MaxConnections > 0 && s.open > s.opts.MaxConnections
	if s.closed || over || s.opts.IdleTimeout < 0 || sess.used.Sub(sess.opened) >= s.opts.MaxSessionAge {
		s.mu.Unlock()
		s.quit(sess)
		s.discard(sess)
		return
	}
	sess.timer = time.AfterFunc(s.opts.IdleTimeout, func() { s.expire(sess) })
	s.idle = append(s.idle, sess)
	s.broadcastLocked()
	s.mu.Unlock()
}

// expire closes sess if it is still idle.
func (s *Sender) expire(sess *smtpSession) {
	s.mu.Lock()
	i := slices.Index(s.idle, sess)
	if i < 0 {
		s.mu.Unlock()
		return
	}
	s.idle = slices.Delete(s.idle, i, i+1)
	s.mu.Unlock()
	s.quit(sess)
	s.discard(sess)
}

// quit says QUIT within a few seconds; a server that does not answer is
// simply closed on.
func (s *Sender) quit(sess *smtpSession) {
	sess.conn.SetDeadline(time.Now().Add(min(s.opts.Timeout, 5*time.Second)))
	_ = sess.c.Quit()
}

// discard closes sess and gives its place back.
func (s *Sender) discard(sess *smtpSession) {
	_ = sess.c.Close()
	s.mu.Lock()
	s.open--
	s.broadcastLocked()
	s.mu.Unlock()
}

func (s *Sender) broadcastLocked() {
	close(s.freed)
	s.freed = make(chan struct{})
}

// SetMaxConnections changes MaxConnections (0: no bound), for example
// when replicas come or go and share the mailbox's connections. Sessions
// over the new bound are closed as they come free.
func (s *Sender) SetMaxConnections(n int) {
	s.mu.Lock()
	s.opts.MaxConnections = n
	var over []*smtpSession
	for n > 0 && s.open-len(over) > n && len(s.idle) > 0 {
		sess := s.idle[0]
		s.idle = s.idle[1:]
		sess.timer.Stop()
		over = append(over, sess)
	}
	s.broadcastLocked()
	s.mu.Unlock()
	for _, sess := range over {
		s.quit(sess)
		s.discard(sess)
	}
}

// Close says QUIT on every idle session; a letter still being sent
// closes its session when it is done.
func (s *Sender) Close() error {
	s.mu.Lock()
	s.closed = true
	idle := s.idle
	s.idle = nil
	for _, sess := range idle {
		sess.timer.Stop()
	}
	s.mu.Unlock()
	for _, sess := range idle {
		s.quit(sess)
		s.discard(sess)
	}
	return nil
}

// dial returns a session that has said EHLO, switched to TLS and logged
// in as configured, within ctx.
func (s *Sender) dial(ctx context.Context) (*smtpSession, error) {
	host, _, err := net.SplitHostPort(s.opts.Address)
	if err != nil {
		return nil, &SendError{Stage: StageDial, Err: fmt.Errorf("address: %w", err)}
	}
	if err := checkSecurity(s.opts.Security, host); err != nil {
		return nil, &SendError{Stage: StageDial, Err: err}
	}
	conn, err := dialConn(ctx, s.opts.Address, s.opts.Security, s.opts.TLSConfig, "")
	if err != nil {
		return nil, newSendError(StageDial, ctxErr(ctx, err))
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return nil, newSendError(StageDial, ctxErr(ctx, err))
	}
	fail := func(stage string, err error) (*smtpSession, error) {
		c.Close()
		return nil, newSendError(stage, ctxErr(ctx, err))
	}

	if err := c.Hello(s.opts.HeloName); err != nil {
		return fail(StageHello, err)
	}
	if s.opts.Security == SecurityStartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			// Possibly a downgrade by someone in the path; never fall back
			// to clear text, and let the caller try again later.
			c.Close()
			return nil, &SendError{Stage: StageStartTLS, Temporary: true, Err: errors.New("server does not offer STARTTLS")}
		}
		if err := c.StartTLS(tlsConfigFor(s.opts.TLSConfig, host, "")); err != nil {
			return fail(StageStartTLS, err)
		}
	}
	if s.opts.Username != "" {
		if err := s.login(ctx, c, host); err != nil {
			_, se := fail(StageAuth, err)
			// A refused token is fixed by a new token or by the admin,
			// never by giving up on the message: keep it queued.
			if s.opts.TokenSource != nil {
				se.(*SendError).Temporary = true
			}
			return nil, se
		}
	}
	now := time.Now()
	return &smtpSession{c: c, conn: conn, opened: now, used: now}, nil
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
