package mailbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/wneessen/go-mail/smtp"
)

// TokenSource hands out OAuth2 access tokens for XOAUTH2. One source is
// shared by the IMAP watcher, the Sent folder and the SMTP sender, so that
// a process asks the identity provider for a token about once an hour.
type TokenSource interface {
	// Token returns a valid access token and the time from which it must
	// no longer be used (zero when unknown).
	Token(ctx context.Context) (token string, expiry time.Time, err error)
	// Invalidate drops the cached token, so that the next Token call
	// fetches a new one (after the server refused the old one).
	Invalidate()
}

// ErrNoXOAUTH2 is returned when the server does not offer XOAUTH2.
var ErrNoXOAUTH2 = errors.New("mailbox: server does not offer AUTH=XOAUTH2")

// xoauth2Response is the SASL XOAUTH2 initial response (Google and
// Microsoft document the same format).
func xoauth2Response(user, token string) []byte {
	return []byte("user=" + user + "\x01auth=Bearer " + token + "\x01\x01")
}

// XOAUTH2Rejection is the JSON a server such as Gmail sends as a challenge
// before refusing a token; Exchange sends nothing and refuses at once.
type XOAUTH2Rejection struct {
	Status  string `json:"status"`
	Schemes string `json:"schemes"`
	Scope   string `json:"scope"`
}

// xoauth2Client is the IMAP side: a go-sasl client (go-sasl no longer
// ships XOAUTH2).
type xoauth2Client struct {
	ctx    context.Context
	user   string
	tokens TokenSource
	expiry time.Time
	reject *XOAUTH2Rejection
}

var _ sasl.Client = (*xoauth2Client)(nil)

func (c *xoauth2Client) Start() (string, []byte, error) {
	tok, exp, err := c.tokens.Token(c.ctx)
	if err != nil {
		return "", nil, fmt.Errorf("mailbox: oauth2 token: %w", err)
	}
	c.expiry = exp
	return "XOAUTH2", xoauth2Response(c.user, tok), nil
}

// Next answers an error challenge with an empty response so that the
// server ends AUTHENTICATE with NO: returning an error here would make
// imapclient abandon the command with the server still waiting for a line,
// and the next command would hang.
func (c *xoauth2Client) Next(challenge []byte) ([]byte, error) {
	var r XOAUTH2Rejection
	if json.Unmarshal(challenge, &r) == nil {
		c.reject = &r
	}
	return []byte{}, nil
}

// smtpXOAUTH2 is the SMTP side, for go-mail's smtp client. It takes a
// fresh token from the source on every connection.
type smtpXOAUTH2 struct {
	ctx    context.Context
	user   string
	tokens TokenSource
}

var _ smtp.Auth = (*smtpXOAUTH2)(nil)

// errOAuthClearText refuses to put a bearer token on an unencrypted
// connection to anything but loopback: the token is as good as a password.
var errOAuthClearText = errors.New("mailbox: refusing to send an OAuth2 token without TLS")

func (a *smtpXOAUTH2) Start(si *smtp.ServerInfo) (string, []byte, error) {
	if !si.TLS && !isLoopback(si.Name) {
		return "", nil, errOAuthClearText
	}
	tok, _, err := a.tokens.Token(a.ctx)
	if err != nil {
		return "", nil, fmt.Errorf("mailbox: oauth2 token: %w", err)
	}
	return "XOAUTH2", xoauth2Response(a.user, tok), nil
}

// Next answers Gmail's JSON challenge (334) with an empty line, after which
// the server sends its 535.
func (a *smtpXOAUTH2) Next(_ []byte, more bool) ([]byte, error) {
	if more {
		return []byte{}, nil
	}
	return nil, nil
}
