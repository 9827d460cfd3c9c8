package outbox_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"example.org/intake/outbox"
	"example.org/intake/queue"
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
		{"holding reply", outbox.KindHoldingReply, outbox.PriorityAcknowledgement},
		{"DPO forward", outbox.KindDPOForward, outbox.PriorityForward},
		{"answer", outbox.KindAnswer, outbox.PriorityLetter},
		{"answer report", outbox.KindAnswerReport, outbox.PriorityLetter},
		{"ID request", outbox.KindIDRequest, outbox.PriorityLetter},
		{"clarification", outbox.KindClarificationRequest, outbox.PriorityLetter},
		{"extension notice", outbox.KindExtensionNotice, outbox.PriorityLetter},
		{"ID verified", outbox.KindIDVerified, outbox.PriorityLetter},
		{"DPO escalation", outbox.KindDPOEscalation, outbox.PriorityRoutine},
		{"staff reminder", outbox.KindStaffReminderDue, outbox.PriorityRoutine},
		{"overdue", outbox.KindOverdue, outbox.PriorityRoutine},
		{"extension reminder", outbox.KindExtensionReminder, outbox.PriorityRoutine},
		{"digest", outbox.KindDigest, outbox.PriorityRoutine},
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
		kinds := []string{outbox.KindDigest, outbox.KindOverdue, outbox.KindAnswer, outbox.KindDPOForward,
			outbox.KindHoldingReply, outbox.KindDigest, outbox.KindIDRequest, outbox.KindHoldingReply,
			outbox.KindDPOForward, outbox.KindDPOEscalation, outbox.KindHoldingReply}
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
