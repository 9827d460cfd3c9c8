package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Programme is the provider's programme: the stages a participant can be
// at, and what an erasure request should lead to at each stage. It is
// configuration because the rule belongs to the commissioner's guidance
// (memo 27 for Reducing Parental Conflict), not to intake.
type Programme struct {
	// Stages in programme order. In the file, one [[programme.stages]]
	// table each; in the environment, INTAKE_PROGRAMME_STAGES holds the
	// same list as JSON.
	Stages Stages `toml:"stages"`
}

// Stage is one programme stage.
type Stage struct {
	// ID is short and stable: the register, the command line and the case
	// store it.
	ID string `toml:"id" json:"id"`
	// Label is the wording staff and the register's CSV use.
	Label string `toml:"label" json:"label"`
	// Outcome of an erasure request from a participant at this stage:
	// OutcomeErase or OutcomeRefuse.
	Outcome string `toml:"outcome" json:"outcome"`
	// Reason is quoted in a refusal letter; required when Outcome is refuse.
	Reason string `toml:"reason,omitempty" json:"reason,omitempty"`
}

// Outcomes of an erasure request.
const (
	OutcomeErase  = "erase"
	OutcomeRefuse = "refuse"
)

// Stages is the list of programme stages. It has its own type so that the
// file (an array of tables) and the environment (JSON) can both set it.
type Stages []Stage

// DefaultProgramme is the programme of memo 27: details are deleted for
// participants who did not get as far as the intervention, and kept for
// audit and payment once it started.
func DefaultProgramme() Programme {
	return Programme{Stages: Stages{
		{ID: "not_started", Label: "did not start", Outcome: OutcomeErase},
		{ID: "no_ia", Label: "did not attend the initial assessment", Outcome: OutcomeErase},
		{ID: "ia_declined", Label: "attended the initial assessment but decided it was not for them", Outcome: OutcomeErase},
		{ID: "ia_not_started", Label: "attended the initial assessment but did not start the intervention", Outcome: OutcomeErase},
		{ID: "intervention_started", Label: "started the intervention", Outcome: OutcomeRefuse,
			Reason: "kept for audit and payment purposes"},
	}}
}

// Stage returns the stage with id (exactly as configured).
func (p Programme) Stage(id string) (Stage, bool) {
	for _, s := range p.Stages {
		if s.ID == id {
			return s, true
		}
	}
	return Stage{}, false
}

// Find returns the stage whose id or label is s, ignoring case and
// surrounding blanks, as people type them into a spreadsheet.
func (p Programme) Find(s string) (Stage, bool) {
	s = normalStage(s)
	if s == "" {
		return Stage{}, false
	}
	for _, st := range p.Stages {
		if normalStage(st.ID) == s || normalStage(st.Label) == s {
			return st, true
		}
	}
	return Stage{}, false
}

// Recommend returns what an erasure request from a participant at stage
// stageID should lead to (OutcomeErase or OutcomeRefuse) and, for a
// refusal, the reason to quote. ok is false for an unknown stage: then
// there is no recommendation and staff must decide.
func (p Programme) Recommend(stageID string) (outcome, reason string, ok bool) {
	st, ok := p.Stage(stageID)
	if !ok {
		return "", "", false
	}
	return st.Outcome, st.Reason, true
}

// normalStage folds case and runs of blanks, so that "Did  not start " finds
// "did not start".
func normalStage(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// UnmarshalTOML reads the [[programme.stages]] array of tables, reporting a
// misspelt key inside a stage like any other unknown key.
func (s *Stages) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		return s.UnmarshalText([]byte(v))
	case []map[string]any, []any:
		// The TOML value has the shape of the JSON form; going through
		// JSON gives one decoder, one set of field names and the
		// unknown-field check for both sources.
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("programme stages: %w", err)
		}
		return s.UnmarshalText(b)
	}
	return fmt.Errorf("want [[programme.stages]] tables with id, label, outcome and reason")
}

// UnmarshalText reads the JSON form used in the environment:
// [{"id":"not_started","label":"did not start","outcome":"erase"}, ...].
func (s *Stages) UnmarshalText(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var out []Stage // not Stages, whose UnmarshalText json would call again
	if err := dec.Decode(&out); err != nil {
		// The JSON error can quote the text, which is configuration, not
		// a secret; it is kept because it says where the mistake is.
		return fmt.Errorf("want a list of stages with id, label, outcome and reason: %v", err)
	}
	*s = Stages(out)
	return nil
}

var stageIDPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

func (c *Config) validateProgramme(p *problems) {
	stages := c.Programme.Stages
	if len(stages) == 0 {
		p.addf("programme.stages", "at least one stage is required")
	}
	// ids and labels share one namespace: the register names a stage by
	// either, so one text must never mean two stages.
	seen := map[string]int{}
	for i, st := range stages {
		key := fmt.Sprintf("programme.stages[%d]", i)
		if !stageIDPattern.MatchString(st.ID) {
			p.addf(key+".id", "%q is not a short id of lower-case letters, digits and _", st.ID)
		}
		if strings.TrimSpace(st.Label) == "" {
			p.addf(key+".label", "is required")
		}
		switch st.Outcome {
		case OutcomeErase:
		case OutcomeRefuse:
			if strings.TrimSpace(st.Reason) == "" {
				p.addf(key+".reason", "is required when the outcome is refuse (it is quoted in the letter)")
			}
		default:
			p.addf(key+".outcome", "%q is not erase or refuse", st.Outcome)
		}
		for _, name := range []string{normalStage(st.ID), normalStage(st.Label)} {
			if name == "" {
				continue
			}
			if j, ok := seen[name]; ok && j != i {
				p.addf(key, "%q already names programme.stages[%d]", name, j)
				continue
			}
			seen[name] = i
		}
	}
}
