package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"example.org/intake/internal/itest"
	"example.org/intake/store"
	"example.org/intake/web"
)

// lockedBuffer is a log sink the handler goroutine and the test share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestActionErrors: a mistake of the member of staff is shown to them in
// plain words (400, or 409 for a refused transition) and is not logged as
// a failure; a fault, even one wrapped as "casework: …", is logged and
// shown as a fault (500), never as their mistake.
func TestActionErrors(t *testing.T) {
	var logs lockedBuffer
	e := newEnv(t, func(o *web.Options) { o.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	c := e.deliver(itest.AccessRequest("alex@example.org", "err-1@example.org"))
	e.forwarded(c)

	res := e.do(jo, "POST", "/cases/"+c.Ref+"/close", url.Values{})
	if res.Code != http.StatusBadRequest || !strings.Contains(res.Body.String(), "Say why the case is closed.") {
		t.Errorf("close without a reason: %d, want 400 with the reason asked for", res.Code)
	}
	res = e.do(jo, "POST", "/cases/"+c.Ref+"/resume", url.Values{})
	if res.Code != http.StatusConflict || !strings.Contains(res.Body.String(), "Cannot resume case "+c.Ref) {
		t.Errorf("resume while the clock runs: %d, want 409 with the refusal", res.Code)
	}
	if strings.Contains(logs.String(), "staff desk request failed") {
		t.Errorf("a mistake was logged as a failure:\n%s", logs.String())
	}

	// A stored clock that cannot be read is a fault: the error says
	// "casework: case … start date: …" but is not the member of staff's.
	q := `UPDATE cases SET start_date = 'garbled' WHERE id = ?`
	if _, err := e.d.Store.DB().ExecContext(context.Background(), q, c.ID); err != nil {
		t.Fatal(err)
	}
	res = e.do(jo, "POST", "/cases/"+c.Ref+"/pause", url.Values{"reason": {"waiting for a phone call"}})
	if res.Code != http.StatusInternalServerError || strings.Contains(res.Body.String(), "start date") {
		t.Errorf("pause with a broken clock: %d %q, want 500 without the detail", res.Code, res.Body.String())
	}
	if !strings.Contains(logs.String(), "staff desk request failed") || !strings.Contains(logs.String(), "start date") {
		t.Errorf("the fault was not logged:\n%s", logs.String())
	}
	got, _ := e.d.Store.CaseByRef(context.Background(), c.Ref)
	if got.State == store.StateAwaitingRequester {
		t.Error("the failed pause changed the case")
	}
}

// TestFlaggedCaseOnTheDesk: the dashboard shows why a case is flagged, and
// approving a flagged case needs the member of staff to say why.
func TestFlaggedCaseOnTheDesk(t *testing.T) {
	e := newEnv(t)
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	c := e.deliver(itest.ErasureRequest("erin@example.org", "flag-1@example.org"))
	e.forwarded(c)
	reason := "the requester replied while the clock is paused: check the evidence or answer, then resume or verify"
	err := e.d.Store.WithTx(context.Background(), func(tx *store.Tx) error {
		return tx.FlagForPerson(context.Background(), c.ID, reason, c.CreatedAt)
	})
	if err != nil {
		t.Fatal(err)
	}
	res := e.do(jo, "GET", "/", nil)
	mustContain(t, res.Body.String(), "Flagged", "the requester replied while the clock is paused")

	res = e.do(jo, "POST", "/cases/"+c.Ref+"/edit-draft", url.Values{"subject": {"Your erasure request"}, "text": {"We have deleted your details."}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("edit draft: %d", res.Code)
	}
	res = e.do(jo, "GET", "/cases/"+c.Ref, nil)
	mustContain(t, res.Body.String(), "The case is flagged. Why may the answer go anyway?")
	res = e.do(jo, "POST", "/cases/"+c.Ref+"/approve", url.Values{"no_dpo_ref_reason": {"agreed by phone"}})
	if res.Code != http.StatusConflict {
		t.Fatalf("approve a flagged case without saying why: %d", res.Code)
	}
	mustContain(t, res.Body.String(), "say why it may be approved anyway")
	res = e.do(jo, "POST", "/cases/"+c.Ref+"/approve", url.Values{"no_dpo_ref_reason": {"agreed by phone"}, "despite_flags": {"the reply was a thank-you note"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("approve with the reason: %d %s", res.Code, res.Body)
	}
	got, _ := e.d.Store.CaseByRef(context.Background(), c.Ref)
	if got.State != store.StateApproved || got.NeedsPerson {
		t.Errorf("after approval: %s flagged=%v", got.State, got.NeedsPerson)
	}
}
