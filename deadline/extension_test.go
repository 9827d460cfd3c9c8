package deadline

import (
	"strings"
	"testing"
)

func TestExtensionAllowed(t *testing.T) {
	d := func(s string) Date { return mustDate(t, s) }
	base := Input{Start: d("2026-03-02")} // first month ends 2026-04-02
	withPause := Input{Start: d("2026-03-02"), Pauses: []Pause{{From: d("2026-03-05"), To: d("2026-03-12")}}}
	openPause := Input{Start: d("2026-03-02"), Pauses: []Pause{{From: d("2026-03-30")}}}
	const reason = "complex: records held in three systems"
	tests := []struct {
		name    string
		kind    string
		reason  string
		in      Input
		today   string
		wantErr string // "" means allowed
	}{
		{"access within the month", "access", reason, base, "2026-03-20", ""},
		{"erasure can be extended too (Art 12(3))", "erasure", reason, base, "2026-03-20", ""},
		{"rectification", "rectification", reason, base, "2026-03-20", ""},
		{"portability, kind in capitals", " Portability ", reason, base, "2026-03-20", ""},
		{"last day of the month", "access", reason, base, "2026-04-02", ""},
		{"day after the month", "access", reason, base, "2026-04-03", "too late to extend"},
		{"paused days lengthen the month", "access", reason, withPause, "2026-04-10", ""},
		{"and still end it", "access", reason, withPause, "2026-04-11", "too late to extend"},
		{"open pause counts up to today", "access", reason, openPause, "2026-04-20", ""},
		{"open pause not begun yet", "access", reason, Input{Start: d("2026-03-02"), Pauses: []Pause{{From: d("2026-03-25")}}}, "2026-03-20", ""},
		{"complaint", "complaint", reason, base, "2026-03-20", "complaint acknowledgement cannot be extended"},
		{"complaint rule", "access", reason, Input{Start: d("2026-03-02"), Rule: RuleComplaint}, "2026-03-20", "complaint acknowledgement cannot be extended"},
		{"not a request", "other", reason, base, "2026-03-20", "cannot be extended"},
		{"auto reply", "auto_reply", reason, base, "2026-03-20", "cannot be extended"},
		{"no reason", "access", "  ", base, "2026-03-20", "needs a recorded reason"},
		{"already extended", "access", reason, Input{Start: d("2026-03-02"), Extended: true}, "2026-03-20", "already extended"},
		{"bad input", "access", reason, Input{Start: d("2026-03-02"), Calendar: "mars"}, "2026-03-20", "unknown calendar"},
		{"no today", "access", reason, base, "", "today's date is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var today Date
			if tt.today != "" {
				today = d(tt.today)
			}
			err := ExtensionAllowed(tt.kind, tt.reason, tt.in, today)
			if tt.wantErr == "" {
				if err != nil {
					t.Errorf("want allowed, got %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}
