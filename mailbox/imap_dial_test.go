package mailbox

import (
	"context"
	"errors"
	"testing"

	"example.org/intake/devmail"
)

func TestCheckSecurity(t *testing.T) {
	tests := []struct {
		name    string
		sec     Security
		host    string
		wantErr error
		anyErr  bool
	}{
		{name: "tls remote", sec: SecurityTLS, host: "imap.provider.example"},
		{name: "starttls remote", sec: SecurityStartTLS, host: "imap.provider.example"},
		{name: "none on 127.0.0.1", sec: SecurityNone, host: "127.0.0.1"},
		{name: "none on another loopback address", sec: SecurityNone, host: "127.0.0.53"},
		{name: "none on ::1", sec: SecurityNone, host: "::1"},
		{name: "none on localhost", sec: SecurityNone, host: "localhost"},
		{name: "none remote", sec: SecurityNone, host: "imap.provider.example", wantErr: ErrInsecure},
		{name: "none on a routable address", sec: SecurityNone, host: "192.0.2.10", wantErr: ErrInsecure},
		{name: "none on a name that merely starts with localhost", sec: SecurityNone, host: "localhost.evil.example", wantErr: ErrInsecure},
		{name: "empty security", sec: "", host: "127.0.0.1", anyErr: true},
		{name: "unknown security", sec: "ssl", host: "127.0.0.1", anyErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkSecurity(tt.sec, tt.host)
			switch {
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Errorf("checkSecurity() = %v, want %v", err, tt.wantErr)
			case tt.anyErr && err == nil:
				t.Error("checkSecurity() = nil, want an error")
			case tt.wantErr == nil && !tt.anyErr && err != nil:
				t.Errorf("checkSecurity() = %v, want nil", err)
			}
		})
	}
}

func TestDialIMAPRefusesClearTextToRemoteHost(t *testing.T) {
	// Nothing listens there; the refusal must come before any dial.
	_, err := DialIMAP(context.Background(), DialOptions{Address: "192.0.2.10:143", Security: SecurityNone, Username: "u", Password: "p"})
	if !errors.Is(err, ErrInsecure) {
		t.Errorf("DialIMAP() = %v, want ErrInsecure", err)
	}
}

func TestDialIMAPLogsIn(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	c, err := DialIMAP(context.Background(), imapOpts(s))
	if err != nil {
		t.Fatalf("DialIMAP() = %v", err)
	}
	defer c.Close()
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		t.Errorf("Select() after DialIMAP = %v", err)
	}

	bad := imapOpts(s)
	bad.Password = "wrong"
	if c, err := DialIMAP(context.Background(), bad); err == nil {
		c.Close()
		t.Error("DialIMAP() with a wrong password succeeded")
	}
}

func TestDialIMAPHonoursCancelledContext(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if c, err := DialIMAP(ctx, imapOpts(s)); err == nil {
		c.Close()
		t.Error("DialIMAP() with a cancelled context succeeded")
	}
}
