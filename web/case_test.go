package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"example.org/intake/internal/itest"
	"example.org/intake/store"
	"example.org/intake/web"
)

func TestDashboardGroupsCasesWithTheirClock(t *testing.T) {
	e := newEnv(t)
	erasure := e.deliver(itest.ErasureRequest("erin@example.org", "r1@example.org"))
	triage := e.deliver(itest.TriageRequest("Pat <pat@example.org>", "t1@example.org"))
	if triage.State != store.StateTriage {
		t.Fatalf("second message is %s, want triage", triage.State)
	}
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	res := e.do(jo, "GET", "/", nil)
	if res.Code != http.StatusOK {
		t.Fatalf("dashboard: %d", res.Code)
	}
	body := res.Body.String()
	mustContain(t, body, `href="/cases/`+erasure.Ref+`"`, `href="/cases/`+triage.Ref+`"`, "Waiting for the DPO", "Triage",
		"working days left", "Due dates, this month and next", "<caption>", "Signed in as Jo Caseworker")
	// The erasure case sits under "Waiting for the DPO", the other under Triage.
	dpo := strings.Index(body, `id="dpo"`)
	tri := strings.Index(body, `id="triage"`)
	if i := strings.Index(body, erasure.Ref); i < dpo {
		t.Errorf("erasure case listed before the DPO group")
	}
	if i := strings.Index(body, triage.Ref); i < tri || i > dpo {
		t.Errorf("triage case not in the triage group")
	}
	mustNotContain(t, body, "erin@example.org")
	if res := e.do(jo, "GET", "/cases?state=triage", nil); !strings.Contains(res.Body.String(), triage.Ref) || strings.Contains(res.Body.String(), erasure.Ref) {
		t.Errorf("case list filtered by state is wrong")
	}
}

// TestHostileEmailIsShownSafely: script, handlers, javascript: links and
// every remote resource are gone from the case page.
func TestHostileEmailIsShownSafely(t *testing.T) {
	e := newEnv(t)
	c := e.deliver(hostileEmail("Mallory <mallory@example.org>", "h1@example.org", "http://tracker.example"))
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	res := e.do(jo, "GET", "/cases/"+c.Ref, nil)
	if res.Code != http.StatusOK {
		t.Fatalf("case page: %d", res.Code)
	}
	body := res.Body.String()
	mustContain(t, body, "Show the formatted version", "delete all the personal data", `<a href="http://tracker.example/page" rel="nofollow noreferrer noopener" target="_blank">`)
	mustNotContain(t, body, "<script", "onload=", "onerror=", "javascript:", "<img", "<iframe", "<object", "<video", "<link rel=\"stylesheet\" href=\"http", "tracker.example/pixel",
		"tracker.example/bg.png", "tracker.example/div.png", "tracker.example/frame", "<form action=\"http")
	if csp := res.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "script-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
}

func TestEditAndApproveDraft(t *testing.T) {
	e := newEnv(t)
	c := e.deliver(itest.ErasureRequest("erin@example.org", "r1@example.org"))
	e.forwarded(c)
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")

	res := e.do(jo, "GET", "/cases/"+c.Ref, nil)
	mustContain(t, res.Body.String(), "Edit the draft", "Ask for ID", "Close the case", "How the due date was worked out", "Email received")
	mustNotContain(t, res.Body.String(), "Approve and send the answer") // nothing drafted yet

	text := "Dear Erin,\n\nWe have deleted your details.\n\nExample Family Support"
	res = e.do(jo, "POST", "/cases/"+c.Ref+"/edit-draft", url.Values{"subject": {"Your erasure request"}, "text": {text}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("edit draft: %d %s", res.Code, res.Body)
	}
	res = e.do(jo, "GET", res.Header().Get("Location"), nil)
	body := res.Body.String()
	mustContain(t, body, "Draft saved.", "The draft, as the requester would receive it", "Your erasure request ["+c.Ref+"]", "We have deleted your details.",
		"written by Jo Caseworker", "Why send it without the DPO team")

	// Approving without the DPO reference needs a reason.
	mustContain(t, e.refusal(jo, "/cases/"+c.Ref+"/approve", url.Values{"confirm": {"yes"}}), "That was not done", "give a reason")
	res = e.do(jo, "POST", "/cases/"+c.Ref+"/approve", url.Values{"no_dpo_ref_reason": {"DPO team agreed by phone"}, "confirm": {"yes"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", res.Code, res.Body)
	}
	got, _ := e.d.Store.CaseByRef(context.Background(), c.Ref)
	if got.State != store.StateApproved || got.ApprovedBy != "Jo Caseworker" || got.NoDPORefReason != "DPO team agreed by phone" {
		t.Errorf("after approval: state %s by %q reason %q", got.State, got.ApprovedBy, got.NoDPORefReason)
	}
	obs, _ := e.d.Store.OutboundForCase(context.Background(), c.ID)
	found := false
	for _, o := range obs {
		if o.Kind == "answer" && bytes.Contains(o.Raw, []byte("We have deleted your details.")) {
			found = true
		}
	}
	if !found {
		t.Error("no answer queued with the edited text")
	}
	// Approved, the page shows the message queued, not a draft.
	mustContain(t, e.do(jo, "GET", "/cases/"+c.Ref, nil).Body.String(), "The answer as approved", "not sent yet", "We have deleted your details.")
	// Approving twice is refused: the state no longer allows it.
	mustContain(t, e.refusal(jo, "/cases/"+c.Ref+"/approve", url.Values{"no_dpo_ref_reason": {"again"}, "confirm": {"yes"}}),
		"You cannot approve this case while it is approved and its answer being sent.")
	res = e.do(jo, "GET", "/cases/"+c.Ref+"/print", nil)
	mustContain(t, res.Body.String(), "Approved by", "Jo Caseworker")
}

func TestCaseActions(t *testing.T) {
	e := newEnv(t)
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	c := e.deliver(itest.AccessRequest("alex@example.org", "a1@example.org"))
	e.forwarded(c)
	c, _ = e.d.Store.CaseByRef(context.Background(), c.Ref)
	ref := c.Ref
	for _, tc := range []struct {
		name, action string
		form         url.Values
		done         bool
		state        string
	}{
		{"close needs a reason", "close", url.Values{"confirm": {"yes"}}, false, c.State},
		{"unknown stage", "stage", url.Values{"stage": {"nope"}}, false, c.State},
		{"ask for ID pauses", "ask-id", url.Values{"confirm": {"yes"}}, true, store.StateAwaitingRequester},
		{"approve refused while paused", "approve", url.Values{"no_dpo_ref_reason": {"x"}, "confirm": {"yes"}}, false, store.StateAwaitingRequester},
		{"verify ID", "verify-id", url.Values{"note": {"passport seen"}}, true, c.State},
		{"consider extension", "consider-extension", url.Values{"considering": {"yes"}}, true, c.State},
		// The wait for ID was not a pause: a clarification the same day is.
		{"clarification after ID verified", "ask-clarification", url.Values{"question": {"Which years?"}, "confirm": {"yes"}}, true, store.StateAwaitingRequester},
		{"resume", "resume", url.Values{}, true, c.State},
		{"a second pause on the same day is refused", "ask-clarification", url.Values{"question": {"Which years?"}, "confirm": {"yes"}}, false, c.State},
		{"resume refused while the clock runs", "resume", url.Values{}, false, c.State},
		{"not a request refused outside triage", "not-a-request", url.Values{"confirm": {"yes"}}, false, c.State},
		{"close", "close", url.Values{"reason": {"withdrawn by the requester"}, "confirm": {"yes"}}, true, store.StateClosed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.act(jo, ref, tc.action, tc.form, tc.done)
			got, _ := e.d.Store.CaseByRef(context.Background(), ref)
			if got.State != tc.state {
				t.Errorf("state %s, want %s", got.State, tc.state)
			}
		})
	}
	if res := e.do(jo, "POST", "/cases/"+ref+"/explode", url.Values{}); res.Code != http.StatusNotFound {
		t.Errorf("unknown action: %d", res.Code)
	}
	if res := e.do(jo, "GET", "/cases/INT-1999-0001", nil); res.Code != http.StatusNotFound {
		t.Errorf("unknown case: %d", res.Code)
	}
	if res := e.do(jo, "POST", "/cases/INT-1999-0001/close", url.Values{"reason": {"x"}}); res.Code != http.StatusNotFound {
		t.Errorf("action on unknown case: %d", res.Code)
	}
}

func TestTriageQueue(t *testing.T) {
	e := newEnv(t)
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	a := e.deliver(itest.TriageRequest("Pat <pat@example.org>", "t1@example.org"))
	b := e.deliver(itest.TriageRequest("Sam <sam@example.org>", "t2@example.org"))
	res := e.do(jo, "GET", "/triage", nil)
	mustContain(t, res.Body.String(), a.Ref, b.Ref, "This is an erasure request", "Not a request", "no clear first-person request wording")
	res = e.do(jo, "POST", "/cases/"+a.Ref+"/confirm", url.Values{"kind": {"erasure"}, "next": {"/triage"}})
	if res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header().Get("Location"), "/triage") {
		t.Fatalf("confirm: %d %q", res.Code, res.Header().Get("Location"))
	}
	res = e.do(jo, "POST", "/cases/"+b.Ref+"/not-a-request", url.Values{"next": {"/triage"}, "confirm": {"yes"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("not a request: %d", res.Code)
	}
	ga, _ := e.d.Store.CaseByRef(context.Background(), a.Ref)
	gb, _ := e.d.Store.CaseByRef(context.Background(), b.Ref)
	if ga.State != store.StateReceived || ga.Kind != "erasure" || gb.State != store.StateClosed {
		t.Errorf("after triage: %s %s / %s", ga.State, ga.Kind, gb.State)
	}
	obs, _ := e.d.Store.OutboundForCase(context.Background(), ga.ID)
	if len(obs) != 2 {
		t.Errorf("confirmed request queued %d messages, want holding reply and DPO forward", len(obs))
	}
	if obs, _ := e.d.Store.OutboundForCase(context.Background(), gb.ID); len(obs) != 0 {
		t.Errorf("not-a-request queued %d messages", len(obs))
	}
	res = e.do(jo, "GET", "/triage", nil)
	mustContain(t, res.Body.String(), "Nothing to triage.")
}

func TestAttachmentsNeedASession(t *testing.T) {
	e := newEnv(t)
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	c := e.deliver(itest.AccessRequest("alex@example.org", "a1@example.org"))
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", jo.csrf)
	fw, _ := mw.CreateFormFile("file", "disclosure <1>.html")
	fw.Write([]byte("<script>alert(1)</script>records"))
	mw.Close()
	req := httptest.NewRequest("POST", "/cases/"+c.Ref+"/attach", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(jo.cookie)
	res := httptest.NewRecorder()
	e.h.ServeHTTP(res, req)
	if res.Code != http.StatusSeeOther {
		t.Fatalf("attach: %d %s", res.Code, res.Body)
	}
	files, _ := e.d.Store.FilesOf(context.Background(), c.ID)
	if len(files) != 1 {
		t.Fatalf("%d files", len(files))
	}
	path := "/cases/" + c.Ref + "/files/" + itoa(files[0].ID)
	res = e.do(jo, "GET", path, nil)
	if res.Code != http.StatusOK || res.Body.String() != "<script>alert(1)</script>records" {
		t.Fatalf("download: %d", res.Code)
	}
	if ct := res.Header().Get("Content-Type"); ct != "application/octet-stream" || !strings.HasPrefix(res.Header().Get("Content-Disposition"), "attachment;") {
		t.Errorf("download served as %q %q: a browser could render it", ct, res.Header().Get("Content-Disposition"))
	}
	if res := e.do(nil, "GET", path, nil); res.Code != http.StatusSeeOther {
		t.Errorf("download without a session: %d", res.Code)
	}
	ins, _ := e.d.Store.InboundForCase(context.Background(), c.ID)
	res = e.do(jo, "GET", "/cases/"+c.Ref+"/messages/i"+itoa(ins[0].ID), nil)
	if res.Code != http.StatusOK || !strings.Contains(res.Body.String(), "subject access request") {
		t.Errorf("raw email download: %d", res.Code)
	}
	if res := e.do(jo, "GET", "/cases/"+c.Ref+"/files/999", nil); res.Code != http.StatusNotFound {
		t.Errorf("missing file: %d", res.Code)
	}
}

func TestReportsAuditAndAPI(t *testing.T) {
	e := newEnv(t)
	c := e.deliver(itest.ErasureRequest("erin@example.org", "r1@example.org"))
	e.deliver(itest.AccessRequest("alex@example.org", "a1@example.org"))
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	ad := e.addStaff("ada@provider.example", "Ada Admin", "admin")

	e.do(jo, "GET", "/cases/"+c.Ref, nil)
	e.do(jo, "POST", "/cases/"+c.Ref+"/close", url.Values{"reason": {"duplicate"}, "confirm": {"yes"}})

	res := e.do(jo, "GET", "/reports", nil)
	mustContain(t, res.Body.String(), "<svg", "Requests received per month", "<td>2</td>")
	res = e.do(jo, "GET", "/reports.csv", nil)
	lines := strings.Split(strings.TrimSpace(res.Body.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "month,requests,erasure,access") || !strings.Contains(lines[1], ",2,1,1,") {
		t.Errorf("report CSV:\n%s", res.Body)
	}

	res = e.do(ad, "GET", "/audit", nil)
	mustContain(t, res.Body.String(), "Viewed", "Jo Caseworker", "case page", "Case closed", "duplicate")
	res = e.do(ad, "GET", "/audit.csv", nil)
	mustContain(t, res.Body.String(), "at,case,who,action,detail", c.Ref+",Jo Caseworker,Viewed,case page")

	// The API, with the session and with a token.
	res = e.do(jo, "GET", "/api/cases", nil)
	var list struct {
		Cases []struct{ Ref, State, Clock string } `json:"cases"`
	}
	if err := json.Unmarshal(res.Body.Bytes(), &list); err != nil || len(list.Cases) != 2 {
		t.Fatalf("api list: %v %s", err, res.Body)
	}
	res = e.do(jo, "POST", "/account/api-token", url.Values{})
	tok := between(res.Body.String(), `<pre tabindex="0">`, "</pre>")
	if tok == "" {
		t.Fatal("no token shown")
	}
	res = e.do(nil, "GET", "/api/cases/"+c.Ref, nil, "Authorization", "Bearer "+tok)
	var one struct {
		Case     struct{ Ref, State string }
		Timeline []struct{ Type, Title string }
	}
	if err := json.Unmarshal(res.Body.Bytes(), &one); err != nil || one.Case.Ref != c.Ref || one.Case.State != "closed" || len(one.Timeline) < 3 {
		t.Fatalf("api case: %v %s", err, res.Body)
	}
	if res := e.do(nil, "GET", "/api/cases/INT-1999-0001", nil, "Authorization", "Bearer "+tok); res.Code != http.StatusNotFound {
		t.Errorf("api unknown case: %d", res.Code)
	}
}

func TestHealthIsMountedWithoutSession(t *testing.T) {
	e := newEnv(t)
	if res := e.do(nil, "GET", "/healthz", nil); res.Code != http.StatusOK {
		t.Errorf("/healthz: %d", res.Code)
	}
	if res := e.do(nil, "GET", "/static/style.css", nil); res.Code != http.StatusOK {
		t.Errorf("/static/style.css: %d", res.Code)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		return ""
	}
	s = s[i+len(a):]
	j := strings.Index(s, b)
	if j < 0 {
		return ""
	}
	return strings.TrimSpace(s[:j])
}

func TestStageRejectPauseExtend(t *testing.T) {
	e := newEnv(t)
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	c := e.deliver(itest.ErasureRequest("erin@example.org", "r1@example.org"))
	e.forwarded(c)
	ref := c.Ref
	for _, tc := range []struct {
		name, action string
		form         url.Values
		done         bool
		state        string
	}{
		{"stage drafts the letter", "stage", url.Values{"stage": {"no_ia"}}, true, store.StateDrafted},
		{"reject needs a reason", "reject", url.Values{}, false, store.StateDrafted},
		{"reject", "reject", url.Values{"reason": {"wrong letter"}}, true, store.StateNeedsDecision},
		{"pause needs a reason", "pause", url.Values{}, false, store.StateNeedsDecision},
		{"pause", "pause", url.Values{"reason": {"waiting for authority"}}, true, store.StateAwaitingRequester},
		{"resume", "resume", url.Values{}, true, store.StateNeedsDecision},
		{"extend needs a reason", "extend", url.Values{"confirm": {"yes"}}, false, store.StateNeedsDecision},
		{"extend", "extend", url.Values{"reason": {"complexity: records held in three systems"}, "confirm": {"yes"}}, true, store.StateNeedsDecision},
		{"clear flag", "clear-flag", url.Values{}, true, store.StateNeedsDecision},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.act(jo, ref, tc.action, tc.form, tc.done)
			got, _ := e.d.Store.CaseByRef(context.Background(), ref)
			if got.State != tc.state {
				t.Errorf("state %s, want %s", got.State, tc.state)
			}
		})
	}
	got, _ := e.d.Store.CaseByRef(context.Background(), ref)
	if got.Stage != "no_ia" || got.Recommendation != "erase" || !got.Extended {
		t.Errorf("stage %q recommendation %q", got.Stage, got.Recommendation)
	}
	res := e.do(jo, "GET", "/cases/"+ref, nil)
	mustContain(t, res.Body.String(), "did not attend the initial assessment", "Pauses of the clock", "waiting for authority", "Draft sent back", "extended: complexity")
}

// TestDashboardShowsAlarms: when intake itself is in trouble (the inbox
// not read, sending failing) the dashboard says so first.
func TestDashboardShowsAlarms(t *testing.T) {
	alarms := []web.Alarm{}
	e := newEnv(t, func(o *web.Options) { o.Alarms = func() []web.Alarm { return alarms } })
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	mustNotContain(t, e.do(jo, "GET", "/", nil).Body.String(), "intake needs attention")
	alarms = append(alarms, web.Alarm{Title: "The inbox has not been read", Detail: "IMAP login fails.", Since: time.Now().Add(-20 * time.Minute)})
	body := e.do(jo, "GET", "/", nil).Body.String()
	mustContain(t, body, `role="alert"`, "intake needs attention", "The inbox has not been read", "IMAP login fails.")
}

// TestDashboardShowsSendQueue: the dashboard says how many letters wait
// to be sent (a new request's holding reply and forward, the daemon not
// sending) and, with the provider's limit, how long they will take.
func TestDashboardShowsSendQueue(t *testing.T) {
	var e *env
	e = newEnv(t, func(o *web.Options) {
		o.SendQueue = func(ctx context.Context) (web.SendQueue, error) { return e.d.DashboardSendQueue(ctx) }
	})
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	mustContain(t, e.do(jo, "GET", "/", nil).Body.String(), "No letters are waiting to be sent.")
	e.deliver(itest.ErasureRequest("erin@example.org", "r1@example.org"))
	mustContain(t, e.do(jo, "GET", "/", nil).Body.String(), "2 letters are waiting to be sent.")
}

// TestSendQueueWords: the queue's sentence for each kind of estimate.
func TestSendQueueWords(t *testing.T) {
	for _, tc := range []struct {
		q    web.SendQueue
		want string
	}{
		{web.SendQueue{Known: true}, "No letters are waiting to be sent."},
		{web.SendQueue{Queued: 1}, "1 letter is waiting to be sent."},
		{web.SendQueue{Queued: 45, PerMinute: 30, Limited: true, Drain: 90 * time.Second, Known: true},
			"45 letters are waiting to be sent: about 2 minutes at the limit of 30 a minute."},
		{web.SendQueue{Queued: 10, PerMinute: 12.34, Drain: 49 * time.Second, Known: true},
			"10 letters are waiting to be sent: about 49 seconds at the last minute's rate of 12.3 a minute."},
		{web.SendQueue{Queued: 5000, Limited: true, PerMinute: 30, Drain: 3 * 24 * time.Hour, Known: true},
			"5000 letters are waiting to be sent: about 3 days at the limit of 30 a minute."},
	} {
		if got := tc.q.Words(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.q, got, tc.want)
		}
	}
}
