package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"example.org/intake/internal/itest"
	"example.org/intake/store"
	"example.org/intake/web"
)

// complaintCase opens a case through triage and confirms it as a complaint.
func (e *env) complaintCase(s *staff, from, msgID string) *store.Case {
	e.t.Helper()
	c := e.deliver(itest.TriageRequest(from, msgID))
	if c.State != store.StateTriage {
		e.t.Fatalf("case %s is %s, want triage", c.Ref, c.State)
	}
	e.act(s, c.Ref, "confirm", url.Values{"kind": {"complaint"}}, true)
	e.forwarded(c)
	got, err := e.d.Store.CaseByRef(context.Background(), c.Ref)
	if err != nil || got.Kind != "complaint" {
		e.t.Fatalf("complaint case: %v %+v", err, got)
	}
	return got
}

// TestOnlyWhatIsPossibleIsOffered: a complaint's page has no Extend, Ask
// for ID or Programme stage; posted anyway, the refusal is in plain words
// (never a state's code name) and comes back by redirect.
func TestOnlyWhatIsPossibleIsOffered(t *testing.T) {
	e := newEnv(t)
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	c := e.complaintCase(jo, "Pat <pat@example.org>", "c1@example.org")
	page := e.do(jo, "GET", "/cases/"+c.Ref, nil).Body.String()
	mustContain(t, page, `id="form-ask-clarification"`, `id="form-close"`)
	mustNotContain(t, page, `id="form-extend"`, `id="form-ask-id"`, `id="form-stage"`, `id="form-reopen"`)

	page = e.refusal(jo, "/cases/"+c.Ref+"/extend", url.Values{"reason": {"complex"}, "confirm": {"yes"}})
	mustContain(t, page, "A complaint cannot be extended.")
	mustNotContain(t, page, "awaiting dpo", "awaiting_dpo", "needs_decision")
	page = e.refusal(jo, "/cases/"+c.Ref+"/ask-id", url.Values{})
	mustContain(t, page, "A complaint needs no identity evidence.")
	if got, _ := e.d.Store.CaseByRef(context.Background(), c.Ref); got.Extended || got.State != c.State {
		t.Errorf("refused actions changed the case: %+v", got)
	}

	// An erasure request offers them.
	er := e.deliver(itest.ErasureRequest("erin@example.org", "c2@example.org"))
	e.forwarded(er)
	mustContain(t, e.do(jo, "GET", "/cases/"+er.Ref, nil).Body.String(), `id="form-extend"`, `id="form-ask-id"`, `id="form-stage"`)
}

// TestRefusedInputIsKept: a question refused (a second pause on one day)
// comes back in its form, with the reason next to it.
func TestRefusedInputIsKept(t *testing.T) {
	e := newEnv(t)
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	c := e.deliver(itest.AccessRequest("alex@example.org", "k1@example.org"))
	e.forwarded(c)
	e.act(jo, c.Ref, "ask-id", url.Values{"confirm": {"yes"}}, true)
	e.act(jo, c.Ref, "verify-id", url.Values{"note": {"passport seen"}}, true)
	e.act(jo, c.Ref, "ask-clarification", url.Values{"question": {"Which years?"}, "confirm": {"yes"}}, true)
	e.act(jo, c.Ref, "resume", url.Values{}, true)
	const q = "Which years of records do you mean, and which office?"
	page := e.refusal(jo, "/cases/"+c.Ref+"/ask-clarification", url.Values{"question": {q}})
	form := between(page, `id="form-ask-clarification"`, "</form>")
	mustContain(t, form, `class="field-error"`, `aria-invalid="true"`, q)
	mustContain(t, page, "That was not done", `href="#form-ask-clarification"`)
	// Another member of staff does not see Jo's kept text.
	ad := e.addStaff("ada@provider.example", "Ada Admin", "admin")
	res := e.do(jo, "POST", "/cases/"+c.Ref+"/ask-clarification", url.Values{"question": {q}})
	other := e.do(ad, "GET", noFragment(res.Header().Get("Location")), nil).Body.String()
	mustNotContain(t, other, q)
}

// TestCheckBeforeSend: each action that sends a letter first shows it, as
// the dry run renders it, and sends nothing until Send; closing and "not a
// request" ask first; a closed case reopens with a reason.
func TestCheckBeforeSend(t *testing.T) {
	e := newEnv(t)
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	c := e.deliver(itest.AccessRequest("alex@example.org", "s1@example.org"))
	e.forwarded(c)
	queued := func() int {
		obs, _ := e.d.Store.OutboundForCase(context.Background(), c.ID)
		return len(obs)
	}
	start := queued()
	for _, tc := range []struct {
		action string
		form   url.Values
		want   []string
	}{
		{"ask-id", url.Values{}, []string{"Check the request for identity evidence", "Request for identity evidence", "alex@example.org", "Send the request for ID"}},
		{"ask-clarification", url.Values{"question": {"Which office did you visit?"}}, []string{"Check the question", "Which office did you visit?", "Send the question"}},
		{"extend", url.Values{"reason": {"records held in three systems"}}, []string{"Check the extension notice", "records held in three systems", "Send the extension notice"}},
		{"close", url.Values{"reason": {"withdrawn"}}, []string{"Close this case?", "withdrawn", "Nothing is sent"}},
	} {
		t.Run(tc.action, func(t *testing.T) {
			res := e.do(jo, "POST", "/cases/"+c.Ref+"/"+tc.action, tc.form)
			loc := res.Header().Get("Location")
			if res.Code != http.StatusSeeOther || !strings.Contains(loc, "/check/") {
				t.Fatalf("%d %q, want a redirect to the check page", res.Code, loc)
			}
			page := e.do(jo, "GET", loc, nil)
			mustContain(t, page.Body.String(), append(tc.want, `name="confirm" value="yes"`, "Back")...)
			if n := queued(); n != start {
				t.Errorf("checking queued %d messages", n-start)
			}
		})
	}
	// Send from the check page: the hidden fields carry the question.
	res := e.do(jo, "POST", "/cases/"+c.Ref+"/ask-clarification", url.Values{"question": {"Which office did you visit?"}})
	page := e.do(jo, "GET", res.Header().Get("Location"), nil).Body.String()
	mustContain(t, page, `<input type="hidden" name="question" value="Which office did you visit?">`)
	e.act(jo, c.Ref, "ask-clarification", url.Values{"question": {"Which office did you visit?"}, "confirm": {"yes"}}, true)
	if queued() != start+1 {
		t.Errorf("sending queued %d messages, want 1", queued()-start)
	}

	// Close, confirm, reopen.
	e.act(jo, c.Ref, "close", url.Values{"reason": {"withdrawn"}, "confirm": {"yes"}}, true)
	page = e.do(jo, "GET", "/cases/"+c.Ref, nil).Body.String()
	mustContain(t, page, `id="form-reopen"`, "The clock is not restarted")
	mustContain(t, e.refusal(jo, "/cases/"+c.Ref+"/reopen", url.Values{}), "Say why the case is reopened.")
	e.act(jo, c.Ref, "reopen", url.Values{"reason": {"the requester wrote again"}}, true)
	page = e.do(jo, "GET", "/cases/"+c.Ref, nil).Body.String()
	mustContain(t, page, "Case reopened", "the requester wrote again", "not stopped while the case was closed")
}

// TestReportsLeaveOutNotARequest: a message the classifier read as a
// complaint but a person closed as not a request is not counted.
func TestReportsLeaveOutNotARequest(t *testing.T) {
	e := newEnv(t)
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	c := e.deliver(itest.TriageRequest("Pat <pat@example.org>", "nr1@example.org"))
	err := e.d.Store.WithTx(context.Background(), func(tx *store.Tx) error {
		c.Kind = "complaint"
		return tx.SaveCase(context.Background(), c, c.CreatedAt)
	})
	if err != nil {
		t.Fatal(err)
	}
	e.act(jo, c.Ref, "not-a-request", url.Values{"confirm": {"yes"}}, true)
	lines := strings.Split(strings.TrimSpace(e.do(jo, "GET", "/reports.csv", nil).Body.String()), "\n")
	if len(lines) != 1 {
		t.Errorf("a case closed as not a request is counted:\n%s", strings.Join(lines, "\n"))
	}
	page := e.do(jo, "GET", "/cases/"+c.Ref, nil).Body.String()
	mustContain(t, page, `id="form-reopen"`)
}

// TestDPORefInTheDesk: the DPO reference is entered and corrected on the
// case page, with the reason recorded; one another case holds is refused
// with the typed text kept.
func TestDPORefInTheDesk(t *testing.T) {
	e := newEnv(t)
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	a := e.deliver(itest.AccessRequest("alex@example.org", "dr1@example.org"))
	e.forwarded(a)
	b := e.deliver(itest.AccessRequest("sam@example.org", "dr2@example.org"))
	e.forwarded(b)
	mustContain(t, e.do(jo, "GET", "/cases/"+a.Ref, nil).Body.String(), `id="form-dpo-ref"`, "Enter the DPO reference")
	e.act(jo, a.Ref, "dpo-ref", url.Values{"dpo_ref": {"DPO-2026-41"}, "reason": {"given by phone"}}, true)
	got, _ := e.d.Store.CaseByRef(context.Background(), a.Ref)
	if got.DPORef != "DPO-2026-41" || got.State != store.StateDrafted {
		t.Errorf("after entering: ref %q state %s", got.DPORef, got.State)
	}
	page := e.refusal(jo, "/cases/"+b.Ref+"/dpo-ref", url.Values{"dpo_ref": {"DPO-2026-41"}, "reason": {"typed from the letter"}})
	mustContain(t, page, "The reference DPO-2026-41 belongs to case "+a.Ref+".", `value="typed from the letter"`)
	e.act(jo, a.Ref, "dpo-ref", url.Values{"dpo_ref": {"DPO-2026-14"}, "reason": {"digits swapped"}}, true)
	page = e.do(jo, "GET", "/cases/"+a.Ref, nil).Body.String()
	mustContain(t, page, "Correct the DPO reference", "corrected from DPO-2026-41 to DPO-2026-14 by Jo Caseworker: digits swapped")
}

// TestRefusalNeedsTheComplaintParagraph: a refusal rewritten without the
// paragraph about complaining to the ICO is refused at the check, with
// the reason; "Start again from the standard letter" brings it back, and
// it can then be approved.
func TestRefusalNeedsTheComplaintParagraph(t *testing.T) {
	e := newEnv(t)
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	c := e.deliver(itest.ErasureRequest("erin@example.org", "ico1@example.org"))
	e.forwarded(c)
	e.act(jo, c.Ref, "dpo-ref", url.Values{"dpo_ref": {"DPO-9"}, "reason": {"given by phone"}}, true)
	e.act(jo, c.Ref, "stage", url.Values{"stage": {"intervention_started"}}, true)
	std, _ := e.d.Store.CaseByRef(context.Background(), c.Ref)
	if std.DraftLetter != "erasure_refuse" || !strings.Contains(std.DraftText, "ico.org.uk") {
		t.Fatalf("standard refusal: %s\n%s", std.DraftLetter, std.DraftText)
	}
	e.act(jo, c.Ref, "edit-draft", url.Values{"subject": {"Your request"}, "text": {"Dear Erin,\n\nWe cannot delete your records.\n\nJo"}}, true)
	page := e.refusal(jo, "/cases/"+c.Ref+"/approve", url.Values{})
	mustContain(t, page, "A refusal must tell the requester they can complain to the Information Commissioner")
	mustContain(t, page, `id="form-redraft"`)
	e.act(jo, c.Ref, "redraft", url.Values{}, true)
	got, _ := e.d.Store.CaseByRef(context.Background(), c.Ref)
	if got.DraftText != std.DraftText || got.DraftBy != "intake" {
		t.Errorf("redraft: by %s\n%s", got.DraftBy, got.DraftText)
	}
	res := e.do(jo, "POST", "/cases/"+c.Ref+"/approve", url.Values{})
	if !strings.Contains(res.Header().Get("Location"), "/check/") {
		t.Errorf("the standard refusal is not accepted for checking: %d %s", res.Code, res.Header().Get("Location"))
	}
}

// TestLinkParticipantInTheDesk: a case is linked to a register entry from
// its page; an unknown URN is refused with the URN kept.
func TestLinkParticipantInTheDesk(t *testing.T) {
	e := newEnv(t)
	ad := e.addStaff("ada@provider.example", "Ada Admin", "admin")
	if res := e.upload(ad, "/participants/import", ad.csrf, "register.csv", []byte(registerCSV)); res.Code != http.StatusOK {
		t.Fatalf("import: %d", res.Code)
	}
	c := e.deliver(itest.ErasureRequest("erin@example.org", "ln1@example.org"))
	e.forwarded(c)
	mustContain(t, e.refusal(ad, "/cases/"+c.Ref+"/link", url.Values{"urn": {"ZZ999"}}), "No participant with URN ZZ999 in the register.", `value="ZZ999"`)
	e.act(ad, c.Ref, "link", url.Values{"urn": {"AB1002"}}, true)
	got, _ := e.d.Store.CaseByRef(context.Background(), c.Ref)
	if got.URN != "AB1002" || got.Stage != "no_ia" {
		t.Errorf("linked: URN %q stage %q", got.URN, got.Stage)
	}
	mustContain(t, e.do(ad, "GET", "/cases/"+c.Ref, nil).Body.String(), "Linked to a participant", "linked to participant AB1002 by Ada Admin")
}

// TestCalendarMarksBankHolidays: the dashboard's calendar names the bank
// holidays of the months it shows.
func TestCalendarMarksBankHolidays(t *testing.T) {
	e := newEnv(t, func(o *web.Options) {
		o.Now = func() time.Time { return time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC) }
	})
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	page := e.do(jo, "GET", "/", nil).Body.String()
	mustContain(t, page, `<span class="holiday-name">Christmas Day</span>`, `<span class="holiday-name">New Year`)
}
