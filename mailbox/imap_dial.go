package mailbox

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"
)

// Security says how a connection to a mail server is protected.
type Security string

const (
	// SecurityTLS is implicit TLS from the first byte (IMAPS 993, SMTPS 465).
	SecurityTLS Security = "tls"
	// SecurityStartTLS upgrades a plain connection and refuses to go on
	// when the server does not offer STARTTLS.
	SecurityStartTLS Security = "starttls"
	// SecurityNone sends everything, password included, in clear text. It
	// is refused unless the server is on the loopback interface.
	SecurityNone Security = "none"
)

const defaultTimeout = 30 * time.Second

// ErrInsecure is returned when Security is "none" and the server is not on
// the loopback interface.
var ErrInsecure = errors.New("mailbox: security \"none\" is only allowed for a loopback server")

// DialOptions says how to reach and log in to an IMAP server.
type DialOptions struct {
	Address  string // host:port
	Security Security
	Username string
	Password string
	// TLSConfig is cloned; nil means the system roots and the host name
	// from Address.
	TLSConfig *tls.Config
	// Timeout bounds connecting, the TLS handshake and logging in; zero
	// means 30 seconds.
	Timeout time.Duration
	// TokenSource, when set, logs in with SASL XOAUTH2 as Username instead
	// of LOGIN with Password.
	TokenSource TokenSource
	// CommandTimeout bounds every command after login: its first byte,
	// and each byte after it, must arrive within it (a FETCH of a known
	// size gets one more second per 64 KiB). Zero means
	// DefaultCommandTimeout.
	CommandTimeout time.Duration
	// ReauthBefore ends a session this long before its OAuth2 token
	// expires, so that the watcher reconnects with a fresh token instead of
	// being cut off by the server (Exchange sends "BYE Session invalidated -
	// AccessTokenExpired"); zero ends it at the expiry itself. Half of
	// oauth2.refresh_before suits: the token source hands out no token
	// with less than refresh_before left.
	ReauthBefore time.Duration
}

// DialIMAP connects and logs in. The caller closes the client. Every
// command after login has a deadline (DialOptions.CommandTimeout), and
// after a command the connection must not stay silent for longer than
// that: the client is for short exchanges, not for waiting.
func DialIMAP(ctx context.Context, opts DialOptions) (*imapclient.Client, error) {
	c, _, err := dialIMAP(ctx, opts, nil)
	return c, err
}

// dialIMAP is DialIMAP with client options, so that the watcher can install
// its unilateral data handler before any response is read. It also returns
// the connection's deadlines, disarmed after login.
func dialIMAP(ctx context.Context, opts DialOptions, copts *imapclient.Options) (*imapclient.Client, *deadlineConn, error) {
	if copts == nil {
		copts = &imapclient.Options{}
	}
	host, _, err := net.SplitHostPort(opts.Address)
	if err != nil {
		return nil, nil, fmt.Errorf("mailbox: imap address: %w", err)
	}
	if err := checkSecurity(opts.Security, host); err != nil {
		return nil, nil, err
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	raw, err := dialConn(ctx, opts.Address, opts.Security, opts.TLSConfig, "imap")
	if err != nil {
		return nil, nil, fmt.Errorf("mailbox: imap dial: %w", err)
	}
	conn := newDeadlineConn(raw, opts.CommandTimeout)
	// go-imap has no context support: closing the connection is what
	// unblocks a pending command (go-imap issue #742).
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()

	var c *imapclient.Client
	if opts.Security == SecurityStartTLS {
		o := *copts
		o.TLSConfig = tlsConfigFor(opts.TLSConfig, host, "")
		c, err = imapclient.NewStartTLS(conn, &o)
		if err != nil {
			return nil, nil, fmt.Errorf("mailbox: imap starttls: %w", ctxErr(ctx, err))
		}
	} else {
		c = imapclient.New(conn, copts)
	}
	if opts.TokenSource != nil {
		expiry, err := authenticateXOAUTH2(ctx, c, opts)
		if err != nil {
			c.Close()
			return nil, nil, err
		}
		closeBeforeExpiry(c, expiry, opts.ReauthBefore)
		conn.disarm()
		return c, conn, nil
	}
	if err := c.Login(opts.Username, opts.Password).Wait(); err != nil {
		c.Close()
		return nil, nil, fmt.Errorf("mailbox: imap login: %w", ctxErr(ctx, err))
	}
	conn.disarm()
	return c, conn, nil
}

// dialConn opens a TCP connection, with implicit TLS when asked to.
func dialConn(ctx context.Context, address string, sec Security, cfg *tls.Config, alpn string) (net.Conn, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", address)
	if err != nil {
		return nil, err
	}
	if sec != SecurityTLS {
		return conn, nil
	}
	host, _, _ := net.SplitHostPort(address)
	tc := tls.Client(conn, tlsConfigFor(cfg, host, alpn))
	if err := tc.HandshakeContext(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return tc, nil
}

func tlsConfigFor(cfg *tls.Config, host, alpn string) *tls.Config {
	if cfg == nil {
		cfg = &tls.Config{}
	}
	cfg = cfg.Clone()
	if cfg.ServerName == "" {
		cfg.ServerName = host
	}
	if alpn != "" && cfg.NextProtos == nil {
		cfg.NextProtos = []string{alpn}
	}
	return cfg
}

// checkSecurity rejects unknown modes and clear text to a remote host.
func checkSecurity(sec Security, host string) error {
	switch sec {
	case SecurityTLS, SecurityStartTLS:
		return nil
	case SecurityNone:
		if isLoopback(host) {
			return nil
		}
		return ErrInsecure
	}
	return fmt.Errorf("mailbox: unknown security %q (want tls, starttls or none)", sec)
}

// isLoopback does not resolve names: only "localhost" and loopback IP
// literals count, so that DNS cannot talk us into clear text.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ctxErr prefers the context's error: after AfterFunc closed the
// connection, "use of closed network connection" hides the real cause.
func ctxErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%w (%w)", context.Cause(ctx), err)
	}
	return err
}
