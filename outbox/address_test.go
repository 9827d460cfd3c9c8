package outbox_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/riverqueue/river"

	"example.org/intake/store"
)

// TestAddressNeedingSMTPUTF8 (issue 10): a requester whose local part is
// not ASCII, on a server without SMTPUTF8, cannot be written to. The
// message fails at once and for good, the case is flagged for a person
// with the reason, and nothing is submitted or retried.
func TestAddressNeedingSMTPUTF8(t *testing.T) {
	w := newWorld(t)
	id := w.queue(t, "jörg@müller.example", "u1@provider.example")
	err := w.work(id)
	var cancel *river.JobCancelError
	if !errors.As(err, &cancel) {
		t.Fatalf("Work() = %v, want the job cancelled", err)
	}
	if o := w.outbound(t, id); o.State != store.OutboundFailed {
		t.Errorf("message state %s, want failed", o.State)
	}
	c, _ := w.st.CaseByID(context.Background(), w.caseID)
	if !c.NeedsPerson || !strings.Contains(c.PersonReason, "SMTPUTF8") {
		t.Errorf("case: needs_person=%v %q, want flagged with the reason", c.NeedsPerson, c.PersonReason)
	}
	if n := len(w.mail.SMTPLog()); n != 0 {
		t.Errorf("%d messages submitted", n)
	}
}
