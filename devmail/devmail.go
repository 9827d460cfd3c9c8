// Package devmail runs an IMAP server and an SMTP server in the current
// process, on loopback, for `intake demo` and for end-to-end tests. SMTP
// deliveries land in the INBOX of the IMAP account named by each recipient
// address, so a whole round trip (inbound mail, holding reply, forward to
// the DPO) can be watched without anything installed. It is not a mail
// server for real use: any SMTP client may relay to any address, and every
// account lives in memory only.
package devmail

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-smtp"
)

// DefaultPassword is the password of accounts created by an SMTP delivery.
const DefaultPassword = "demo"

// Options configures Start. The zero value is usable.
type Options struct {
	// Logger receives connection-level errors; nil discards them.
	Logger *slog.Logger
	// RejectRcpt, when set, is asked about every RCPT TO. Returning an
	// error (typically a *smtp.SMTPError with a 4xx or 5xx code) rejects
	// that recipient. It is a test hook for temporary and permanent
	// failures.
	RejectRcpt func(rcpt string) error
	// FileSubmitted files a copy of every accepted submission in the Sent
	// mailbox of the submitting account (the AUTH user, else the envelope
	// sender), as Microsoft 365 and Gmail do. Intake relies on that copy
	// to recognise a message that went out just before a crash.
	FileSubmitted bool
	// XOAUTH2, when set, makes both servers accept SASL XOAUTH2 only
	// (LOGIN, PLAIN and AUTH PLAIN are refused), with tokens it accepts.
	// The IMAP server ends a session when its token expires with "BYE
	// Session invalidated - AccessTokenExpired", as Exchange does.
	XOAUTH2 TokenChecker
	// XOAUTH2JSONChallenge refuses a token the way Gmail does (a JSON
	// challenge before NO / 535) instead of at once, as Exchange does.
	XOAUTH2JSONChallenge bool
	// SMTPUTF8 makes the SMTP server offer SMTPUTF8 (RFC 6531).
	SMTPUTF8 bool
	// SMTPTranscript, when set, receives every line of every SMTP
	// conversation as sent on the wire (go-smtp's Debug), for tests that
	// check the exact MAIL FROM and RCPT TO commands.
	SMTPTranscript io.Writer
}

// Envelope is one accepted SMTP transaction, exactly as received.
type Envelope struct {
	From string
	To   []string
	Data []byte
}

// Server is a running pair of IMAP and SMTP servers sharing one set of
// accounts.
type Server struct {
	// IMAPAddr and SMTPAddr are host:port on 127.0.0.1.
	IMAPAddr, SMTPAddr string

	opts   Options
	logger *slog.Logger

	mu       sync.Mutex
	accounts map[string]*account // keyed by lower-cased address
	smtpLog  []Envelope

	imap   *imapserver.Server
	imapLn *trackingListener // nil while suspended
	// internalLn serves devmail's own reads (Messages, ResetMailbox), so
	// that they work while IMAPAddr is suspended or being cut.
	internalLn   net.Listener
	internalAddr string
	smtp         *smtp.Server
	closed       bool
}

type account struct {
	password string
	user     *imapmemserver.User
}

// Start listens on two free loopback ports and serves until Close.
func Start(opts Options) (*Server, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{opts: opts, logger: logger, accounts: make(map[string]*account)}

	s.imap = imapserver.New(&imapserver.Options{
		NewSession: func(conn *imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			// devmail's own reads come in on the internal listener and
			// log in with the password even when XOAUTH2 is required.
			internal := conn.NetConn().LocalAddr().String() == s.internalAddr
			return &session{srv: s, conn: conn, internal: internal}, nil, nil
		},
		// IMAP4rev2 brings IDLE, MOVE and UIDPLUS for clients that enable
		// it; the rev1 extensions are listed so that rev1 clients get them
		// too.
		Caps: imap.CapSet{
			imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {},
			imap.CapMove: {}, imap.CapUIDPlus: {}, imap.CapNamespace: {},
		},
		InsecureAuth: true, // loopback only
		Logger:       slogPrintf{logger.With("server", "imap")},
	})
	imapLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("devmail: imap listen: %w", err)
	}
	s.IMAPAddr = imapLn.Addr().String()
	s.imapLn = newTrackingListener(imapLn)
	s.internalLn, err = net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		imapLn.Close()
		return nil, fmt.Errorf("devmail: imap listen: %w", err)
	}
	// Both addresses are known before any session starts: NewSession
	// reads internalAddr.
	s.internalAddr = s.internalLn.Addr().String()
	// The listeners are passed as locals: Close sets s.imapLn to nil.
	imapServed, internalServed := net.Listener(s.imapLn), s.internalLn
	go s.imap.Serve(imapServed)
	go s.imap.Serve(internalServed)

	s.smtp = smtp.NewServer(&backend{srv: s})
	s.smtp.Domain = "localhost"
	s.smtp.AllowInsecureAuth = true
	// Entra access tokens are 1.5 to 2.5 KB before base64; go-smtp's
	// default of 2000 would refuse an XOAUTH2 line.
	s.smtp.MaxLineLength = 16 << 10
	s.smtp.ErrorLog = slogPrintf{logger.With("server", "smtp")}
	s.smtp.EnableSMTPUTF8 = opts.SMTPUTF8
	if opts.SMTPTranscript != nil {
		s.smtp.Debug = opts.SMTPTranscript
	}
	smtpLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		s.imap.Close()
		return nil, fmt.Errorf("devmail: smtp listen: %w", err)
	}
	s.SMTPAddr = smtpLn.Addr().String()
	go s.smtp.Serve(smtpLn)
	return s, nil
}

// Close stops both servers and drops every connection.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	ln := s.imapLn
	s.imapLn = nil
	s.mu.Unlock()
	if ln != nil {
		ln.closeAll()
	}
	return errors.Join(s.imap.Close(), s.smtp.Close())
}

// AddUser creates the IMAP account addr with INBOX and Sent, or changes
// the password of an existing one (its mail is kept).
func (s *Server) AddUser(addr, password string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accountLocked(addr).password = password
}

// accountLocked returns the account for addr, creating it with the
// default password when missing.
func (s *Server) accountLocked(addr string) *account {
	key := strings.ToLower(addr)
	if a, ok := s.accounts[key]; ok {
		return a
	}
	u := imapmemserver.NewUser(addr, DefaultPassword)
	// Create only fails for an existing mailbox; the user is new.
	_ = u.Create("INBOX", nil)
	_ = u.Create("Sent", &imap.CreateOptions{SpecialUse: []imap.MailboxAttr{imap.MailboxAttrSent}})
	a := &account{password: DefaultPassword, user: u}
	s.accounts[key] = a
	return a
}

func (s *Server) lookup(addr string) (*account, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[strings.ToLower(addr)]
	return a, ok
}

// slogPrintf adapts a slog.Logger to the Printf loggers of the protocol
// libraries.
type slogPrintf struct{ l *slog.Logger }

func (p slogPrintf) Printf(format string, args ...any) {
	p.l.Warn(fmt.Sprintf(format, args...))
}

func (p slogPrintf) Println(args ...any) {
	p.l.Warn(strings.TrimSuffix(fmt.Sprintln(args...), "\n"))
}
