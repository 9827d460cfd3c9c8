package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"example.org/intake/internal/itest"
	"example.org/intake/store"
)

var (
	tags     = regexp.MustCompile(`(?s)<[^>]*>`)
	isoDates = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`)
	codes    = regexp.MustCompile(`\b[a-z]+_[a-z_]+\b`)
)

// visible is the text of a page as a person reads it (tags removed).
func visible(page string) string { return tags.ReplaceAllString(page, " ") }

// plainPage fails when the visible text of page has a date in any style
// but the desk's, a code name, or the classifier's raw score.
func plainPage(t *testing.T, name, page string) {
	t.Helper()
	text := visible(page)
	for _, bad := range []*regexp.Regexp{isoDates, codes} {
		if m := bad.FindAllString(text, 5); m != nil {
			t.Errorf("%s shows %q", name, m)
		}
	}
	if strings.Contains(text, "confidence 0.") || strings.Contains(text, "confidence 1.") {
		t.Errorf("%s shows the classifier's raw score", name)
	}
}

// TestDeskPlainWords: the case page of a paused, extended and closed case,
// the audit log and the register say every date as "Tue 1 Dec 2026", no
// code names, the classifier's score as how sure it was, the stage in
// words; a closed case says what was sent, to whom and when.
func TestDeskPlainWords(t *testing.T) {
	e := newEnv(t)
	c := e.deliver(itest.ErasureRequest("Erin Example <erin.words@example.org>", "w1@example.org"))
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "admin")
	obs, err := e.d.Store.OutboundForCase(context.Background(), c.ID)
	if err != nil || len(obs) == 0 {
		t.Fatalf("nothing queued: %v", err)
	}
	sentAt := time.Date(2026, 12, 1, 10, 4, 0, 0, time.UTC)
	err = e.d.Store.WithTx(context.Background(), func(tx *store.Tx) error { return tx.MarkSent(context.Background(), obs[0].ID, "smtp", sentAt) })
	if err != nil {
		t.Fatal(err)
	}
	e.act(jo, c.Ref, "pause", url.Values{"reason": {"waiting for a signed form"}}, true)
	e.act(jo, c.Ref, "resume", url.Values{}, true)
	e.act(jo, c.Ref, "extend", url.Values{"reason": {"records held in three offices"}, "confirm": {"yes"}}, true)
	e.act(jo, c.Ref, "note", url.Values{"note": {"Rang the office."}}, true)
	e.act(jo, c.Ref, "close", url.Values{"reason": {"withdrawn by phone"}, "confirm": {"yes"}}, true)

	page := e.do(jo, "GET", "/cases/"+c.Ref, nil).Body.String()
	plainPage(t, "the case page", page)
	mustContain(t, page, "% sure", "What was sent on this case", "Holding reply to the requester to erin.words@example.org: sent Tue 1 Dec 2026, 10:04",
		"Extension notice to the requester to erin.words@example.org: waiting to be sent", "opened this case")
	plainPage(t, "the printable view", e.do(jo, "GET", "/cases/"+c.Ref+"/print", nil).Body.String())
	audit := e.do(jo, "GET", "/audit", nil).Body.String()
	plainPage(t, "the audit log", audit)
	mustContain(t, audit, "Internal note (never sent)", "Case closed")

	if res := e.upload(jo, "/participants/import", jo.csrf, "register.csv", []byte(registerCSV)); res.Code != http.StatusOK {
		t.Fatalf("import: %d", res.Code)
	}
	for _, p := range []string{"/participants", "/participants/AB1002"} {
		page := e.do(jo, "GET", p, nil).Body.String()
		plainPage(t, p, page)
		mustContain(t, page, "did not attend the initial assessment", "Tue 3 Feb 2026")
	}
	mustContain(t, e.do(jo, "GET", "/participants/AB1002", nil).Body.String(), `<option value="">Choose…</option>`)
	for _, p := range []string{"/", "/cases", "/cases?sort=due", "/triage", "/reports", "/account"} {
		plainPage(t, p, e.do(jo, "GET", p, nil).Body.String())
	}
}
