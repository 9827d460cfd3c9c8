package templates

import "time"

// DecisionLetter is the data for the drafts of a final answer
// (erasure_accept, erasure_refuse, access_response, rectification_response,
// restriction_response, objection_response, portability_response,
// complaint_response, generic_response). A draft is only a starting point:
// staff edit its text and a named person approves it before it is sent, so
// it may address the requester by name and mention their programme stage.
// Text in square brackets starting "[Staff:" marks something staff must
// fill in or delete before the letter can go.
type DecisionLetter struct {
	OrgName string
	CaseRef string // our reference, e.g. INT-2026-0042
	DPORef  string // the DPO team's reference; "" when not (yet) known
	Kind    string
	Rights  []string
	// RequesterName is how to greet the requester; "" greets no one by name.
	RequesterName string
	Received      time.Time
	Due           time.Time
	// Outcome is "accept", "refuse" or "" (not decided yet: the draft
	// leaves a place for staff to say what was decided).
	Outcome string
	// RefusalReason explains a refusal in the requester's terms; "" uses
	// the letter's default (for erasure: kept for audit and payment).
	RefusalReason string
	// StageLabel is the participant's programme stage as staff recorded
	// it, e.g. "did not attend the initial assessment"; "" when not set.
	StageLabel string
}

// RequesterRequestLetter is the data for what intake asks of a requester
// after a staff action (id_request, clarification_request,
// extension_notice, id_verified). Like RequesterLetter it goes to whoever wrote in, who
// may not be the person they claim to be, so it carries no URN, name or
// fact from the register (DESIGN.md invariant 8); Question and Reasons are
// typed by staff for this requester.
type RequesterRequestLetter struct {
	OrgName  string
	CaseRef  string
	Kind     string
	Rights   []string
	Received time.Time
	Question string    // clarification_request: what staff need to know
	Reasons  string    // extension_notice: why more time is needed
	NewDue   time.Time // extension_notice: the extended due date; id_verified: the due date
	Start    time.Time // id_verified: the day the evidence arrived, when the clock started
}

// AnswerReportLetter is the data for answer_report: the cover note that
// passes the answer we sent to the DPO team, with the answer attached.
type AnswerReportLetter struct {
	OrgName    string
	CaseRef    string
	DPORef     string // "" when staff sent the answer without one (their reason is on the case)
	Kind       string
	Outcome    string // "accept", "refuse" or ""
	ApprovedBy string // the member of staff who approved the answer
	SentAt     time.Time
}
