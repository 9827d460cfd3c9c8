package dporeply

import (
	"fmt"
	"net/mail"
	"strings"

	"github.com/emersion/go-msgauth/authres"
	"golang.org/x/net/publicsuffix"

	"example.org/intake/message"
)

// Verdict says whether a message may be treated as the DPO team's, and why.
// Reasons are for staff and carry domains, never full addresses.
type Verdict struct {
	Trusted bool
	// Checked is true when Authentication-Results from our own server were
	// read; false means the sender was trusted (or not) by address alone.
	Checked bool
	Reasons []string
}

// Reasons staff see when the sender could not be verified but is trusted
// by address; the case shows them.
const (
	ReasonNoAuthservID = "no [dpo] authserv_id configured: sender not verified"
	ReasonNoHeader     = "no Authentication-Results from our server: sender not verified"
)

// CheckSender decides whether m may be trusted as the DPO team's reply.
// The From address must be in dpoSenders (addresses, or domains whose every
// address counts; case is ignored, subdomains are not included). Then, when
// authservID is set, the Authentication-Results headers carrying that
// authserv-id (the ones our own server added; any other can be written by
// the sender) decide: a DMARC fail is never trusted, a DMARC pass for the
// From domain is, and without a DMARC verdict a passing DKIM signature
// aligned with the From domain (same organisational domain) is needed.
// Several headers of our server are read together and a failure in any
// wins, since milters often add one header each.
//
// This relies on the server removing Authentication-Results with its own
// authserv-id from incoming mail, as RFC 8601 section 5 requires. Microsoft
// 365 writes no authserv-id at all, so there authserv_id stays empty.
func CheckSender(m *message.Message, dpoSenders []string, authservID string) Verdict {
	from := strings.ToLower(strings.TrimSpace(m.From.Addr))
	at := strings.LastIndexByte(from, '@')
	if at <= 0 || at == len(from)-1 {
		return Verdict{Reasons: []string{"the message has no usable From address"}}
	}
	domain := strings.TrimSuffix(from[at+1:], ".")
	if !listed(from, domain, dpoSenders) {
		return Verdict{Reasons: []string{fmt.Sprintf("sender at %s is not in routing.dpo_senders", domain)}}
	}
	if strings.TrimSpace(authservID) == "" {
		return Verdict{Trusted: true, Reasons: []string{ReasonNoAuthservID}}
	}
	ours, found, foreign, unreadable := ourResults(m.Header.Values("Authentication-Results"), authservID)
	var notes []string
	if foreign > 0 {
		notes = append(notes, fmt.Sprintf("ignored %d Authentication-Results header(s) from other servers", foreign))
	}
	if unreadable {
		return Verdict{Checked: true, Reasons: append([]string{"an Authentication-Results header from our server could not be read"}, notes...)}
	}
	if !found {
		return Verdict{Trusted: true, Reasons: append([]string{ReasonNoHeader}, notes...)}
	}
	trusted, reason := judge(ours, domain)
	return Verdict{Trusted: trusted, Checked: true, Reasons: append([]string{reason}, notes...)}
}

// listed reports whether the sender is in dpoSenders, as an address or by
// its domain.
func listed(from, domain string, dpoSenders []string) bool {
	for _, s := range dpoSenders {
		s = strings.TrimSpace(s)
		if strings.Contains(s, "@") {
			if a, err := mail.ParseAddress(s); err == nil && strings.EqualFold(a.Address, from) {
				return true
			}
		} else if s != "" && strings.EqualFold(strings.TrimSuffix(s, "."), domain) {
			return true
		}
	}
	return false
}

// ourResults parses every header and returns the results of those with
// our authserv-id (found is false when there are none), how many others
// were skipped, and whether one of ours could not be read.
func ourResults(values []string, authservID string) (ours []authres.Result, found bool, foreign int, unreadable bool) {
	for _, v := range values {
		id, results, err := authres.Parse(stripComments(v))
		switch {
		case !strings.EqualFold(id, strings.TrimSpace(authservID)):
			foreign++
		case err != nil:
			unreadable = true
		default:
			// A header saying only "none" still shows that the server looked.
			found = true
			ours = append(ours, results...)
		}
	}
	return ours, found, foreign, unreadable
}

// judge applies the rule to the results of our server.
func judge(results []authres.Result, domain string) (bool, string) {
	var dmarcPass bool
	var dkimPass, dkimOther []string
	for _, r := range results {
		switch r := r.(type) {
		case *authres.DMARCResult:
			hf := strings.ToLower(strings.TrimSuffix(r.From, "."))
			switch {
			case r.Value == authres.ResultFail:
				return false, fmt.Sprintf("DMARC fail for %s", orDomain(hf, domain))
			case r.Value == authres.ResultPass && (hf == "" || hf == domain):
				dmarcPass = true
			}
		case *authres.DKIMResult:
			if r.Value != authres.ResultPass {
				continue
			}
			d := dkimDomain(r)
			if aligned(d, domain) {
				dkimPass = append(dkimPass, d)
			} else if d != "" {
				dkimOther = append(dkimOther, d)
			}
		}
	}
	switch {
	case dmarcPass:
		return true, fmt.Sprintf("DMARC pass for %s", domain)
	case len(dkimPass) > 0:
		return true, fmt.Sprintf("no DMARC result; DKIM pass aligned with %s (d=%s)", domain, dkimPass[0])
	case len(dkimOther) > 0:
		return false, fmt.Sprintf("no DMARC pass; DKIM passed only for %s, not aligned with %s", strings.Join(dkimOther, ", "), domain)
	}
	return false, fmt.Sprintf("no DMARC pass and no passing DKIM signature for %s", domain)
}

func orDomain(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// dkimDomain is the signing domain: header.d, or the domain of header.i.
func dkimDomain(r *authres.DKIMResult) string {
	d := r.Domain
	if d == "" {
		if at := strings.LastIndexByte(r.Identifier, '@'); at >= 0 {
			d = r.Identifier[at+1:]
		}
	}
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(d), "."))
}

// aligned is DMARC's relaxed alignment (RFC 7489 section 3.1.1): the two
// domains have the same organisational domain.
func aligned(d, from string) bool {
	if d == "" {
		return false
	}
	if d == from {
		return true
	}
	od, err1 := publicsuffix.EffectiveTLDPlusOne(d)
	of, err2 := publicsuffix.EffectiveTLDPlusOne(from)
	return err1 == nil && err2 == nil && od == of
}

// stripComments removes RFC 5322 comments, which authres does not
// understand and which often hold ";" ("(2048-bit key; unprotected)").
// Quoted strings are kept as they are.
func stripComments(v string) string {
	var b strings.Builder
	depth, quoted, escaped := 0, false, false
	for _, c := range v {
		switch {
		case escaped:
			escaped = false
			if depth == 0 {
				b.WriteRune(c)
			}
			continue
		case c == '\\' && (quoted || depth > 0):
			escaped = true
			if depth == 0 {
				b.WriteRune(c)
			}
			continue
		case quoted:
			if c == '"' {
				quoted = false
			}
		case c == '"' && depth == 0:
			quoted = true
		case c == '(':
			depth++
			continue
		case c == ')' && depth > 0:
			depth--
			if depth == 0 {
				b.WriteByte(' ')
			}
			continue
		}
		if depth == 0 {
			b.WriteRune(c)
		}
	}
	return b.String()
}
