package participants

import (
	"os"
	"strings"
	"testing"

	"example.org/intake/config"
)

// FuzzParse checks that any file either is refused whole or yields rows
// that are each accepted or rejected, never both, and that accepted rows
// are what the store needs.
func FuzzParse(f *testing.F) {
	if b, err := os.ReadFile("testdata/register.csv"); err == nil {
		f.Add(string(b))
	}
	f.Add(header + "AB1,\"x\"\"y\",a@example.org;b@example.org,+44 1,no_ia,1/2/2026\n")
	f.Add("URN;Name;Email;Phone;Stage;Date\nAB1;X;;;;\n")
	f.Add(header + "AB1,\"unterminated\n")
	prog := config.DefaultProgramme()
	f.Fuzz(func(t *testing.T, csv string) {
		rows, rep, err := Parse(strings.NewReader(csv), prog, testNow)
		if err != nil {
			if len(rows) != 0 {
				t.Fatal("rows returned with an error")
			}
			return
		}
		seen := map[int]bool{}
		for _, r := range rows {
			p := r.Participant
			if p.URN == "" || seen[r.Line] {
				t.Fatalf("bad accepted row %+v", r)
			}
			seen[r.Line] = true
			if p.Stage != "" {
				if _, ok := prog.Stage(p.Stage); !ok {
					t.Fatalf("accepted unknown stage %q", p.Stage)
				}
			}
			for _, e := range p.Emails {
				if e != strings.ToLower(e) || !strings.Contains(e, "@") {
					t.Fatalf("accepted address %q", e)
				}
			}
		}
		for _, rej := range rep.Rejected {
			if seen[rej.Row] || rej.Reason == "" {
				t.Fatalf("row %d both accepted and rejected, or no reason: %+v", rej.Row, rej)
			}
		}
	})
}
