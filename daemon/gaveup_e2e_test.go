package daemon_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"example.org/intake/casework"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/store"
)

// TestRefusedReplyKeepsTheCaseFlags: a request made for someone else is
// flagged for the authority it needs; when its holding reply is refused
// for good, casework adds the refusal to the case's flags instead of
// replacing them, and the event says which message went; the forward that
// did go is recorded as sent once.
func TestRefusedReplyKeepsTheCaseFlags(t *testing.T) {
	m := itest.Mail(t, devmail.Options{RejectRcpt: func(rcpt string) error {
		if strings.HasPrefix(rcpt, "gone.proxy@") {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
		}
		return nil
	}})
	d := itest.Start(t, itest.Config(m, "sqlite://"+t.TempDir()+"/intake.db"))
	raw := itest.Email("Pat Proxy <gone.proxy@example.org>", "Delete my mother's data", "proxy-1@example.org",
		"I am writing on behalf of my mother, who has dementia, to ask you to delete all her personal data. I hold lasting power of attorney.")
	if err := m.Deliver(itest.Intake, raw); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var c *store.Case
	itest.Eventually(t, 60*time.Second, "the refused holding reply flagged on the case", func() bool {
		cases, _ := d.Store.ListCases(ctx)
		for i := range cases {
			if cases[i].RequesterAddr == "gone.proxy@example.org" && strings.Contains(cases[i].PersonReason, "could not be delivered") {
				c = &cases[i]
				return true
			}
		}
		return false
	})
	flags := casework.Flags(c)
	var kinds []casework.FlagKind
	for _, f := range flags {
		kinds = append(kinds, f.Kind)
	}
	if len(flags) != 2 || !strings.Contains(flags[0].Reason, "evidence of authority") || flags[1].Kind != casework.FlagNotSent {
		t.Errorf("flags %+v (kinds %v), want the authority flag kept and the refused reply added", flags, kinds)
	}
	var v *casework.View
	itest.Eventually(t, 30*time.Second, "the DPO forward recorded as sent", func() bool {
		var err error
		v, err = d.Cases.Show(ctx, c.Ref)
		return err == nil && v.Case.ForwardedAt.Valid
	})
	failed, sent := 0, 0
	for _, e := range v.Events {
		switch {
		case e.Kind == casework.EvSendFailed && strings.HasPrefix(e.Detail, "holding_reply: "):
			failed++
		case e.Kind == casework.EvSent && e.Detail == "dpo_forward":
			sent++
		}
	}
	if failed != 1 || sent != 1 {
		t.Errorf("%d send_failed events for the holding reply and %d sent events for the forward, want one each: %+v", failed, sent, v.Events)
	}
}
