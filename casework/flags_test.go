package casework_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"example.org/intake/casework"
	"example.org/intake/message"
	"example.org/intake/store"
)

// correspond hands raw to casework as mail matched to case ref, inside a
// transaction as ingest does.
func (w *world) correspond(t *testing.T, ref, raw string) {
	t.Helper()
	ctx := context.Background()
	err := w.st.WithTx(ctx, func(tx *store.Tx) error {
		c, err := tx.CaseForUpdate(ctx, ref)
		if err != nil {
			return err
		}
		return w.svc.Correspondence(ctx, tx, c, message.Parse([]byte(raw), nil), "thread")
	})
	if err != nil {
		t.Fatal(err)
	}
}

func lastEvent(t *testing.T, w *world, c *store.Case, kind string) string {
	t.Helper()
	events, err := w.st.Events(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].Kind == kind {
			return events[i].Detail
		}
	}
	t.Fatalf("no %s event on %s", kind, c.Ref)
	return ""
}

const fromRequester = "From: sam@example.org\r\nSubject: Re: your request\r\n\r\nHere you are.\r\n"

// TestFlagLife: each flag is raised with its reason, shown with it, and
// cleared by the action that resolves it, which records the reason.
func TestFlagLife(t *testing.T) {
	tests := []struct {
		name    string
		resolve func(w *world, ref string) error
		action  string // event that records the clearing
	}{
		{"ID verified", func(w *world, ref string) error { return w.svc.VerifyID(context.Background(), ref, "Jo Staff", "") }, casework.ActVerifyID},
		{"resumed", func(w *world, ref string) error { return w.svc.Resume(context.Background(), ref, "Jo Staff") }, casework.ActResume},
		{"closed", func(w *world, ref string) error {
			return w.svc.Close(context.Background(), ref, "withdrawn", "Jo Staff")
		}, casework.ActClose},
		{"dealt with", func(w *world, ref string) error { return w.svc.ClearFlag(context.Background(), ref, "Jo Staff") }, casework.ActFlag},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eachDB(t, func(t *testing.T, w *world) {
				ctx := context.Background()
				c := w.receive(t, w.now)
				w.now = w.now.Add(24 * 60 * 60 * 1e9)
				if err := w.svc.AskForID(ctx, c.Ref, "Jo Staff"); err != nil {
					t.Fatal(err)
				}
				w.reply(t, c, w.now.Add(3600e9), fromRequester)
				w.correspond(t, c.Ref, fromRequester)
				got := w.reread(t, c.Ref)
				flags := casework.Flags(got)
				if !got.NeedsPerson || len(flags) != 1 || flags[0].Kind != casework.FlagRequesterReplied {
					t.Fatalf("after the reply: flags %+v", flags)
				}
				w.now = w.now.Add(2 * 3600e9)
				if err := tt.resolve(w, c.Ref); err != nil {
					t.Fatal(err)
				}
				got = w.reread(t, c.Ref)
				if got.NeedsPerson || got.PersonReason != "" {
					t.Errorf("after %s: still flagged %q", tt.name, got.PersonReason)
				}
				if d := lastEvent(t, w, c, tt.action); !strings.Contains(d, "the requester replied while the clock is paused") {
					t.Errorf("the %s event does not record the cleared reason: %q", tt.action, d)
				}
			})
		})
	}
}

// TestFlagsClearedOnlyByTheirResolution: a DPO reference arriving clears
// "no reference found" but not a failed sender check.
func TestFlagsClearedOnlyByTheirResolution(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		c := w.receive(t, w.now)
		// Not a DPO sender: someone else wrote.
		w.correspond(t, c.Ref, "From: nosy@example.net\r\nSubject: about "+c.Ref+"\r\n\r\nHello.\r\n")
		got := w.reread(t, c.Ref)
		if fl := casework.Flags(got); len(fl) != 1 || fl[0].Kind != casework.FlagOtherSender {
			t.Fatalf("flags %+v", fl)
		}
		// Resuming is refused (the clock runs) and changes nothing.
		if err := w.svc.Resume(context.Background(), c.Ref, "Jo Staff"); err == nil {
			t.Fatal("resume while the clock runs was accepted")
		}
		if fl := casework.Flags(w.reread(t, c.Ref)); len(fl) != 1 {
			t.Errorf("a refused action cleared flags: %+v", fl)
		}
	})
}

// TestApproveFlaggedNeedsAReason: a flagged case is approved only when the
// member of staff says why, and that is recorded.
func TestApproveFlaggedNeedsAReason(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		c := w.receive(t, w.now)
		q := `UPDATE cases SET state = 'drafted', dpo_ref = 'DPO-1', draft_subject = 'Your request', draft_text = 'We have deleted your details.' WHERE id = ?`
		if w.st.Dialect() == store.Postgres {
			q = strings.Replace(q, "?", "$1", 1)
		}
		if _, err := w.st.DB().ExecContext(ctx, q, c.ID); err != nil {
			t.Fatal(err)
		}
		w.correspond(t, c.Ref, "From: nosy@example.net\r\nSubject: about "+c.Ref+"\r\n\r\nHello.\r\n")

		err := w.svc.Approve(ctx, c.Ref, "Jo Staff", "")
		var te *casework.TransitionError
		if !errors.As(err, &te) || !strings.Contains(err.Error(), "flagged for a person (someone other than the requester") {
			t.Fatalf("approving a flagged case without a reason = %v", err)
		}
		if got := w.reread(t, c.Ref); got.State != store.StateDrafted || !got.NeedsPerson {
			t.Fatalf("the refused approval changed the case: %s flagged=%v", got.State, got.NeedsPerson)
		}
		if err := w.svc.ApproveWith(ctx, c.Ref, "Jo Staff", casework.Approval{DespiteFlags: "the other writer is the requester's advocate, checked by phone"}); err != nil {
			t.Fatal(err)
		}
		got := w.reread(t, c.Ref)
		if got.State != store.StateApproved || got.NeedsPerson {
			t.Errorf("after approval: %s flagged=%v", got.State, got.NeedsPerson)
		}
		d := lastEvent(t, w, c, casework.ActApprove)
		for _, want := range []string{"approved although flagged, because: the other writer is the requester's advocate", "someone other than the requester"} {
			if !strings.Contains(d, want) {
				t.Errorf("approval event %q lacks %q", d, want)
			}
		}
	})
}

// TestFlagsRead reads flags back by kind, including ones set outside
// casework, one per line.
func TestFlagsRead(t *testing.T) {
	c := &store.Case{NeedsPerson: true, PersonReason: "the classifier was unsure\nthe requester replied while the clock is paused: check the evidence or answer, then resume or verify"}
	fl := casework.Flags(c)
	if len(fl) != 2 || fl[0].Kind != casework.FlagOther || fl[1].Kind != casework.FlagRequesterReplied {
		t.Errorf("Flags = %+v", fl)
	}
	if fl := casework.Flags(&store.Case{NeedsPerson: true}); len(fl) != 1 || fl[0].Reason == "" {
		t.Errorf("a flag with no reason reads as %+v", fl)
	}
	if fl := casework.Flags(&store.Case{}); len(fl) != 0 {
		t.Errorf("an unflagged case has flags %+v", fl)
	}
}

// TestFlagKinds reads every kind back from the words it is raised with.
func TestFlagKinds(t *testing.T) {
	for _, tt := range []struct {
		reason string
		want   casework.FlagKind
	}{
		{"the DPO reference DPO-1 already belongs to case INT-2026-0001; it was not moved", casework.FlagDPORefTaken},
		{"the DPO team quoted reference DPO-2 but the case holds DPO-1", casework.FlagDPORefDiffers},
		{"the DPO team replied but no reference number was found in their email", casework.FlagDPONoReference},
		{"an email claiming to be from the DPO team failed the sender check: dmarc=fail", casework.FlagDPOUntrusted},
		{"someone other than the requester or the DPO team wrote about this case", casework.FlagOtherSender},
		{"no holding reply: the requester's address cannot be used for email: not a valid domain", casework.FlagNoHoldingReply},
		{"classifier unsure", casework.FlagOther},
	} {
		if fl := casework.Flags(&store.Case{NeedsPerson: true, PersonReason: tt.reason}); len(fl) != 1 || fl[0].Kind != tt.want {
			t.Errorf("%q reads as %+v, want %s", tt.reason, fl, tt.want)
		}
	}
}

// TestGaveUpAddsAFlag: a message the outbox gave up on adds its flag
// beside the case's others, with an event; closing the case clears both.
func TestGaveUpAddsAFlag(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		c := w.deskCase(t, "erasure", store.StateAwaitingDPO, func(c *store.Case) {
			c.NeedsPerson, c.PersonReason = true, "made for someone else: evidence of authority needed"
		})
		err := w.st.WithTx(ctx, func(tx *store.Tx) error {
			locked, err := tx.CaseForUpdate(ctx, c.Ref)
			if err != nil {
				return err
			}
			return w.svc.GaveUp(ctx, tx, locked, &store.Outbound{Kind: "holding_reply"}, "a message could not be delivered: holding_reply", errors.New("smtp: 550 no such user"))
		})
		if err != nil {
			t.Fatal(err)
		}
		got := w.reread(t, c.Ref)
		flags := casework.Flags(got)
		if len(flags) != 2 || flags[0].Kind != casework.FlagOther || flags[1].Kind != casework.FlagNotSent {
			t.Fatalf("flags %+v", flags)
		}
		if d := lastEvent(t, w, got, casework.EvSendFailed); d != "holding_reply: smtp: 550 no such user" {
			t.Errorf("event %q", d)
		}
		if err := w.svc.Close(ctx, c.Ref, "the requester wrote by post", "Jo Staff"); err != nil {
			t.Fatal(err)
		}
		if got := w.reread(t, c.Ref); got.NeedsPerson || got.PersonReason != "" {
			t.Errorf("after closing: %v %q", got.NeedsPerson, got.PersonReason)
		}
	})
}
