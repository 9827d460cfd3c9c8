package templates

import "time"

// RequesterLetter is the data for letters sent to whoever wrote in
// (holding_reply, and later chasers). Anyone can put a participant's address
// in From, so it carries only what the requester told us or what we created:
// never a URN, a name, a programme stage or any other fact from the register.
type RequesterLetter struct {
	OrgName  string
	CaseRef  string    // our reference, e.g. INT-2026-0042
	Kind     string    // erasure, access, ...; anything else gets generic wording
	Rights   []string  // every right the message asked for, Kind included
	Received time.Time // date of receipt
	Due      time.Time // date by which we answer
	// OnBehalf: written for someone else, so evidence of authority will be
	// needed; Child: about a child, so evidence of parental
	// responsibility; KindUncertain: the letter must not name a kind.
	OnBehalf, Child, KindUncertain bool
	// Language is the request's language ("cy" for Welsh) when the letter
	// is also given in it; "" for English only.
	Language string
}

// DPOLetter is the data for letters to the Data Protection Officer and the
// enquiry inbox, who are allowed to see the case details.
type DPOLetter struct {
	OrgName        string
	CaseRef        string
	Kind           string
	Rights         []string
	URN            string // "" when not known
	RequesterName  string // "" when not given
	RequesterAddr  string
	OrigSubject    string // subject of the request email, "" when it had none
	Received       time.Time
	Due            time.Time
	ReplyToDiffers bool // the message asked for replies elsewhere than From
	Unreadable     bool // the message could not be fully parsed
	NeedsID        bool // identity evidence may have to be asked for
	// OnBehalf, Child: see RequesterLetter. KindUncertain: Rights are
	// candidates, to be confirmed. FirstAsked: the date a chaser says the
	// request was first made ("" if none). ViaForm: came through our web
	// form.
	OnBehalf, Child, KindUncertain, ViaForm bool
	FirstAsked                              string
}
