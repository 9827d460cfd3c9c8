package casework_test

import (
	"context"
	"strings"
	"testing"

	"example.org/intake/casework"
	"example.org/intake/classifier"
	"example.org/intake/message"
	"example.org/intake/outbox"
	"example.org/intake/store"
)

const openingRaw = "From: Sam Example <Sam@Example.org>\r\nReply-To: helper@example.net\r\nTo: intake@provider.example\r\n" +
	"Subject: my data\r\nMessage-ID: <open-1@example.org>\r\n\r\nPlease send me a copy of my data on behalf of my father.\r\n"

// open has casework open a case for raw in a transaction, as ingest does.
func (w *world) open(t *testing.T, raw string, cls classifier.Classification, state casework.State, why string) (*store.Case, int) {
	t.Helper()
	ctx := context.Background()
	var c *store.Case
	var queued int
	err := w.st.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		c, queued, err = w.svc.OpenFromMail(ctx, tx, casework.Opening{Msg: message.Parse([]byte(raw), nil), Class: cls,
			Raw: []byte(raw), ReceivedAt: w.now, State: state, Why: why})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, queued
}

func eventKinds(t *testing.T, w *world, c *store.Case) []string {
	t.Helper()
	events, err := w.st.Events(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, e.Kind)
	}
	return kinds
}

// TestOpenFromMailReceived: a request opened at once gets its due date,
// its flags with their reasons, its first events and both letters queued,
// all by casework in the caller's transaction.
func TestOpenFromMailReceived(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		cls := classifier.Classification{Kind: classifier.KindAccess, Action: classifier.ActionReply, Confidence: 0.9,
			Rights: []classifier.Kind{classifier.KindAccess}, Signals: []string{classifier.SignalOnBehalf},
			Reasons: []string{"asks for a copy"}, References: map[string]string{}}
		c, queued := w.open(t, openingRaw, cls, casework.Received, "")
		if queued != 2 {
			t.Errorf("queued %d messages, want the holding reply and the DPO forward", queued)
		}
		got := w.reread(t, c.Ref)
		if got.State != store.StateReceived || got.Kind != "access" || got.Rights != "access" {
			t.Errorf("case %s in %s, kind %s rights %s", got.Ref, got.State, got.Kind, got.Rights)
		}
		if got.RequesterAddr != "sam@example.org" || got.RequesterName != "Sam Example" || got.ReplyToAddr != "helper@example.net" {
			t.Errorf("requester %q %q, reply-to %q", got.RequesterAddr, got.RequesterName, got.ReplyToAddr)
		}
		if got.DueDate != "2026-04-02" {
			t.Errorf("due %s, want 2026-04-02 (a month from 2 March)", got.DueDate)
		}
		flags := casework.Flags(got)
		if len(flags) != 1 || !strings.Contains(flags[0].Reason, "evidence of authority") {
			t.Errorf("flags %+v, want the one for a request made for someone else", flags)
		}
		kinds := strings.Join(eventKinds(t, w, got), ",")
		if want := "received,clock,needs_person,note,queued,queued"; kinds != want {
			t.Errorf("events %s, want %s", kinds, want)
		}
		w.outboundOf(t, got, outbox.KindHoldingReply)
		w.outboundOf(t, got, outbox.KindDPOForward)
		if n := w.sendJobs(t); n != 2 {
			t.Errorf("%d send jobs, want 2", n)
		}
	})
}

// TestOpenFromMailTriage: a case for a person is opened flagged with the
// reason and nothing is sent.
func TestOpenFromMailTriage(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		cls := classifier.Classification{Kind: classifier.KindErasure, Action: classifier.ActionTriage, Confidence: 0.4}
		c, queued := w.open(t, openingRaw, cls, casework.Triage, "the classifier is not sure this is a request")
		got := w.reread(t, c.Ref)
		if queued != 0 || w.sendJobs(t) != 0 {
			t.Errorf("a triaged case queued mail (%d)", queued)
		}
		if got.State != store.StateTriage || got.Kind != "erasure" || !got.NeedsPerson || got.PersonReason != "the classifier is not sure this is a request" {
			t.Errorf("case %+v", got)
		}
		if kinds := strings.Join(eventKinds(t, w, got), ","); kinds != "received,clock,needs_person,note" {
			t.Errorf("events %s", kinds)
		}
	})
}

// TestOpenForFailure: a message intake gave up on becomes a flagged
// triage case with the reason as its event.
func TestOpenForFailure(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		var c *store.Case
		err := w.st.WithTx(ctx, func(tx *store.Tx) error {
			var err error
			c, err = w.svc.OpenForFailure(ctx, tx, "sam@example.org", "Sam", w.now, "could not be stored")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got := w.reread(t, c.Ref)
		if got.State != store.StateTriage || !got.NeedsPerson || got.DueDate == "" {
			t.Errorf("case %+v", got)
		}
		if d := lastEvent(t, w, got, casework.EvNeedsPerson); d != "could not be stored" {
			t.Errorf("event %q", d)
		}
	})
}

// TestJoinMail: mail matched to a case is recorded on it; an automatic
// reply is recorded and changes nothing, other mail is correspondence.
func TestJoinMail(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		c := w.receive(t, w.now)
		join := func(kind classifier.Kind, why string) {
			err := w.st.WithTx(ctx, func(tx *store.Tx) error {
				return w.svc.JoinMail(ctx, tx, c, message.Parse([]byte(fromRequester), nil), kind, why)
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		join(classifier.KindAutoReply, "threading headers")
		if d := lastEvent(t, w, c, casework.EvMessageReceived); d != "auto_reply (matched by threading headers)" {
			t.Errorf("event %q", d)
		}
		if kinds := eventKinds(t, w, c); len(kinds) != 1 {
			t.Errorf("an automatic reply did more than record itself: %v", kinds)
		}
		join(classifier.KindAccess, "requester")
		if d := lastEvent(t, w, c, casework.EvMessageReceived); !strings.HasPrefix(d, "repeated access request") {
			t.Errorf("event %q", d)
		}
		lastEvent(t, w, c, casework.ActCorrespondence)
	})
}

// TestTriageQueue: the desk's triage page asks casework for the cases in
// triage, each with the message that opened it.
func TestTriageQueue(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		cls := classifier.Classification{Kind: classifier.KindErasure, Action: classifier.ActionTriage, Confidence: 0.4}
		c, _ := w.open(t, openingRaw, cls, casework.Triage, "not sure")
		w.reply(t, c, w.now, openingRaw)
		w.put(t, store.StateAwaitingDPO, "2026-04-02")
		empty, _ := w.open(t, openingRaw, cls, casework.Triage, "not sure")
		q, err := w.svc.TriageQueue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(q) != 2 || q[0].Case.Ref != empty.Ref || q[1].Case.Ref != c.Ref {
			t.Fatalf("queue %+v, want the two triage cases, newest first", q)
		}
		if q[0].Opening != nil || q[1].Opening == nil || !strings.Contains(string(q[1].Opening.Raw), "on behalf of my father") {
			t.Errorf("opening messages %+v %+v", q[0].Opening, q[1].Opening)
		}
	})
}
