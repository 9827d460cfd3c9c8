package chaser

import (
	"bytes"
	"context"
	"net/mail"
	"slices"
	"strings"
	"testing"
	"time"

	"example.org/intake/deadline"
	"example.org/intake/outbox"
	"example.org/intake/store"
	"example.org/intake/templates"
)

// TestWholeMonth drives the chaser every half hour from Monday 2 March to
// Friday 10 April 2026 on a fake clock, with a restart (new store handle,
// new Chaser, same database) on the morning of 20 March, and checks exactly
// which messages were queued and when. England and Wales: Good Friday is
// 3 April and Easter Monday 6 April; the clocks go forward on 29 March.
//
//	A: erasure received Mon 2 Mar, due Thu 2 Apr; the DPO never answers.
//	B: received Wed 4 Mar, due Tue 7 Apr (4 Apr is a Saturday, then Easter);
//	   the DPO's reference is recorded on 12 Mar, the answer sent on 2 Apr.
//	C: received Mon 9 Mar with a DPO reference, due Thu 9 Apr; staff start
//	   considering an extension on 25 Mar.
//	D: received Tue 3 Mar, waiting for the requester's ID (clock paused).
func TestWholeMonth(t *testing.T) {
	eachDB(t, func(t *testing.T, url string) {
		ctx := context.Background()
		w := start(t, url, DefaultPolicy())
		names := map[string]string{}
		type event struct {
			at time.Time
			do func(now time.Time)
		}
		events := []event{
			{at(2026, 3, 2, 9, 10), func(now time.Time) { names[w.openCase(t, now, store.StateAwaitingDPO, "")] = "A" }},
			{at(2026, 3, 3, 10, 0), func(now time.Time) { names[w.openCase(t, now, store.StateAwaitingRequester, "")] = "D" }},
			{at(2026, 3, 4, 11, 0), func(now time.Time) { names[w.openCase(t, now, store.StateAwaitingDPO, "")] = "B" }},
			{at(2026, 3, 9, 10, 0), func(now time.Time) { names[w.openCase(t, now, store.StateNeedsDecision, "DPO/C")] = "C" }},
			{at(2026, 3, 12, 14, 0), func(time.Time) { w.update(t, refOf(names, "B"), store.StateNeedsDecision, "DPO/B") }},
			{at(2026, 3, 20, 9, 15), func(time.Time) {
				// Restart: everything the chaser knows must be in the database.
				w.st.Close()
				w = start(t, url, DefaultPolicy())
			}},
			{at(2026, 3, 25, 10, 0), func(now time.Time) { w.considerExtension(t, refOf(names, "C"), now) }},
			{at(2026, 4, 2, 12, 0), func(time.Time) { w.update(t, refOf(names, "B"), store.StateAnswered, "DPO/B") }},
		}
		for now := at(2026, 3, 2, 0, 0); now.Before(at(2026, 4, 11, 0, 0)); now = now.Add(30 * time.Minute) {
			for len(events) > 0 && !events[0].at.After(now) {
				events[0].do(events[0].at)
				events = events[1:]
			}
			if _, err := w.ch.Sweep(ctx, now); err != nil {
				t.Fatalf("sweep at %s: %v", now.Format(time.DateTime), err)
			}
		}
		// Sweeping again at the end changes nothing.
		if res, err := w.ch.Sweep(ctx, at(2026, 4, 10, 16, 0)); err != nil || res.Queued != 0 || res.Digest {
			t.Errorf("repeated sweep = %+v, %v", res, err)
		}

		mail := w.chaserMail(t, names)
		var got, digests []string
		for _, m := range mail {
			if m.ob.Kind == outbox.KindDigest {
				digests = append(digests, m.line)
			} else {
				got = append(got, m.line)
			}
		}
		want := []string{
			"2026-03-09 09:00 dpo_chase_1 A",
			"2026-03-11 09:00 dpo_chase_1 B",
			"2026-03-16 09:00 dpo_chase_2 A",
			"2026-03-19 09:00 staff_reminder_10 A",
			"2026-03-20 09:00 staff_reminder_10 B",
			"2026-03-23 09:00 dpo_escalation A",
			"2026-03-24 09:00 staff_reminder_10 C",
			"2026-03-26 09:00 staff_reminder_5 A",
			"2026-03-27 09:00 staff_reminder_5 B",
			"2026-03-31 09:00 staff_reminder_5 C",
			"2026-03-31 09:00 extension_reminder C",
			"2026-04-02 09:00 staff_reminder_due A",
			"2026-04-07 09:00 overdue_escalation A",
			"2026-04-09 09:00 staff_reminder_due C",
			"2026-04-10 09:00 overdue_escalation C",
		}
		if !slices.Equal(got, want) {
			t.Errorf("chases and reminders:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}

		// A digest at 08:30 on every working day from 3 March (on 2 March
		// there was nothing to say at 08:30), none at weekends or at Easter.
		var wantDigests []string
		for d := deadline.NewDate(2026, 3, 3); !d.After(deadline.NewDate(2026, 4, 10)); d = d.AddDays(1) {
			if deadline.IsWorkingDay(d, deadline.EnglandAndWales, nil) {
				wantDigests = append(wantDigests, d.String()+" 08:30 digest")
			}
		}
		if !slices.Equal(digests, wantDigests) {
			t.Errorf("digests:\n%s\nwant\n%s", strings.Join(digests, "\n"), strings.Join(wantDigests, "\n"))
		}
		if n := w.sendJobs(t); n != len(mail) {
			t.Errorf("%d send jobs for %d messages", n, len(mail))
		}

		byLine := map[string]sent{}
		for _, m := range mail {
			byLine[m.line] = m
			h := header(t, m.ob.Raw)
			if h.Get("Auto-Submitted") != "auto-generated" {
				t.Errorf("%s: Auto-Submitted = %q", m.line, h.Get("Auto-Submitted"))
			}
			if h.Get("Message-Id") != "<"+m.ob.MessageID+">" {
				t.Errorf("%s: Message-ID %q, stored %q", m.line, h.Get("Message-Id"), m.ob.MessageID)
			}
			isDPO := strings.HasPrefix(m.ob.Kind, "dpo_chase")
			if !isDPO && !slices.Equal(m.recipients, []string{staffAddr}) {
				t.Errorf("%s: staff mail to %v", m.line, m.recipients)
			}
			if ref := refOf(names, strings.TrimSpace(m.line[len(m.line)-1:])); m.ob.Kind != outbox.KindDigest && !strings.Contains(m.ob.Subject, ref) {
				t.Errorf("%s: subject %q lacks the case reference", m.line, m.ob.Subject)
			}
		}
		chase1, chase2 := byLine["2026-03-09 09:00 dpo_chase_1 A"], byLine["2026-03-16 09:00 dpo_chase_2 A"]
		if !slices.Equal(chase1.recipients, []string{dpoAddr}) || !slices.Equal(chase2.recipients, []string{dpoAddr, enquiry}) {
			t.Errorf("chase recipients %v, %v", chase1.recipients, chase2.recipients)
		}
		forwardA := "<" + strings.ToLower(refOf(names, "A")) + ".dpo-forward."
		for _, c := range []sent{chase1, chase2} {
			h := header(t, c.ob.Raw)
			if !strings.HasPrefix(h.Get("In-Reply-To"), forwardA) || h.Get("References") != h.Get("In-Reply-To") {
				t.Errorf("%s not threaded under the forward: In-Reply-To %q References %q", c.line, h.Get("In-Reply-To"), h.Get("References"))
			}
			if !strings.HasPrefix(c.ob.Subject, "Re: Data protection request "+refOf(names, "A")) {
				t.Errorf("%s subject %q", c.line, c.ob.Subject)
			}
		}
		// Staff mail about a case threads under the first staff message.
		first := byLine["2026-03-19 09:00 staff_reminder_10 A"]
		for _, l := range []string{"2026-03-23 09:00 dpo_escalation A", "2026-03-26 09:00 staff_reminder_5 A", "2026-04-07 09:00 overdue_escalation A"} {
			if got := header(t, byLine[l].ob.Raw).Get("In-Reply-To"); got != "<"+first.ob.MessageID+">" {
				t.Errorf("%s: In-Reply-To %q, want the first reminder", l, got)
			}
		}
		// The DPO reference is carried once known.
		if s := byLine["2026-03-20 09:00 staff_reminder_10 B"].ob.Subject; !strings.Contains(s, "DPO ref DPO/B") {
			t.Errorf("reminder subject %q lacks the DPO reference", s)
		}
		digest := byLine["2026-04-07 08:30 digest"]
		if want := "intake daily digest for Tuesday 7 April 2026: 1 overdue, 1 due soon " + refOf(names, "A"); digest.ob.Subject != want {
			t.Errorf("digest subject %q, want %q", digest.ob.Subject, want)
		}

		cases, err := w.st.ChaseCases(ctx)
		if err != nil {
			t.Fatal(err)
		}
		overdue := map[string]string{}
		for _, c := range cases {
			if c.OverdueAt.Valid {
				overdue[names[c.Ref]] = c.OverdueAt.Time.In(london).Format("2006-01-02 15:04")
			}
		}
		if want := map[string]string{"A": "2026-04-03 00:00", "C": "2026-04-10 00:00"}; !mapsEqual(overdue, want) {
			t.Errorf("overdue marks %v, want %v", overdue, want)
		}
	})
}

// TestRecordedReplyStopsChaseAtOnce: a sweep that planned a chase from what
// it read earlier must not queue it once the DPO's reference is recorded.
func TestRecordedReplyStopsChaseAtOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, url string) {
		ctx := context.Background()
		w := start(t, url, DefaultPolicy())
		ref := w.openCase(t, at(2026, 3, 2, 9, 10), store.StateAwaitingDPO, "")
		now := at(2026, 3, 9, 9, 0)
		cases, err := w.st.ChaseCases(ctx)
		if err != nil {
			t.Fatal(err)
		}
		planned := Plan(FactsOf(&cases[0], nil, w.ch.opts.Policy), now, w.ch.opts.Policy)
		if !slices.Equal(kinds(planned), []string{outbox.KindDPOChase1}) {
			t.Fatalf("planned %v", kinds(planned))
		}
		w.update(t, ref, store.StateAwaitingDPO, "DPO/9")
		queued, err := w.ch.fire(ctx, cases[0].ID, planned[0], now)
		if err != nil || queued {
			t.Errorf("fire after the reply = %v, %v", queued, err)
		}
		w.update(t, ref, store.StateClosed, "DPO/9")
		for now := at(2026, 3, 9, 9, 0); now.Before(at(2026, 4, 15, 0, 0)); now = now.Add(4 * time.Hour) {
			if _, err := w.ch.Sweep(ctx, now); err != nil {
				t.Fatal(err)
			}
		}
		if mail := w.chaserMail(t, nil); len(mail) != 0 {
			t.Errorf("a closed case was chased: %v", mail[0].line)
		}
	})
}

func TestNoDigestWhenNothingToSay(t *testing.T) {
	eachDB(t, func(t *testing.T, url string) {
		ctx := context.Background()
		w := start(t, url, DefaultPolicy())
		ref := w.openCase(t, at(2026, 3, 2, 9, 10), store.StateAnswered, "DPO/1")
		for now := at(2026, 3, 2, 0, 0); now.Before(at(2026, 3, 9, 0, 0)); now = now.Add(30 * time.Minute) {
			if res, err := w.ch.Sweep(ctx, now); err != nil || res.Digest {
				t.Fatalf("sweep at %s = %+v, %v", now.Format(time.DateTime), res, err)
			}
		}
		w.update(t, ref, store.StateAwaitingRequester, "DPO/1")
		res, err := w.ch.Sweep(ctx, at(2026, 3, 9, 8, 30))
		if err != nil || !res.Digest {
			t.Fatalf("digest with a case waiting for the requester: %+v, %v", res, err)
		}
		mail := w.chaserMail(t, map[string]string{ref: "A"})
		if len(mail) != 1 || !bytes.Contains(mail[0].ob.Raw, []byte("Waiting for the requester")) || !bytes.Contains(mail[0].ob.Raw, []byte(ref)) {
			t.Errorf("digest: %d messages", len(mail))
		}
	})
}

func TestDigestContent(t *testing.T) {
	p := DefaultPolicy()
	mk := func(ref, state, due, dpoRef string) store.ChaseCase {
		return store.ChaseCase{Case: store.Case{Ref: ref, Kind: "access", State: state, DueDate: due, DPORef: dpoRef,
			CreatedAt: at(2026, 3, 2, 10, 0)}}
	}
	cases := []store.ChaseCase{
		mk("INT-2026-0001", store.StateNeedsDecision, "2026-04-02", "DPO/1"), // overdue
		mk("INT-2026-0002", store.StateAwaitingDPO, "2026-04-09", ""),        // due in 2, waiting for the DPO
		mk("INT-2026-0003", store.StateDrafted, "2026-04-21", ""),            // due in 10
		mk("INT-2026-0004", store.StateDrafted, "2026-04-22", ""),            // due in 11: not listed
		mk("INT-2026-0005", store.StateAwaitingRequester, "2026-04-01", ""),  // paused: not overdue
		mk("INT-2026-0006", store.StateAnswered, "2026-04-01", "DPO/6"),      // answered: not listed
	}
	late := mk("INT-2026-0007", store.StateReceived, "2026-05-07", "")
	late.CreatedAt = at(2026, 4, 7, 9, 0) // opened after today's digest time
	cases = append(cases, late)
	d, ok := Digest(cases, at(2026, 4, 7, 8, 30), p)
	if !ok {
		t.Fatal("nothing to say")
	}
	refs := func(l []templates.DigestCase) []string {
		var out []string
		for _, c := range l {
			out = append(out, c.CaseRef)
		}
		return out
	}
	for name, tt := range map[string]struct{ got, want []string }{
		"overdue":            {refs(d.Overdue), []string{"INT-2026-0001"}},
		"due soon":           {refs(d.DueSoon), []string{"INT-2026-0002", "INT-2026-0003"}},
		"awaiting DPO":       {refs(d.AwaitingDPO), []string{"INT-2026-0002"}},
		"awaiting requester": {refs(d.AwaitingRequester), []string{"INT-2026-0005"}},
	} {
		if !slices.Equal(tt.got, tt.want) {
			t.Errorf("%s = %v, want %v", name, tt.got, tt.want)
		}
	}
	if d.DueSoon[0].DaysLeft != 2 || d.DueSoon[1].DaysLeft != 10 || d.Overdue[0].DaysLeft != -1 {
		t.Errorf("days left: %+v %+v", d.DueSoon, d.Overdue)
	}
	if _, ok := Digest(cases[5:6], at(2026, 4, 7, 8, 30), p); ok {
		t.Error("a digest of an answered case")
	}
}

func refOf(names map[string]string, name string) string {
	for ref, n := range names {
		if n == name {
			return ref
		}
	}
	return ""
}

func header(t *testing.T, raw []byte) mail.Header {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return m.Header
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestOneBrokenCaseDoesNotStopTheOthers: a case whose chase cannot be
// queued is reported, and the next case is still chased.
func TestOneBrokenCaseDoesNotStopTheOthers(t *testing.T) {
	ctx := context.Background()
	w := start(t, "sqlite://"+t.TempDir()+"/intake.db", DefaultPolicy())
	a := w.openCase(t, at(2026, 3, 2, 9, 10), store.StateAwaitingDPO, "")
	b := w.openCase(t, at(2026, 3, 2, 9, 20), store.StateAwaitingDPO, "")
	// Something else already holds the Message-ID A's chase would get.
	err := w.st.WithTx(ctx, func(tx *store.Tx) error {
		return tx.InsertOutbound(ctx, &store.Outbound{Kind: "other", DedupeKey: "other:1",
			MessageID: outboxMessageID(w, a, outbox.KindDPOChase1), EnvelopeFrom: fromAddr, Recipients: "[]", Subject: "x",
			Raw: []byte("x"), CreatedAt: at(2026, 3, 2, 10, 0)})
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := w.ch.Sweep(ctx, at(2026, 3, 9, 9, 0))
	if err == nil || !strings.Contains(err.Error(), a) {
		t.Errorf("Sweep error = %v, want one naming %s", err, a)
	}
	if res.Queued != 1 {
		t.Errorf("queued %d, want B's chase", res.Queued)
	}
	var chases []string
	for _, m := range w.chaserMail(t, map[string]string{a: "A", b: "B"}) {
		if strings.HasPrefix(m.ob.Kind, "dpo_chase") {
			chases = append(chases, m.line)
		}
	}
	if !slices.Equal(chases, []string{"2026-03-09 09:00 dpo_chase_1 B"}) {
		t.Errorf("chases: %q", chases)
	}
}

func TestOverdueMark(t *testing.T) {
	eachDB(t, func(t *testing.T, url string) {
		ctx := context.Background()
		w := start(t, url, DefaultPolicy())
		late := w.openCase(t, at(2026, 3, 2, 9, 10), store.StateNeedsDecision, "DPO/1")   // due 2 April
		paused := w.openCase(t, at(2026, 3, 2, 9, 20), store.StateNeedsDecision, "DPO/2") // due 2 April
		marks := func() map[string]bool {
			cases, err := w.st.ChaseCases(ctx)
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]bool{}
			for _, c := range cases {
				m[c.Ref] = c.OverdueAt.Valid
			}
			return m
		}
		sweep := func(now time.Time) {
			if _, err := w.ch.Sweep(ctx, now); err != nil {
				t.Fatal(err)
			}
		}
		sweep(at(2026, 4, 2, 23, 30))
		if m := marks(); m[late] || m[paused] {
			t.Fatalf("overdue on the due date: %v", m)
		}
		sweep(at(2026, 4, 3, 0, 0))
		if m := marks(); !m[late] || !m[paused] {
			t.Fatalf("not overdue the day after: %v", m)
		}
		w.update(t, late, store.StateAnswered, "DPO/1")
		w.update(t, paused, store.StateAwaitingRequester, "DPO/2")
		sweep(at(2026, 4, 3, 0, 30))
		if m := marks(); !m[late] || m[paused] {
			t.Errorf("after a late answer and a pause: %v, want the answered case still marked", m)
		}
	})
}
