package outbox_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"example.org/intake/devmail"
	"example.org/intake/mailbox"
	"example.org/intake/outbox"
	"example.org/intake/store"
)

const (
	us  = "intake@provider.example"
	pwd = "secret"
)

type world struct {
	st     *store.Store
	mail   *devmail.Server
	worker *outbox.Worker
	caseID int64
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	st, err := store.OpenURL(ctx, "sqlite://"+filepath.Join(t.TempDir(), "intake.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	m, err := devmail.Start(devmail.Options{RejectRcpt: func(rcpt string) error {
		switch {
		case strings.HasPrefix(rcpt, "later@"):
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}
		case strings.HasPrefix(rcpt, "gone@"):
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	m.AddUser(us, pwd)
	w := &world{st: st, mail: m}
	w.worker = outbox.NewWorker(outbox.Options{
		Store:       st,
		Transport:   mailbox.NewSender(mailbox.SMTPOptions{Address: m.SMTPAddr, Security: mailbox.SecurityNone, Username: us, Password: pwd}),
		Sent:        mailbox.NewSentFolder(mailbox.DialOptions{Address: m.IMAPAddr, Security: mailbox.SecurityNone, Username: us, Password: pwd}, "Sent"),
		IsTemporary: mailbox.IsTemporary,
	})
	w.caseID = newCase(t, st)
	return w
}

// newCase stores the case the tests' messages belong to.
func newCase(t *testing.T, st *store.Store) int64 {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	c := &store.Case{Ref: "INT-2026-0001", Kind: "erasure", State: store.StateReceived, RequesterAddr: "ada@example.org",
		Calendar: "england-and-wales", ReceivedAt: now, StartDate: "2026-03-02", DueDate: "2026-04-02", CreatedAt: now}
	if err := st.WithTx(ctx, func(tx *store.Tx) error { return tx.CreateCase(ctx, c) }); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// queue stores one holding reply to rcpt and returns its id.
func (w *world) queue(t *testing.T, rcpt, msgID string) int64 {
	t.Helper()
	raw := "From: " + us + "\r\nTo: " + rcpt + "\r\nSubject: Your request [INT-2026-0001]\r\nMessage-ID: <" + msgID + ">\r\n\r\nThank you.\r\n"
	o := &store.Outbound{CaseID: &w.caseID, Kind: outbox.KindHoldingReply, DedupeKey: "holding_reply:" + msgID,
		MessageID: msgID, EnvelopeFrom: us, Recipients: `["` + rcpt + `"]`, Subject: "s", Raw: []byte(raw), CreatedAt: time.Now()}
	if err := w.st.WithTx(context.Background(), func(tx *store.Tx) error { return tx.InsertOutbound(context.Background(), o) }); err != nil {
		t.Fatal(err)
	}
	return o.ID
}

func (w *world) work(id int64) error {
	return w.worker.Work(context.Background(), &river.Job[outbox.SendArgs]{JobRow: &rivertype.JobRow{Attempt: 1}, Args: outbox.SendArgs{OutboundID: id}})
}

func (w *world) outbound(t *testing.T, id int64) *store.Outbound {
	t.Helper()
	o, err := w.st.Outbound(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestSendOnceAndFileInSent(t *testing.T) {
	w := newWorld(t)
	id := w.queue(t, "ada@example.org", "a1@provider.example")
	if err := w.work(id); err != nil {
		t.Fatal(err)
	}
	if err := w.work(id); err != nil { // a repeated job changes nothing
		t.Fatal(err)
	}
	if n := len(w.mail.SMTPLog()); n != 1 {
		t.Errorf("%d SMTP transactions, want 1", n)
	}
	if o := w.outbound(t, id); o.State != store.OutboundSent || o.SentHow != "smtp" || o.Attempts != 1 {
		t.Errorf("after sending: %s via %q after %d attempts", o.State, o.SentHow, o.Attempts)
	}
	sent, _ := w.mail.Messages(us, "Sent")
	if len(sent) != 1 {
		t.Errorf("%d copies in Sent, want 1", len(sent))
	}
	c, _ := w.st.CaseByID(context.Background(), w.caseID)
	if !c.AcknowledgedAt.Valid {
		t.Error("the case was not marked acknowledged")
	}
}

// TestInterruptedSendIsLookedUpFirst: an attempt that started but was never
// recorded (the process died) is found in the Sent folder and not sent
// again; one that is not there is sent.
func TestInterruptedSendIsLookedUpFirst(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	gone := w.queue(t, "ada@example.org", "b1@provider.example")
	notGone := w.queue(t, "ada@example.org", "b2@provider.example")
	for _, id := range []int64{gone, notGone} {
		if err := w.st.MarkSending(ctx, id, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	// The first one had reached the server, which filed it in Sent.
	if err := w.mail.Append(us, "Sent", w.outbound(t, gone).Raw); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{gone, notGone} {
		if err := w.work(id); err != nil {
			t.Fatal(err)
		}
	}
	if o := w.outbound(t, gone); o.State != store.OutboundSent || o.SentHow != "found_in_sent" {
		t.Errorf("the message found in Sent: %s via %q", o.State, o.SentHow)
	}
	if o := w.outbound(t, notGone); o.State != store.OutboundSent || o.SentHow != "smtp" {
		t.Errorf("the message not in Sent: %s via %q", o.State, o.SentHow)
	}
	log := w.mail.SMTPLog()
	if len(log) != 1 || !strings.Contains(string(log[0].Data), "b2@provider.example") {
		t.Errorf("SMTP log has %d messages, want only the one not found in Sent", len(log))
	}
}

func TestTemporaryAndPermanentFailures(t *testing.T) {
	w := newWorld(t)
	later := w.queue(t, "later@example.org", "c1@provider.example")
	gone := w.queue(t, "gone@example.org", "c2@provider.example")

	err := w.work(later)
	if err == nil || !mailbox.IsTemporary(err) {
		t.Fatalf("451: Work() = %v, want a temporary error for River to retry", err)
	}
	// Refused at RCPT: it certainly did not go, so it is queued again and
	// its next attempt needs no look in Sent.
	if o := w.outbound(t, later); o.State != store.OutboundQueued || o.Attempts != 1 || o.LastError == "" {
		t.Errorf("after 451: %s, %d attempts, last error %q", o.State, o.Attempts, o.LastError)
	}

	err = w.work(gone)
	var cancel *river.JobCancelError
	if !errors.As(err, &cancel) {
		t.Fatalf("550: Work() = %v, want the job cancelled", err)
	}
	if o := w.outbound(t, gone); o.State != store.OutboundFailed {
		t.Errorf("after 550: %s, want failed", o.State)
	}
	c, _ := w.st.CaseByID(context.Background(), w.caseID)
	if !c.NeedsPerson || !strings.Contains(c.PersonReason, "could not be delivered") {
		t.Errorf("case after a refused message: needs_person=%v %q", c.NeedsPerson, c.PersonReason)
	}
	if err := w.work(gone); !errors.As(err, &cancel) || len(w.mail.SMTPLog()) != 0 {
		t.Errorf("a failed message was tried again: %v", err)
	}
}
