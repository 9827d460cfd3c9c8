package message

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks the promises Parse makes to the rest of intake: it never
// panics, always returns a Message, reports the raw size, produces valid
// UTF-8, and NewText only ever drops lines of Text.
func FuzzParse(f *testing.F) {
	for _, glob := range []string{
		"testdata/parse/*",
		"../../shared/rawmail/*/*.eml",
		"../../shared/rawmail/*/*/*.eml",
	} {
		files, _ := filepath.Glob(glob)
		for _, name := range files {
			if raw, err := os.ReadFile(name); err == nil {
				f.Add(raw)
			}
		}
	}
	f.Add([]byte(""))
	f.Add([]byte("From: a@example.org\nContent-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: multipart/mixed; boundary=x\n\n--x\n"))
	f.Add([]byte("Content-Type: message/rfc822\n\nContent-Type: message/rfc822\n\nContent-Type: message/rfc822\n\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		m := Parse(raw, &ParseOptions{MaxTextBytes: 4096})
		if m == nil {
			t.Fatal("Parse returned nil")
		}
		if m.Size != int64(len(raw)) {
			t.Fatalf("Size = %d, want %d", m.Size, len(raw))
		}
		for _, s := range []string{m.Text, m.NewText, m.Subject, m.From.Name, m.From.Addr} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 in output: %q", s)
			}
		}
		if len(raw) > 0 && len(m.Text) == 0 && len(m.Attachments) == 0 && len(m.ParseErrors) == 0 &&
			strings.TrimSpace(string(raw)) != "" && !parseFuzzHeaderOnly(raw) {
			t.Fatalf("non-empty input gave no text, no attachment and no error")
		}
		textLines := map[string]bool{}
		for _, l := range strings.Split(m.Text, "\n") {
			textLines[strings.TrimSpace(l)] = true
		}
		if m.NewText == "" {
			return
		}
		for _, l := range strings.Split(m.NewText, "\n") {
			if !textLines[strings.TrimSpace(l)] {
				t.Fatalf("NewText line %q is not a line of Text", l)
			}
		}
	})
}

// parseFuzzHeaderOnly reports inputs that are a header block with an empty
// body, for which empty text is the right answer.
func parseFuzzHeaderOnly(raw []byte) bool {
	var errs []string
	b := parseNormalizeNewlines(raw)
	_, body, has := parseSplitHeader(b, &errs)
	return has && strings.TrimSpace(string(body)) == ""
}
