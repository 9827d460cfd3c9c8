package mailbox

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"example.org/intake/devmail"
	"example.org/intake/internal/faultproxy"
)

// proxied puts a counting proxy in front of addr.
func proxied(t *testing.T, addr string) *faultproxy.Proxy {
	t.Helper()
	p, err := faultproxy.Start(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestSenderReusesOneSession: consecutive letters go over one logged-in
// session; after the server drops it while idle, after a refusal, and
// after the idle time the next letter opens a new one.
func TestSenderReusesOneSession(t *testing.T) {
	refuse := make(chan bool, 1)
	s := startDevmail(t, devmail.Options{RejectRcpt: func(string) error {
		select {
		case <-refuse:
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}
		default:
			return nil
		}
	}})
	p := proxied(t, s.SMTPAddr)
	opts := smtpOpts(s)
	opts.Address = p.Addr
	opts.Username, opts.Password = testUser, testPassword
	opts.IdleTimeout = 300 * time.Millisecond
	snd := NewSender(opts)
	t.Cleanup(func() { snd.Close() })
	ctx := context.Background()
	send := func() error { return snd.Send(ctx, testUser, []string{"ada@example.org"}, []byte(outgoing)) }
	sessions := func() int { n, _ := p.Accepted(); return n }

	for range 10 {
		if err := send(); err != nil {
			t.Fatal(err)
		}
	}
	if n := sessions(); n != 1 {
		t.Fatalf("10 letters took %d sessions, want 1", n)
	}
	if n := len(s.SMTPLog()); n != 10 {
		t.Fatalf("%d letters delivered, want 10", n)
	}

	// The server (or a middlebox) drops the idle session: RSET finds out
	// and the letter goes over a new one.
	p.Cut()
	if err := send(); err != nil {
		t.Fatalf("after the idle session was dropped: %v", err)
	}
	if n := sessions(); n != 2 {
		t.Fatalf("%d sessions after a dropped one, want 2", n)
	}

	// A refusal ends the session; the next letter logs in again.
	refuse <- true
	if err := send(); err == nil {
		t.Fatal("a refused letter was reported sent")
	}
	if err := send(); err != nil {
		t.Fatal(err)
	}
	if n := sessions(); n != 3 {
		t.Fatalf("%d sessions after a refusal, want 3", n)
	}

	// Unused, the session is closed after the idle time.
	waitUntil(t, "the idle session to close", func() bool { return p.Conns() == 0 })
	if n := len(s.SMTPLog()); n != 12 {
		t.Fatalf("%d letters delivered, want 12", n)
	}
}

// TestSenderKeepsWithinMaxConnections: eight letters at once over at
// most two sessions.
func TestSenderKeepsWithinMaxConnections(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	p := proxied(t, s.SMTPAddr)
	opts := smtpOpts(s)
	opts.Address = p.Addr
	opts.MaxConnections = 2
	snd := NewSender(opts)
	t.Cleanup(func() { snd.Close() })
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			errs <- snd.Send(context.Background(), testUser, []string{"ada@example.org"}, []byte(outgoing))
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if n, peak := p.Accepted(); n > 2 || peak > 2 {
		t.Fatalf("%d sessions, %d at once; want at most 2", n, peak)
	}
	if n := len(s.SMTPLog()); n != 8 {
		t.Fatalf("%d letters delivered, want 8", n)
	}
}

// TestSentFolderKeepsOneSession: copies and look-ups go over one login;
// after the server drops it the next call logs in again.
func TestSentFolderKeepsOneSession(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	p := proxied(t, s.IMAPAddr)
	sent := NewSentFolder(DialOptions{Address: p.Addr, Security: SecurityNone, Username: testUser, Password: testPassword,
		CommandTimeout: 5 * time.Second}, "Sent")
	t.Cleanup(func() { sent.Close() })
	ctx := context.Background()
	for i := range 5 {
		raw := strings.Replace(outgoing, "case-42.1@", "case-42."+string(rune('a'+i))+"@", 1)
		if err := sent.Append(ctx, []byte(raw)); err != nil {
			t.Fatal(err)
		}
		found, err := sent.Contains(ctx, "case-42."+string(rune('a'+i))+"@provider.example")
		if err != nil || !found {
			t.Fatalf("Contains after Append = %v, %v", found, err)
		}
	}
	if n, _ := p.Accepted(); n != 1 {
		t.Fatalf("10 calls took %d sessions, want 1", n)
	}
	p.Cut()
	found, err := sent.Contains(ctx, "case-42.a@provider.example")
	if err != nil || !found {
		t.Fatalf("Contains after the session was dropped = %v, %v", found, err)
	}
	if n, _ := p.Accepted(); n != 2 {
		t.Fatalf("%d sessions after a dropped one, want 2", n)
	}
}

// TestSenderShrinksToNewMaxConnections: when replicas come and the
// mailbox's connections are shared out anew, idle sessions over the new
// bound are closed and no more are opened.
func TestSenderShrinksToNewMaxConnections(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	p := proxied(t, s.SMTPAddr)
	opts := smtpOpts(s)
	opts.Address = p.Addr
	opts.MaxConnections = 3
	snd := NewSender(opts)
	t.Cleanup(func() { snd.Close() })
	burst := func() {
		errs := make(chan error, 6)
		for range 6 {
			go func() {
				errs <- snd.Send(context.Background(), testUser, []string{"ada@example.org"}, []byte(outgoing))
			}()
		}
		for range 6 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
	}
	burst()
	snd.SetMaxConnections(1)
	waitUntil(t, "idle sessions over the new bound to close", func() bool { return p.Conns() <= 1 })
	before, _ := p.Accepted()
	burst()
	after, _ := p.Accepted()
	if after-before > 1 || p.Conns() > 1 {
		t.Fatalf("after the bound went down to 1: %d new sessions, %d open", after-before, p.Conns())
	}
	if n := len(s.SMTPLog()); n != 12 {
		t.Fatalf("%d letters delivered, want 12", n)
	}
}
