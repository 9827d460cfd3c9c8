package mailbox

import (
	"context"
	"errors"
	"net"

	"github.com/wneessen/go-mail/smtp"
)

// Check connects to the submission server, negotiates TLS as configured and
// logs in, then quits without sending anything: what `intake check` uses to
// say whether SMTP works. Errors are *SendError with the failing stage.
func (s *Sender) Check(ctx context.Context) error {
	host, _, err := net.SplitHostPort(s.opts.Address)
	if err != nil {
		return &SendError{Stage: StageDial, Err: err}
	}
	if err := checkSecurity(s.opts.Security, host); err != nil {
		return &SendError{Stage: StageDial, Err: err}
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	conn, err := dialConn(ctx, s.opts.Address, s.opts.Security, s.opts.TLSConfig, "")
	if err != nil {
		return newSendError(StageDial, ctxErr(ctx, err))
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return newSendError(StageDial, ctxErr(ctx, err))
	}
	defer c.Close()
	if err := c.Hello(s.opts.HeloName); err != nil {
		return newSendError(StageHello, err)
	}
	if s.opts.Security == SecurityStartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return &SendError{Stage: StageStartTLS, Temporary: true, Err: errors.New("server does not offer STARTTLS")}
		}
		if err := c.StartTLS(tlsConfigFor(s.opts.TLSConfig, host, "")); err != nil {
			return newSendError(StageStartTLS, err)
		}
	}
	if s.opts.Username != "" {
		if err := s.login(ctx, c, host); err != nil {
			return newSendError(StageAuth, err)
		}
	}
	return c.Quit()
}
