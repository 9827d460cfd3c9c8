package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"example.org/intake/internal/itest"
)

const registerCSV = "URN,Name,Email addresses,Phone,Programme stage,Stage date\r\n" +
	"AB1001,Alice Example,alice@example.org,01632 960001,did not attend the initial assessment,15/01/2026\r\n" +
	"AB1002,Bob Sample,bob@example.org,,no_ia,2026-02-03\r\n" +
	"AB1003,Carol Test,carol@@example.org,,not_started,\r\n"

func (e *env) upload(s *staff, path, csrf, name string, data []byte) *httptest.ResponseRecorder {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", csrf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req := httptest.NewRequest("POST", path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(s.cookie)
	res := httptest.NewRecorder()
	e.h.ServeHTTP(res, req)
	return res
}

func TestParticipantsImportSearchAndStage(t *testing.T) {
	e := newEnv(t)
	ad := e.addStaff("ada@provider.example", "Ada Admin", "admin")
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")

	if res := e.upload(jo, "/participants/import", jo.csrf, "register.csv", []byte(registerCSV)); res.Code != http.StatusForbidden {
		t.Errorf("staff import: %d, want 403", res.Code)
	}
	if res := e.upload(ad, "/participants/import", "wrong", "register.csv", []byte(registerCSV)); res.Code != http.StatusForbidden {
		t.Errorf("import without the token: %d, want 403", res.Code)
	}
	res := e.upload(ad, "/participants/import", ad.csrf, "register.csv", []byte(registerCSV))
	if res.Code != http.StatusOK {
		t.Fatalf("import: %d %s", res.Code, res.Body)
	}
	mustContain(t, res.Body.String(), "Import report", "3 rows read: 2 new, 0 updated, 1 rejected", "Rejected rows", "AB1003")
	mustNotContain(t, res.Body.String(), "carol@@example.org")

	res = e.do(jo, "GET", "/participants?q=alice", nil)
	mustContain(t, res.Body.String(), "AB1001", "Alice Example")
	mustNotContain(t, res.Body.String(), "AB1002")
	mustNotContain(t, res.Body.String(), "Import the register") // staff cannot import

	res = e.do(jo, "GET", "/participants/AB1002", nil)
	mustContain(t, res.Body.String(), "Bob Sample", "bob@example.org", "no_ia")
	res = e.do(jo, "POST", "/participants/AB1002/stage", url.Values{"stage": {"not_started"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("set stage: %d %s", res.Code, res.Body)
	}
	p, _ := e.d.Store.ParticipantByURN(context.Background(), "AB1002")
	if p.Stage != "not_started" {
		t.Errorf("stage %q", p.Stage)
	}
	if res := e.do(jo, "POST", "/participants/AB1002/stage", url.Values{"stage": {"made_up"}}); res.Code != http.StatusBadRequest {
		t.Errorf("unknown stage: %d", res.Code)
	}
	if res := e.do(jo, "GET", "/participants/ZZ9", nil); res.Code != http.StatusNotFound {
		t.Errorf("unknown participant: %d", res.Code)
	}
	if res := e.do(jo, "POST", "/participants/ZZ9/stage", url.Values{"stage": {"no_ia"}}); res.Code != http.StatusNotFound {
		t.Errorf("stage of unknown participant: %d", res.Code)
	}
}

// TestRegisterStageReachesTheCase: a stage set on the participant's page
// or brought by a new import reaches their open case through casework,
// with an event naming who did it.
func TestRegisterStageReachesTheCase(t *testing.T) {
	e := newEnv(t)
	ad := e.addStaff("ada@provider.example", "Ada Admin", "admin")
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	if res := e.upload(ad, "/participants/import", ad.csrf, "register.csv", []byte(registerCSV)); res.Code != http.StatusOK {
		t.Fatalf("import: %d", res.Code)
	}
	c := e.deliver(itest.ErasureRequest("erin@example.org", "rs1@example.org"))
	e.forwarded(c)
	e.act(ad, c.Ref, "link", url.Values{"urn": {"AB1002"}}, true)

	if res := e.do(jo, "POST", "/participants/AB1002/stage", url.Values{"stage": {"intervention_started"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("set stage: %d %s", res.Code, res.Body)
	}
	got, _ := e.d.Store.CaseByRef(context.Background(), c.Ref)
	if got.Stage != "intervention_started" || got.Recommendation != "refuse" {
		t.Errorf("after the participant's page: stage %q recommendation %q", got.Stage, got.Recommendation)
	}
	mustContain(t, e.do(ad, "GET", "/cases/"+c.Ref, nil).Body.String(), "from the register (Jo Caseworker on the participant&#39;s page)")

	// A register without the phone and email columns is imported, and its
	// new stage reaches the case.
	res := e.upload(ad, "/participants/import", ad.csrf, "register.csv", []byte("URN,Programme stage\r\nAB1002,did not start\r\n"))
	if res.Code != http.StatusOK {
		t.Fatalf("import without optional columns: %d %s", res.Code, res.Body)
	}
	got, _ = e.d.Store.CaseByRef(context.Background(), c.Ref)
	if got.Stage != "not_started" || got.Recommendation != "erase" {
		t.Errorf("after the import: stage %q recommendation %q", got.Stage, got.Recommendation)
	}
	mustContain(t, e.do(ad, "GET", "/cases/"+c.Ref, nil).Body.String(), "from the register (the register import by Ada Admin)")
	if p, _ := e.d.Store.ParticipantByURN(context.Background(), "AB1002"); len(p.Emails) != 1 {
		t.Errorf("the import without an email column lost the addresses: %+v", p)
	}
}
