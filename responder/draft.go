package responder

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"example.org/intake/outbox"
	"example.org/intake/templates"
)

// Draft letters: the first version of a final answer, which staff edit and
// approve before Answer sends it.
const (
	LetterErasureAccept         = "erasure_accept"
	LetterErasureRefuse         = "erasure_refuse"
	LetterAccessResponse        = "access_response"
	LetterRectificationResponse = "rectification_response"
	LetterRestrictionResponse   = "restriction_response"
	LetterObjectionResponse     = "objection_response"
	LetterPortabilityResponse   = "portability_response"
	LetterComplaintResponse     = "complaint_response"
	LetterGenericResponse       = "generic_response"
)

// Outcomes of a decision, as DraftData.Outcome and Report.Outcome carry them.
const (
	OutcomeAccept = "accept"
	OutcomeRefuse = "refuse"
)

// StaffNote starts every place in a draft that staff must fill in or
// delete; Answer refuses a text that still contains one.
const StaffNote = "[Staff:"

// DraftLetters lists every draft letter, for the staff pages and checks.
var DraftLetters = []string{
	LetterErasureAccept, LetterErasureRefuse, LetterAccessResponse, LetterRectificationResponse,
	LetterRestrictionResponse, LetterObjectionResponse, LetterPortabilityResponse,
	LetterComplaintResponse, LetterGenericResponse,
}

// DraftData is what the case knows when a draft answer is made. OrgName,
// when "", is the responder's organisation.
type DraftData struct {
	OrgName       string
	CaseRef       string
	DPORef        string // "" when the DPO team has not given one
	Kind          string
	Rights        []string
	RequesterName string // "" greets no one by name
	Received      time.Time
	Due           time.Time
	Outcome       string // OutcomeAccept, OutcomeRefuse or "" (undecided)
	RefusalReason string // "" uses the letter's default wording
	StageLabel    string // the programme stage staff recorded, "" when not set
}

// LetterFor names the draft letter for a request kind and outcome. An
// erasure without a decision gets the generic letter, since accepting and
// refusing are different letters; unknown kinds get it too.
func LetterFor(kind, outcome string) string {
	switch kind {
	case "erasure":
		switch outcome {
		case OutcomeAccept:
			return LetterErasureAccept
		case OutcomeRefuse:
			return LetterErasureRefuse
		}
		return LetterGenericResponse
	case "access", "rectification", "restriction", "objection", "portability", "complaint":
		return kind + "_response"
	}
	return LetterGenericResponse
}

// Draft renders a draft answer. Staff edit the Text (and may keep the
// Subject); Answer sends what they approved.
func (r *Responder) Draft(letter string, d DraftData) (templates.Rendered, error) {
	if !slices.Contains(DraftLetters, letter) {
		return templates.Rendered{}, fmt.Errorf("responder: %q is not a draft letter", letter)
	}
	if !validCaseRef(d.CaseRef) {
		return templates.Rendered{}, errors.New("responder: case reference is empty or has spaces")
	}
	if d.Outcome != "" && d.Outcome != OutcomeAccept && d.Outcome != OutcomeRefuse {
		return templates.Rendered{}, fmt.Errorf("responder: outcome %q is not accept, refuse or empty", d.Outcome)
	}
	if d.OrgName == "" {
		d.OrgName = r.orgName
	}
	out, err := r.templates.Render(letter, templates.DecisionLetter{
		OrgName: d.OrgName, CaseRef: d.CaseRef, DPORef: d.DPORef, Kind: d.Kind, Rights: d.Rights,
		RequesterName: d.RequesterName, Received: d.Received, Due: d.Due, Outcome: d.Outcome,
		RefusalReason: d.RefusalReason, StageLabel: d.StageLabel,
	})
	if err != nil {
		return templates.Rendered{}, fmt.Errorf("responder: %w", err)
	}
	return out, nil
}

// CheckCaseLetters renders every letter of the later case (drafts,
// requests to the requester, the answer report) with sample data, so that a
// broken override shows at start-up rather than when staff need it.
func (r *Responder) CheckCaseLetters() error {
	day := time.Date(2000, 1, 3, 0, 0, 0, 0, time.UTC)
	var errs []error
	for _, name := range DraftLetters {
		for _, outcome := range []string{OutcomeAccept, OutcomeRefuse, ""} {
			for _, dpoRef := range []string{"DPO-1", ""} {
				_, err := r.Draft(name, DraftData{CaseRef: "INT-2000-0001", DPORef: dpoRef, Kind: "access",
					Rights: []string{"access"}, RequesterName: "Sample", Received: day, Due: day,
					Outcome: outcome, RefusalReason: "Sample.", StageLabel: "sample"})
				errs = append(errs, err)
			}
		}
	}
	for _, name := range []string{outbox.KindIDRequest, outbox.KindClarificationRequest, outbox.KindExtensionNotice, outbox.KindIDVerified} {
		_, err := r.templates.Render(name, templates.RequesterRequestLetter{OrgName: r.orgName, CaseRef: "INT-2000-0001",
			Kind: "access", Rights: []string{"access"}, Received: day, Question: "Sample?", Reasons: "Sample.", NewDue: day, Start: day})
		errs = append(errs, err)
	}
	for _, dpoRef := range []string{"DPO-1", ""} {
		_, err := r.templates.Render(outbox.KindAnswerReport, templates.AnswerReportLetter{OrgName: r.orgName, CaseRef: "INT-2000-0001",
			DPORef: dpoRef, Kind: "erasure", Outcome: OutcomeAccept, ApprovedBy: "Sample", SentAt: day})
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("responder: case letters do not render: %w", err)
	}
	return nil
}

func validCaseRef(ref string) bool {
	return ref != "" && !strings.ContainsFunc(ref, isSpaceOrControl)
}
