package outbox_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"example.org/intake/chaser"
	"example.org/intake/outbox"
	"example.org/intake/queue"
	"example.org/intake/responder"
	"example.org/intake/store"
)

// TestPriorityOf: every kind of message intake sends has the priority
// its place in a backlog calls for (the kinds are the sending packages'
// own constants, so a renamed kind shows here).
func TestPriorityOf(t *testing.T) {
	cases := []struct {
		name, kind string
		want       int
	}{
		{"holding reply", responder.KindHoldingReply, outbox.PriorityAcknowledgement},
		{"DPO forward", responder.KindDPOForward, outbox.PriorityForward},
		{"answer", responder.KindAnswer, outbox.PriorityLetter},
		{"answer report", responder.KindAnswerReport, outbox.PriorityLetter},
		{"ID request", responder.KindIDRequest, outbox.PriorityLetter},
		{"clarification", responder.KindClarificationRequest, outbox.PriorityLetter},
		{"extension notice", responder.KindExtensionNotice, outbox.PriorityLetter},
		{"ID verified", responder.KindIDVerified, outbox.PriorityLetter},
		{"DPO escalation", chaser.KindDPOEscalation, outbox.PriorityRoutine},
		{"staff reminder", chaser.KindStaffReminderDue, outbox.PriorityRoutine},
		{"overdue", chaser.KindOverdue, outbox.PriorityRoutine},
		{"extension reminder", chaser.KindExtensionReminder, outbox.PriorityRoutine},
		{"digest", chaser.KindDigest, outbox.PriorityRoutine},
		{"unknown kind is a letter", "something_new", outbox.PriorityLetter},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := outbox.PriorityOf(c.kind); got != c.want {
				t.Errorf("PriorityOf(%q) = %d, want %d", c.kind, got, c.want)
			}
		})
	}
}

// TestBacklogSendsHoldingRepliesFirst: a backlog queued while nothing was
// sending (digests and chasers first, holding replies last) goes out
// holding replies first, then forwards, then letters, then the routine
// mail, on SQLite and PostgreSQL.
func TestBacklogSendsHoldingRepliesFirst(t *testing.T) {
	eachDB(t, func(t *testing.T, dbURL string) {
		w := newQueued(t, dbURL, outbox.Options{})
		// One worker, so that the order of sending is the order of fetching.
		workers := river.NewWorkers()
		river.AddWorker(workers, w.worker)
		q, err := queue.New(w.st, workers, queue.Options{TestOnly: true, Workers: 1, PollInterval: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		w.q = q
		kinds := []string{chaser.KindDigest, chaser.KindOverdue, responder.KindAnswer, responder.KindDPOForward,
			responder.KindHoldingReply, chaser.KindDigest, responder.KindIDRequest, responder.KindHoldingReply,
			responder.KindDPOForward, chaser.KindDPOEscalation, responder.KindHoldingReply}
		w.enqueueKinds(t, kinds, time.Now())
		w.start(t)
		deadline := time.Now().Add(30 * time.Second)
		for len(w.mail.SMTPLog()) < len(kinds) {
			if time.Now().After(deadline) {
				t.Fatalf("sent %d of %d", len(w.mail.SMTPLog()), len(kinds))
			}
			time.Sleep(20 * time.Millisecond)
		}
		var got []int
		for _, e := range w.mail.SMTPLog() {
			_, rest, _ := strings.Cut(string(e.Data), "X-Kind: ")
			k, _, _ := strings.Cut(rest, "\r\n")
			got = append(got, outbox.PriorityOf(k))
		}
		for i := 1; i < len(got); i++ {
			if got[i] < got[i-1] {
				t.Fatalf("priorities in sending order %v: not ascending", got)
			}
		}
		if got[0] != outbox.PriorityAcknowledgement || got[2] != outbox.PriorityAcknowledgement {
			t.Fatalf("priorities in sending order %v: the three holding replies are not first", got)
		}
	})
}

// enqueueKinds queues one letter of each kind, in one transaction, each
// saying its kind in an X-Kind header.
func (w *queued) enqueueKinds(t *testing.T, kinds []string, now time.Time) {
	t.Helper()
	ctx := context.Background()
	err := w.st.WithTx(ctx, func(tx *store.Tx) error {
		for i, k := range kinds {
			id := fmt.Sprintf("m%d@provider.example", i)
			raw := "From: " + us + "\r\nTo: ada@example.org\r\nSubject: s\r\nMessage-ID: <" + id + ">\r\nX-Kind: " + k + "\r\n\r\nText.\r\n"
			m := outbox.Mail{CaseID: w.caseID, DedupeKey: id, Kind: k, MessageID: id, From: us,
				Recipients: []string{"ada@example.org"}, Subject: "s", Raw: []byte(raw)}
			if _, err := outbox.Enqueue(ctx, tx, w.q, m, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
