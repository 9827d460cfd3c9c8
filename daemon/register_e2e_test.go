package daemon_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"example.org/intake/config"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/participants"
	"example.org/intake/store"
)

// TestRegisterLinksAndRecommends: a request from an address in the
// participant register is linked to the participant; when the DPO team's
// reference arrives the erasure is drafted from the register's stage with
// no staff step; the holding reply reveals nothing of the register.
func TestRegisterLinksAndRecommends(t *testing.T) {
	itest.EachDB(t, func(t *testing.T, dbURL string) {
		m := itest.Mail(t, devmail.Options{})
		d := itest.Start(t, itest.Config(m, dbURL))
		ctx := context.Background()
		csv := "URN,name,email,phone,stage,stage date\r\n" +
			"40012345,Kim Register,kim.register@example.org,01234 567890,did not start,2026-01-10\r\n" +
			"40099999,Lee Started,lee.started@example.org,,started the intervention,2026-02-01\r\n"
		rep, err := participants.Import(ctx, d.Store, strings.NewReader(csv), config.DefaultProgramme(), time.Now(), nil)
		if err != nil || rep.Accepted() != 2 {
			t.Fatalf("import: %+v, %v", rep, err)
		}
		for _, who := range []string{"kim.register@example.org", "lee.started@example.org"} {
			if err := m.Deliver(itest.Intake, itest.ErasureRequest(who, who+".1@example.org")); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct{ who, urn, letter string }{
			{"kim.register@example.org", "40012345", "erasure_accept"},
			{"lee.started@example.org", "40099999", "erasure_refuse"},
		} {
			c := caseFor(t, d, tc.who)
			if c.URN != tc.urn || c.Stage == "" {
				t.Fatalf("case of %s: URN %q stage %q, want linked to %s", tc.who, c.URN, c.Stage, tc.urn)
			}
			holding := sentTo(m, tc.who)[0]
			if bytes.Contains(holding.Data, []byte(tc.urn)) || bytes.Contains(holding.Data, []byte("Register")) || bytes.Contains(holding.Data, []byte("Started")) {
				t.Errorf("the holding reply to %s reveals register data", tc.who)
			}
			fwd := forwardOf(t, m, c.Ref)
			for _, e := range sentTo(m, itest.DPO) {
				h := header(t, e.Data)
				if id, _ := h.MessageID(); id == fwd && !strings.Contains(bodyOf(t, e.Data), tc.urn) {
					t.Errorf("the DPO forward of %s does not give the URN %s", c.Ref, tc.urn)
				}
			}
			if err := m.Deliver(itest.Intake, dpoEmail(fwd, "dpo-"+tc.urn+"@dpo.example", "RE: "+c.Ref, "Our ref: DPO-2026-"+tc.urn[3:]+".\n")); err != nil {
				t.Fatal(err)
			}
			c = waitState(t, d, c.Ref, store.StateDrafted)
			if c.DraftLetter != tc.letter {
				t.Errorf("case of %s drafted from %q, want %q", tc.who, c.DraftLetter, tc.letter)
			}
		}
	})
}
