// Package mailaddr owns the one rule for which email addresses intake can
// send to over SMTP and how each is written on the wire: quoted local parts,
// internationalised domains (sent as A-labels), local parts that need
// SMTPUTF8 (RFC 6531), and the addresses no SMTP server can be given.
//
// The responder writes the To header from the form Parse returns and the
// SMTP sender writes RCPT TO from it, so the header and the envelope never
// disagree.
package mailaddr

import (
	"errors"
	"net"
	"net/mail"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// Error says why an address cannot be carried by SMTP. It never quotes the
// address (errors are logged, addresses are not), only the reason, which
// is meant for the person who handles the case.
type Error struct {
	Reason string
}

func (e *Error) Error() string { return "address SMTP cannot carry: " + e.Reason }

// Is lets errors.Is(err, ErrUncarryable) find any *Error.
func (e *Error) Is(target error) bool { return target == ErrUncarryable }

// ErrUncarryable matches every *Error with errors.Is.
var ErrUncarryable = errors.New("address SMTP cannot carry")

func fail(reason string) error { return &Error{Reason: reason} }

// Limits from RFC 5321 §4.5.3.1: a path (the address between < and >) is at
// most 256 octets, a domain at most 255. The 64-octet local-part limit is
// left to the server, which the RFC asks to accept longer ones.
const (
	maxPath   = 256
	maxDomain = 255
)

// Address is one addr-spec that SMTP can carry.
type Address struct {
	// Local is the local part's content: unquoted, escapes removed, its
	// case exactly as written (only the receiving server may fold it).
	Local string
	// Domain is ASCII: an internationalised domain is given as its
	// A-label ("xn--mller-kva.example"), in lower case; an address literal
	// ("[192.0.2.1]") is kept as written.
	Domain string
}

// String is the address as written in RCPT TO (inside the angle brackets)
// and in the To header: the local part quoted when it is not a dot-atom,
// then "@" and the ASCII domain.
func (a Address) String() string {
	s := (&mail.Address{Address: a.Local + "@" + a.Domain}).String()
	return strings.TrimSuffix(strings.TrimPrefix(s, "<"), ">")
}

// NeedsSMTPUTF8 reports whether the address can only be sent to a server
// that offers SMTPUTF8: its local part has characters outside ASCII, which
// no A-label conversion can remove.
func (a Address) NeedsSMTPUTF8() bool {
	for i := 0; i < len(a.Local); i++ {
		if a.Local[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// Parse reads a bare address (no display name, no angle brackets) as the
// message parser and the configuration store them: the local part either
// as its content (`jorg muller@x.example`, what net/mail gives) or quoted
// (`"jorg muller"@x.example`); the domain as a U-label or an A-label, in
// any case. Every failure is an *Error.
func Parse(s string) (Address, error) {
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return Address{}, fail("no @ between a local part and a domain")
	}
	local, domain := s[:at], s[at+1:]
	if !utf8.ValidString(s) {
		return Address{}, fail("not valid UTF-8")
	}
	if q, ok := unquote(local); ok {
		local = q
	} else if strings.Contains(local, "@") {
		// Legal only quoted; unquoted it is a list ("a@x, b@y") or a
		// display name written together with the address.
		return Address{}, fail("more than one @: a list of addresses, or one with a display name")
	}
	if err := checkLocal(local); err != nil {
		return Address{}, err
	}
	d, err := asciiDomain(domain)
	if err != nil {
		return Address{}, err
	}
	a := Address{Local: local, Domain: d}
	if len(a.String()) > maxPath {
		return Address{}, fail("longer than the 256 octets SMTP allows for an address")
	}
	return a, nil
}

// Canonical returns Parse(s).String().
func Canonical(s string) (string, error) {
	a, err := Parse(s)
	if err != nil {
		return "", err
	}
	return a.String(), nil
}

// unquote reads a local part written as one RFC 5321 quoted-string. It
// reports false for anything else, which is then taken as content.
func unquote(s string) (string, bool) {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return "", false
	}
	var b strings.Builder
	inner := s[1 : len(s)-1]
	for i := 0; i < len(inner); i++ {
		c := inner[i]
		switch c {
		case '\\':
			if i+1 == len(inner) {
				return "", false
			}
			i++
			c = inner[i]
		case '"':
			return "", false
		}
		b.WriteByte(c)
	}
	return b.String(), true
}

// checkLocal accepts what a quoted-string can hold (RFC 5321 qtextSMTP and
// quoted-pairSMTP: printable ASCII and space) plus UTF-8 beyond ASCII
// (RFC 6531). Control characters have no form at all on the wire.
func checkLocal(local string) error {
	if local == "" {
		return fail("the local part is empty")
	}
	for _, r := range local {
		if r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return fail("the local part has a control character")
		}
	}
	return nil
}

// profile maps and checks a domain as a resolver would (IDNA2008 with
// UTS #46 mapping), without the host-name rule against "_", which mail
// domains in the wild sometimes break; asciiDomain checks the rest.
var profile = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.StrictDomainName(false), idna.Transitional(false))

func asciiDomain(d string) (string, error) {
	if d == "" {
		return "", fail("the domain is empty")
	}
	if lit, ok := strings.CutPrefix(d, "["); ok {
		return addressLiteral(d, lit)
	}
	a, err := profile.ToASCII(strings.TrimSuffix(d, "."))
	if err != nil {
		return "", fail("the domain is not a valid internationalised domain name")
	}
	if a == "" || len(a) > maxDomain {
		return "", fail("the domain is empty or longer than 255 octets")
	}
	for _, label := range strings.Split(a, ".") {
		if label == "" || len(label) > 63 {
			return "", fail("the domain has an empty label or one longer than 63 octets")
		}
		if strings.ContainsFunc(label, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_')
		}) {
			return "", fail("the domain has a character no domain name can hold")
		}
	}
	return a, nil
}

// addressLiteral accepts [IPv4] and [IPv6:...] (RFC 5321 §4.1.3).
func addressLiteral(whole, lit string) (string, error) {
	lit, ok := strings.CutSuffix(lit, "]")
	if ok {
		ip := lit
		if v6, isV6 := strings.CutPrefix(lit, "IPv6:"); isV6 {
			ip = v6
			if p := net.ParseIP(ip); p != nil && p.To4() == nil {
				return whole, nil
			}
		} else if p := net.ParseIP(ip); p != nil && p.To4() != nil && !strings.Contains(ip, ":") {
			return whole, nil
		}
	}
	return "", fail("the domain is not a valid address literal")
}
