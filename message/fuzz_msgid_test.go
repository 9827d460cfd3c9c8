package message

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"example.org/intake/internal/fuzzseed"
)

// FuzzParseMsgIDList: the ids are non-empty, hold no space, no '<', no
// duplicates, and written back as "<id> <id>" they parse to the same list
// (for ids without '>', which only a bare token outside brackets can hold).
func FuzzParseMsgIDList(f *testing.F) {
	for _, v := range fuzzseed.Headers(fuzzseed.Mail(f, "testdata", "message/testdata"), "In-Reply-To", "References", "Message-ID") {
		f.Add(v)
	}
	for _, v := range []string{
		"", "<a@example.org>", "<a@example.org>, <b@example.org>", "a@example.org b@example.org",
		"<a@exa\r\n mple.org>", "(comment <x@y>) <a@b>", "<unclosed@example.org <b@example.org>",
		"Your message of Monday <a@b>", `"q"@example.org`, "(((", "<<<>>>", "@", "a@", "@b",
	} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		ids := ParseMsgIDList(v)
		seen := map[string]bool{}
		roundTrips := true
		for _, id := range ids {
			if id == "" || strings.ContainsFunc(id, unicode.IsSpace) || strings.Contains(id, "<") {
				t.Fatalf("ParseMsgIDList(%q) gave id %q", v, id)
			}
			if seen[id] {
				t.Fatalf("ParseMsgIDList(%q) gave %q twice", v, id)
			}
			seen[id] = true
			if strings.Contains(id, ">") {
				roundTrips = false
			}
		}
		if !roundTrips {
			return
		}
		var b strings.Builder
		for i, id := range ids {
			if i > 0 {
				b.WriteString(" ")
			}
			b.WriteString("<" + id + ">")
		}
		if again := ParseMsgIDList(b.String()); !slices.Equal(again, ids) {
			t.Fatalf("ParseMsgIDList(%q) = %q, but its ids written back parse to %q", v, ids, again)
		}
	})
}
