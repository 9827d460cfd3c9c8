package templates

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

var london2026 = mustLondon()

// samples holds data for every embedded letter. A new letter without a
// sample fails TestEveryEmbeddedLetterRenders, which is the point.
func samples() map[string]any {
	received := time.Date(2026, time.March, 2, 0, 0, 0, 0, london2026)
	due := time.Date(2026, time.April, 2, 0, 0, 0, 0, london2026)
	m := map[string]any{
		"holding_reply": RequesterLetter{
			OrgName: "Example Family Support", CaseRef: "INT-2026-0042", Kind: "access",
			Rights: []string{"access"}, Received: received, Due: due,
		},
		"holding_reply.cy": RequesterLetter{
			OrgName: "Example Family Support", CaseRef: "INT-2026-0042", Kind: "access",
			Rights: []string{"access"}, Received: received, Due: due, Language: "cy",
		},
		"dpo_forward": DPOLetter{
			OrgName: "Example Family Support", CaseRef: "INT-2026-0042", Kind: "erasure",
			Rights: []string{"erasure", "access"}, URN: "12345678",
			RequesterName: "Alex Example", RequesterAddr: "alex@example.org", OrigSubject: "Please delete my details",
			Received: received, Due: due, ReplyToDiffers: true, Unreadable: true, NeedsID: true,
		},
		// An alarm about one message given up names its case.
		"alarm": AlarmLetter{OrgName: "Example Family Support", Subject: "intake could not send a holding_reply (INT-2026-0042)",
			Body: "intake gave up sending the holding reply of case INT-2026-0042.\n"},
	}
	for name, letters := range caseSamples() {
		m[name] = letters[0]
	}
	for name, data := range chaseSamples() {
		m[name] = data
	}
	return m
}

func mustLoad(t *testing.T, dir string) *Set {
	t.Helper()
	s, err := Load(dir)
	if err != nil {
		t.Fatalf("Load(%q): %v", dir, err)
	}
	return s
}

func TestEveryEmbeddedLetterRenders(t *testing.T) {
	s := mustLoad(t, "")
	data := samples()
	var want []string
	for name := range samples() {
		want = append(want, name)
	}
	sort.Strings(want)
	if got := s.Names(); !reflect.DeepEqual(got, want) {
		t.Errorf("Names() = %v, want %v", got, want)
	}
	for _, name := range s.Names() {
		t.Run(name, func(t *testing.T) {
			d, ok := data[name]
			if !ok {
				t.Fatalf("no sample data for letter %s: add one to samples()", name)
			}
			r, err := s.Render(name, d)
			if err != nil {
				t.Fatal(err)
			}
			for part, text := range map[string]string{"subject": r.Subject, "text": r.Text, "html": r.HTML} {
				if !strings.Contains(text, "INT-2026-0042") {
					t.Errorf("%s does not quote the case reference:\n%s", part, text)
				}
				if strings.Contains(text, "<no value>") {
					t.Errorf("%s has an unfilled field:\n%s", part, text)
				}
			}
			if strings.ContainsAny(r.Subject, "\r\n") {
				t.Errorf("subject spans lines: %q", r.Subject)
			}
			wantLang := `<html lang="en-GB">`
			if _, lang, ok := languageVersion(name); ok {
				wantLang = `<html lang="` + lang + `">`
			}
			if !strings.Contains(r.HTML, wantLang) {
				t.Errorf("html part does not declare its language")
			}
			// The acknowledgement and the forward must state the due date;
			// later letters say other dates, tested with their own data.
			if (name == "holding_reply" || name == "holding_reply.cy" || name == "dpo_forward") && (!strings.Contains(r.Text, "Thursday 2 April 2026") || !strings.Contains(r.HTML, "Thursday 2 April 2026")) {
				t.Errorf("due date missing from the body")
			}
		})
	}
}

func TestHoldingReplyWording(t *testing.T) {
	s := mustLoad(t, "")
	tests := []struct {
		name     string
		kind     string
		rights   []string
		set      func(*RequesterLetter)
		want     []string
		dontWant []string
	}{
		{name: "erasure", kind: "erasure", rights: []string{"erasure"},
			want: []string{"a request to erase any personal information we may hold about you", "one calendar month", "again by Thursday 2 April 2026"}, dontWant: []string{"photo ID"}},
		{name: "access asks about ID", kind: "access", rights: []string{"access"},
			want: []string{"subject access request", "photo ID", "proof of address", "the month starts on the day we receive them"}},
		{name: "erasure with access also asks about ID", kind: "erasure", rights: []string{"erasure", "access"},
			want: []string{"photo ID"}},
		{name: "complaint has no one-month promise", kind: "complaint", rights: []string{"complaint"},
			want: []string{"a complaint about how we have handled personal information", "again by Thursday 2 April 2026"}, dontWant: []string{"one calendar month", "photo ID"}},
		{name: "unknown kind gets generic wording", kind: "other",
			want: []string{"a data protection request"}, dontWant: []string{"photo ID"}},
		// Issue 11: sure of a request, not of its kind.
		{name: "kind uncertain names no kind and no one-month rule", kind: "other", rights: []string{"erasure", "complaint"},
			set:  func(d *RequesterLetter) { d.KindUncertain = true },
			want: []string{"a data protection request", "We will write to you again by Thursday 2 April 2026"}, dontWant: []string{"erase", "complaint", "one calendar month"}},
		{name: "on behalf asks for evidence of authority", kind: "access", rights: []string{"access"},
			set:  func(d *RequesterLetter) { d.OnBehalf = true },
			want: []string{"writing for someone else", "evidence that you may act for them", "power of attorney"}, dontWant: []string{"parental responsibility"}},
		{name: "child asks for parental responsibility", kind: "access", rights: []string{"access"},
			set:  func(d *RequesterLetter) { d.Child = true },
			want: []string{"about a child", "evidence of parental responsibility"}, dontWant: []string{"act for them"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := samples()["holding_reply"].(RequesterLetter)
			d.Kind, d.Rights = tt.kind, tt.rights
			if tt.set != nil {
				tt.set(&d)
			}
			r, err := s.Render("holding_reply", d)
			if err != nil {
				t.Fatal(err)
			}
			if r.Subject != "Your data protection request [INT-2026-0042]" {
				t.Errorf("subject = %q", r.Subject)
			}
			flat, html := strings.Join(strings.Fields(r.Text), " "), visible(r.HTML)
			for _, w := range tt.want {
				if !strings.Contains(flat, w) || !strings.Contains(html, w) {
					t.Errorf("missing %q in text or html:\n%s", w, r.Text)
				}
			}
			for _, w := range tt.dontWant {
				if strings.Contains(flat, w) || strings.Contains(html, w) {
					t.Errorf("unexpected %q:\n%s", w, r.Text)
				}
			}
		})
	}
}

// TestRequesterLetterCarriesNoCaseDetails guards invariant 8 at the type
// level: a field added here is one an override could print to an impostor.
func TestRequesterLetterCarriesNoCaseDetails(t *testing.T) {
	// OnBehalf, Child, KindUncertain and Language come from what the
	// sender wrote, never from the register: they tell an impostor nothing.
	allowed := map[string]bool{"OrgName": true, "CaseRef": true, "Kind": true, "Rights": true, "Received": true, "Due": true,
		"OnBehalf": true, "Child": true, "KindUncertain": true, "Language": true}
	typ := reflect.TypeFor[RequesterLetter]()
	for i := range typ.NumField() {
		if f := typ.Field(i); !allowed[f.Name] {
			t.Errorf("RequesterLetter.%s: letters to requesters must not carry case details (DESIGN.md invariant 8)", f.Name)
		}
	}
}

func TestDPOForwardWording(t *testing.T) {
	s := mustLoad(t, "")
	d := samples()["dpo_forward"].(DPOLetter)
	r, err := s.Render("dpo_forward", d)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Data protection request INT-2026-0042: erasure, URN 12345678"; r.Subject != want {
		t.Errorf("subject = %q, want %q", r.Subject, want)
	}
	for _, w := range []string{"12345678", "Alex Example", "alex@example.org", "erasure, access",
		"Monday 2 March 2026", "Thursday 2 April 2026", "different address", "could not read all",
		"reply to this email with your reference number"} {
		if !strings.Contains(r.Text, w) {
			t.Errorf("text lacks %q:\n%s", w, r.Text)
		}
	}

	d.URN, d.RequesterName, d.ReplyToDiffers, d.Unreadable = "", "", false, false
	r, err = s.Render("dpo_forward", d)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Data protection request INT-2026-0042: erasure, URN not known"; r.Subject != want {
		t.Errorf("subject = %q, want %q", r.Subject, want)
	}
	for _, w := range []string{"URN not known", "not given"} {
		if !strings.Contains(r.Text, w) || !strings.Contains(r.HTML, w) {
			t.Errorf("missing %q", w)
		}
	}
	for _, w := range []string{"different address", "could not read all"} {
		if strings.Contains(r.Text, w) || strings.Contains(r.HTML, w) {
			t.Errorf("unexpected note %q", w)
		}
	}
}

func TestRenderEscapesHTMLAndKeepsSubjectOnOneLine(t *testing.T) {
	s := mustLoad(t, "")
	d := samples()["dpo_forward"].(DPOLetter)
	d.RequesterName = `<script>alert("x")</script>`
	d.OrigSubject = `<script>alert("y")</script>`
	d.URN = "123\r\nBcc: victim@example.org"
	r, err := s.Render("dpo_forward", d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(r.HTML, "<script>") || !strings.Contains(r.HTML, "&lt;script&gt;") {
		t.Errorf("name not escaped in html:\n%s", r.HTML)
	}
	if strings.ContainsAny(r.Subject, "\r\n") {
		t.Errorf("subject spans lines: %q", r.Subject)
	}
}

func TestRenderErrors(t *testing.T) {
	s := mustLoad(t, "")
	if _, err := s.Render("no_such_letter", nil); err == nil || !strings.Contains(err.Error(), "no_such_letter") {
		t.Errorf("unknown letter: err = %v", err)
	}
	// Wrong data type: the DPO letter's fields are not on RequesterLetter.
	if _, err := s.Render("dpo_forward", samples()["holding_reply"]); err == nil {
		t.Error("rendering with the wrong data type succeeded")
	}
}

func TestLongDate(t *testing.T) {
	tests := []struct {
		name string
		in   time.Time
		want string
	}{
		{"london midnight, winter", time.Date(2026, time.March, 2, 0, 0, 0, 0, london2026), "Monday 2 March 2026"},
		{"london midnight, summer", time.Date(2026, time.June, 1, 0, 0, 0, 0, london2026), "Monday 1 June 2026"},
		{"utc instant already the next UK day", time.Date(2026, time.May, 31, 23, 30, 0, 0, time.UTC), "Monday 1 June 2026"},
		{"zero", time.Time{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := longDate(tt.in); got != tt.want {
				t.Errorf("longDate(%v) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestOverrideReplacesOneFile(t *testing.T) {
	s := mustLoad(t, "testdata/override-subject")
	r, err := s.Render("holding_reply", samples()["holding_reply"])
	if err != nil {
		t.Fatal(err)
	}
	if r.Subject != "We have your request [INT-2026-0042]" {
		t.Errorf("override subject not used: %q", r.Subject)
	}
	if !strings.Contains(r.Text, "Our reference for your request is INT-2026-0042") {
		t.Errorf("embedded text not kept beside the override:\n%s", r.Text)
	}
}

func TestOverrideSkipsDotFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".DS_Store", "\x00\x01")
	write(t, dir, ".holding_reply.txt.tmpl.swp", "{{")
	mustLoad(t, dir)
}

func TestOverrideRejects(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		body    string
		wantErr []string
	}{
		{"misspelt part", "holding_reply.subjct.tmpl", "x", []string{"unknown file", "holding_reply.subjct.tmpl"}},
		{"misspelt letter", "holdingreply.txt.tmpl", "x", []string{"unknown file", "holdingreply.txt.tmpl", "dpo_forward", "holding_reply"}},
		{"missing extension", "holding_reply.txt", "x", []string{"unknown file", "holding_reply.txt"}},
		{"broken text template", "holding_reply.txt.tmpl", "Ref {{.CaseRef", []string{"holding_reply.txt.tmpl", "parse"}},
		{"broken html template", "dpo_forward.html.tmpl", "<p>{{if .URN}}</p>", []string{"dpo_forward.html.tmpl"}},
		{"unknown function", "dpo_forward.subject.tmpl", "{{shout .CaseRef}}", []string{"dpo_forward.subject.tmpl", "shout"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			p := write(t, dir, tt.file, tt.body)
			_, err := Load(dir)
			if err == nil {
				t.Fatal("Load succeeded")
			}
			if !strings.Contains(err.Error(), p) {
				t.Errorf("error does not name the file %s: %v", p, err)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q: %v", w, err)
				}
			}
		})
	}
}

func TestOverrideRejectsFolderProblems(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "absent")); err == nil {
		t.Error("missing override folder accepted")
	}
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "holding_reply.txt.tmpl"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); err == nil {
		t.Error("sub-folder in override folder accepted")
	}
}

func write(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

var tag = regexp.MustCompile(`<[^>]*>`)

// visible is roughly what a reader sees of an HTML part: no tags, single spaces.
func visible(html string) string {
	return strings.Join(strings.Fields(tag.ReplaceAllString(html, " ")), " ")
}

// TestWelshHoldingReply: a request in Welsh is acknowledged in Welsh and
// English, with dates in both; other letters fall back to English.
func TestWelshHoldingReply(t *testing.T) {
	s := mustLoad(t, "")
	d := samples()["holding_reply"].(RequesterLetter)
	d.Kind, d.Rights, d.OnBehalf = "erasure", []string{"erasure"}, true
	r, err := s.RenderIn("holding_reply", "cy", d)
	if err != nil {
		t.Fatal(err)
	}
	flat, html := strings.Join(strings.Fields(r.Text), " "), visible(r.HTML)
	for _, w := range []string{"Dydd Llun 2 Mawrth 2026", "Monday 2 March 2026", "gais i ddileu", "a request to erase", "ar ran rhywun arall", "writing for someone else", "INT-2026-0042"} {
		if !strings.Contains(flat, w) || !strings.Contains(html, w) {
			t.Errorf("Welsh and English reply lacks %q:\n%s", w, r.Text)
		}
	}
	if !strings.HasPrefix(r.Subject, "Eich cais diogelu data / Your data protection request") {
		t.Errorf("subject %q", r.Subject)
	}
	if strings.Index(flat, "Diolch am eich e-bost") > strings.Index(flat, "Thank you for your email") {
		t.Error("Welsh must come first")
	}
	en, err := s.RenderIn("holding_reply", "pl", d)
	if err != nil || strings.Contains(en.Text, "Diolch") || !strings.Contains(en.Text, "Thank you") {
		t.Errorf("a language without its own letter falls back to English: %v %q", err, en.Subject)
	}
}

// TestLanguageOverride: a provider adds a letter in another language by
// naming it NAME.LANG; files it does not write are the base letter's.
func TestLanguageOverride(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "holding_reply.pl.txt.tmpl"), []byte("Dzień dobry, {{.CaseRef}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := mustLoad(t, dir)
	d := samples()["holding_reply"].(RequesterLetter)
	r, err := s.RenderIn("holding_reply", "pl", d)
	if err != nil {
		t.Fatal(err)
	}
	if r.Text != "Dzień dobry, INT-2026-0042\n" || r.Subject != "Your data protection request [INT-2026-0042]" {
		t.Errorf("override: %q / %q", r.Subject, r.Text)
	}
	if err := os.WriteFile(filepath.Join(dir, "holding_reply.POLISH.txt.tmpl"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); err == nil {
		t.Error("a language suffix that is not a language code must be refused")
	}
}
