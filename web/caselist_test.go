package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	"example.org/intake/evidence"
	"example.org/intake/internal/itest"
)

// TestFindAndOwnWork: the case list searches, sorts and pages; a case
// assigned to Jo is in her "My cases"; a note is on the timeline and in
// the evidence pack and is never sent; the audit log filters.
func TestFindAndOwnWork(t *testing.T) {
	e := newEnv(t)
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "admin")
	var refs []string
	for i := 0; i < 53; i++ {
		c := e.deliver(itest.ErasureRequest(fmt.Sprintf("Person %02d <person%02d@example.org>", i, i), fmt.Sprintf("f%d@example.org", i)))
		refs = append(refs, c.Ref)
	}
	page := e.do(jo, "GET", "/cases", nil).Body.String()
	mustContain(t, page, "Showing 1 to 50 of 53", `rel="next"`, refs[52], "Person 52")
	mustNotContain(t, page, ">"+refs[0]+"<")
	page = e.do(jo, "GET", "/cases?page=2", nil).Body.String()
	mustContain(t, page, "Showing 51 to 53 of 53", ">"+refs[0]+"<", `rel="prev"`)
	page = e.do(jo, "GET", "/cases?q=person07%40example.org", nil).Body.String()
	mustContain(t, page, "Showing 1 to 1 of 1", refs[7])
	page = e.do(jo, "GET", "/cases?sort=requester", nil).Body.String()
	if i, j := strings.Index(page, "Person 00"), strings.Index(page, "Person 01"); i < 0 || j < i {
		t.Error("sorting by requester does not put Person 00 first")
	}
	mustContain(t, page, `aria-sort="ascending"`)

	// Assign, note.
	ref := refs[3]
	e.act(jo, ref, "assign", url.Values{"staff": {"me"}}, true)
	dash := e.do(jo, "GET", "/", nil).Body.String()
	mustContain(t, between(dash, `id="mine"`, "</section>"), ref)
	mustContain(t, e.do(jo, "GET", "/cases?assignee=me", nil).Body.String(), "Showing 1 to 1 of 1", ref)
	mustContain(t, e.refusal(jo, "/cases/"+ref+"/note", url.Values{"note": {"  "}}), "The note is empty.")
	const note = "Rang the requester: ID to follow by post."
	e.act(jo, ref, "note", url.Values{"note": {note}}, true)
	mustContain(t, e.do(jo, "GET", "/cases/"+ref, nil).Body.String(), "Internal note (never sent)", note, "Assigned to</dt><dd>Jo Caseworker")
	c, _ := e.d.Store.CaseByRef(context.Background(), ref)
	obs, _ := e.d.Store.OutboundForCase(context.Background(), c.ID)
	for _, o := range obs {
		if bytes.Contains(o.Raw, []byte("ID to follow")) {
			t.Errorf("the note went out in %s", o.Kind)
		}
	}
	v, err := e.d.Cases.Show(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	var pack bytes.Buffer
	if err := evidence.Export(context.Background(), v, &pack, time.Now()); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(pack.Bytes()), int64(pack.Len()))
	if err != nil {
		t.Fatal(err)
	}
	inPack := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		inPack = inPack || bytes.Contains(b, []byte("Rang the requester"))
	}
	if !inPack {
		t.Error("the note is not in the evidence pack")
	}

	// The audit log, by person and action, and by case.
	audit := e.do(jo, "GET", "/audit?who=Jo+Caseworker&action=staff_note", nil).Body.String()
	mustContain(t, audit, note, ref)
	mustNotContain(t, audit, "assigned to Jo")
	audit = e.do(jo, "GET", "/audit?case="+refs[9], nil).Body.String()
	mustNotContain(t, audit, ">"+ref+"<")
	mustContain(t, e.do(jo, "GET", "/audit?from=2000-01-01&to=2000-01-02", nil).Body.String(), "Nothing recorded.")
}
