package config

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestDefaultProgrammeFollowsMemo27(t *testing.T) {
	prog := Default().Programme
	tests := []struct {
		id, outcome, reason string
	}{
		{"not_started", OutcomeErase, ""},
		{"no_ia", OutcomeErase, ""},
		{"ia_declined", OutcomeErase, ""},
		{"ia_not_started", OutcomeErase, ""},
		{"intervention_started", OutcomeRefuse, "kept for audit and payment purposes"},
	}
	if len(prog.Stages) != len(tests) {
		t.Fatalf("%d default stages, want %d", len(prog.Stages), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			outcome, reason, ok := prog.Recommend(tt.id)
			if !ok || outcome != tt.outcome || reason != tt.reason {
				t.Errorf("Recommend(%q) = %q, %q, %v", tt.id, outcome, reason, ok)
			}
		})
	}
	if _, _, ok := prog.Recommend("Not_Started"); ok {
		t.Error("Recommend takes ids exactly as configured")
	}
	if _, _, ok := prog.Recommend(""); ok {
		t.Error("Recommend(\"\") found a stage")
	}
	var p problems
	Default().validateProgramme(&p)
	if len(p) > 0 {
		t.Errorf("default programme invalid: %v", p)
	}
}

func TestProgrammeFind(t *testing.T) {
	prog := DefaultProgramme()
	tests := []struct {
		name, in, want string
	}{
		{"id", "no_ia", "no_ia"},
		{"id in capitals", " NO_IA ", "no_ia"},
		{"label", "did not start", "not_started"},
		{"label with odd case and blanks", "Attended the initial  assessment but DECIDED it was not for them ", "ia_declined"},
		{"unknown", "finished the programme", ""},
		{"empty", "  ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, ok := prog.Find(tt.in)
			if ok != (tt.want != "") || st.ID != tt.want {
				t.Errorf("Find(%q) = %q, %v; want %q", tt.in, st.ID, ok, tt.want)
			}
		})
	}
}

func TestProgrammeFromFileReplacesDefault(t *testing.T) {
	data := []byte(`
[[programme.stages]]
id = "referred"
label = "Referred"
outcome = "erase"

[[programme.stages]]
id = "completed"
label = "Completed the course"
outcome = "refuse"
reason = "kept for seven years under the funding agreement"
`)
	c := Default()
	if unknown, err := decode(data, c); err != nil || len(unknown) > 0 {
		t.Fatalf("decode = %v, %v", unknown, err)
	}
	want := Stages{
		{ID: "referred", Label: "Referred", Outcome: OutcomeErase},
		{ID: "completed", Label: "Completed the course", Outcome: OutcomeRefuse, Reason: "kept for seven years under the funding agreement"},
	}
	if !reflect.DeepEqual(c.Programme.Stages, want) {
		t.Errorf("stages = %+v", c.Programme.Stages)
	}

	// What intake check prints must load back the same.
	var buf bytes.Buffer
	if err := c.WriteTOML(&buf); err != nil {
		t.Fatal(err)
	}
	back := Default()
	if unknown, err := decode(buf.Bytes(), back); err != nil || len(unknown) > 0 {
		t.Fatalf("decode written TOML = %v, %v\n%s", unknown, err, buf.String())
	}
	if !reflect.DeepEqual(back.Programme.Stages, want) {
		t.Errorf("round trip: %+v", back.Programme.Stages)
	}
}

func TestProgrammeFileMistakes(t *testing.T) {
	_, err := decode([]byte("[[programme.stages]]\nid = \"a\"\nlable = \"A\"\noutcome = \"erase\"\n"), Default())
	if err == nil || !strings.Contains(err.Error(), "lable") {
		t.Errorf("misspelt key in a stage: %v", err)
	}
	_, err = decode([]byte("[programme]\nstages = 3\n"), Default())
	if err == nil || !strings.Contains(err.Error(), "programme.stages") {
		t.Errorf("stages = 3: %v", err)
	}
}

func TestProgrammeFromEnvironment(t *testing.T) {
	c := Default()
	problems := applyEnv(c, []string{`INTAKE_PROGRAMME_STAGES=[{"id":"x","label":"X","outcome":"refuse","reason":"r"}]`})
	if len(problems) > 0 || len(c.Programme.Stages) != 1 || c.Programme.Stages[0].Reason != "r" {
		t.Errorf("env: %v %+v", problems, c.Programme)
	}
	problems = applyEnv(c, []string{`INTAKE_PROGRAMME_STAGES=not_started,no_ia`})
	if len(problems) != 1 || !strings.HasPrefix(problems[0], "programme.stages (from INTAKE_PROGRAMME_STAGES)") {
		t.Errorf("bad env: %v", problems)
	}
}

func TestProgrammeValidation(t *testing.T) {
	tests := []struct {
		name   string
		stages Stages
		want   []string
	}{
		{"no stages", Stages{}, []string{"programme.stages: at least one stage"}},
		{"bad id", Stages{{ID: "Did Not Start", Label: "x", Outcome: "erase"}}, []string{"programme.stages[0].id: "}},
		{"no label", Stages{{ID: "a", Label: " ", Outcome: "erase"}}, []string{"programme.stages[0].label: is required"}},
		{"bad outcome", Stages{{ID: "a", Label: "A", Outcome: "delete"}}, []string{`programme.stages[0].outcome: "delete"`}},
		{"refuse without reason", Stages{{ID: "a", Label: "A", Outcome: "refuse"}}, []string{"programme.stages[0].reason: is required"}},
		{"duplicate id", Stages{{ID: "a", Label: "A1", Outcome: "erase"}, {ID: "a", Label: "A2", Outcome: "erase"}},
			[]string{`programme.stages[1]: "a" already names programme.stages[0]`}},
		{"label equals another id", Stages{{ID: "a", Label: "First", Outcome: "erase"}, {ID: "b", Label: "A", Outcome: "erase"}},
			[]string{`programme.stages[1]: "a" already names programme.stages[0]`}},
		{"own label equal to own id is fine", Stages{{ID: "referred", Label: "Referred", Outcome: "erase"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			c.Programme.Stages = tt.stages
			var p problems
			c.validateProgramme(&p)
			if len(p) != len(tt.want) {
				t.Fatalf("problems = %q, want %d", p, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(p[i], w) {
					t.Errorf("problem %q does not start with %q", p[i], w)
				}
			}
		})
	}
}
