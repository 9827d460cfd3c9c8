package templates

import (
	"strings"
	"testing"
	"time"
)

// caseSamples holds data for every letter of the later case, with and
// without the optional parts.
func caseSamples() map[string][]any {
	received := time.Date(2026, time.March, 2, 0, 0, 0, 0, london2026)
	due := time.Date(2026, time.April, 2, 0, 0, 0, 0, london2026)
	decision := func(outcome, dpoRef, name string) DecisionLetter {
		return DecisionLetter{OrgName: "Example Family Support", CaseRef: "INT-2026-0042", DPORef: dpoRef, Kind: "erasure",
			Rights: []string{"erasure"}, RequesterName: name, Received: received, Due: due, Outcome: outcome}
	}
	drafts := []any{decision("accept", "DPO-2026-01234", "Alex Example"), decision("refuse", "", ""), decision("", "DPO-2026-01234", "")}
	request := RequesterRequestLetter{OrgName: "Example Family Support", CaseRef: "INT-2026-0042", Kind: "access",
		Rights: []string{"access"}, Received: received, Question: "Which years?", Reasons: "Four sites.", NewDue: due.AddDate(0, 2, 0),
		Start: received.AddDate(0, 0, 3)}
	report := func(dpoRef, outcome string) AnswerReportLetter {
		return AnswerReportLetter{OrgName: "Example Family Support", CaseRef: "INT-2026-0042", DPORef: dpoRef, Kind: "erasure",
			Outcome: outcome, ApprovedBy: "Jo Staff", SentAt: due}
	}
	out := map[string][]any{
		"id_request": {request}, "clarification_request": {request}, "extension_notice": {request}, "id_verified": {request},
		"answer_report": {report("DPO-2026-01234", "refuse"), report("", "")},
	}
	for _, name := range []string{"erasure_accept", "erasure_refuse", "access_response", "rectification_response",
		"restriction_response", "objection_response", "portability_response", "complaint_response", "generic_response"} {
		out[name] = drafts
	}
	return out
}

func TestCaseLettersRender(t *testing.T) {
	s := mustLoad(t, "")
	for name, list := range caseSamples() {
		for i, d := range list {
			r, err := s.Render(name, d)
			if err != nil {
				t.Fatalf("%s sample %d: %v", name, i, err)
			}
			for part, text := range map[string]string{"subject": r.Subject, "text": r.Text, "html": r.HTML} {
				if !strings.Contains(text, "[INT-2026-0042]") && part == "subject" || !strings.Contains(text, "INT-2026-0042") {
					t.Errorf("%s sample %d: %s does not quote the case reference:\n%s", name, i, part, text)
				}
				if strings.Contains(text, "<no value>") {
					t.Errorf("%s sample %d: %s has an unfilled field", name, i, part)
				}
			}
			if !strings.Contains(r.HTML, `<html lang="en-GB">`) {
				t.Errorf("%s: html part does not declare its language", name)
			}
			if !strings.HasSuffix(strings.TrimSpace(r.Text), "Example Family Support") {
				t.Errorf("%s: not signed by the organisation", name)
			}
		}
	}
}

// Letters to the DPO team and final answers quote the DPO reference when
// there is one; requests to the requester never do.
func TestCaseLettersDPOReference(t *testing.T) {
	s := mustLoad(t, "")
	for name, list := range caseSamples() {
		for i, d := range list {
			r, err := s.Render(name, d)
			if err != nil {
				t.Fatal(err)
			}
			var ref string
			switch d := d.(type) {
			case DecisionLetter:
				ref = d.DPORef
			case AnswerReportLetter:
				ref = d.DPORef
			}
			for part, text := range map[string]string{"subject": r.Subject, "text": r.Text} {
				if has := strings.Contains(text, "DPO-2026-01234"); has != (ref != "") {
					t.Errorf("%s sample %d: %s quotes the DPO reference = %v, want %v", name, i, part, has, ref != "")
				}
			}
		}
	}
}
