package daemon_test

import (
	"bytes"
	"context"
	"database/sql"
	"testing"
	"time"

	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/store"
)

// TestRetentionSweepAtStart: a daemon started on a database holding a case
// closed longer ago than retention.closed_cases (six years by default)
// reduces it to its audit record at once (the reduction job runs at start,
// on River's leader), and leaves a case closed yesterday whole.
func TestRetentionSweepAtStart(t *testing.T) {
	itest.EachDB(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		st := itest.Store(t, dbURL)
		now := time.Now()
		closedCase := func(closed time.Time, uid uint32) *store.Case {
			var c *store.Case
			err := st.WithTx(ctx, func(tx *store.Tx) error {
				ref, err := tx.NextCaseRef(ctx, closed.Year())
				if err != nil {
					return err
				}
				c = &store.Case{Ref: ref, Kind: "access", Rights: "access", State: store.StateClosed, RequesterAddr: "sam@example.org",
					RequesterName: "Sam Example", Calendar: "england-and-wales", ReceivedAt: closed.AddDate(0, -1, 0),
					StartDate: closed.AddDate(0, -1, 0).Format(time.DateOnly), CreatedAt: closed}
				if err := tx.CreateCase(ctx, c); err != nil {
					return err
				}
				c.Outcome, c.ClosedAt = "answered", sql.NullTime{Time: closed, Valid: true}
				if err := tx.SaveCase(ctx, c, closed); err != nil {
					return err
				}
				raw := []byte("From: Sam Example <sam@example.org>\r\nSubject: my data\r\n\r\nPlease send me my data.\r\n")
				return tx.InsertInbound(ctx, &store.Inbound{Mailbox: "INBOX", UIDValidity: 7, UID: uid, DedupeKey: c.Ref,
					MessageID: c.Ref + "@example.org", Raw: raw, Size: int64(len(raw)), ReceivedAt: c.ReceivedAt, FromAddr: c.RequesterAddr,
					Subject: "my data", Kind: "access", Disposition: store.DispositionOpenedCase,
					CaseID: sql.NullInt64{Int64: c.ID, Valid: true}, CreatedAt: c.ReceivedAt})
			})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		old := closedCase(now.AddDate(-6, 0, -2), 1)
		recent := closedCase(now.AddDate(0, 0, -1), 2)

		d := itest.Start(t, itest.Config(itest.Mail(t, devmail.Options{}), dbURL))
		itest.Eventually(t, 30*time.Second, "the old case reduced", func() bool {
			c, err := d.Store.CaseByRef(ctx, old.Ref)
			return err == nil && c.ReducedAt.Valid
		})
		if c, _ := d.Store.CaseByRef(ctx, old.Ref); c.RequesterAddr != "" || c.RequesterName != "" || c.Outcome != "answered" {
			t.Errorf("old case after the sweep: %+v", c)
		}
		if in, _ := d.Store.InboundForCase(ctx, old.ID); len(in) != 1 || bytes.Contains(in[0].Raw, []byte("Sam")) {
			t.Errorf("the old case kept its mail: %+v", in)
		}
		if c, _ := d.Store.CaseByRef(ctx, recent.Ref); c.ReducedAt.Valid || c.RequesterAddr == "" {
			t.Errorf("a case closed yesterday was reduced: %+v", c)
		}
		if in, _ := d.Store.InboundForCase(ctx, recent.ID); len(in) != 1 || !bytes.Contains(in[0].Raw, []byte("Sam")) {
			t.Errorf("the recent case lost its mail")
		}
	})
}
