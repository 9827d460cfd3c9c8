package templates

import (
	"strings"
	"testing"
)

// FuzzParseLetter feeds a provider's override files (subject, text, HTML)
// to the parser: a refusal names the file to fix; an accepted letter that
// renders gives a one-line, non-empty subject. Templates that loop or
// call each other are parsed but not rendered (a provider's loop is
// theirs to bound).
func FuzzParseLetter(f *testing.F) {
	sources, err := embeddedSources()
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range sortedKeys(sources) {
		s := sources[name]
		f.Add(s[partSubject].body, s[partText].body, s[partHTML].body)
	}
	f.Add("{{.CaseRef", "", "")
	f.Add("Re: {{.Nope}}", "{{template \"x\"}}", "<a href=\"{{.CaseRef}}\">")
	f.Add("\r\nSubject\r\nBcc: x@evil.example\r\n", "{{define \"x\"}}{{template \"x\"}}{{end}}", "<script>{{.OrgName}}</script>")
	f.Fuzz(func(t *testing.T, subject, text, html string) {
		files := map[string]source{
			partSubject: {origin: "override/x.subject.tmpl", body: subject},
			partText:    {origin: "override/x.txt.tmpl", body: text},
			partHTML:    {origin: "override/x.html.tmpl", body: html},
		}
		l, err := parseLetter(files)
		if err != nil {
			if !strings.Contains(err.Error(), "override/x.") {
				t.Fatalf("parse error %q does not name the file", err)
			}
			return
		}
		if l.subject == nil || l.text == nil || l.html == nil {
			t.Fatal("a letter with a part missing")
		}
		for _, src := range []string{subject, text, html} {
			for _, w := range []string{"range", "template", "block", "printf", "repeat"} {
				if strings.Contains(src, w) {
					return
				}
			}
		}
		set := &Set{letters: map[string]*letter{"x": l}}
		r, err := set.Render("x", RequesterLetter{OrgName: "Example Family Support", CaseRef: "INT-2026-0001", Kind: "erasure"})
		if err != nil {
			return
		}
		if r.Subject == "" || strings.ContainsAny(r.Subject, "\r\n") {
			t.Fatalf("subject %q", r.Subject)
		}
		if strings.Contains(r.Text, "\r\n") {
			t.Fatal("text keeps CRLF")
		}
	})
}
