package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParticipantsCommands(t *testing.T) {
	eachTestDB(t, func(t *testing.T, dbURL string) {
		cfg, _ := caseWorld(t, dbURL)
		csv := filepath.Join(t.TempDir(), "register.csv")
		os.WriteFile(csv, []byte("\ufeffURN,Name,Email,Phone,Stage,Stage date\r\n"+
			"AB1001,Alice Example,alice@example.org,,did not start,01/02/2026\r\n"+
			"AB1002,Bob Sample,bob@example.org,,graduated,\r\n"), 0o600)

		// The file before the flags, as people type it.
		out, err := runIntake(t, "participants", "import", csv, "--config", cfg)
		if exitCode(err) != 1 || !strings.Contains(err.Error(), "1 of 2 rows rejected") {
			t.Errorf("import with a bad row = %v", err)
		}
		want := "2 rows read: 1 accepted (1 new, 0 updated), 1 rejected\nrow 3 (URN AB1002): unknown programme stage"
		if !strings.HasPrefix(out, want) {
			t.Errorf("report:\n%s\nwant:\n%s", out, want)
		}

		out, err = runIntake(t, "participants", "import", "--json", "--config", cfg, csv)
		var rep struct {
			Rows, Created, Updated int
			Rejected               []struct {
				Row         int
				URN, Reason string
			}
		}
		if json.Unmarshal([]byte(out), &rep) != nil || rep.Updated != 1 || len(rep.Rejected) != 1 || rep.Rejected[0].Row != 3 {
			t.Errorf("import --json = %q, %v", out, err)
		}

		out, err = runIntake(t, "participants", "search", "alice", "--json", "--config", cfg)
		var p participantLine
		if err != nil || json.Unmarshal([]byte(out), &p) != nil || p.URN != "AB1001" || p.Stage != "not_started" ||
			p.StageDate != "2026-02-01" || len(p.Emails) != 1 {
			t.Errorf("search --json = %q, %v", out, err)
		}
		if out, err := runIntake(t, "participants", "search", "--config", cfg); err != nil || !strings.Contains(out, "AB1001  not_started  2026-02-01") {
			t.Errorf("search = %q, %v", out, err)
		}

		if _, err := runIntake(t, "participants", "import", "--config", cfg); exitCode(err) != 2 {
			t.Errorf("import without a file = %v", err)
		}
		if _, err := runIntake(t, "participants", "import", filepath.Join(t.TempDir(), "missing.csv"), "--config", cfg); exitCode(err) != 1 {
			t.Errorf("import of a missing file = %v", err)
		}
		if _, err := runIntake(t, "participants", "export"); exitCode(err) != 2 {
			t.Errorf("unknown subcommand = %v", err)
		}
	})
}
