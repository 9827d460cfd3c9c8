package mailaddr

import (
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, in, want string
		utf8           bool
	}{
		{"plain", "ada@example.org", "ada@example.org", false},
		{"plus tag", "ada+dpo@example.org", "ada+dpo@example.org", false},
		{"mixed case local part kept, domain lowered", "Ada.Lovelace@Example.ORG", "Ada.Lovelace@example.org", false},
		{"quoted local part as net/mail stores it", "jorg muller@xn--mller-kva.example", `"jorg muller"@xn--mller-kva.example`, false},
		{"quoted local part as written", `"jorg muller"@xn--mller-kva.example`, `"jorg muller"@xn--mller-kva.example`, false},
		{"quoted with escapes", `"a\"b\\c"@example.org`, `"a\"b\\c"@example.org`, false},
		{"quoted holding specials", `"a<b>c,d"@example.org`, `"a<b>c,d"@example.org`, false},
		{"needless quotes dropped", `"ada"@example.org`, "ada@example.org", false},
		{"at sign inside a quoted local part", `"a@b"@example.org`, `"a@b"@example.org`, false},
		{"double dot needs quotes", "a..b@example.org", `"a..b"@example.org`, false},
		{"U-label domain sent as A-label", "jorg@müller.example", "jorg@xn--mller-kva.example", false},
		{"U-label in capitals", "jorg@MÜLLER.example", "jorg@xn--mller-kva.example", false},
		{"non-ASCII local part needs SMTPUTF8", "jörg@müller.example", "jörg@xn--mller-kva.example", true},
		{"underscore in the domain", "ada@mail_1.example", "ada@mail_1.example", false},
		{"trailing root dot", "ada@example.org.", "ada@example.org", false},
		{"IPv4 literal", "ada@[192.0.2.1]", "ada@[192.0.2.1]", false},
		{"IPv6 literal", "ada@[IPv6:2001:db8::1]", "ada@[IPv6:2001:db8::1]", false},
		{"one-label host", "staff@localhost", "staff@localhost", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q) = %v", tt.in, err)
			}
			if got := a.String(); got != tt.want {
				t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.want)
			}
			if a.NeedsSMTPUTF8() != tt.utf8 {
				t.Errorf("NeedsSMTPUTF8() = %v, want %v", a.NeedsSMTPUTF8(), tt.utf8)
			}
			// The wire form reads back as itself: the header and the
			// envelope can be produced from either.
			again, err := Canonical(tt.want)
			if err != nil || again != tt.want {
				t.Errorf("Canonical(%q) = %q, %v", tt.want, again, err)
			}
		})
	}
}

func TestParseRefuses(t *testing.T) {
	long := ""
	for len(long) < 250 {
		long += "abcdefghij"
	}
	tests := []struct{ name, in string }{
		{"no at sign", "ada.example.org"},
		{"two addresses", "sam@example.org, kim@example.org"},
		{"display name", "Sam <sam@example.org>"},
		{"angle brackets", "<sam@example.org>"},
		{"empty local part", "@example.org"},
		{"empty domain", "ada@"},
		{"control character", "ada\x01@example.org"},
		{"line break", "ada\r\nRCPT TO:<x@example.org>@example.org"},
		{"delete character", "ada\x7f@example.org"},
		{"invalid punycode", "ada@xn--zz.example"},
		{"space in the domain", "ada@ex ample.org"},
		{"angle bracket in the domain", "ada@example.org>"},
		{"empty label", "ada@example..org"},
		{"label over 63 octets", "ada@" + long[:64] + ".example"},
		{"path over 256 octets", long + "@example.org"},
		{"bad address literal", "ada@[999.1.1.1]"},
		{"unclosed address literal", "ada@[192.0.2.1"},
		{"invalid UTF-8", "ad\xffa@example.org"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(tt.in)
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, ErrUncarryable) {
				t.Fatalf("Parse(%q) = %q, %v; want an *Error", tt.in, a.String(), err)
			}
			if e.Reason == "" {
				t.Error("no reason given")
			}
		})
	}
}
