package casework_test

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"

	"example.org/intake/casework"
	"example.org/intake/classifier"
	"example.org/intake/dporeply"
	"example.org/intake/store"
)

// withDPO rebuilds the service with the DPO team's senders, the default
// reference patterns and the receiving server's authserv-id, so that mail
// from the DPO team is judged as the daemon judges it.
func (w *world) withDPO(t *testing.T) {
	t.Helper()
	w.opts.DPOSenders = []string{"dpo.example"}
	w.opts.DPOPatterns = dporeply.MustDefaultPatterns()
	w.opts.AuthservID = "mx.provider.example"
	svc, err := casework.New(context.Background(), w.opts)
	if err != nil {
		t.Fatal(err)
	}
	w.svc = svc
}

// forwardTo records the DPO forward of case c, as Acknowledge queues it,
// so that replies in its thread can be told apart.
func (w *world) forwardTo(t *testing.T, c *store.Case) string {
	t.Helper()
	ctx := context.Background()
	id := "fwd-" + c.Ref + "@provider.example"
	err := w.st.WithTx(ctx, func(tx *store.Tx) error {
		return tx.InsertOutbound(ctx, &store.Outbound{CaseID: nullID(c.ID), Kind: "dpo_forward", DedupeKey: "dpo_forward:" + c.Ref,
			MessageID: id, EnvelopeFrom: "intake@provider.example", Recipients: `["data.protection@dpo.example"]`,
			Subject: "Data protection request " + c.Ref, Raw: []byte("Subject: forward\r\n\r\nForward.\r\n"), CreatedAt: w.now})
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// fromDPO is an email from the DPO team as our server received it, with
// its verdict on the sender (dmarc pass or fail) and body.
func fromDPO(dmarc, body string) string {
	return "From: Data Protection Office <data.protection@dpo.example>\r\n" +
		"Authentication-Results: mx.provider.example; dmarc=" + dmarc + " header.from=dpo.example\r\n" +
		"Subject: Re: your request\r\n\r\n" + body + "\r\n"
}

// TestEveryFlagsLife: every kind of flag is raised by what it is about
// with its reason, survives actions that do not resolve it, and is cleared
// by the action that does, whose event keeps the reason; on SQLite and
// PostgreSQL.
func TestEveryFlagsLife(t *testing.T) {
	staff := func(ctx context.Context, w *world, ref string) error { return w.svc.ClearFlag(ctx, ref, "Jo Staff") }
	tests := []struct {
		kind casework.FlagKind
		// raise flags case c (awaiting the DPO, received today).
		raise func(t *testing.T, w *world, c *store.Case)
		// resolve is the action that clears it, recorded as event.
		resolve func(ctx context.Context, w *world, ref string) error
		event   string
	}{
		{casework.FlagRequesterReplied, func(t *testing.T, w *world, c *store.Case) {
			if err := w.svc.AskForID(context.Background(), c.Ref, "Jo Staff"); err != nil {
				t.Fatal(err)
			}
			w.correspond(t, c.Ref, fromRequester)
		}, func(ctx context.Context, w *world, ref string) error {
			return w.svc.VerifyID(ctx, ref, "Jo Staff", "passport seen")
		}, casework.ActVerifyID},
		{casework.FlagDPOUnlisted, func(t *testing.T, w *world, c *store.Case) {
			fwd := w.forwardTo(t, c)
			w.correspond(t, c.Ref, "From: helpdesk@elsewhere.example\r\nIn-Reply-To: <"+fwd+">\r\nSubject: Re: forward\r\n\r\nRef: DPO-2026-00077\r\n")
		}, staff, casework.ActFlag},
		{casework.FlagOtherSender, func(t *testing.T, w *world, c *store.Case) {
			w.correspond(t, c.Ref, "From: nosy@example.net\r\nSubject: about "+c.Ref+"\r\n\r\nHello.\r\n")
		}, staff, casework.ActFlag},
		{casework.FlagDPOUntrusted, func(t *testing.T, w *world, c *store.Case) {
			w.correspond(t, c.Ref, fromDPO("fail", "Our reference is DPO-2026-00077."))
		}, staff, casework.ActFlag},
		{casework.FlagDPONoReference, func(t *testing.T, w *world, c *store.Case) {
			w.correspond(t, c.Ref, fromDPO("pass", "We have your request and will reply soon."))
		}, func(ctx context.Context, w *world, ref string) error {
			return w.svc.SetDPORef(ctx, ref, "DPO-2026-00078", "read from their email by hand", "Jo Staff")
		}, casework.ActDPORef},
		{casework.FlagDPORefDiffers, func(t *testing.T, w *world, c *store.Case) {
			w.correspond(t, c.Ref, fromDPO("pass", "Our reference is DPO-2026-00177."))
			w.correspond(t, c.Ref, fromDPO("pass", "Correction: our reference is DPO-2026-00199."))
		}, func(ctx context.Context, w *world, ref string) error {
			return w.svc.SetDPORef(ctx, ref, "DPO-2026-00199", "the DPO team corrected it", "Jo Staff")
		}, casework.ActDPORef},
		{casework.FlagDPORefTaken, func(t *testing.T, w *world, c *store.Case) {
			other := w.receive(t, w.now)
			if err := w.svc.SetDPORef(context.Background(), other.Ref, "DPO-2026-00277", "by phone", "Jo Staff"); err != nil {
				t.Fatal(err)
			}
			w.correspond(t, c.Ref, fromDPO("pass", "Our reference is DPO-2026-00277."))
		}, func(ctx context.Context, w *world, ref string) error {
			return w.svc.SetDPORef(ctx, ref, "DPO-2026-00280", "the DPO team gave this case its own", "Jo Staff")
		}, casework.ActDPORef},
		{casework.FlagNoHoldingReply, nil, staff, casework.ActFlag},
	}
	// Every kind of flag casework raises has its life here.
	var kinds []casework.FlagKind
	for _, tt := range tests {
		kinds = append(kinds, tt.kind)
	}
	for _, k := range []casework.FlagKind{casework.FlagRequesterReplied, casework.FlagDPOUnlisted, casework.FlagOtherSender,
		casework.FlagDPOUntrusted, casework.FlagDPONoReference, casework.FlagDPORefDiffers, casework.FlagDPORefTaken,
		casework.FlagNoHoldingReply} {
		if !slices.Contains(kinds, k) {
			t.Errorf("flag %s has no life in this test", k)
		}
	}
	// One database each, every flag on cases of its own.
	eachDB(t, func(t *testing.T, w *world) {
		w.withDPO(t)
		for _, tt := range tests {
			t.Run(string(tt.kind), func(t *testing.T) {
				ctx := context.Background()
				var c *store.Case
				if tt.raise != nil {
					c = w.receive(t, w.now)
					w.now = w.now.Add(3600e9)
					tt.raise(t, w, c)
				} else {
					// The requester's address cannot be written to: the
					// holding reply cannot go (raised when the case opens).
					raw := "From: Sam <sam@example..org>\r\nSubject: delete my data\r\nMessage-ID: <nohold-1@example.org>\r\n\r\nPlease delete my data.\r\n"
					cls := classifier.Classification{Kind: classifier.KindErasure, Action: classifier.ActionReply, Confidence: 0.9,
						Rights: []classifier.Kind{classifier.KindErasure}, References: map[string]string{}}
					c, _ = w.open(t, raw, cls, casework.Received, "")
				}
				raised := casework.Flags(w.reread(t, c.Ref))
				i := slices.IndexFunc(raised, func(f casework.Flag) bool { return f.Kind == tt.kind })
				if i < 0 {
					t.Fatalf("not raised: flags %+v", raised)
				}
				reason := raised[i].Reason
				if reason == "" {
					t.Fatal("raised without a reason")
				}
				// A note resolves nothing.
				if err := w.svc.AddNote(ctx, c.Ref, "Looked at it.", "Jo Staff"); err != nil {
					t.Fatal(err)
				}
				if fl := casework.Flags(w.reread(t, c.Ref)); !slices.ContainsFunc(fl, func(f casework.Flag) bool { return f.Kind == tt.kind }) {
					t.Fatalf("a note cleared the flag: %+v", fl)
				}
				w.now = w.now.Add(3600e9)
				if err := tt.resolve(ctx, w, c.Ref); err != nil {
					t.Fatal(err)
				}
				got := w.reread(t, c.Ref)
				if fl := casework.Flags(got); slices.ContainsFunc(fl, func(f casework.Flag) bool { return f.Kind == tt.kind }) {
					t.Errorf("still flagged after %s: %+v", tt.event, fl)
				}
				if d := lastEvent(t, w, got, tt.event); !strings.Contains(d, reason) {
					t.Errorf("the %s event does not keep the reason %q: %q", tt.event, reason, d)
				}
			})
		}
	})
}

// TestClosingClearsEveryFlag: a case closed by staff, marked not a request
// or closed by its report to the DPO has no flag left, and the closing
// event names each; on SQLite and PostgreSQL.
func TestClosingClearsEveryFlag(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		w.withDPO(t)
		flagged := func() *store.Case {
			c := w.receive(t, w.now)
			w.correspond(t, c.Ref, "From: nosy@example.net\r\nSubject: about "+c.Ref+"\r\n\r\nHello.\r\n")
			w.correspond(t, c.Ref, fromDPO("fail", "Our reference is DPO-2026-00077."))
			if n := len(casework.Flags(w.reread(t, c.Ref))); n != 2 {
				t.Fatalf("%d flags raised, want 2", n)
			}
			return c
		}
		closed := flagged()
		if err := w.svc.Close(ctx, closed.Ref, "withdrawn by the requester", "Jo Staff"); err != nil {
			t.Fatal(err)
		}
		triaged := w.inState(t, casework.Triage, walkCases[0])
		w.correspond(t, triaged.Ref, "From: nosy@example.net\r\nSubject: about it\r\n\r\nHello.\r\n")
		if err := w.svc.NotARequest(ctx, triaged.Ref, "Jo Staff"); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			ref, event string
			reasons    int
		}{{closed.Ref, casework.ActClose, 2}, {triaged.Ref, casework.ActNotARequest, 1}} {
			got := w.reread(t, c.ref)
			if got.NeedsPerson || got.PersonReason != "" {
				t.Errorf("%s: flags left after %s: %q", c.ref, c.event, got.PersonReason)
			}
			d := lastEvent(t, w, got, c.event)
			if n := strings.Count(d, ";") + 1; !strings.Contains(d, "flag cleared") || n < c.reasons {
				t.Errorf("%s: the %s event does not name the cleared flags: %q", c.ref, c.event, d)
			}
		}
	})
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: true} }
