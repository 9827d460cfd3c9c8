package config

import (
	"strings"
	"testing"
	"time"
)

func TestPeriodForms(t *testing.T) {
	closed := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		text   string
		before time.Time // closed minus the period
		back   string
	}{
		{"6y", time.Date(2020, 3, 2, 10, 0, 0, 0, time.UTC), "6y"},
		{"90d", time.Date(2025, 12, 2, 10, 0, 0, 0, time.UTC), "90d"},
		{"720h", closed.Add(-720 * time.Hour), "720h0m0s"},
	} {
		var p Period
		if err := p.UnmarshalText([]byte(tc.text)); err != nil {
			t.Fatalf("%s: %v", tc.text, err)
		}
		if got := p.Before(closed); !got.Equal(tc.before) {
			t.Errorf("%s before %s = %s, want %s", tc.text, closed, got, tc.before)
		}
		if p.String() != tc.back {
			t.Errorf("%s written back as %s", tc.text, p)
		}
	}
	for _, bad := range []string{"six years", "6 y", "6w", "-6y", "", "y"} {
		var p Period
		if err := p.UnmarshalText([]byte(bad)); err == nil {
			t.Errorf("%q parsed as %+v", bad, p)
		}
	}
}

// TestClosedCasesRetention: the key has a default of six years, can be set
// in the file and the environment, and every fault names it.
func TestClosedCasesRetention(t *testing.T) {
	c := mustLoad(t, "testdata/minimal.toml")
	if c.Retention.ClosedCases != (Period{Years: 6}) {
		t.Errorf("default closed_cases %+v, want 6 years", c.Retention.ClosedCases)
	}
	c = mustLoad(t, withSection(t, "retention", "closed_cases = \"7y\"\n"))
	if c.Retention.ClosedCases != (Period{Years: 7}) {
		t.Errorf("closed_cases from the file %+v", c.Retention.ClosedCases)
	}
	c = mustLoad(t, "testdata/minimal.toml", "INTAKE_RETENTION_CLOSED_CASES=2190d")
	if c.Retention.ClosedCases != (Period{Days: 2190}) {
		t.Errorf("closed_cases from the environment %+v", c.Retention.ClosedCases)
	}
	_, err := Load("testdata/minimal.toml", []string{"INTAKE_RETENTION_CLOSED_CASES=six years"})
	if got := problemsOf(t, err); len(got) != 1 || !strings.HasPrefix(got[0], "retention.closed_cases (from INTAKE_RETENTION_CLOSED_CASES): \"six years\" is not a period") {
		t.Errorf("problems %q", got)
	}
	_, err = Load(withSection(t, "retention", "closed_cases = \"six years\"\n"), nil)
	if err == nil || !strings.Contains(err.Error(), "closed_cases") {
		t.Errorf("a bad period in the file: %v, want the key named", err)
	}
	for _, bad := range []string{"0d", "0s", "200y"} {
		_, err := Load("testdata/minimal.toml", []string{"INTAKE_RETENTION_CLOSED_CASES=" + bad})
		if got := problemsOf(t, err); len(got) != 1 || !strings.HasPrefix(got[0], "retention.closed_cases: ") {
			t.Errorf("%s: problems %q", bad, got)
		}
	}
}
