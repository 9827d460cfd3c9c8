package responder

import (
	"strings"
	"testing"
	"time"

	"example.org/intake/outbox"
)

func sampleDraft() DraftData {
	return DraftData{
		CaseRef: "INT-2026-0042", DPORef: "DPO-2026-01234", Kind: "erasure", Rights: []string{"erasure"},
		RequesterName: "Sam Sample",
		Received:      time.Date(2026, time.March, 2, 0, 0, 0, 0, london),
		Due:           time.Date(2026, time.April, 2, 0, 0, 0, 0, london),
	}
}

func TestLetterFor(t *testing.T) {
	tests := []struct {
		name, kind, outcome, want string
	}{
		{"erasure accepted", "erasure", OutcomeAccept, LetterErasureAccept},
		{"erasure refused", "erasure", OutcomeRefuse, LetterErasureRefuse},
		{"erasure undecided", "erasure", "", LetterGenericResponse},
		{"access", "access", "", LetterAccessResponse},
		{"access refused still the access letter", "access", OutcomeRefuse, LetterAccessResponse},
		{"rectification", "rectification", OutcomeAccept, LetterRectificationResponse},
		{"restriction", "restriction", "", LetterRestrictionResponse},
		{"objection", "objection", OutcomeRefuse, LetterObjectionResponse},
		{"portability", "portability", "", LetterPortabilityResponse},
		{"complaint", "complaint", "", LetterComplaintResponse},
		{"other", "other", "", LetterGenericResponse},
		{"empty", "", "", LetterGenericResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LetterFor(tt.kind, tt.outcome); got != tt.want {
				t.Errorf("LetterFor(%q, %q) = %q, want %q", tt.kind, tt.outcome, got, tt.want)
			}
		})
	}
}

// Every draft tells the requester our references and their rights: how to
// complain to us and to the ICO.
func TestEveryDraftQuotesReferencesAndRights(t *testing.T) {
	r := newResponder(t)
	rights := []string{"reply to this email, quoting INT-2026-0042", "Information Commissioner's Office (ICO)",
		"ico.org.uk", "0303 123 1113", "Example Family Support"}
	for _, letter := range DraftLetters {
		for _, outcome := range []string{OutcomeAccept, OutcomeRefuse, ""} {
			t.Run(letter+"/"+outcome, func(t *testing.T) {
				d := sampleDraft()
				d.Outcome = outcome
				got, err := r.Draft(letter, d)
				if err != nil {
					t.Fatal(err)
				}
				if want := "Your data protection request [INT-2026-0042] (DPO ref DPO-2026-01234)"; got.Subject != want {
					t.Errorf("subject = %q, want %q", got.Subject, want)
				}
				text, html := flat([]byte(got.Text)), visible([]byte(got.HTML))
				for _, w := range append(rights, "DPO-2026-01234", "Dear Sam Sample,", "Monday 2 March 2026") {
					if !strings.Contains(text, w) {
						t.Errorf("text lacks %q:\n%s", w, got.Text)
					}
					if !strings.Contains(html, w) {
						t.Errorf("html lacks %q:\n%s", w, html)
					}
				}
				if strings.Contains(got.Text, "<no value>") || strings.Contains(got.HTML, "<no value>") {
					t.Errorf("unfilled field:\n%s", got.Text)
				}
			})
		}
	}
}

func TestDraftWithoutDPORef(t *testing.T) {
	d := sampleDraft()
	d.DPORef, d.RequesterName = "", ""
	got, err := newResponder(t).Draft(LetterErasureAccept, d)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Your data protection request [INT-2026-0042]"; got.Subject != want {
		t.Errorf("subject = %q, want %q", got.Subject, want)
	}
	text := flat([]byte(got.Text))
	if !strings.Contains(text, "Our reference for your request is INT-2026-0042. Please quote it") {
		t.Errorf("reference sentence not graceful:\n%s", got.Text)
	}
	if strings.Contains(text, "DPO") || strings.Contains(text, "data protection officer's reference") {
		t.Errorf("mentions a DPO reference it does not have:\n%s", got.Text)
	}
	if !strings.HasPrefix(got.Text, "Hello,") {
		t.Errorf("greeting without a name: %q", got.Text[:20])
	}
}

func TestErasureDraftWording(t *testing.T) {
	tests := []struct {
		name     string
		letter   string
		reason   string
		stage    string
		want     []string
		dontWant []string
	}{
		{"accept", LetterErasureAccept, "", "did not attend the initial assessment",
			[]string{"we agree to it", "We will erase the personal information we hold about you",
				"our records show: did not attend the initial assessment", "copy of this letter to our data protection officer"},
			[]string{"not able to erase", StaffNote}},
		{"refuse with the default reason", LetterErasureRefuse, "", "started the intervention",
			[]string{"not able to erase", "audit and payment purposes", "our records show: started the intervention",
				"You can also ask a court to enforce your rights"},
			[]string{"we agree to it", StaffNote}},
		{"refuse with staff's reason", LetterErasureRefuse, "We must keep these records for six years by contract.", "",
			[]string{"not able to erase", "We must keep these records for six years by contract."},
			[]string{"audit and payment", "records show"}},
	}
	r := newResponder(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := sampleDraft()
			d.RefusalReason, d.StageLabel = tt.reason, tt.stage
			got, err := r.Draft(tt.letter, d)
			if err != nil {
				t.Fatal(err)
			}
			text := flat([]byte(got.Text))
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("lacks %q:\n%s", w, got.Text)
				}
			}
			for _, w := range tt.dontWant {
				if strings.Contains(text, w) {
					t.Errorf("has %q:\n%s", w, got.Text)
				}
			}
		})
	}
}

// Drafts that need staff's input say so with a [Staff: note, which Answer
// refuses to send; decided letters with a reason need none.
func TestDraftStaffNotes(t *testing.T) {
	tests := []struct {
		name, letter, outcome, reason string
		wantNote                      bool
	}{
		{"access lists the attached files", LetterAccessResponse, "", "", true},
		{"undecided rectification", LetterRectificationResponse, "", "", true},
		{"refused objection without a reason", LetterObjectionResponse, OutcomeRefuse, "", true},
		{"refused objection with a reason", LetterObjectionResponse, OutcomeRefuse, "We need it to run the service.", false},
		{"refused restriction with a reason", LetterRestrictionResponse, OutcomeRefuse, "The law requires us to keep using it.", false},
		{"generic", LetterGenericResponse, "", "", true},
	}
	r := newResponder(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := sampleDraft()
			d.Kind, d.Outcome, d.RefusalReason = "objection", tt.outcome, tt.reason
			got, err := r.Draft(tt.letter, d)
			if err != nil {
				t.Fatal(err)
			}
			if has := strings.Contains(got.Text, StaffNote); has != tt.wantNote {
				t.Errorf("staff note present = %v, want %v:\n%s", has, tt.wantNote, got.Text)
			}
			if tt.reason != "" && !strings.Contains(got.Text, tt.reason) {
				t.Errorf("reason missing:\n%s", got.Text)
			}
		})
	}
}

func TestDraftEscapesHTML(t *testing.T) {
	d := sampleDraft()
	d.RequesterName = `<script>alert("x")</script>`
	d.RefusalReason = `<b>bold</b>`
	got, err := newResponder(t).Draft(LetterErasureRefuse, d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got.HTML, "<script") || strings.Contains(got.HTML, "<b>") || !strings.Contains(got.HTML, "&lt;script&gt;") {
		t.Errorf("html not escaped:\n%s", got.HTML)
	}
	if !strings.Contains(got.Text, `Dear <script>alert("x")</script>,`) {
		t.Errorf("text altered the name:\n%s", got.Text)
	}
}

func TestDraftRejects(t *testing.T) {
	r := newResponder(t)
	tests := []struct {
		name   string
		letter string
		mutate func(*DraftData)
	}{
		{"not a draft letter", outbox.KindHoldingReply, func(*DraftData) {}},
		{"unknown letter", "erasure_maybe", func(*DraftData) {}},
		{"no case reference", LetterErasureAccept, func(d *DraftData) { d.CaseRef = "" }},
		{"case reference with a newline", LetterErasureAccept, func(d *DraftData) { d.CaseRef = "INT\nBcc: x" }},
		{"unknown outcome", LetterErasureAccept, func(d *DraftData) { d.Outcome = "maybe" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := sampleDraft()
			tt.mutate(&d)
			if _, err := r.Draft(tt.letter, d); err == nil {
				t.Error("accepted")
			}
		})
	}
}

func TestCaseLettersRender(t *testing.T) {
	if err := newResponder(t).CheckCaseLetters(); err != nil {
		t.Fatal(err)
	}
}
