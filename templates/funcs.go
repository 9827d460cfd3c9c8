package templates

import (
	"fmt"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // letters must show UK dates on hosts without zoneinfo
)

var london = mustLondon()

func mustLondon() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		// Unreachable: time/tzdata is embedded above.
		panic("templates: Europe/London zone missing: " + err.Error())
	}
	return loc
}

// funcs are the helpers every letter may call. Both template packages get
// the same map so that a text and an HTML letter can say the same thing.
var funcs = map[string]any{
	"longdate":     longDate,
	"longdatecy":   longDateCy,
	"kindphrasecy": kindPhraseCy,
	"kindphrase":   kindPhrase,
	"kindlabel":    kindLabel,
	"join":         strings.Join,
	"asksforid":    asksForID,
}

// longDate formats t as the day it falls on in the UK, "Monday 2 March 2026".
// Dates are stored as midnight London time or as instants; both land on the
// intended day once converted.
func longDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(london).Format("Monday 2 January 2006")
}

// kindPhrase is how a letter to the requester names their request. It says
// "any ... we may hold" on purpose: the reply must not suggest that we know
// the person or hold anything about them.
func kindPhrase(kind string) string {
	switch kind {
	case "erasure":
		return "a request to erase any personal information we may hold about you"
	case "access":
		return "a request for a copy of any personal information we may hold about you (a subject access request)"
	case "rectification":
		return "a request to correct personal information we may hold about you"
	case "restriction":
		return "a request to restrict how we use personal information about you"
	case "objection":
		return "an objection to how we use personal information about you"
	case "portability":
		return "a request to receive personal information about you in a form you can pass on"
	case "complaint":
		return "a complaint about how we have handled personal information"
	default:
		return "a data protection request"
	}
}

// kindLabel is the short name of a request type for the DPO team.
func kindLabel(kind string) string {
	switch kind {
	case "erasure":
		return "right to erasure"
	case "access":
		return "subject access request"
	case "rectification":
		return "right to rectification"
	case "restriction":
		return "right to restrict processing"
	case "objection":
		return "right to object"
	case "portability":
		return "right to data portability"
	case "complaint":
		return "data protection complaint"
	default:
		return "data protection request"
	}
}

// asksForID reports whether a requester letter should explain identity
// evidence. It depends only on what was asked for, never on whether we
// recognise the sender: wording that changed for people we know would tell an
// impostor that we know them (DESIGN.md invariant 8).
func asksForID(kind string, rights []string) bool {
	for _, k := range append([]string{kind}, rights...) {
		if slices.Contains([]string{"access", "portability"}, k) {
			return true
		}
	}
	return false
}

// Welsh names of days and months, for letters in Welsh.
var (
	daysCy   = [...]string{"Dydd Sul", "Dydd Llun", "Dydd Mawrth", "Dydd Mercher", "Dydd Iau", "Dydd Gwener", "Dydd Sadwrn"}
	monthsCy = [...]string{"Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"}
)

// longDateCy is longDate in Welsh: "Dydd Llun 2 Mawrth 2026".
func longDateCy(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(london)
	return fmt.Sprintf("%s %d %s %d", daysCy[t.Weekday()], t.Day(), monthsCy[t.Month()-1], t.Year())
}

// kindPhraseCy is kindPhrase in Welsh, with the same care not to suggest
// that we know the person.
func kindPhraseCy(kind string) string {
	switch kind {
	case "erasure":
		return "gais i ddileu unrhyw wybodaeth bersonol a allai fod gennym amdanoch"
	case "access":
		return "gais am gopi o unrhyw wybodaeth bersonol a allai fod gennym amdanoch (cais gwrthrych am wybodaeth)"
	case "rectification":
		return "gais i gywiro gwybodaeth bersonol a allai fod gennym amdanoch"
	case "restriction":
		return "gais i gyfyngu ar y ffordd rydym yn defnyddio gwybodaeth bersonol amdanoch"
	case "objection":
		return "wrthwynebiad i'r ffordd rydym yn defnyddio gwybodaeth bersonol amdanoch"
	case "portability":
		return "gais i gael gwybodaeth bersonol amdanoch mewn ffurf y gallwch ei throsglwyddo"
	case "complaint":
		return "gŵyn am y ffordd rydym wedi trin gwybodaeth bersonol"
	default:
		return "gais diogelu data"
	}
}
