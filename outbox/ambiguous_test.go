package outbox_test

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"example.org/intake/devmail"
	"example.org/intake/internal/faultproxy"
	"example.org/intake/mailbox"
	"example.org/intake/outbox"
	"example.org/intake/store"
)

// TestAmbiguousAfterFinalDot (issue 10, failure 5): the connection is
// reset after the server has the whole message but before its 250. The
// attempt counts as started (the row stays "sending"), so the next one
// looks in Sent first: where the server files submitted mail there (as
// Microsoft 365 and Gmail do) the message is not sent again; where it
// files nothing, a second copy with the same Message-ID goes out, which
// is what the README says SMTP cannot rule out.
func TestAmbiguousAfterFinalDot(t *testing.T) {
	for _, tt := range []struct {
		name       string
		files      bool
		deliveries int
		how        string
	}{
		{"server files in Sent", true, 1, "found_in_sent"},
		{"server files nothing", false, 2, "smtp"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			eachDB(t, func(t *testing.T, dbURL string) {
				var proxy *faultproxy.Proxy
				w := newQueuedVia(t, dbURL, outbox.Options{}, devmail.Options{FileSubmitted: tt.files}, func(addr string) string {
					p, err := faultproxy.Start(addr)
					if err != nil {
						t.Fatal(err)
					}
					t.Cleanup(func() { p.Close() })
					proxy = p
					return p.Addr
				})
				// The worker of newQueuedVia has no Sent folder; this one does.
				worker := outbox.NewWorker(outbox.Options{
					Store: w.st, IsTemporary: mailbox.IsTemporary,
					Transport: mailbox.NewSender(mailbox.SMTPOptions{Address: proxy.Addr, Security: mailbox.SecurityNone, Username: us, Password: pwd}),
					Sent:      mailbox.NewSentFolder(mailbox.DialOptions{Address: w.mail.IMAPAddr, Security: mailbox.SecurityNone, Username: us, Password: pwd}, "Sent"),
				})
				fired := make(chan struct{})
				proxy.Arm(faultproxy.Rule{Dir: faultproxy.Upstream, Pattern: []byte("\r\n.\r\n"), AwaitReply: true, Fired: fired})
				id := w.add(t, 0, time.Now(), false)
				job := func(attempt int) *river.Job[outbox.SendArgs] {
					return &river.Job[outbox.SendArgs]{JobRow: &rivertype.JobRow{Attempt: attempt, MaxAttempts: outbox.MaxSendAttempts}, Args: outbox.SendArgs{OutboundID: id}}
				}
				if err := worker.Work(context.Background(), job(1)); err == nil || !mailbox.IsTemporary(err) {
					t.Fatalf("reset after the dot: Work() = %v, want a temporary error", err)
				}
				<-fired
				if o := w.state(t, id); o.State != store.OutboundSending {
					t.Fatalf("after the reset the message is %s, want sending (it may have gone)", o.State)
				}
				if n := len(w.mail.SMTPLog()); n != 1 {
					t.Fatalf("the server has %d messages after the reset, want 1", n)
				}
				if err := worker.Work(context.Background(), job(2)); err != nil {
					t.Fatalf("second attempt: %v", err)
				}
				if o := w.state(t, id); o.State != store.OutboundSent || o.SentHow != tt.how {
					t.Errorf("after the second attempt: %s via %q, want sent via %q", o.State, o.SentHow, tt.how)
				}
				if n := len(w.mail.SMTPLog()); n != tt.deliveries {
					t.Errorf("%d deliveries, want %d", n, tt.deliveries)
				}
			})
		})
	}
}
