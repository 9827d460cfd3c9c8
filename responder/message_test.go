package responder

import (
	"fmt"
	"strings"
	"testing"
)

func TestValidMsgID(t *testing.T) {
	tests := []struct {
		name string
		id   string
		want bool
	}{
		{"plain", "abc.123@mail.example.org", true},
		{"outlook style", "AM0PR01MB1234ABCD$5678@eurprd01.prod.example", true},
		{"empty", "", false},
		{"no at", "abc", false},
		{"two ats", "a@b@c", false},
		{"empty left", "@b", false},
		{"empty right", "a@", false},
		{"brackets", "<a@b>", false},
		{"space", "a b@c", false},
		{"crlf", "a@b\r\nBcc: x@y", false},
		{"non-ascii", "é@b", false},
		{"too long", strings.Repeat("a", 900) + "@b", false},
		{"quote", `0@"`, false},
		{"comma", "a,b@c", false},
		{"literal right", "a@[192.0.2.1]", true},
		{"broken literal", "a@[192.0.2.1", false},
		{"literal with bracket", "a@[x]y]", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := validMsgID(tt.id); got != tt.want {
				t.Errorf("validMsgID(%q) = %v, want %v", tt.id, got, tt.want)
			}
		})
	}
}

func TestThreading(t *testing.T) {
	many := make([]string, 30)
	for i := range many {
		many[i] = fmt.Sprintf("r%d@x", i)
	}
	tests := []struct {
		name    string
		orig    string
		refs    []string
		wantIRT string
		wantRef string
		wantOK  bool
	}{
		{"no refs", "o@x", nil, "<o@x>", "<o@x>", true},
		{"refs then orig", "o@x", []string{"a@x", "b@x"}, "<o@x>", "<a@x> <b@x> <o@x>", true},
		{"duplicates dropped", "o@x", []string{"a@x", "a@x", "o@x"}, "<o@x>", "<a@x> <o@x>", true},
		{"bad refs dropped", "o@x", []string{"bad", "a@x", "<c@x>"}, "<o@x>", "<a@x> <o@x>", true},
		{"no orig", "", []string{"a@x"}, "", "", false},
		{"bad orig", "bad", []string{"a@x"}, "", "", false},
		{"long chain keeps root and latest", "o@x", many, "<o@x>",
			"<r0@x> " + "<" + strings.Join(many[12:], "> <") + "> <o@x>", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			irt, ref, ok := threading(tt.orig, tt.refs)
			if irt != tt.wantIRT || ref != tt.wantRef || ok != tt.wantOK {
				t.Errorf("threading = %q, %q, %v; want %q, %q, %v", irt, ref, ok, tt.wantIRT, tt.wantRef, tt.wantOK)
			}
			if n := len(strings.Fields(ref)); n > maxReferences {
				t.Errorf("%d references, max %d", n, maxReferences)
			}
		})
	}
}

func TestSevenBitClean(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want bool
	}{
		{"crlf ascii", "a: b\r\n\r\nc\r\n", true},
		{"no final newline", "a: b\r\n\r\nc", true},
		{"empty", "", true},
		{"bare lf", "a\nb", false},
		{"bare cr", "a\rb", false},
		{"trailing cr", "a\r", false},
		{"leading lf", "\na", false},
		{"nul", "a\x00\r\n", false},
		{"8-bit", "caf\xc3\xa9\r\n", false},
		{"998 octets", strings.Repeat("x", 998) + "\r\n", true},
		{"999 octets", strings.Repeat("x", 999) + "\r\n", false},
		{"999 octets at the end", strings.Repeat("x", 999), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sevenBitClean([]byte(tt.raw)); got != tt.want {
				t.Errorf("sevenBitClean = %v, want %v", got, tt.want)
			}
		})
	}
}
