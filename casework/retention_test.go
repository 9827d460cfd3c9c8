package casework_test

import (
	"bytes"
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"example.org/intake/casework"
	"example.org/intake/config"
	"example.org/intake/store"
)

// TestRetentionOfClosedCases: with the default retention (30 days after an
// accepted erasure, six years after any other case closed), a sweep at a
// clock we move reduces each closed case when its time is up, to the same
// audit record an erasure leaves, with an event in the audit trail, and
// logs only references and counts. Open cases are never reduced.
func TestRetentionOfClosedCases(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		closed := w.now
		mails := 0
		closedCase := func(kind, outcome string) *store.Case {
			mails++
			c := w.deskCase(t, kind, store.StateClosed, func(c *store.Case) {
				c.Outcome, c.ClosedAt = outcome, sql.NullTime{Time: closed, Valid: true}
				c.RequesterName, c.DraftText, c.DraftSubject = "Sam Example", "Dear Sam Example", "Your request"
			})
			w.reply(t, c, closed.Add(-time.Duration(mails)*time.Hour), "From: Sam Example <sam@example.org>\r\nSubject: my data\r\n\r\nPlease send me my data.\r\n")
			return c
		}
		erased := closedCase("erasure", casework.OutcomeErased)
		answered := closedCase("access", "answered")
		refused := closedCase("erasure", "erasure refused")
		open := w.deskCase(t, "access", store.StateNeedsDecision, nil)
		w.reply(t, open, closed, "From: Sam Example <sam@example.org>\r\nSubject: my data\r\n\r\nStill waiting.\r\n")

		sweep := func(at time.Time) casework.Reduced {
			t.Helper()
			w.now = at
			r, err := w.svc.Reduce(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		if r := sweep(closed.AddDate(0, 0, 29)); r != (casework.Reduced{}) {
			t.Errorf("29 days after closing: reduced %+v, want nothing", r)
		}
		if r := sweep(closed.AddDate(0, 0, 31)); r != (casework.Reduced{Erased: 1}) {
			t.Errorf("31 days after closing: reduced %+v, want the accepted erasure", r)
		}
		if r := sweep(closed.AddDate(6, 0, -1)); r != (casework.Reduced{}) {
			t.Errorf("a day short of six years: reduced %+v, want nothing", r)
		}
		w.logs.Reset()
		if r := sweep(closed.AddDate(6, 0, 1)); r != (casework.Reduced{Expired: 2}) {
			t.Errorf("six years and a day after closing: reduced %+v, want the answered and the refused case", r)
		}
		if r := sweep(closed.AddDate(7, 0, 0)); r != (casework.Reduced{}) {
			t.Errorf("a second sweep reduced %+v again", r)
		}

		for _, c := range []*store.Case{erased, answered, refused} {
			got := w.reread(t, c.Ref)
			if !got.ReducedAt.Valid || got.RequesterAddr != "" || got.RequesterName != "" || got.DraftText != "" || got.DraftSubject != "" {
				t.Errorf("case %s not reduced to an audit record: %+v", c.Ref, got)
			}
			if got.Outcome != c.Outcome || !got.ClosedAt.Valid || got.Kind != c.Kind || got.Ref != c.Ref {
				t.Errorf("case %s lost a fact of its audit record: %+v", c.Ref, got)
			}
			in, err := w.st.InboundForCase(ctx, c.ID)
			if err != nil || len(in) != 1 || bytes.Contains(in[0].Raw, []byte("Sam")) || in[0].FromAddr != "" || in[0].Subject != "" {
				t.Errorf("case %s kept its mail: %v %+v", c.Ref, err, in)
			}
			detail := lastEvent(t, w, got, casework.ActReduce)
			want := "retention period of closed cases has ended"
			if c == erased {
				want = "after the erasure"
			}
			if !strings.Contains(detail, want) {
				t.Errorf("case %s: reduction event %q, want it to say %q", c.Ref, detail, want)
			}
		}
		if got := w.reread(t, open.Ref); got.ReducedAt.Valid || got.RequesterAddr == "" {
			t.Errorf("an open case was reduced: %+v", got)
		}
		if in, _ := w.st.InboundForCase(ctx, open.ID); len(in) != 1 || !bytes.Contains(in[0].Raw, []byte("Still waiting")) {
			t.Errorf("the open case lost its mail")
		}
		logs := w.logs.String()
		for _, personal := range []string{"Sam", "sam@example.org", "my data", "Your request"} {
			if strings.Contains(logs, personal) {
				t.Errorf("the log holds %q:\n%s", personal, logs)
			}
		}
		if !strings.Contains(logs, answered.Ref) || !strings.Contains(logs, "retention_ended=2") {
			t.Errorf("the log does not name the cases and count them:\n%s", logs)
		}
	})
}

// TestRetentionConfigured: a shorter retention of closed cases, from the
// configuration, reduces sooner; an erasure still has its own grace.
func TestRetentionConfigured(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		w.useRetention(t, config.Retention{ErasureGrace: config.Duration{Duration: 48 * time.Hour}, ClosedCases: config.Period{Days: 90}})
		c := w.deskCase(t, "access", store.StateClosed, func(c *store.Case) {
			c.Outcome, c.ClosedAt = "answered", sql.NullTime{Time: w.now, Valid: true}
		})
		e := w.deskCase(t, "erasure", store.StateClosed, func(c *store.Case) {
			c.Outcome, c.ClosedAt = casework.OutcomeErased, sql.NullTime{Time: w.now, Valid: true}
		})
		closed := w.now
		w.now = closed.AddDate(0, 0, 3)
		if r, err := w.svc.Reduce(ctx); err != nil || r != (casework.Reduced{Erased: 1}) {
			t.Errorf("3 days on: %+v, %v", r, err)
		}
		w.now = closed.AddDate(0, 0, 91)
		if r, err := w.svc.Reduce(ctx); err != nil || r != (casework.Reduced{Expired: 1}) {
			t.Errorf("91 days on: %+v, %v", r, err)
		}
		if !w.reread(t, c.Ref).ReducedAt.Valid || !w.reread(t, e.Ref).ReducedAt.Valid {
			t.Error("not both reduced")
		}
	})
}

// TestRetentionFromConfig: the service the daemon builds from its
// configuration sweeps with retention.closed_cases.
func TestRetentionFromConfig(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		cfg := config.Default()
		cfg.Organisation.Name = "Example Family Support"
		cfg.SMTP.From = "Example Family Support <intake@provider.example>"
		cfg.Routing.DPO, cfg.Routing.EnquiryCC = "data.protection@dpo.example", []string{"enquiries@dpo.example"}
		cfg.Retention.ClosedCases = config.Period{Days: 10}
		rt, err := casework.ParseConfig(cfg)
		if err != nil {
			t.Fatal(err)
		}
		svc, err := casework.FromConfig(ctx, cfg, rt, w.st, w.opts.Queue, w.opts.Logger)
		if err != nil {
			t.Fatal(err)
		}
		svc.SetClock(func() time.Time { return w.now })
		c := w.deskCase(t, "access", store.StateClosed, func(c *store.Case) {
			c.Outcome, c.ClosedAt = "answered", sql.NullTime{Time: w.now, Valid: true}
		})
		closed := w.now
		w.now = closed.AddDate(0, 0, 9)
		if r, err := svc.Reduce(ctx); err != nil || r != (casework.Reduced{}) {
			t.Errorf("9 days on: %+v, %v", r, err)
		}
		w.now = closed.AddDate(0, 0, 11)
		if r, err := svc.Reduce(ctx); err != nil || r != (casework.Reduced{Expired: 1}) || !w.reread(t, c.Ref).ReducedAt.Valid {
			t.Errorf("11 days on: %+v, %v", r, err)
		}
	})
}
