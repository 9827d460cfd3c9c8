package outbox_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"example.org/intake/devmail"
	"example.org/intake/internal/faultproxy"
	"example.org/intake/internal/itest"
	"example.org/intake/mailbox"
	"example.org/intake/outbox"
	"example.org/intake/queue"
	"example.org/intake/store"
)

// TestBatchOverOneSessionEach: a batch of 100 letters worked by four send
// workers, with smtp.max_connections = 1, goes over one SMTP session, and
// their copies in Sent (and the Sent look-ups of the ten whose earlier
// attempt may have gone) over one IMAP session; every letter is sent once,
// and the five found in Sent not again.
func TestBatchOverOneSessionEach(t *testing.T) {
	eachDB(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		st := itest.Store(t, dbURL)
		m, err := devmail.Start(devmail.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { m.Close() })
		m.AddUser(us, pwd)
		smtpProxy, err := faultproxy.Start(m.SMTPAddr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { smtpProxy.Close() })
		imapProxy, err := faultproxy.Start(m.IMAPAddr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { imapProxy.Close() })

		sender := mailbox.NewSender(mailbox.SMTPOptions{Address: smtpProxy.Addr, Security: mailbox.SecurityNone,
			Username: us, Password: pwd, MaxConnections: 1})
		t.Cleanup(func() { sender.Close() })
		sent := mailbox.NewSentFolder(mailbox.DialOptions{Address: imapProxy.Addr, Security: mailbox.SecurityNone,
			Username: us, Password: pwd}, "Sent")
		t.Cleanup(func() { sent.Close() })
		w := outbox.NewWorker(outbox.Options{Store: st, Transport: sender, Sent: sent, IsTemporary: mailbox.IsTemporary})
		workers := river.NewWorkers()
		river.AddWorker(workers, w)
		q, err := queue.New(st, workers, queue.Options{TestOnly: true, Workers: 4, PollInterval: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		caseID := newCase(t, st)
		const letters = 100
		now := time.Now()
		var ambiguous []int64
		err = st.WithTx(ctx, func(tx *store.Tx) error {
			for i := range letters {
				id := fmt.Sprintf("b%d@provider.example", i)
				raw := "From: " + us + "\r\nTo: ada@example.org\r\nSubject: s\r\nMessage-ID: <" + id + ">\r\n\r\nText.\r\n"
				o := &store.Outbound{CaseID: &caseID, Kind: "holding_reply_test", DedupeKey: id,
					MessageID: id, EnvelopeFrom: us, Recipients: `["ada@example.org"]`, Subject: "s", Raw: []byte(raw), CreatedAt: now}
				if err := tx.InsertOutbound(ctx, o); err != nil {
					return err
				}
				if i < 10 {
					ambiguous = append(ambiguous, o.ID)
				}
				if err := q.InsertTx(ctx, tx, outbox.SendArgs{OutboundID: o.ID}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// Ten letters' earlier attempt started and nobody knows how it
		// ended; five of those did go, and their copies are in Sent (filed
		// over a session of the test's own).
		direct := mailbox.NewSentFolder(mailbox.DialOptions{Address: m.IMAPAddr, Security: mailbox.SecurityNone,
			Username: us, Password: pwd}, "Sent")
		for i, id := range ambiguous {
			if err := st.MarkSending(ctx, id, now); err != nil {
				t.Fatal(err)
			}
			if i < 5 {
				msgID := fmt.Sprintf("b%d@provider.example", i)
				raw := "From: " + us + "\r\nTo: ada@example.org\r\nSubject: s\r\nMessage-ID: <" + msgID + ">\r\n\r\nText.\r\n"
				if err := direct.Append(ctx, []byte(raw)); err != nil {
					t.Fatal(err)
				}
			}
		}
		direct.Close()
		qctx, cancel := context.WithCancel(ctx)
		if err := q.Start(qctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			sctx, scancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer scancel()
			_ = q.Stop(sctx)
			cancel()
		})
		deadline := time.Now().Add(time.Minute)
		for {
			var unsent int
			if err := st.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM outbound_messages WHERE state <> 'sent'`).Scan(&unsent); err != nil {
				t.Fatal(err)
			}
			if unsent == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d of %d not sent", unsent, letters)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if n := len(m.SMTPLog()); n != letters-5 {
			t.Fatalf("%d letters accepted, want %d (the five found in Sent not again)", n, letters-5)
		}
		smtpSessions, _ := smtpProxy.Accepted()
		imapSessions, _ := imapProxy.Accepted()
		if smtpSessions != 1 || imapSessions != 1 {
			t.Fatalf("%d letters took %d SMTP and %d IMAP sessions, want 1 and 1", letters, smtpSessions, imapSessions)
		}
	})
}
