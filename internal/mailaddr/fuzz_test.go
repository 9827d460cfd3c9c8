package mailaddr

import (
	"strings"
	"testing"
)

// FuzzParse: whatever Parse accepts has a wire form with no line break or
// angle bracket outside quotes, and that form parses back to itself.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"ada@example.org", "jorg muller@xn--mller-kva.example", `"a\"b"@example.org`,
		"jörg@müller.example", "ada@[IPv6:2001:db8::1]", "a@b@example.org", "@", `"@x`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			return
		}
		w := a.String()
		if strings.ContainsAny(w, "\r\n\x00") {
			t.Fatalf("wire form %q has a control character", w)
		}
		again, err := Canonical(w)
		if err != nil || again != w {
			t.Fatalf("Canonical(%q) = %q, %v", w, again, err)
		}
	})
}
