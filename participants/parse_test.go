package participants

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"example.org/intake/config"
	"example.org/intake/store"
)

var testNow = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

const header = "URN,Name,Email addresses,Phone,Programme stage,Stage date\n"

func TestParse(t *testing.T) {
	type rej struct {
		row    int
		urn    string
		reason string // a substring
	}
	tests := []struct {
		name     string
		csv      string
		accepted []store.Participant // Emails nil means "do not check"
		rejected []rej
		blank    int
		ignored  []string
	}{
		{
			name: "plain row",
			csv:  header + "ab1001,Alice Example,alice@example.org,01632 960001,no_ia,2026-01-15\n",
			accepted: []store.Participant{{URN: "AB1001", Name: "Alice Example", Phone: "01632 960001", Stage: "no_ia",
				StageDate: "2026-01-15", Emails: []string{"alice@example.org"}}},
		},
		{
			name:     "byte order mark and CRLF",
			csv:      "\ufeff" + strings.ReplaceAll(header, "\n", "\r\n") + "AB1001,Alice,alice@example.org,,did not start,\r\n",
			accepted: []store.Participant{{URN: "AB1001", Name: "Alice", Stage: "not_started", Emails: []string{"alice@example.org"}}},
		},
		{
			name: "quoted fields with commas, quotes and a line break",
			csv:  header + "AB1001,\"Example, \"\"Ally\"\" Alice\",\"alice@example.org, a2@example.org\",,\"Started the\nintervention\",\"03/02/2026\"\n",
			accepted: []store.Participant{{URN: "AB1001", Name: `Example, "Ally" Alice`, Stage: "intervention_started",
				StageDate: "2026-02-03", Emails: []string{"a2@example.org", "alice@example.org"}}},
		},
		{
			name: "several addresses separated every way, duplicates and case folded",
			csv:  header + "AB1001,A,\"Alice@Example.org;b@example.org  c@example.org,alice@example.org\",,,\n",
			accepted: []store.Participant{{URN: "AB1001", Name: "A",
				Emails: []string{"alice@example.org", "b@example.org", "c@example.org"}}},
		},
		{
			name:     "no address at all is allowed",
			csv:      header + "AB1001,A,,,,\n",
			accepted: []store.Participant{{URN: "AB1001", Name: "A", Emails: nil}},
		},
		{
			name:     "columns in another order, other headings, an extra column",
			csv:      "Stage,E-mail,URN,Notes,Telephone,Full name,Date of stage\nia_declined,x@example.org,AB1,ignored,+44 1632 960001,X Y,1/2/2026\n",
			accepted: []store.Participant{{URN: "AB1", Name: "X Y", Phone: "+44 1632 960001", Stage: "ia_declined", StageDate: "2026-02-01"}},
			ignored:  []string{"Notes"},
		},
		{
			name:     "semicolon separated file",
			csv:      "URN;Name;Email;Phone;Stage;Stage date\nAB1;X;x@example.org;;no_ia;2026-01-01\n",
			accepted: []store.Participant{{URN: "AB1", Name: "X", Stage: "no_ia", StageDate: "2026-01-01", Emails: []string{"x@example.org"}}},
		},
		{
			name:     "missing URN",
			csv:      header + ",Alice,alice@example.org,,no_ia,\n",
			rejected: []rej{{2, "", "no URN"}},
		},
		{
			name:     "URN with odd characters",
			csv:      header + "AB 1001,Alice,alice@example.org,,no_ia,\n",
			rejected: []rej{{2, "", "URN is not letters and digits"}},
		},
		{
			name:     "unknown stage",
			csv:      header + "AB1001,Alice,alice@example.org,,finished the course,\n",
			rejected: []rej{{2, "AB1001", "unknown programme stage; use one of not_started, no_ia"}},
		},
		{
			name: "bad email",
			csv: header + "AB1001,Alice,alice@example.org;alice-at-example.org,,no_ia,\n" +
				"AB1002,Bob,Bob <bob@example.org>,,no_ia,\n" +
				"AB1003,Carol,carol@localhost,,no_ia,\n",
			rejected: []rej{{2, "AB1001", "email address 2 of 2 is not a valid address"},
				{3, "AB1002", "email address"}, {4, "AB1003", "email address 1 of 1"}},
		},
		{
			name:     "bad phone",
			csv:      header + "AB1001,Alice,,call me,,\n",
			rejected: []rej{{2, "AB1001", "phone number"}},
		},
		{
			name: "bad dates",
			csv: header + "AB1001,A,,,no_ia,2026-13-01\n" + "AB1002,B,,,no_ia,31/02/2026\n" +
				"AB1003,C,,,no_ia,2026-12-01\n" + "AB1004,D,,,,2026-01-01\n" + "AB1005,E,,,no_ia,02/03/2026\n",
			accepted: []store.Participant{{URN: "AB1005", Name: "E", Stage: "no_ia", StageDate: "2026-03-02"}},
			rejected: []rej{{2, "AB1001", "not a date"}, {3, "AB1002", "not a date"}, {4, "AB1003", "in the future"},
				{5, "AB1004", "a stage date without a programme stage"}},
		},
		{
			name: "duplicate URN in one file rejects every copy",
			csv: header + "AB1001,Alice,a@example.org,,no_ia,\n" + "AB1002,Bob,,,,\n" +
				"ab1001,Alice Again,a@example.org,,intervention_started,\n",
			accepted: []store.Participant{{URN: "AB1002", Name: "Bob"}},
			rejected: []rej{{2, "AB1001", "the same URN is on row 4 too"}, {4, "AB1001", "the same URN is on row 2 too"}},
		},
		{
			name:     "short and long rows",
			csv:      header + "AB1001,Alice,a@example.org\n" + "AB1002,Bob,b@example.org,,no_ia,,extra\n",
			rejected: []rej{{2, "AB1001", "has 3 fields where the header has 6"}, {3, "AB1002", "has 7 fields"}},
		},
		{
			name:  "blank rows skipped",
			csv:   header + ",,,,,\n\n" + "AB1001,A,,,,\n" + " , ,,,,\n",
			blank: 2, accepted: []store.Participant{{URN: "AB1001", Name: "A"}},
		},
		{
			name:     "not UTF-8",
			csv:      header + "AB1001,Ren\xe9e,,,,\n",
			rejected: []rej{{2, "", "not UTF-8"}},
		},
		{
			name:     "broken quoting goes on with the next row",
			csv:      header + "AB1001,Al\"ice,,,,\n" + "AB1002,Bob,,,,\n",
			accepted: []store.Participant{{URN: "AB1002", Name: "Bob"}},
			rejected: []rej{{2, "", "not valid CSV"}},
		},
		{
			name:     "a register without the optional columns",
			csv:      "URN,Email\nAB1001,alice@example.org\n",
			accepted: []store.Participant{{URN: "AB1001", Emails: []string{"alice@example.org"}}},
		},
		{
			name:     "URN alone",
			csv:      "URN\nAB1001\n",
			accepted: []store.Participant{{URN: "AB1001"}},
		},
		{
			name: "every fault of a row is named",
			csv:  header + "AB1001,A,one-at;two-at,call me,finished the course,2026-13-01\n",
			rejected: []rej{{2, "AB1001", "email addresses 1 and 2 of 2 are not valid addresses; the phone number is not digits, spaces, + ( ) and -; " +
				"unknown programme stage; use one of not_started, no_ia, ia_declined, ia_not_started, intervention_started or its label; " +
				"the stage date is not a date YYYY-MM-DD or DD/MM/YYYY"}},
		},
		{
			name:     "a bad URN and a bad phone together",
			csv:      header + "AB 1001,A,,call me,,\n",
			rejected: []rej{{2, "", "the URN is not letters and digits (with - or /), at most 40; the phone number"}},
		},
		{
			name:     "names are tidied",
			csv:      header + "AB1001,\"  Alice   Example \",,,,\n",
			accepted: []store.Participant{{URN: "AB1001", Name: "Alice Example"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, rep, err := Parse(strings.NewReader(tt.csv), config.DefaultProgramme(), testNow)
			if err != nil {
				t.Fatalf("Parse() error %v", err)
			}
			if len(rows) != len(tt.accepted) {
				t.Fatalf("accepted %d rows, want %d; rejected %+v", len(rows), len(tt.accepted), rep.Rejected)
			}
			for i, want := range tt.accepted {
				got := rows[i].Participant
				if want.Emails == nil {
					want.Emails = got.Emails
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("row %d = %+v\nwant %+v", rows[i].Line, got, want)
				}
			}
			if len(rep.Rejected) != len(tt.rejected) {
				t.Fatalf("rejected %+v, want %d", rep.Rejected, len(tt.rejected))
			}
			for i, want := range tt.rejected {
				got := rep.Rejected[i]
				if got.Row != want.row || got.URN != want.urn || !strings.Contains(got.Reason, want.reason) {
					t.Errorf("rejection %+v, want row %d URN %q reason containing %q", got, want.row, want.urn, want.reason)
				}
			}
			if rep.Blank != tt.blank || !reflect.DeepEqual(rep.IgnoredColumns, tt.ignored) {
				t.Errorf("blank %d ignored %v", rep.Blank, rep.IgnoredColumns)
			}
			if rep.Rows != len(tt.accepted)+len(tt.rejected) && !strings.Contains(tt.name, "duplicate") {
				t.Errorf("Rows = %d", rep.Rows)
			}
		})
	}
}

func TestParseRefusesFile(t *testing.T) {
	tests := []struct{ name, csv, want string }{
		{"empty", "", "the file is empty"},
		{"no URN column", "Name,Email,Phone,Stage,Stage date\n", "no column for URN"},
		{"URN missing, the others named as optional", "Name,Phone\n", "the other columns, name, email addresses, phone, programme stage, stage date, may be left out"},
		{"column twice", "URN,Name,Email,E-mail,Phone,Stage,Date\n", "names the email addresses column twice (columns 3 and 4)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse(strings.NewReader(tt.csv), config.DefaultProgramme(), testNow)
			if err == nil || !strings.HasPrefix(err.Error(), "participants: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse() = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestReportNeverRepeatsRowContents(t *testing.T) {
	csv := header +
		"AB1001,Secret Name,secret@@example.org,,no_ia,\n" +
		"AB1002,Secret Name,secret@example.org,07700 900999x,no_ia,\n" +
		"AB1003,Secret Name,secret@example.org,,Secret Stage,\n" +
		",Secret Name,secret@example.org,,,\n"
	_, rep, err := Parse(strings.NewReader(csv), config.DefaultProgramme(), testNow)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if len(rep.Rejected) != 4 {
		t.Fatalf("rejected %+v", rep.Rejected)
	}
	for _, secret := range []string{"Secret", "secret", "07700", "example.org"} {
		if strings.Contains(b.String(), secret) {
			t.Errorf("report repeats %q:\n%s", secret, b.String())
		}
	}
}

func TestReportText(t *testing.T) {
	rep := Report{Rows: 3, Blank: 1, Created: 1, Updated: 1, IgnoredColumns: []string{"Notes"},
		Rejected: []Rejection{{Row: 3, URN: "AB1", Reason: "unknown programme stage"}, {Row: 4, Reason: "no URN"}}}
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	want := "3 rows read: 2 accepted (1 new, 1 updated), 2 rejected; 1 blank row skipped\n" +
		"columns ignored: Notes\n" +
		"row 3 (URN AB1): unknown programme stage\n" +
		"row 4: no URN\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
